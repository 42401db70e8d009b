import { describe, expect, it } from 'vitest';
import { navEntryOf } from './nav';

const entries = ['/', '/caseload', '/matching', '/matching/quality', '/referrals', '/referrals/reports', '/admin/users'];

describe('the current navigation entry', () => {
  it('is the most specific entry containing the page', () => {
    expect(navEntryOf('/referrals/reports', entries)).toBe('/referrals/reports');
    expect(navEntryOf('/referrals', entries)).toBe('/referrals');
    expect(navEntryOf('/referrals/0b1c2d3e-0000-4000-8000-000000000000', entries)).toBe('/referrals');
    expect(navEntryOf('/matching/quality', entries)).toBe('/matching/quality');
  });

  it('is home only on the home page, and none outside every entry', () => {
    expect(navEntryOf('/', entries)).toBe('/');
    expect(navEntryOf('/profile', entries)).toBeUndefined();
    expect(navEntryOf('/referralsx', entries)).toBeUndefined();
  });
});
