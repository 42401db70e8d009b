/**
 * When assessments are due (issue 20): the SAMHSA SUPRT pattern and an organization's own fixed
 * points, as windows on calendar dates (shared/OUTCOMES-AND-WORKFORCE.md §2).
 *
 * - Baseline: within `baselineDays` (30) of the episode's first service.
 * - Reassessment: once, `reassessmentDays` (180; some programs 90) after the baseline, ± `windowDays` (30).
 * - Annual: each 12-month anniversary of the baseline, ± `windowDays`.
 * - Closeout: within `closeoutDays` (30) of the end of care. A closeout before or during a
 *   reassessment window cancels that reassessment and every later one and annual.
 * - Re-enrolment starts a new episode, with a new baseline.
 * - Follow-up rate = reassessments completed inside their window / reassessments due; a record
 *   outside the window does not count.
 * Dates are the organization's calendar dates (`YYYY-MM-DD`); windows include both ends.
 */

export interface SuprtSchedule {
  baselineDays: number;
  reassessmentDays: number;
  windowDays: number;
  closeoutDays: number;
  /** Instruments given at each point (e.g. BARC-10 and PHQ-9). */
  instruments: string[];
}

export const DEFAULT_SUPRT: SuprtSchedule = { baselineDays: 30, reassessmentDays: 180, windowDays: 30, closeoutDays: 30, instruments: ['barc-10', 'phq-9'] };

export interface Episode {
  /** First service of the episode. */
  start: string;
  /** End of care, when care ended. */
  end: string | null;
  /** The program of the episode's first signed session that names one (program-schedule.rules.ts). */
  program?: string | null;
}

/** SUPRT points, and a program schedule's own (intake, a fixed day after intake, discharge). */
export type PointKind = 'baseline' | 'reassessment' | 'annual' | 'closeout' | 'intake' | 'day' | 'discharge';
export type PointStatus = 'upcoming' | 'open' | 'overdue' | 'completed' | 'missed' | 'cancelled';

export interface AssessmentPoint {
  episode: number;
  kind: PointKind;
  /** The year of an annual (1, 2, …); 1 for the reassessment; the day of a `day` point; 0 otherwise. */
  sequence: number;
  instrument: string;
  windowStart: string;
  windowEnd: string;
  status: PointStatus;
  completedOn: string | null;
  /** The program whose schedule set the point; null for the organization's SUPRT pattern. */
  program: string | null;
}

const DAY_MS = 86_400_000;
const toDay = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
const fromDay = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
export const addDays = (d: string, n: number) => fromDay(toDay(d) + n);
const addYears = (d: string, years: number) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  // 29 February's anniversary in a common year is 28 February.
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return fromDay(Date.UTC(y + years, m - 1, Math.min(day, last)) / DAY_MS);
};

/**
 * Episodes from a participant's assignments: an assignment starting within `gapDays` of the end
 * of the one before is a change of peer in the same episode; a later one is a re-enrolment. An
 * episode's program is the first one its assignments name (in order), if any does.
 */
export const episodesOf = (assignments: Array<{ start: string; end: string | null; program?: string | null }>, gapDays = 30): Episode[] => {
  const sorted = [...assignments].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Episode[] = [];
  for (const a of sorted) {
    const last = out[out.length - 1];
    if (last && (last.end === null || toDay(a.start) - toDay(last.end) <= gapDays)) {
      last.end = last.end === null || a.end === null ? null : a.end > last.end ? a.end : last.end;
      if (!last.program && a.program) last.program = a.program;
      continue;
    }
    out.push(a.program === undefined ? { start: a.start, end: a.end } : { start: a.start, end: a.end, program: a.program });
  }
  return out;
};

interface Window {
  kind: PointKind;
  sequence: number;
  start: string;
  end: string;
}

