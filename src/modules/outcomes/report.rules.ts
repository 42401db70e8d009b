import { suppressBreakdown, suppressStatistic, type ShownCount, type SuppressionPolicy } from '../../core/suppression.rules.ts';
import { changeOf, type InstrumentDefinition } from './instrument.rules.ts';

/**
 * The program report's arithmetic (issue 20): outcome change from paired first and latest scores,
 * and the report's counts with small cells suppressed (P1-P11, core/suppression.rules.ts).
 */

export const REPORT_DIMENSIONS = ['peer', 'language', 'race', 'gender', 'age', 'program'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** The counts of one group (or of the whole program): each a count of people or a magnitude. */
export interface ProgramCounts {
  /** Unduplicated people with a signed session in the period (P1: people). */
  served: number;
  /** Of them, those whose first session ever was in the period. */
  newPeople: number;
  /** People whose last assignment ended in the period and who have none now. */
  discharged: number;
  encounters: number;
  minutes: number;
  referralsMade: number;
  referralsClosed: number;
}

// Two-sided 95% critical values of Student's t for 1 to 30 degrees of freedom; 1.96 beyond.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
const tCritical = (df: number) => (df >= 1 && df <= 30 ? T975[df - 1]! : 1.96);
const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

export interface OutcomeChange {
  instrument: string;
  /** Paired people: a first and a later complete score in the period. */
  pairs: number;
  meanFirst: number | null;
  meanLatest: number | null;
  meanChange: number | null;
  ci95: [number, number] | null;
  /** Cohen's d for paired scores (dz): mean change / standard deviation of the changes. */
  effectSize: number | null;
  /** Improved by the instrument's reliable change (or band movement where it has none), %. */
  percentImproved: number | null;
  percentWorsened: number | null;
  /** Of those below the cut-off at first, % at or above it at the latest (BARC-10: 47). */
  percentCrossedCutOff: number | null;
}

/** Outcome change on one instrument; every statistic needs k pairs (P2). */
export const outcomeChange = (d: InstrumentDefinition, pairs: Array<{ first: number; latest: number }>, policy: SuppressionPolicy, suppress: boolean): OutcomeChange => {
  const n = pairs.length;
  const hide = (v: number | null) => (suppress ? suppressStatistic(v, n, policy) : v);
  if (n === 0) {
    return { instrument: d.code, pairs: 0, meanFirst: null, meanLatest: null, meanChange: null, ci95: null, effectSize: null, percentImproved: null, percentWorsened: null, percentCrossedCutOff: null };
  }
  const changes = pairs.map((p) => p.latest - p.first);
  const mean = changes.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(changes.reduce((a, c) => a + (c - mean) ** 2, 0) / (n - 1)) : null;
  const half = sd === null ? null : (tCritical(n - 1) * sd) / Math.sqrt(n);
  const readings = pairs.map((p) => changeOf(d, p.first, p.latest));
  const belowAtFirst = d.cutOff ? pairs.filter((p) => p.first < d.cutOff!.value).length : 0;
  const crossed = readings.filter((r) => r.crossedCutOff === 'up').length;
  const meanFirst = pairs.reduce((a, p) => a + p.first, 0) / n;
  const meanLatest = pairs.reduce((a, p) => a + p.latest, 0) / n;
  const ciShown = half === null || !suppress || n >= policy.k ? half : null;
  return {
    instrument: d.code,
    pairs: n,
    meanFirst: hide(round(meanFirst)),
    meanLatest: hide(round(meanLatest)),
    meanChange: hide(round(mean)),
    ci95: ciShown === null ? null : [round(mean - ciShown), round(mean + ciShown)],
    effectSize: sd === null || sd === 0 ? null : hide(round(mean / sd)),
    percentImproved: hide(round((100 * readings.filter((r) => r.direction === 'improved').length) / n, 1)),
    percentWorsened: hide(round((100 * readings.filter((r) => r.direction === 'worsened').length) / n, 1)),
    percentCrossedCutOff: d.cutOff && belowAtFirst > 0 ? (suppress ? suppressStatistic(round((100 * crossed) / belowAtFirst, 1), belowAtFirst, policy) : round((100 * crossed) / belowAtFirst, 1)) : null,
  };
};

/** Age band on a date, in the 10-year steps of the report's collapse ladder (P8). */
export const ageBand = (birthDate: string | null, on: string): string => {
  if (!birthDate) return 'unknown';
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  if (age < 18) return 'under-18';
  if (age < 25) return '18-24';
  if (age >= 65) return '65+';
  const low = Math.floor((age - 25) / 10) * 10 + 25;
  return `${low}-${low + 9}`;
};

export type ShownCounts = { [K in keyof ProgramCounts]: ShownCount };

/**
 * The counts of every group and of the program with small cells suppressed: each measure is a
 * one-way breakdown over the groups with the program's total as its margin (P4), so a hidden
 * group cannot be read off the total. Magnitudes (sessions, hours, referrals) of a group are shown
 * only when its people count is (P1: their contributors are its people).
 */
export const suppressCounts = (groups: ProgramCounts[], total: ProgramCounts, policy: SuppressionPolicy): { groups: ShownCounts[]; total: ShownCounts } => {
  const keys = Object.keys(total) as Array<keyof ProgramCounts>;
  const out = groups.map(() => ({}) as ShownCounts);
  const outTotal = {} as ShownCounts;
  const people = suppressBreakdown(groups.map((g) => g.served), total.served, policy);
  for (const key of keys) {
    if (key === 'served' || key === 'newPeople' || key === 'discharged') {
      const b = key === 'served' ? people : suppressBreakdown(groups.map((g) => g[key]), total[key], policy);
      groups.forEach((_, i) => (out[i]![key] = b.groups[i]!.shown));
      outTotal[key] = b.total.shown;
    } else {
      groups.forEach((g, i) => (out[i]![key] = people.groups[i]!.suppressed ? null : g[key]));
      outTotal[key] = people.total.suppressed ? null : total[key];
    }
  }
  return { groups: out, total: outTotal };
};
