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

/** After this many consecutive failures an account is locked for LOCKOUT_MS. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export const afterFailedLogin = (failedLogins: number, now: Date) => {
  const failed = failedLogins + 1;
  return {
    failedLogins: failed >= MAX_FAILED_LOGINS ? 0 : failed,
    lockedUntil: failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MS) : null,
  };
};

export const isLocked = (lockedUntil: Date | null, now: Date) => lockedUntil !== null && lockedUntil > now;

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
