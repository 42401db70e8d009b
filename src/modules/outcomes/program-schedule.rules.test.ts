import { describe, expect, it } from 'vitest';
import { checkProgramSchedule, pointsOf, programEpisodePoints, type ProgramSchedule } from './program-schedule.rules.ts';
import { DEFAULT_SUPRT, episodesOf, followUpRate, type AssessmentPoint } from './schedule.rules.ts';

// Intake within 14 days; day 30 (-7/+7), day 90 (-14/+14), day 180 (-30/+30); discharge within 30 days.
const recovery: ProgramSchedule = {
  program: 'recovery-coaching',
  intake: { instruments: ['barc-10'], windowDays: 14 },
  fixed: [
    { day: 30, instruments: ['barc-10'], windowBefore: 7, windowAfter: 7 },
    { day: 90, instruments: ['barc-10'], windowBefore: 14, windowAfter: 14 },
    { day: 180, instruments: ['barc-10'], windowBefore: 30, windowAfter: 30 },
  ],
  discharge: { instruments: ['barc-10'], windowDays: 30 },
  suprt: false,
};
const start = '2026-01-01';
const open = { start, end: null };
const given = (...on: string[]) => on.map((d) => ({ instrument: 'barc-10', on: d }));
const point = (points: AssessmentPoint[], kind: string, sequence = 0) => points.find((p) => p.kind === kind && p.sequence === sequence)!;

describe('a program schedule at every window edge', () => {
  // [point, its window, an answer on this date, status on asOf]
  it.each([
    // Intake: 2026-01-01 to 2026-01-15 (first day + 14), both ends included; owed until given.
    ['intake', 0, '2026-01-01', '2026-01-15', '2026-01-01', '2026-01-20', 'completed'],
    ['intake', 0, '2026-01-01', '2026-01-15', '2026-01-15', '2026-01-20', 'completed'],
    ['intake', 0, '2026-01-01', '2026-01-15', '2026-01-16', '2026-01-20', 'overdue'],
    ['intake', 0, '2026-01-01', '2026-01-15', null, '2026-01-15', 'open'],
    ['intake', 0, '2026-01-01', '2026-01-15', null, '2026-01-16', 'overdue'],
    // Day 30: 2026-01-24 to 2026-02-07.
    ['day', 30, '2026-01-24', '2026-02-07', '2026-01-23', '2026-02-08', 'missed'],
    ['day', 30, '2026-01-24', '2026-02-07', '2026-01-24', '2026-02-08', 'completed'],
    ['day', 30, '2026-01-24', '2026-02-07', '2026-02-07', '2026-02-08', 'completed'],
    ['day', 30, '2026-01-24', '2026-02-07', '2026-02-08', '2026-02-08', 'missed'],
    ['day', 30, '2026-01-24', '2026-02-07', null, '2026-01-23', 'upcoming'],
    ['day', 30, '2026-01-24', '2026-02-07', null, '2026-01-24', 'open'],
    ['day', 30, '2026-01-24', '2026-02-07', null, '2026-02-07', 'open'],
    ['day', 30, '2026-01-24', '2026-02-07', null, '2026-02-08', 'missed'],
    // Day 90: 2026-03-18 to 2026-04-15.
    ['day', 90, '2026-03-18', '2026-04-15', '2026-03-17', '2026-04-16', 'missed'],
    ['day', 90, '2026-03-18', '2026-04-15', '2026-03-18', '2026-04-16', 'completed'],
    ['day', 90, '2026-03-18', '2026-04-15', '2026-04-15', '2026-04-16', 'completed'],
    ['day', 90, '2026-03-18', '2026-04-15', '2026-04-16', '2026-04-16', 'missed'],
    // Day 180: 2026-05-31 to 2026-07-30.
    ['day', 180, '2026-05-31', '2026-07-30', '2026-05-30', '2026-08-01', 'missed'],
    ['day', 180, '2026-05-31', '2026-07-30', '2026-05-31', '2026-08-01', 'completed'],
    ['day', 180, '2026-05-31', '2026-07-30', '2026-07-30', '2026-08-01', 'completed'],
    ['day', 180, '2026-05-31', '2026-07-30', '2026-07-31', '2026-08-01', 'missed'],
  ])('%s %s (window %s to %s): an answer on %s, seen on %s, is %s', (kind, sequence, windowStart, windowEnd, on, asOf, status) => {
    const points = programEpisodePoints(open, 0, on ? given(on) : [], recovery, asOf);
    expect(point(points, kind, sequence)).toMatchObject({ windowStart, windowEnd, status, completedOn: status === 'completed' ? on : null, program: 'recovery-coaching' });
  });

  it.each([
    // Discharge 2026-03-01: window 2026-03-01 to 2026-03-31, owed until given.
    ['2026-03-01', '2026-04-05', 'completed'],
    ['2026-03-31', '2026-04-05', 'completed'],
    ['2026-04-01', '2026-04-05', 'overdue'],
    [null, '2026-03-31', 'open'],
    [null, '2026-04-01', 'overdue'],
  ])('discharge: an answer on %s, seen on %s, is %s', (on, asOf, status) => {
    const points = programEpisodePoints({ start, end: '2026-03-01' }, 0, on ? given(on) : [], recovery, asOf);
    expect(point(points, 'discharge')).toMatchObject({ windowStart: '2026-03-01', windowEnd: '2026-03-31', status });
  });

  it('a discharge before or during a day window cancels it and every later one; one whose window closed stays as it was', () => {
    // Discharge on 2026-04-15, the last day of day 90's window: 90 and 180 are cancelled, 30 was missed.
    const points = programEpisodePoints({ start, end: '2026-04-15' }, 0, given('2026-01-02'), recovery, '2026-04-20');
    expect([30, 90, 180].map((d) => point(points, 'day', d).status)).toEqual(['missed', 'cancelled', 'cancelled']);
    // Discharge the day after day 90's window closed: day 90 is missed, not cancelled.
    const later = programEpisodePoints({ start, end: '2026-04-16' }, 0, given('2026-01-02'), recovery, '2026-04-20');
    expect([90, 180].map((d) => point(later, 'day', d).status)).toEqual(['missed', 'cancelled']);
    // An answer inside the window before the discharge still completes it.
    const done = programEpisodePoints({ start, end: '2026-04-10' }, 0, given('2026-01-02', '2026-04-01'), recovery, '2026-04-20');
    expect(point(done, 'day', 90)).toMatchObject({ status: 'completed', completedOn: '2026-04-01' });
  });

  it('counts its day points in the follow-up rate; intake and discharge are not follow-ups', () => {
    const points = programEpisodePoints(open, 0, given('2026-01-02', '2026-01-30', '2026-05-01'), recovery, '2026-08-01');
    // Day 30 completed, day 90 missed, day 180 completed outside (2026-05-01 is before its window).
    expect(followUpRate(points)).toEqual({ completed: 1, due: 3, rate: 33.3 });
  });
});

