import { describe, expect, it } from 'vitest';
import { endOfLocalDay, isOverdue } from './safety.rules.ts';

describe('a safety follow-up is due by the end of the organization\'s day', () => {
  it.each([
    // 10:00 in New York (EST, UTC−5) → due at local midnight, 05:00 UTC next day.
    ['2026-01-15T15:00:00Z', 'America/New_York', '2026-01-16T05:00:00.000Z'],
    // 23:30 local is still the same day: 30 minutes left.
    ['2026-01-16T04:30:00Z', 'America/New_York', '2026-01-16T05:00:00.000Z'],
    // 00:10 local is a new day.
    ['2026-01-16T05:10:00Z', 'America/New_York', '2026-01-17T05:00:00.000Z'],
    // Summer time (EDT, UTC−4).
    ['2026-07-01T12:00:00Z', 'America/New_York', '2026-07-02T04:00:00.000Z'],
    // The day clocks spring forward (2026-03-08): midnight after it is EDT.
    ['2026-03-08T12:00:00Z', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    // The day clocks fall back (2026-11-01): midnight after it is EST.
    ['2026-11-01T12:00:00Z', 'America/New_York', '2026-11-02T05:00:00.000Z'],
    ['2026-06-10T20:00:00Z', 'America/Los_Angeles', '2026-06-11T07:00:00.000Z'],
    ['2026-06-10T20:00:00Z', 'Pacific/Honolulu', '2026-06-11T10:00:00.000Z'],
  ])('opened %s in %s → due %s', (now, zone, due) => {
    expect(endOfLocalDay(new Date(now), zone).toISOString()).toBe(due);
  });

  it('is overdue once open past its deadline', () => {
    const dueBy = new Date('2026-01-16T05:00:00Z');
    expect(isOverdue({ status: 'open', dueBy }, new Date('2026-01-16T04:59:59Z'))).toBe(false);
    expect(isOverdue({ status: 'open', dueBy }, new Date('2026-01-16T05:00:00Z'))).toBe(true);
    expect(isOverdue({ status: 'closed', dueBy }, new Date('2026-01-17T00:00:00Z'))).toBe(false);
  });
});
