import { describe, expect, it } from 'vitest';
import { can, passwordProblem, sessionExpired, THROTTLE, throttleWait } from './identity.rules.ts';

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

describe('sign-in throttling', () => {
  const now = new Date('2026-01-01T10:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it('lets a pair fail PAIR_FREE times, then doubles its wait up to 15 minutes', () => {
    expect(throttleWait({ pair: { failures: THROTTLE.PAIR_FREE - 1, lastFailureAt: now } }, now)).toBe(0);
    expect(throttleWait({ pair: { failures: THROTTLE.PAIR_FREE, lastFailureAt: now } }, now)).toBe(1000);
    expect(throttleWait({ pair: { failures: THROTTLE.PAIR_FREE + 3, lastFailureAt: now } }, now)).toBe(8000);
    expect(throttleWait({ pair: { failures: 500, lastFailureAt: now } }, now)).toBe(15 * 60_000);
    expect(throttleWait({ pair: { failures: THROTTLE.PAIR_FREE + 3, lastFailureAt: ago(5000) } }, now)).toBe(3000);
  });
  it("an email's failures elsewhere never hold an address that has not failed on it, and only delay one that has", () => {
    const email = { failures: 10_000, lastFailureAt: now };
    expect(throttleWait({ email }, now)).toBe(0);
    expect(throttleWait({ email, pair: { failures: 1, lastFailureAt: ago(1000) } }, now)).toBe(THROTTLE.EMAIL_MAX_MS - 1000);
  });
  it('a spraying address waits after ADDRESS_FREE failures across emails; old counters start again', () => {
    expect(throttleWait({ address: { failures: THROTTLE.ADDRESS_FREE, lastFailureAt: now } }, now)).toBe(1000);
    expect(throttleWait({ address: { failures: 10_000, lastFailureAt: ago(THROTTLE.WINDOW_MS) } }, now)).toBe(0);
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
