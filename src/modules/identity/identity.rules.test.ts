import { describe, expect, it } from 'vitest';
import { afterFailedLogin, can, isLocked, LOCKOUT_MS, MAX_FAILED_LOGINS, passwordProblem, sessionExpired } from './identity.rules.ts';

describe('password policy', () => {
  it.each([
    ['short1', 'Use at least 12 characters.'],
    ['aaaaaaaaaaaaaaaa', 'Use more different characters.'],
    ['password1234', 'This password is too easy to guess.'],
    ['maria.lopez-garden-42', 'Do not use your email address in your password.'],
    ['correct horse battery', null],
  ])('%s → %s', (pw, problem) => {
    expect(passwordProblem(pw, 'maria.lopez@example.org')).toBe(problem);
  });
});

describe('lockout', () => {
  const now = new Date('2026-01-01T10:00:00Z');
  it('locks on the fifth consecutive failure and resets the counter', () => {
    let failed = 0;
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      const r = afterFailedLogin(failed, now);
      expect(r.lockedUntil).toBeNull();
      failed = r.failedLogins;
    }
    const last = afterFailedLogin(failed, now);
    expect(last.lockedUntil?.getTime()).toBe(now.getTime() + LOCKOUT_MS);
    expect(last.failedLogins).toBe(0);
    expect(isLocked(last.lockedUntil, now)).toBe(true);
    expect(isLocked(last.lockedUntil, new Date(now.getTime() + LOCKOUT_MS))).toBe(false);
  });
});

describe('session lifetime', () => {
  const now = new Date('2026-01-01T10:00:00Z');
  const idle = 30 * 60_000;
  it.each([
    [{ expiresAt: new Date('2026-01-01T09:59:59Z'), lastSeenAt: now }, 'expired'],
    [{ expiresAt: new Date('2026-01-01T12:00:00Z'), lastSeenAt: new Date('2026-01-01T09:29:59Z') }, 'idle'],
    [{ expiresAt: new Date('2026-01-01T12:00:00Z'), lastSeenAt: new Date('2026-01-01T09:30:00Z') }, null],
  ] as const)('%o → %s', (s, verdict) => {
    expect(sessionExpired(s, now, idle)).toBe(verdict);
  });
});

describe('roles', () => {
  it('only admins manage users and read the audit trail', () => {
    expect(can('admin', 'users.manage')).toBe(true);
    for (const r of ['supervisor', 'peer', 'analyst'] as const) {
      expect(can(r, 'users.manage')).toBe(false);
      expect(can(r, 'audit.read')).toBe(false);
    }
  });
});
