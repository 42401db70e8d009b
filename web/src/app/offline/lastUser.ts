import type { Me } from '../session';

/**
 * Who was signed in on this browser, so a reload without signal still opens their app and their
 * drafts (issue 17) instead of the sign-in page, which cannot work offline anyway. Only the staff
 * member's own account (no participant data), removed on sign-out and whenever the server says the
 * session is over (401). The CSRF token is kept with it so a draft typed offline is sent as soon
 * as the signal is back, before `/me` answers again; it is no more exposed here than in memory to
 * a script of this origin, and worthless without the session cookie.
 */
const KEY = 'peerbridge.lastUser';

const storage = (): Storage | null => {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
};

export function rememberUser(me: Me): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(me));
  } catch {
    // Storage full or blocked: offline reloads show sign-in, nothing else changes.
  }
}

export function recallUser(): Me | null {
  try {
    const raw = storage()?.getItem(KEY);
    if (!raw) return null;
    const me = JSON.parse(raw) as Me;
    return typeof me.id === 'string' && typeof me.role === 'string' && me.organization ? me : null;
  } catch {
    return null;
  }
}

export function forgetUser(): void {
  try {
    storage()?.removeItem(KEY);
  } catch {
    // Nothing to do.
  }
}
