import { addDays, assessmentPoints, type AssessmentPoint, type Episode, type PointStatus, type SuprtSchedule } from './schedule.rules.ts';

/**
 * A program's own assessment schedule (issue 20): which instruments at intake, at fixed days
 * after intake (30/90/180 …), and at discharge, each with its window, as data an admin edits.
 * The points feed the same statuses and follow-up rate as the SUPRT pattern (schedule.rules.ts):
 *
 * - Intake: from the episode's first day to `windowDays` after (both ends), owed until given
 *   (`overdue` once past), like a SUPRT baseline.
 * - Day N: from N - `windowBefore` to N + `windowAfter` days after the episode's first day;
 *   a follow-up, `missed` once past, counted by the follow-up rate like a reassessment.
 * - Discharge: from the end of care to `windowDays` after, owed until given, like a closeout;
 *   a discharge before or during a day-N window cancels that point and every later one.
 * - `suprt: true` keeps the organization's SUPRT points as well (a SAMHSA-funded program).
 *
 * A participant's program in an episode is the program of the episode's first signed session
 * that names one; until there is such a session, or when the program has no schedule, the
 * organization's SUPRT schedule applies.
 */

export interface ProgramPoint {
  instruments: string[];
  windowDays: number;
}
export interface FixedPoint {
  day: number;
  instruments: string[];
  windowBefore: number;
  windowAfter: number;
}
export interface ProgramSchedule {
  program: string;
  intake: ProgramPoint | null;
  fixed: FixedPoint[];
  discharge: ProgramPoint | null;
  suprt: boolean;
}

export interface ScheduleProblem {
  field: string;
  message: string;
}

/**
 * Cross-field checks a schema cannot make: every instrument known (built-in or the
 * organization's), none twice at one point, no day twice, and windows that can be told apart:
 * a day's window opens after the intake window closes and after the previous day's closes
 * (an answer inside two windows would complete both). Fields are named as in the request body.
 */
const MESSAGES = {
  en: {
    unknown: (code: string) => `No instrument "${code}"`,
    twice: (code: string) => `"${code}" is already given at this point`,
    dayTwice: (day: number, other: number) => `Day ${day} is already a point (fixed.${other})`,
    beforeIntake: (day: number) => `The window of day ${day} would open on or before intake: open it fewer than ${day} days before`,
    overlap: (day: number, opens: number, closer: number | null, closes: number) =>
      `The window of day ${day} opens on day ${opens}, before ${closer === null ? 'the intake window' : `the window of day ${closer}`} closes (day ${closes})`,
    empty: 'Give at least one point (intake, a day or discharge), or follow SUPRT',
  },
  es: {
    unknown: (code: string) => `No hay ninguna medida "${code}"`,
    twice: (code: string) => `"${code}" ya se aplica en este punto`,
    dayTwice: (day: number, other: number) => `El día ${day} ya es un punto (fixed.${other})`,
    beforeIntake: (day: number) => `El plazo del día ${day} se abriría el día del ingreso o antes: ábralo menos de ${day} días antes`,
    overlap: (day: number, opens: number, closer: number | null, closes: number) =>
      `El plazo del día ${day} se abre el día ${opens}, antes de que se cierre ${closer === null ? 'el plazo del ingreso' : `el plazo del día ${closer}`} (día ${closes})`,
    empty: 'Indique al menos un punto (ingreso, un día o alta), o siga SUPRT',
  },
};

