import type { Role } from '../../core/actor.ts';

/**
 * Pure identity rules: what each role may do, password policy, lockout, session lifetime.
 */

/** NIST SP 800-63B 5.1.1: at least 8 characters; health data earns a longer minimum. No
 * composition rules (they make passwords weaker), but a short list of obviously guessable ones. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
const GUESSABLE = ['password', 'peerbridge', '123456', 'qwerty', 'letmein', 'welcome'];

export const passwordProblem = (password: string, email?: string): string | null => {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  if (new Set(lower).size < 4) return 'Use more different characters.';
  if (GUESSABLE.some((g) => lower.includes(g) && lower.length - g.length < 6)) return 'This password is too easy to guess.';
  if (email && lower.includes(email.split('@')[0]!.toLowerCase())) return 'Do not use your email address in your password.';
  return null;
};

/**
 * Sign-in throttling (issue 18; OWASP authentication cheat sheet, "account lockout"). Failures
 * are counted per (email, address) pair, per address and per email, for unknown emails exactly
 * as for known ones, so the answer never tells whether an account exists. Nothing locks an
 * account: the right password from an address that has not been failing always gets in.
 *
 * - pair: after PAIR_FREE failures of one email from one address, that pair waits 1 s, 2 s,
 *   4 s ... up to 15 minutes between attempts (what slows a guesser at one address);
 * - address: after ADDRESS_FREE failures from one address across emails (spraying), it waits the
 *   same way (the HTTP rate limit caps its requests per minute besides);
 * - email: after EMAIL_FREE failures of one email from anywhere (a distributed guesser), an
 *   address that has itself failed on that email waits too, but at most EMAIL_MAX_MS: this
 *   limit only delays, so someone else's failures never keep the owner out for long, and an
 *   address with no failure on the email (the owner's, usually) is not held at all.
 * Counters older than WINDOW_MS start again.
 */
export const THROTTLE = {
  PAIR_FREE: 3,
  ADDRESS_FREE: 30,
  EMAIL_FREE: 10,
  BASE_MS: 1000,
  PAIR_MAX_MS: 15 * 60_000,
  ADDRESS_MAX_MS: 15 * 60_000,
  EMAIL_MAX_MS: 60_000,
  WINDOW_MS: 60 * 60_000,
} as const;

export interface FailureCount {
  failures: number;
  lastFailureAt: Date | null;
}

const backoffMs = (c: FailureCount, free: number, maxMs: number) =>
  c.failures < free ? 0 : Math.min(THROTTLE.BASE_MS * 2 ** Math.min(c.failures - free, 30), maxMs);

/** Whether a counter still counts (its last failure within the window). */
export const current = (c: FailureCount | undefined, now: Date): FailureCount =>
  c && c.lastFailureAt && now.getTime() - c.lastFailureAt.getTime() < THROTTLE.WINDOW_MS ? c : { failures: 0, lastFailureAt: null };

/** Milliseconds the attempt must wait (0: go ahead), from the three counters. */
export const throttleWait = (counts: { pair?: FailureCount | undefined; address?: FailureCount | undefined; email?: FailureCount | undefined }, now: Date): number => {
  const pair = current(counts.pair, now);
  const address = current(counts.address, now);
  const email = current(counts.email, now);
  const until = (c: FailureCount, ms: number) => (ms > 0 && c.lastFailureAt ? c.lastFailureAt.getTime() + ms - now.getTime() : 0);
  return Math.max(
    0,
    until(pair, backoffMs(pair, THROTTLE.PAIR_FREE, THROTTLE.PAIR_MAX_MS)),
    until(address, backoffMs(address, THROTTLE.ADDRESS_FREE, THROTTLE.ADDRESS_MAX_MS)),
    // The email's count (every address's failures on it) only delays an address that failed on it
    // too, counted from that address's own last failure: others' failures never keep the owner out.
    pair.failures > 0 ? until(pair, backoffMs(email, THROTTLE.EMAIL_FREE, THROTTLE.EMAIL_MAX_MS)) : 0,
  );
};

export const sessionExpired = (
  s: { expiresAt: Date; lastSeenAt: Date },
  now: Date,
  idleMs: number,
): 'expired' | 'idle' | null => {
  if (s.expiresAt <= now) return 'expired';
  if (now.getTime() - s.lastSeenAt.getTime() > idleMs) return 'idle';
  return null;
};

/**
 * Permissions by role. Kept as data so a module adds its own entries in one place.
 * admin: runs the organization; supervisor: oversees peers and co-signs; peer: works a caseload;
 * analyst: reads aggregate reports, never a participant's record.
 */
export const PERMISSIONS = {
  'users.manage': ['admin'],
  'audit.read': ['admin'],
  'org.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role, permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);
