import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createQueryClient } from './app/App';
import { applyBoot, prefetchRememberedDay, readBoot } from './app/boot';
import { initI18n } from './app/i18n';
import { registerServiceWorker } from './app/offline/registerServiceWorker';
import { Layout } from './app/router';
import { MyDayPage } from './app/routes';
import { fetchMe, meKey } from './app/session';
import { prefetchDirectorDashboard } from './features/home/dashboard.preload';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

/** The app's stylesheet, loaded without blocking the first paint (vite.config.ts), switched on. */
const stylesheetReady = (): Promise<void> => {
  const link = document.querySelector<HTMLLinkElement>('link[data-app-css]');
  if (!link) return Promise.resolve();
  const loaded = link.sheet
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        link.addEventListener('load', () => resolve(), { once: true });
        link.addEventListener('error', () => resolve(), { once: true });
      });
  link.media = 'all';
  return loaded;
};

// A signed-in peer's page came with their day (src/web/first-view.ts): the app starts from the
// same data and with the day's chunks loaded, so its first render replaces the server's view with
// the same page, never with a loader (issue 17: slow connections). A peer's home is their day.
const queryClient = createQueryClient();
const boot = readBoot();
if (boot) {
  applyBoot(boot, queryClient);
  if (window.location.pathname === '/') window.history.replaceState(window.history.state, '', '/caseload');
}
const peerDay = Boolean(boot) || prefetchRememberedDay(queryClient, window.location.pathname);
const pageChunks = peerDay ? Promise.all([Layout.preload(), MyDayPage.preload()]).catch(() => undefined) : null;
// Anyone else opening the home page: `/me` is asked for beside the language's texts, not after
// them, and a supervisor's or admin's dashboard (charts and figures) starts the moment the role
// is known (issue 20: the first chart on a slow phone).
if (!peerDay && window.location.pathname === '/') {
  void queryClient
    .fetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 })
    .then((me) => {
      if (me && (me.role === 'supervisor' || me.role === 'admin') && window.location.pathname === '/') prefetchDirectorDashboard(queryClient);
    })
    .catch(() => undefined);
}

// The current language's texts and the stylesheet arrive first, then the first render.
void Promise.all([initI18n(), stylesheetReady(), pageChunks]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <App queryClient={queryClient} />
    </StrictMode>,
  ),
);

registerServiceWorker();
