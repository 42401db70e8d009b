import type { QueryClient } from '@tanstack/react-query';
import type { MyDay } from '../features/caseload/caseload.api';
import { api, setCsrfToken } from './api';
import { recallUser, rememberUser } from './offline/lastUser';
import { fetchMe, meKey, type Me } from './session';

/**
 * What the server sent with a signed-in peer's page (src/web/first-view.ts): `/me` and `/my-day`
 * as the API answers them, in a JSON data block (never run as a script). The app starts from them
 * instead of asking again, so its first render is the day already on screen.
 */
export interface Boot {
  me: Me;
  myDay: MyDay;
}

/** Same key as `caseloadKeys.myDay` (caseload.api.ts), spelled here to keep that module out of the entry chunk. */
const MY_DAY_KEY = ['caseload', 'my-day'] as const;

export function readBoot(doc: Document = document): Boot | null {
  const text = doc.getElementById('pb-boot')?.textContent;
  if (!text) return null;
  try {
    const boot = JSON.parse(text) as Boot;
    return boot?.me?.id && boot.myDay ? boot : null;
  } catch {
    return null;
  }
}

/** Seeds the query cache as `fetchMe` and the day's query would have. */
export function applyBoot(boot: Boot, client: QueryClient): void {
  setCsrfToken(boot.me.csrfToken);
  rememberUser(boot.me);
  client.setQueryData(meKey, boot.me);
  client.setQueryData(MY_DAY_KEY, boot.myDay);
}

/**
 * A repeat visit: the service worker serves the plain shell and the scripts from this phone, so
 * only the API crosses the network. For the peer last signed in here, opening their day, `/me`
 * and `/my-day` are asked for at once, side by side, instead of one after the other behind the
 * layout's and the page's chunks. True when it did (the caller then loads the day's chunks too).
 * The server still decides: a session that ended answers 401 and the app shows sign-in.
 */
export function prefetchRememberedDay(client: QueryClient, path: string): boolean {
  if (path !== '/' && path !== '/caseload') return false;
  if (recallUser()?.role !== 'peer') return false;
  void client.prefetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });
  void client.prefetchQuery({ queryKey: MY_DAY_KEY, queryFn: () => api<MyDay>('/my-day') });
  return true;
}
