import { afterEach, describe, expect, it } from 'vitest';
import { formatDate } from './format';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('formatDate', () => {
  it('shows a calendar date as that day west of Greenwich too (a follow-up due Dec 4 is not "Dec 3" in Chicago)', () => {
    for (const tz of ['America/Chicago', 'America/Los_Angeles', 'Pacific/Honolulu', 'Asia/Tokyo', 'UTC']) {
      process.env.TZ = tz;
      expect(formatDate('2026-12-04', 'en'), tz).toBe('December 4, 2026');
      expect(formatDate('2026-12-04', 'es'), tz).toBe('4 de diciembre de 2026');
    }
  });

  it('shows an instant on the reader’s own day', () => {
    process.env.TZ = 'America/Chicago';
    expect(formatDate('2026-12-02T03:00:00Z', 'en')).toBe('December 1, 2026');
    process.env.TZ = 'Asia/Tokyo';
    expect(formatDate('2026-12-02T03:00:00Z', 'en')).toBe('December 2, 2026');
  });

  it('passes through what it cannot read, and nothing for no value', () => {
    expect(formatDate('soon', 'en')).toBe('soon');
    expect(formatDate(null, 'en')).toBe('');
  });
});
