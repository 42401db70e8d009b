import { describe, expect, it } from 'vitest';
import { addDays, dayIn } from './today';

describe("the organization's day", () => {
  it('is the day there, not the UTC day, on an evening in the Americas', () => {
    const evening = new Date('2026-12-07T02:30:00Z'); // 9:30 pm in New York, 6:30 pm in Los Angeles
    expect(dayIn('America/New_York', evening)).toBe('2026-12-06');
    expect(dayIn('America/Los_Angeles', evening)).toBe('2026-12-06');
    expect(dayIn('Pacific/Honolulu', new Date('2026-12-07T09:59:00Z'))).toBe('2026-12-06');
    expect(dayIn('America/New_York', new Date('2026-12-07T05:00:00Z'))).toBe('2026-12-07');
  });

  it('falls back to the reader’s own day for an unknown zone', () => {
    expect(dayIn('Not/AZone', new Date('2026-06-15T12:00:00Z'))).toMatch(/^2026-06-1[45]$/);
  });

  it('counts days across a month, a year and a daylight-saving change', () => {
    expect(addDays('2026-12-06', -29)).toBe('2026-11-07');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-09', -1)).toBe('2026-03-08');
  });
});
