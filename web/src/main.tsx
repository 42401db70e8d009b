import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './app/i18n';
import { registerServiceWorker } from './app/offline/registerServiceWorker';

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

// The current language's texts and the stylesheet arrive first, then the first render.
void Promise.all([initI18n(), stylesheetReady()]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

registerServiceWorker();