describe('which schedule a participant follows', () => {
  const programs = new Map([[recovery.program, recovery]]);
  const suprt = { ...DEFAULT_SUPRT, instruments: ['barc-10'] };

  it("follows the program of the episode's first session, else the organization's SUPRT pattern; a re-enrolment takes its own", () => {
    const episodes = episodesOf([
      { start: '2026-01-01', end: '2026-03-01', program: null },
      { start: '2026-03-10', end: '2026-04-01', program: 'recovery-coaching' },
      { start: '2026-09-01', end: null, program: 'drop-in' },
    ]);
    expect(episodes.map((e) => e.program)).toEqual(['recovery-coaching', 'drop-in']);
    const points = pointsOf(episodes, given('2026-01-05', '2026-09-03'), suprt, programs, '2026-09-10');
    expect(points.filter((p) => p.episode === 0).map((p) => p.kind)).toContain('intake');
    expect(points.filter((p) => p.episode === 0).every((p) => p.program === 'recovery-coaching')).toBe(true);
    // 'drop-in' has no schedule: SUPRT, with its own baseline from the second episode's answer.
    expect(points.filter((p) => p.episode === 1).map((p) => p.kind)).toEqual(['baseline', 'reassessment', 'annual']);
    expect(point(points.filter((p) => p.episode === 1), 'baseline')).toMatchObject({ status: 'completed', completedOn: '2026-09-03', program: null });
  });

  it('keeps the SUPRT points as well when the schedule says so', () => {
    const points = pointsOf([{ ...open, program: 'recovery-coaching' }], given('2026-01-02'), suprt, new Map([[recovery.program, { ...recovery, suprt: true }]]), '2026-02-01');
    expect(new Set(points.map((p) => p.kind))).toEqual(new Set(['intake', 'day', 'baseline', 'reassessment', 'annual']));
  });
});

describe('checking a schedule', () => {
  const known = new Set(['barc-10', 'phq-9']);
  const base = { intake: recovery.intake, fixed: recovery.fixed, discharge: recovery.discharge, suprt: false };

  it('accepts a schedule whose windows can be told apart', () => {
    expect(checkProgramSchedule(base, known)).toEqual([]);
    // Day 30 may open the day after intake closes (day 15), not on it.
    expect(checkProgramSchedule({ ...base, fixed: [{ day: 30, instruments: ['phq-9'], windowBefore: 15, windowAfter: 0 }] }, known)).toEqual([]);
  });

  it.each([
    ['an unknown instrument', { ...base, intake: { instruments: ['barc-10', 'nope'], windowDays: 14 } }, 'intake.instruments.1'],
    ['an instrument twice at one point', { ...base, discharge: { instruments: ['phq-9', 'phq-9'], windowDays: 30 } }, 'discharge.instruments.1'],
    ['a day twice', { ...base, fixed: [...base.fixed, { day: 90, instruments: ['phq-9'], windowBefore: 0, windowAfter: 0 }] }, 'fixed.3.day'],
    ['a window opening on intake', { ...base, fixed: [{ day: 30, instruments: ['phq-9'], windowBefore: 30, windowAfter: 0 }] }, 'fixed.0.windowBefore'],
    ['a window opening as intake closes', { ...base, fixed: [{ day: 30, instruments: ['phq-9'], windowBefore: 16, windowAfter: 0 }] }, 'fixed.0.windowBefore'],
    [
      'overlapping day windows (in any order)',
      { ...base, fixed: [{ day: 90, instruments: ['phq-9'], windowBefore: 60, windowAfter: 0 }, { day: 30, instruments: ['phq-9'], windowBefore: 7, windowAfter: 7 }] },
      'fixed.0.windowBefore',
    ],
    ['nothing to give', { intake: null, fixed: [], discharge: null, suprt: false }, 'intake'],
  ])('names the field of %s', (_what, schedule, field) => {
    expect(checkProgramSchedule(schedule, known).map((p) => p.field)).toEqual([field]);
  });

  it('words its problems in Spanish for a Spanish reader', () => {
    const [problem] = checkProgramSchedule({ ...base, fixed: [{ day: 30, instruments: ['phq-9'], windowBefore: 16, windowAfter: 0 }] }, known, 'es');
    expect(problem).toEqual({ field: 'fixed.0.windowBefore', message: 'El plazo del día 30 se abre el día 14, antes de que se cierre el plazo del ingreso (día 14)' });
  });
});