export const checkProgramSchedule = (s: Omit<ProgramSchedule, 'program'>, known: ReadonlySet<string>, lang: 'en' | 'es' = 'en'): ScheduleProblem[] => {
  const m = MESSAGES[lang];
  const problems: ScheduleProblem[] = [];
  const instrumentsAt = (list: string[], at: string) => {
    const seen = new Set<string>();
    list.forEach((code, i) => {
      if (!known.has(code)) problems.push({ field: `${at}.instruments.${i}`, message: m.unknown(code) });
      else if (seen.has(code)) problems.push({ field: `${at}.instruments.${i}`, message: m.twice(code) });
      seen.add(code);
    });
  };
  if (s.intake) instrumentsAt(s.intake.instruments, 'intake');
  if (s.discharge) instrumentsAt(s.discharge.instruments, 'discharge');
  const days = new Map<number, number>();
  s.fixed.forEach((f, i) => {
    instrumentsAt(f.instruments, `fixed.${i}`);
    if (days.has(f.day)) problems.push({ field: `fixed.${i}.day`, message: m.dayTwice(f.day, days.get(f.day)!) });
    else days.set(f.day, i);
    if (f.windowBefore >= f.day) problems.push({ field: `fixed.${i}.windowBefore`, message: m.beforeIntake(f.day) });
  });
  const order = s.fixed.map((f, i) => ({ ...f, i })).sort((a, b) => a.day - b.day);
  let closes = s.intake ? s.intake.windowDays : null;
  let closer: number | null = null;
  for (const f of order) {
    if (days.get(f.day) !== f.i || f.windowBefore >= f.day) continue;
    const opens = f.day - f.windowBefore;
    if (closes !== null && opens <= closes) {
      problems.push({ field: `fixed.${f.i}.windowBefore`, message: m.overlap(f.day, opens, closer, closes) });
    }
    closes = f.day + f.windowAfter;
    closer = f.day;
  }
  if (!s.suprt && !s.intake && !s.discharge && s.fixed.length === 0) problems.push({ field: 'intake', message: m.empty });
  return problems;
};

/** The points of one episode under a program schedule, with their status on `asOf`. */
export const programEpisodePoints = (
  episode: Episode,
  index: number,
  given: Array<{ instrument: string; on: string }>,
  s: ProgramSchedule,
  asOf: string,
): AssessmentPoint[] => {
  const out: AssessmentPoint[] = [];
  const push = (kind: AssessmentPoint['kind'], sequence: number, instruments: string[], start: string, end: string, owed: boolean) => {
    for (const instrument of instruments) {
      const completedOn = given.filter((g) => g.instrument === instrument && g.on >= start && g.on <= end).map((g) => g.on).sort()[0] ?? null;
      const cancelled = !owed && episode.end !== null && episode.end <= end && completedOn === null;
      let status: PointStatus;
      if (completedOn !== null) status = 'completed';
      else if (cancelled) status = 'cancelled';
      else if (asOf < start) status = 'upcoming';
      else if (asOf <= end) status = 'open';
      else status = owed ? 'overdue' : 'missed';
      out.push({ episode: index, kind, sequence, instrument, windowStart: start, windowEnd: end, status, completedOn, program: s.program });
    }
  };
  if (s.intake) push('intake', 0, s.intake.instruments, episode.start, addDays(episode.start, s.intake.windowDays), true);
  for (const f of [...s.fixed].sort((a, b) => a.day - b.day)) {
    push('day', f.day, f.instruments, addDays(episode.start, f.day - f.windowBefore), addDays(episode.start, f.day + f.windowAfter), false);
  }
  if (s.discharge && episode.end !== null) push('discharge', 0, s.discharge.instruments, episode.end, addDays(episode.end, s.discharge.windowDays), true);
  return out;
};

/**
 * Every point of every episode of one participant: an episode whose program has a schedule
 * follows it (plus SUPRT when the schedule keeps it), any other the organization's SUPRT pattern.
 * Answers count only in the episode they were given in.
 */
export const pointsOf = (
  episodes: Array<Episode & { program?: string | null }>,
  given: Array<{ instrument: string; on: string }>,
  suprt: SuprtSchedule,
  programs: ReadonlyMap<string, ProgramSchedule>,
  asOf: string,
): AssessmentPoint[] =>
  episodes.flatMap((episode, e) => {
    const next = episodes[e + 1]?.start ?? null;
    const inEpisode = given.filter((g) => g.on >= episode.start && (next === null || g.on < next));
    const own = episode.program ? programs.get(episode.program) : undefined;
    const suprtPoints = () => assessmentPoints([{ start: episode.start, end: episode.end }], inEpisode, suprt, asOf).map((p) => ({ ...p, episode: e }));
    if (!own) return suprtPoints();
    return [...programEpisodePoints(episode, e, inEpisode, own, asOf), ...(own.suprt ? suprtPoints() : [])];
  });
