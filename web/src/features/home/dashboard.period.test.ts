import { describe, expect, it } from 'vitest';
import { periodRange } from './dashboard.period';

describe("a director's periods end on the organization's day", () => {
  it('the month, quarter, year and last 12 months of December 6', () => {
    expect(periodRange('month', '2026-12-06')).toEqual({ from: '2026-12-01', to: '2026-12-06' });
    expect(periodRange('quarter', '2026-12-06')).toEqual({ from: '2026-10-01', to: '2026-12-06' });
    expect(periodRange('year', '2026-12-06')).toEqual({ from: '2026-01-01', to: '2026-12-06' });
    expect(periodRange('last12', '2026-12-06')).toEqual({ from: '2025-12-07', to: '2026-12-06' });
  });

  it('on the last evening of November there, this month is still November', () => {
    expect(periodRange('month', '2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });
});
