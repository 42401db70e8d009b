import { describe, expect, it } from 'vitest';
import { PIPELINE_TEMPLATES } from './certification.data.ts';
import { applicantState, daysFrom, median, stepState } from './certification.rules.ts';
import type { StepRecord } from './certification.types.ts';

const mi = PIPELINE_TEMPLATES['mi-cpss']!;
const icrc = PIPELINE_TEMPLATES['icrc-pr']!;
const rec = (stepCode: string, status: StepRecord['status'], amounts: Record<string, number> = {}): StepRecord => ({ stepCode, status, amounts, startedAt: null, completedAt: null, note: null });
const education = icrc.steps.find((s) => s.code === 'education')!;

describe('certification steps', () => {
  it('ships Michigan and IC&RC steps as cited data', () => {
    expect(mi.steps.map((s) => s.code)).toEqual(['written-application', 'references', 'phone-interview', 'training', 'fee', 'exam', 'code-of-ethics']);
    expect(education.domains.reduce((a, d) => a + d.hours, 0)).toBe(46);
    for (const s of [...mi.steps, ...icrc.steps]) expect(s.source.source).toMatch(/OUTCOMES-AND-WORKFORCE/);
    // No invented exclusion rules: only what the source states.
    expect(mi.eligibility.map((r) => r.code)).toEqual(['age-18', 'diploma-or-ged']);
    expect(icrc.eligibility).toEqual([]);
  });

  it.each([
    [0, { references: 2 }, false],
    [1, { references: 1 }, false],
    [2, {}, true],
    [3, {}, true],
  ])('references: %i answered of 2 -> missing %o', (answered, missing, complete) => {
    const s = stepState(mi.steps[1]!, undefined, answered);
    expect(s.missing).toEqual(missing);
    expect(s.complete).toBe(complete);
  });

  it.each([
    [{ advocacy: 10, 'mentoring-education': 10, 'recovery-wellness': 10, ethics: 16 }, {}, true],
    [{ advocacy: 10, 'mentoring-education': 10, 'recovery-wellness': 10, ethics: 15.5 }, { ethics: 0.5, total: 0.5 }, false],
    // Every domain met but the total short is impossible here (46 = sum); extra hours elsewhere do not replace a domain.
    [{ advocacy: 30, 'mentoring-education': 10, 'recovery-wellness': 10, ethics: 0 }, { ethics: 16 }, false],
    [{}, { advocacy: 10, 'mentoring-education': 10, 'recovery-wellness': 10, ethics: 16, total: 46 }, false],
  ])('IC&RC education hours %o -> missing %o', (amounts, missing, complete) => {
    const s = stepState(education, rec('education', 'in-progress', amounts), 0);
    expect(s.missing).toEqual(missing);
    expect(s.complete).toBe(complete);
  });

  it('experience: 499.99 hours is short, 500 is done; a waived step is complete', () => {
    const exp = icrc.steps[0]!;
    expect(stepState(exp, rec('experience', 'in-progress', { total: 499.99 }), 0).missing).toEqual({ total: 0.01 });
    expect(stepState(exp, rec('experience', 'in-progress', { total: 500 }), 0).complete).toBe(true);
    expect(stepState(exp, rec('experience', 'waived'), 0).complete).toBe(true);
  });

  it('the applicant is at the first step not complete, in order, even when later ones are done', () => {
    expect(applicantState(mi, [], 0).currentStep).toBe('written-application');
    expect(applicantState(mi, [rec('written-application', 'done'), rec('training', 'done')], 1).currentStep).toBe('references');
    expect(applicantState(mi, [rec('written-application', 'done')], 2).currentStep).toBe('phone-interview');
    const all = mi.steps.filter((s) => s.kind === 'check').map((s) => rec(s.code, 'done'));
    expect(applicantState(mi, all, 2).currentStep).toBe('certified');
    expect(applicantState(mi, all, 1).currentStep).toBe('references');
  });

  it('days and medians', () => {
    expect(daysFrom(new Date('2026-01-01T10:00Z'), new Date('2026-01-08T09:59Z'))).toBe(6);
    expect(daysFrom(new Date('2026-01-08T00:00Z'), new Date('2026-01-01T00:00Z'))).toBe(0);
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
