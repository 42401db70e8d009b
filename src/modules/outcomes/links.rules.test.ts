import { describe, expect, it } from 'vitest';
import { linkState } from './links.rules.ts';

describe('self-completion link state', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  const base = { expiresAt: new Date('2026-05-02T00:00:00Z'), revokedAt: null, usedAt: null };
  it('is active until it expires, then expired at the exact instant', () => {
    expect(linkState(base, now)).toBe('active');
    expect(linkState(base, base.expiresAt)).toBe('expired');
  });
  it('a spent link stays spent, even after it is past its expiry or revoked', () => {
    expect(linkState({ ...base, usedAt: now, revokedAt: now }, new Date('2027-01-01T00:00:00Z'))).toBe('spent');
    expect(linkState({ ...base, revokedAt: now }, now)).toBe('revoked');
  });
});
