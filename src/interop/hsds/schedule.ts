// "Open now" and "next opening" from HSDS 3.0 schedules (schedule.json: freq, byday, bymonthday,
// opens_at, closes_at, valid_from, valid_to, dtstart, until, interval), evaluated in the
// location's IANA time zone. Local weekday and wall-clock time come from Intl.DateTimeFormat, so
// daylight saving time follows the tz database; nothing here knows DST rules.
//
// Reading of the schedule rows (HSDS leaves some of this to implementers):
// - a row with opens_at and closes_at is a session; without byday it runs every day (or on
//   bymonthday for MONTHLY); `2MO` / `-1FR` in a MONTHLY byday is the nth / last weekday;
// - closes_at at or before opens_at runs past midnight (22:00-06:00); equal times mean 24 hours;
// - a row with a date range (valid_from/valid_to) and no opening times and no days is a closure
//   (how legacy `holiday_schedules` with closed=true are imported): closed on those local dates;
// - opens_at/closes_at are read as local wall-clock times of the location; a UTC offset written
//   after them is ignored, because a fixed offset is wrong for half the year where DST applies.
import type { Schedule } from './model.ts';
import { WEEKDAYS, parseClock } from './normalize.ts';

type ScheduleLike = Pick<
  Schedule,
  'opens_at' | 'closes_at' | 'byday' | 'bymonthday' | 'freq' | 'interval' | 'valid_from' | 'valid_to' | 'dtstart' | 'until'
>;

