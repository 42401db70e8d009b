import { describe, expect, it } from 'vitest';
import { BARC10 } from './instruments/barc10.ts';
import { PHQ9 } from './instruments/phq9.ts';
import { ageBand, outcomeChange, suppressCounts, type ProgramCounts } from './report.rules.ts';

const policy = { k: 11 };

describe('outcome change from paired first and latest scores', () => {
  const pairs = Array.from({ length: 12 }, (_, i) => ({ first: 16 + (i % 3), latest: 8 + (i % 4) }));

  it('gives the mean change with a t-based 95% interval, the paired effect size and % reliably improved', () => {
    const r = outcomeChange(PHQ9, pairs, policy, true);
    expect(r.pairs).toBe(12);
    // firsts: 16,17,18 ×4 → 17; latests: 8,9,10,11 ×3 → 9.5; change −7.5.
    expect(r.meanFirst).toBe(17);
    expect(r.meanLatest).toBe(9.5);
    expect(r.meanChange).toBe(-7.5);
    const changes = pairs.map((p) => p.latest - p.first);
    const sd = Math.sqrt(changes.reduce((a, c) => a + (c + 7.5) ** 2, 0) / 11);
    const half = (2.201 * sd) / Math.sqrt(12);
    expect(r.ci95![0]).toBeCloseTo(-7.5 - half, 2);
    expect(r.ci95![1]).toBeCloseTo(-7.5 + half, 2);
    expect(r.effectSize).toBeCloseTo(-7.5 / sd, 2);
    // Reliable change on the PHQ-9 is 6 points or more.
    const improved = changes.filter((c) => c <= -6).length;
    expect(r.percentImproved).toBe(Math.round((1000 * improved) / 12) / 10);
  });

  it('hides every statistic under 11 pairs when suppressed (P2), and shows them to staff pages', () => {
    const few = pairs.slice(0, 10);
    const hidden = outcomeChange(PHQ9, few, policy, true);
    expect(hidden).toMatchObject({ pairs: 10, meanChange: null, ci95: null, effectSize: null, percentImproved: null });
    expect(outcomeChange(PHQ9, few, policy, false).meanChange).not.toBeNull();
  });

  it('reports the share crossing the BARC-10 cut-off of 47 among those below it at first', () => {
    const barc = [
      ...Array.from({ length: 6 }, () => ({ first: 40, latest: 48 })),
      ...Array.from({ length: 6 }, () => ({ first: 35, latest: 40 })),
      { first: 50, latest: 52 },
    ];
    expect(outcomeChange(BARC10, barc, policy, true).percentCrossedCutOff).toBe(50);
    expect(outcomeChange(PHQ9, pairs, policy, true).percentCrossedCutOff).toBeNull();
  });
});

describe('age bands', () => {
  it.each([
    [null, 'unknown'],
    ['2010-06-01', 'under-18'],
    ['2008-12-06', '18-24'],
    ['2008-12-07', 'under-18'],
    ['2001-12-07', '18-24'],
    ['2001-12-06', '25-34'],
    ['1992-01-01', '25-34'],
    ['1991-12-06', '35-44'],
    ['1961-12-06', '65+'],
  ])('born %s is %s on 2026-12-06', (birth, band) => {
    expect(ageBand(birth, '2026-12-06')).toBe(band);
  });
});

describe('report counts with small cells suppressed', () => {
  const c = (served: number, extra: Partial<ProgramCounts> = {}): ProgramCounts => ({ served, newPeople: 0, discharged: 0, encounters: served * 4, minutes: served * 120, referralsMade: 0, referralsClosed: 0, ...extra });

  it('hides a small group, one more to protect it, and the sessions and hours of both (P1, P4)', () => {
    const groups = [c(5), c(20), c(40)];
    const total = c(65);
    const r = suppressCounts(groups, total, policy);
    expect(r.groups.map((g) => g.served)).toEqual(['<11', null, 40]);
    expect(r.groups.map((g) => g.encounters)).toEqual([null, null, 160]);
    expect(r.total).toMatchObject({ served: 65, encounters: 260, minutes: 7800 });
  });

  it('suppresses each people count on its own breakdown: new people 3 of 40 is hidden with its complement', () => {
    const r = suppressCounts([c(30, { newPeople: 3 }), c(40, { newPeople: 12 }), c(50, { newPeople: 20 })], c(120, { newPeople: 35 }), policy);
    expect(r.groups.map((g) => g.newPeople)).toEqual(['<11', null, 20]);
    expect(r.groups.map((g) => g.served)).toEqual([30, 40, 50]);
  });
});
