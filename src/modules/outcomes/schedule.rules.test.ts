import { describe, expect, it } from 'vitest';
import { assessmentPoints, DEFAULT_SUPRT, episodesOf, followUpRate, type AssessmentPoint } from './schedule.rules.ts';

const s = { ...DEFAULT_SUPRT, instruments: ['barc-10'] };
const at = (points: AssessmentPoint[], kind: string, sequence = kind === 'annual' || kind === 'reassessment' ? 1 : 0) => points.find((p) => p.kind === kind && p.sequence === sequence)!;
const given = (...on: string[]) => on.map((d) => ({ instrument: 'barc-10', on: d }));

describe('SUPRT windows (baseline 30 days, reassessment 180 ± 30, annual ± 30, closeout 30)', () => {
  const episode = [{ start: '2026-01-01', end: null }];

  it.each([
    // Baseline window: the first service to 30 days after, both ends included.
    ['2026-01-01', 'completed'],
    ['2026-01-31', 'completed'],
    ['2026-02-01', 'overdue'],
  ])('a baseline given on %s is %s', (on, status) => {
    const points = assessmentPoints(episode, on === '2026-02-01' ? [] : given(on), s, '2026-02-01');
    expect(at(points, 'baseline')).toMatchObject({ windowStart: '2026-01-01', windowEnd: '2026-01-31', status });
  });

  it('counts the reassessment from the baseline as given: 180 days, ± 30, both ends included', () => {
    const points = assessmentPoints(episode, given('2026-01-10'), s, '2026-06-01');
    // 2026-01-10 + 180 = 2026-07-09; window 2026-06-09 to 2026-08-08.
    expect(at(points, 'reassessment')).toMatchObject({ windowStart: '2026-06-09', windowEnd: '2026-08-08', status: 'upcoming' });
    expect(at(assessmentPoints(episode, given('2026-01-10'), s, '2026-06-09'), 'reassessment').status).toBe('open');
    expect(at(assessmentPoints(episode, given('2026-01-10', '2026-06-09'), s, '2026-06-09'), 'reassessment').status).toBe('completed');
    expect(at(assessmentPoints(episode, given('2026-01-10', '2026-08-08'), s, '2026-08-08'), 'reassessment').status).toBe('completed');
    // A day early or late is outside the window: it does not count, and the point is missed once past.
    expect(at(assessmentPoints(episode, given('2026-01-10', '2026-06-08'), s, '2026-08-09'), 'reassessment')).toMatchObject({ status: 'missed', completedOn: null });
    expect(at(assessmentPoints(episode, given('2026-01-10', '2026-08-09'), s, '2026-08-09'), 'reassessment').status).toBe('missed');
  });

  it('counts later points from when the baseline was due when none was given', () => {
    const points = assessmentPoints(episode, [], s, '2026-03-01');
    expect(at(points, 'reassessment')).toMatchObject({ windowStart: '2026-05-31', windowEnd: '2026-07-30' });
  });

  it('places annuals at each anniversary of the baseline, ± 30 days (29 February falls to the 28th)', () => {
    const points = assessmentPoints([{ start: '2028-02-29', end: null }], given('2028-02-29'), s, '2030-03-01');
    expect(at(points, 'annual', 1)).toMatchObject({ windowStart: '2029-01-29', windowEnd: '2029-03-30', status: 'missed' });
    expect(at(points, 'annual', 2)).toMatchObject({ windowStart: '2030-01-29', windowEnd: '2030-03-30', status: 'open' });
    expect(at(points, 'annual', 3)).toMatchObject({ status: 'upcoming' });
    expect(points.some((p) => p.kind === 'annual' && p.sequence === 4)).toBe(false);
  });

  it('a reassessment supports a 90-day program', () => {
    const points = assessmentPoints(episode, given('2026-01-01'), { ...s, reassessmentDays: 90 }, '2026-03-01');
    expect(at(points, 'reassessment')).toMatchObject({ windowStart: '2026-03-02', windowEnd: '2026-05-01' });
  });
});

describe('closeout', () => {
  it('is due within 30 days of the end of care and cancels a reassessment whose window it falls before or in', () => {
    // Baseline 2026-01-01; reassessment window 2026-05-31 to 2026-07-30; care ends 2026-06-15.
    const points = assessmentPoints([{ start: '2026-01-01', end: '2026-06-15' }], given('2026-01-01'), s, '2026-07-20');
    expect(at(points, 'reassessment').status).toBe('cancelled');
    expect(points.filter((p) => p.kind === 'annual').every((p) => p.status === 'cancelled')).toBe(true);
    expect(at(points, 'closeout')).toMatchObject({ windowStart: '2026-06-15', windowEnd: '2026-07-15', status: 'overdue' });
  });

  it('leaves a reassessment whose window ended before the closeout as it was', () => {
    const points = assessmentPoints([{ start: '2026-01-01', end: '2026-08-15' }], given('2026-01-01', '2026-07-01', '2026-08-20'), s, '2026-09-01');
    expect(at(points, 'reassessment').status).toBe('completed');
    expect(at(points, 'closeout')).toMatchObject({ status: 'completed', completedOn: '2026-08-20' });
  });
});

describe('episodes', () => {
  it('keeps a change of peer within 30 days in one episode, and starts a new one on re-enrolment', () => {
    expect(
      episodesOf([
        { start: '2026-01-01', end: '2026-03-01' },
        { start: '2026-03-20', end: '2026-05-01' },
        { start: '2026-09-01', end: null },
      ]),
    ).toEqual([
      { start: '2026-01-01', end: '2026-05-01' },
      { start: '2026-09-01', end: null },
    ]);
  });

  it('gives a re-enrolment a new baseline, and answers of one episode never complete another\'s points', () => {
    const episodes = [
      { start: '2026-01-01', end: '2026-03-01' },
      { start: '2026-09-01', end: null },
    ];
    const points = assessmentPoints(episodes, given('2026-01-05', '2026-09-03'), s, '2026-09-10');
    const baselines = points.filter((p) => p.kind === 'baseline');
    expect(baselines.map((p) => [p.episode, p.status, p.completedOn])).toEqual([
      [0, 'completed', '2026-01-05'],
      [1, 'completed', '2026-09-03'],
    ]);
  });
});

describe('follow-up rate', () => {
  it('is reassessments completed inside their window over those due; cancelled and upcoming do not count', () => {
    const a = assessmentPoints([{ start: '2026-01-01', end: null }], given('2026-01-01', '2026-07-01'), s, '2026-12-01');
    const b = assessmentPoints([{ start: '2026-01-01', end: null }], given('2026-01-01'), s, '2026-12-01');
    const c = assessmentPoints([{ start: '2026-01-01', end: '2026-06-10' }], given('2026-01-01'), s, '2026-12-01');
    expect(followUpRate([...a, ...b, ...c])).toEqual({ completed: 1, due: 2, rate: 50 });
    expect(followUpRate([])).toEqual({ completed: 0, due: 0, rate: null });
  });
});