/** The windows of one episode, as far as `asOf` (plus the next upcoming one of each kind). */
const windowsOf = (episode: Episode, baselineOn: string | null, s: SuprtSchedule, asOf: string): Window[] => {
  const windows: Window[] = [{ kind: 'baseline', sequence: 0, start: episode.start, end: addDays(episode.start, s.baselineDays) }];
  // Later points count from the baseline as given, else from when it was due to be given.
  const anchor = baselineOn ?? episode.start;
  const horizon = episode.end ?? asOf;
  const closeoutStart = episode.end;
  const cancelled = (w: Window) => closeoutStart !== null && closeoutStart <= w.end;
  const horizonReached = (w: Window) => w.start > horizon || cancelled(w);
  // One reassessment `reassessmentDays` after the baseline, then one each 12-month anniversary.
  const reDue = addDays(anchor, s.reassessmentDays);
  windows.push({ kind: 'reassessment', sequence: 1, start: addDays(reDue, -s.windowDays), end: addDays(reDue, s.windowDays) });
  for (let n = 1; ; n++) {
    const due = addYears(anchor, n);
    const w = { kind: 'annual' as const, sequence: n, start: addDays(due, -s.windowDays), end: addDays(due, s.windowDays) };
    windows.push(w);
    if (horizonReached(w)) break;
  }
  if (episode.end !== null) windows.push({ kind: 'closeout', sequence: 0, start: episode.end, end: addDays(episode.end, s.closeoutDays) });
  return windows;
};

/**
 * Every point of every episode with its status on `asOf`: `completed` when the instrument was
 * given inside the window, `open` while the window runs, `overdue` for a baseline or closeout
 * past its window (it is still owed), `missed` for a reassessment or annual past its window,
 * `cancelled` when a closeout came before or during its window, `upcoming` before it opens.
 */
export const assessmentPoints = (
  episodes: Episode[],
  given: Array<{ instrument: string; on: string }>,
  s: SuprtSchedule,
  asOf: string,
): AssessmentPoint[] => {
  const out: AssessmentPoint[] = [];
  episodes.forEach((episode, e) => {
    const episodeEnd = episodes[e + 1]?.start ?? null;
    const inEpisode = given.filter((g) => g.on >= episode.start && (episodeEnd === null || g.on < episodeEnd));
    for (const instrument of s.instruments) {
      const mine = inEpisode.filter((g) => g.instrument === instrument).map((g) => g.on).sort();
      const baselineOn = mine.find((on) => on <= addDays(episode.start, s.baselineDays)) ?? null;
      for (const w of windowsOf(episode, baselineOn, s, asOf)) {
        const completedOn = mine.find((on) => on >= w.start && on <= w.end) ?? null;
        const cancelled = w.kind !== 'baseline' && w.kind !== 'closeout' && episode.end !== null && episode.end <= w.end && completedOn === null;
        let status: PointStatus;
        if (completedOn !== null) status = 'completed';
        else if (cancelled) status = 'cancelled';
        else if (asOf < w.start) status = 'upcoming';
        else if (asOf <= w.end) status = 'open';
        else status = w.kind === 'baseline' || w.kind === 'closeout' ? 'overdue' : 'missed';
        out.push({ episode: e, kind: w.kind, sequence: w.sequence, instrument, windowStart: w.start, windowEnd: w.end, status, completedOn, program: null });
      }
    }
  });
  return out;
};

/**
 * Follow-up rate: reassessments, annuals and a program's fixed-day points completed inside their
 * window over those due (completed, or whose window has closed uncompleted). Cancelled and
 * upcoming points do not count. Target: at least 80%.
 */
export const followUpRate = (points: AssessmentPoint[]): { completed: number; due: number; rate: number | null } => {
  const followUps = points.filter((p) => p.kind === 'reassessment' || p.kind === 'annual' || p.kind === 'day');
  const completed = followUps.filter((p) => p.status === 'completed').length;
  const due = completed + followUps.filter((p) => p.status === 'missed').length;
  return { completed, due, rate: due === 0 ? null : Math.round((1000 * completed) / due) / 10 };
};

export const FOLLOW_UP_TARGET = 80;
