import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULE_SETS, builtInRuleSet } from './credential-types.data.ts';
import { addDays, cycleOn, defaultExpiry, graceEnd, remindersDueOn, remindersOf, statusOn, submissionOpensOn } from './credential.rules.ts';
import type { RuleSet } from './credential.types.ts';

const rs = (code: string) => builtInRuleSet(code)!;

// Issued 2024-03-17: the first cycle's first and last day, and the second cycle's, per rule set.
const CYCLES: Array<[code: string, firstStart: string, firstEnd: string, secondEnd: string]> = [
  ['mi-cpss', '2024-03-01', '2026-02-28', '2028-02-29'],
  ['mi-cprc', '2024-03-01', '2026-02-28', '2028-02-29'],
  ['pa-cps', '2024-03-17', '2026-03-16', '2028-03-16'],
  ['pa-crs', '2024-03-17', '2026-03-16', '2028-03-16'],
  ['pa-cfrs', '2024-03-17', '2026-03-16', '2028-03-16'],
  ['ga-cps', '2024-03-17', '2024-12-31', '2025-12-31'],
  ['oh-prs', '2024-03-17', '2026-03-16', '2028-03-16'],
  ['ct-rss', '2024-03-17', '2027-03-16', '2030-03-16'],
  ['mt-cbhpss', '2024-03-17', '2024-12-31', '2025-12-31'],
  ['icrc-pr', '2024-03-17', '2026-03-16', '2028-03-16'],
  ['mha-ncps', '2024-03-17', '2026-03-16', '2028-03-16'],
  ['youth-peer', '2024-03-17', '2026-03-16', '2028-03-16'],
];

