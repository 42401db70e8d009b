import { afterEach, describe, expect, it } from 'vitest';
import { clockTime, formatDate, intlLocale } from './format';

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

describe('intlLocale', () => {
  // Peerbridge serves US peer programs: Spanish readers there (Mexico, Central America, Puerto
  // Rico, the US) write $72.48, 12,345 and 3:45 p.m., not Spain's 72,48 US$, 12.345 and 15:45.
  it('formats Spanish as written in the United States', () => {
    const es = intlLocale('es');
    expect(new Intl.NumberFormat(es, { style: 'currency', currency: 'USD' }).format(72.48)).toBe('$72.48');
    expect(new Intl.NumberFormat(es).format(12345.5)).toBe('12,345.5');
    expect(new Intl.DateTimeFormat(es, { timeStyle: 'short', timeZone: 'UTC' }).format(new Date('2026-12-01T15:45:00Z'))).toMatch(/^3:45\sp\.\s?m\.$/);
    expect(formatDate('2026-12-04', es)).toBe('4 de diciembre de 2026');
  });

  it('keeps English as in the United States', () => {
    expect(intlLocale('en')).toBe('en-US');
    expect(new Intl.NumberFormat(intlLocale('en'), { style: 'currency', currency: 'USD' }).format(72.48)).toBe('$72.48');
  });
});

describe('clockTime', () => {
  it('writes a clock time of HSDS or of a peer\'s availability in the locale', () => {
    expect(clockTime('09:00:00', 'en')).toBe('9:00 AM');
    expect(clockTime('17:00', 'en')).toBe('5:00 PM');
    expect(clockTime('17:30:00-05:00', 'en')).toBe('5:30 PM');
    expect(clockTime('17:30:00', 'es')).toBe('17:30');
    expect(clockTime('late', 'en')).toBeNull();
  });
});