interface LocalDay {
  y: number;
  m: number;
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

type LocalParts = LocalDay & { minute: number; second: number };
/** The last answer per time zone: a search asks for the same instant once per result row. */
const lastParts = new Map<string, { t: number; parts: LocalParts }>();

/** Local calendar date and minute of day of an instant in a time zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const t = instant.getTime();
  const last = lastParts.get(timeZone);
  if (last && last.t === t) return last.parts;
  const parts = formatParts(instant, timeZone);
  lastParts.set(timeZone, { t, parts });
  return parts;
}

function formatParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    y: parts['year']!,
    m: parts['month']!,
    d: parts['day']!,
    minute: (parts['hour']! % 24) * 60 + parts['minute']!,
    second: parts['second']!,
  };
}

/** The instant at which the local wall clock in `timeZone` shows (day, minute). */
export function zonedInstant(day: LocalDay, minute: number, timeZone: string): Date {
  const wall = Date.UTC(day.y, day.m - 1, day.d, 0, minute);
  const offsetAt = (t: number): number => {
    const p = localParts(new Date(t), timeZone);
    return Date.UTC(p.y, p.m - 1, p.d, 0, p.minute, p.second) - t;
  };
  const t1 = wall - offsetAt(wall);
  const t2 = wall - offsetAt(t1);
  const shows = (t: number): boolean => {
    const p = localParts(new Date(t), timeZone);
    return p.y === day.y && p.m === day.m && p.d === day.d && p.minute === minute;
  };
  // Fall-back hour: both exist, take the first. Spring-forward gap: neither exists, take the
  // later one (a 02:30 opening happens at 03:30).
  const exact = [t1, t2].filter(shows).sort((a, b) => a - b)[0];
  return new Date(exact ?? Math.max(t1, t2));
}

const addDays = (day: LocalDay, n: number): LocalDay => {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const iso = (day: LocalDay): string =>
  `${day.y}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
/** 0 = Monday ... 6 = Sunday (WEEKDAYS order). */
const weekdayIndex = (day: LocalDay): number => (new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay() + 6) % 7;
const daysInMonth = (day: LocalDay): number => new Date(Date.UTC(day.y, day.m, 0)).getUTCDate();
const dayNumber = (day: LocalDay): number => Date.UTC(day.y, day.m - 1, day.d) / 86_400_000;

/** Parsed opening times: a directory has few distinct ones, and a search reads each row's. */
const clocks = new Map<string, number | undefined>();
const clock = (v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (clocks.has(v)) return clocks.get(v);
  const minutes = parseClock(v)?.minutes;
  if (clocks.size >= 10_000) clocks.clear();
  clocks.set(v, minutes);
  return minutes;
};

function inRange(s: ScheduleLike, day: LocalDay): boolean {
  const date = iso(day);
  const from = s.valid_from ?? s.dtstart;
  const to = s.valid_to ?? s.until;
  if (from && date < from.slice(0, 10)) return false;
  if (to && date > to.slice(0, 10)) return false;
  return true;
}

function isClosure(s: ScheduleLike): boolean {
  return (
    s.opens_at === undefined &&
    s.closes_at === undefined &&
    s.byday === undefined &&
    (s.valid_from !== undefined || s.valid_to !== undefined)
  );
}

function appliesOn(s: ScheduleLike, day: LocalDay): boolean {
  if (!inRange(s, day)) return false;
  const wd = weekdayIndex(day);
  if (s.freq === 'WEEKLY' && s.interval !== undefined && s.interval > 1 && s.dtstart) {
    // Every `interval` weeks counted from the week of dtstart (weeks start on Monday here).
    const start = /^(\d{4})-(\d{2})-(\d{2})/.exec(s.dtstart);
    if (start) {
      const d0 = { y: +start[1]!, m: +start[2]!, d: +start[3]! };
      const weeks = Math.floor((dayNumber(day) - wd - (dayNumber(d0) - weekdayIndex(d0))) / 7);
      if (weeks % s.interval !== 0) return false;
    }
  }
  if (s.freq === 'MONTHLY' && s.bymonthday) {
    const n = daysInMonth(day);
    const days = s.bymonthday.split(',').map((x) => Number(x.trim()));
    if (!days.some((k) => k === day.d || (k < 0 && n + k + 1 === day.d))) return false;
  }
  if (!s.byday) return true;
  for (const part of s.byday.split(',')) {
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(part.trim().toUpperCase());
    if (!m || WEEKDAYS.indexOf(m[2] as (typeof WEEKDAYS)[number]) !== wd) continue;
    if (m[1] === undefined) return true;
    const nth = Number(m[1]);
    if (nth > 0 && Math.ceil(day.d / 7) === nth) return true;
    if (nth < 0 && Math.ceil((daysInMonth(day) - day.d + 1) / 7) === -nth) return true;
  }
  return false;
}

interface Session {
  start: number; // minutes from the start of the day it belongs to
  end: number; // may exceed 1440 when it runs past midnight
}

function sessionsOn(schedules: readonly ScheduleLike[], day: LocalDay): Session[] {
  if (schedules.some((s) => isClosure(s) && inRange(s, day))) return [];
  const out: Session[] = [];
  for (const s of schedules) {
    const open = clock(s.opens_at);
    const close = clock(s.closes_at);
    if (open === undefined || close === undefined || !appliesOn(s, day)) continue;
    out.push({ start: open, end: close > open ? close : close + 1440 });
  }
  return out;
}

/** Whether the schedules say the place is open at `now`, in the location's IANA `timeZone`. */
export function isOpenNow(schedules: readonly ScheduleLike[], now: Date, timeZone: string): boolean {
  const local = localParts(now, timeZone);
  const today: LocalDay = { y: local.y, m: local.m, d: local.d };
  const t = local.minute;
  if (sessionsOn(schedules, today).some((s) => s.start <= t && t < s.end)) return true;
  // A session that began yesterday and runs past midnight.
  return sessionsOn(schedules, addDays(today, -1)).some((s) => s.end > 1440 && t < s.end - 1440);
}

/**
 * The next instant at or after `now` when the place is open: `now` itself when open now, the
 * start of the next session otherwise, `undefined` when nothing opens within `horizonDays`.
 */
export function nextOpening(
  schedules: readonly ScheduleLike[],
  now: Date,
  timeZone: string,
  horizonDays = 14,
): Date | undefined {
  if (isOpenNow(schedules, now, timeZone)) return now;
  const local = localParts(now, timeZone);
  const today: LocalDay = { y: local.y, m: local.m, d: local.d };
  for (let i = 0; i <= horizonDays; i++) {
    const day = addDays(today, i);
    const starts = sessionsOn(schedules, day)
      .map((s) => zonedInstant(day, s.start, timeZone))
      .filter((d) => d.getTime() > now.getTime())
      .sort((a, b) => a.getTime() - b.getTime());
    if (starts[0]) return starts[0];
  }
  return undefined;
}