describe('every shipped rule set', () => {
  it('is in the cycle table, cites a source and a checked date for every rule, and says "?" with a note where the source is silent', () => {
    expect(BUILT_IN_RULE_SETS.map((r) => r.code).sort()).toEqual(CYCLES.map((c) => c[0]).sort());
    for (const r of BUILT_IN_RULE_SETS) {
      for (const [rule, c] of Object.entries(r.citations)) {
        expect(c.source, `${r.code}.${rule}`).toMatch(/\S/);
        expect(c.checked, `${r.code}.${rule}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (c.confidence === '?') expect(c.note, `${r.code}.${rule}`).toMatch(/silent|No youth/);
      }
    }
    expect(BUILT_IN_RULE_SETS.some((r) => r.population === 'youth')).toBe(true);
    expect(BUILT_IN_RULE_SETS.some((r) => r.population === 'family')).toBe(true);
  });
});

describe.each(CYCLES)('%s cycles (issued 2024-03-17)', (code, firstStart, firstEnd, secondEnd) => {
  const rules = rs(code);
  it('has no cycle the day before issue', () => expect(cycleOn(rules, '2024-03-17', '2024-03-16')).toBeNull());
  it('starts the first cycle at its anchor and ends it on its last day', () => {
    expect(cycleOn(rules, '2024-03-17', '2024-03-17')).toMatchObject({ index: 0, start: firstStart, end: firstEnd, first: true });
    expect(cycleOn(rules, '2024-03-17', firstEnd)).toMatchObject({ index: 0, end: firstEnd });
    expect(defaultExpiry(rules, '2024-03-17')).toBe(firstEnd);
  });
  it('starts the second cycle the day after the first ends', () => {
    expect(cycleOn(rules, '2024-03-17', addDays(firstEnd, 1))).toMatchObject({ index: 1, start: addDays(firstEnd, 1), end: secondEnd, first: false });
    expect(cycleOn(rules, '2024-03-17', secondEnd)).toMatchObject({ index: 1 });
    expect(cycleOn(rules, '2024-03-17', addDays(secondEnd, 1))).toMatchObject({ index: 2 });
  });
});

describe('anchors at the edges of months and years', () => {
  it('Michigan anchors on the 1st even when issued on the last day of the month', () => {
    expect(cycleOn(rs('mi-cpss'), '2025-01-31', '2025-01-31')).toMatchObject({ start: '2025-01-01', end: '2026-12-31' });
  });
  it('a rolling cycle from 29 February ends the day before the anniversary (28 Feb)', () => {
    expect(cycleOn(rs('pa-cps'), '2024-02-29', '2024-02-29')).toMatchObject({ end: '2026-02-27' });
  });
  it('Georgia and Montana issued on 31 December: a one-day first cycle', () => {
    expect(cycleOn(rs('ga-cps'), '2024-12-31', '2024-12-31')).toMatchObject({ start: '2024-12-31', end: '2024-12-31' });
    expect(cycleOn(rs('mt-cbhpss'), '2024-12-31', '2025-01-01')).toMatchObject({ start: '2025-01-01', end: '2025-12-31' });
  });
});

// Expiry 2026-03-16: [last active, first day after, status that day, reason, last day of grace or null, status after grace]
const STATUS: Array<[code: string, graceDays: number, lateDays: number, after: 'lapsed' | 'inactive']> = BUILT_IN_RULE_SETS.map((r) => [
  r.code,
  r.renewal.graceDays,
  r.renewal.lateUntilDays,
  r.renewal.inactiveState ? 'inactive' : 'lapsed',
]);

describe.each(STATUS)('%s status around an expiry of 2026-03-16', (code, graceDays, lateDays, after) => {
  const rules = rs(code);
  const c = { issuedOn: '2024-03-17', expiresOn: '2026-03-16' };
  it('is inactive before issue and active from the issue day to the expiry day', () => {
    expect(statusOn(rules, c, '2024-03-16')).toMatchObject({ status: 'inactive', reason: 'not-yet-issued' });
    expect(statusOn(rules, c, '2024-03-17')).toMatchObject({ status: 'active' });
    expect(statusOn(rules, c, '2026-03-16')).toMatchObject({ status: 'active' });
  });
  it('moves through free grace, late grace and then its after-grace state on the right days', () => {
    const last = Math.max(graceDays, lateDays);
    if (graceDays > 0) {
      expect(statusOn(rules, c, '2026-03-17')).toMatchObject({ status: 'grace', reason: 'grace-free', lateFee: false });
      expect(statusOn(rules, c, addDays('2026-03-16', graceDays))).toMatchObject({ status: 'grace', reason: 'grace-free' });
    }
    if (lateDays > graceDays) {
      expect(statusOn(rules, c, addDays('2026-03-16', graceDays + 1))).toMatchObject({ status: 'grace', reason: 'grace-late-fee', lateFee: true });
      expect(statusOn(rules, c, addDays('2026-03-16', lateDays))).toMatchObject({ status: 'grace', lateFee: true });
    }
    expect(statusOn(rules, c, addDays('2026-03-16', last + 1))).toMatchObject({ status: after });
    expect(graceEnd(rules, '2026-03-16')).toBe(last > 0 ? addDays('2026-03-16', last) : null);
  });
  it('follows a status recorded by hand over the dates', () => {
    expect(statusOn(rules, { ...c, recordedStatus: 'inactive' }, '2025-01-01').status).toBe('inactive');
    expect(statusOn(rules, { ...c, recordedStatus: 'lapsed' }, '2025-01-01').status).toBe('lapsed');
  });
});

describe('Georgia: grace to 15 January, late fee to 31 January, inactive, retraining after 2 years inactive', () => {
  const ga = rs('ga-cps');
  const c = { issuedOn: '2023-05-02', expiresOn: '2025-12-31' };
  it.each([
    ['2025-12-31', 'active', false, false],
    ['2026-01-01', 'grace', false, false],
    ['2026-01-15', 'grace', false, false],
    ['2026-01-16', 'grace', true, false],
    ['2026-01-31', 'grace', true, false],
    ['2026-02-01', 'inactive', false, false],
    ['2028-01-31', 'inactive', false, false],
    ['2028-02-01', 'inactive', false, true],
  ] as const)('on %s: %s (late fee %s, retrain %s)', (on, status, lateFee, retrainRequired) => {
    expect(statusOn(ga, c, on)).toMatchObject({ status, lateFee, retrainRequired });
  });
});

describe('renewal window and reminders', () => {
  it('Ohio opens renewal 90 days before expiry; others say nothing', () => {
    expect(submissionOpensOn(rs('oh-prs'), '2026-03-16')).toBe('2025-12-16');
    expect(submissionOpensOn(rs('mi-cpss'), '2026-03-16')).toBeNull();
  });
  it.each(BUILT_IN_RULE_SETS.map((r) => [r.code, r] as [string, RuleSet]))('%s reminds 90/60/30/7 days before expiry and at the end of grace if any', (_code, rules) => {
    const rem = remindersOf(rules, '2026-03-16');
    expect(rem.slice(0, 4).map((r) => r.on)).toEqual(['2025-12-16', '2026-01-15', '2026-02-14', '2026-03-09']);
    const ge = graceEnd(rules, '2026-03-16');
    expect(rem.find((r) => r.kind === 'grace-ends')?.on ?? null).toBe(ge);
    expect(remindersDueOn(rules, '2026-03-16', '2026-02-14').map((r) => r.kind)).toEqual(['expires-in-30']);
    expect(remindersDueOn(rules, '2026-03-16', '2026-02-15')).toEqual([]);
  });
});
