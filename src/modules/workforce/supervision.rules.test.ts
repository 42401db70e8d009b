import { describe, expect, it } from 'vitest';
import { intensityIndex, supervisionDue, weekStartOf } from './supervision.rules.ts';

describe('supervision due', () => {
  it('is due under an hour in the month, not at exactly 60 minutes', () => {
    expect(supervisionDue('p', [{ heldOn: '2026-01-05', minutes: 59 }], '2026-01')).toMatchObject({ minutesThisMonth: 59, due: true });
    expect(supervisionDue('p', [{ heldOn: '2026-01-05', minutes: 30 }, { heldOn: '2026-01-31', minutes: 30 }], '2026-01')).toMatchObject({ due: false });
    expect(supervisionDue('p', [{ heldOn: '2025-12-31', minutes: 90 }], '2026-01')).toMatchObject({ minutesThisMonth: 0, due: true, lastSessionOn: '2025-12-31', totalHours: 1.5 });
  });
});

describe('intensity', () => {
  it('weeks start on Monday', () => {
    expect(weekStartOf('2026-01-04')).toBe('2025-12-29');
    expect(weekStartOf('2026-01-05')).toBe('2026-01-05');
  });
  it('rises with caseload over capacity, hours, safety follow-ups and after-hours work, capped at 100', () => {
    const base = { weekStart: '2026-01-05', activeCaseload: 5, capacity: 10, sessions: 4, hours: 4, safetyFollowups: 0, afterHoursSessions: 0, referralsInProgress: 0 };
    const calm = intensityIndex(base);
    expect(intensityIndex({ ...base, activeCaseload: 12 })).toBeGreaterThan(calm);
    expect(intensityIndex({ ...base, safetyFollowups: 2 })).toBeGreaterThan(calm);
    expect(intensityIndex({ ...base, afterHoursSessions: 3 })).toBeGreaterThan(calm);
    expect(intensityIndex({ ...base, activeCaseload: 30, hours: 60, safetyFollowups: 9, afterHoursSessions: 9 })).toBe(100);
  });
});
