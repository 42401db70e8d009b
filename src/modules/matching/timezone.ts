/**
 * A small, pure time-zone helper for weekly availability (issue 3: "Free Tuesday evenings").
 *
 * Availability windows are local wall-clock times ("tue 18:00-20:00") in each person's IANA zone.
 * To compare a participant in America/Chicago with a peer in America/New_York we map both onto
 * one *reference week* of absolute time: the week that starts Monday 00:00 UTC on or before the
 * `asOf` date the caller passes (the coming week as the service sees it), or a fixed week
 * (2025-01-06) when none is given. Minutes are counted from that instant, 0..10079, and a window
 * that spills past either end wraps around, because the schedule repeats every week.
 *
 * Offsets come from `Intl.DateTimeFormat` (the runtime's IANA database). Calling Intl for every
 * window of 30,000 peers would be slow, so each zone's offsets over the reference week (with two
 * days of margin on either side) are read once and kept as a list of transitions: a DST change
 * inside the week is honoured to the minute. A local time that falls in a spring-forward gap is
 * moved forward by the gap; an ambiguous fall-back time takes its first occurrence.
 * An unknown zone is treated as UTC (zones are validated where data enters, not here).
 */

export const DAY_MINUTES = 1440;
export const WEEK_MINUTES = 7 * DAY_MINUTES;
const MINUTE_MS = 60_000;
const DAY_MS = DAY_MINUTES * MINUTE_MS;
/** Monday 2025-01-06 00:00 UTC. */
export const DEFAULT_REFERENCE_WEEK_START_MS = Date.UTC(2025, 0, 6);

/**
 * Start (ms since epoch) of the Monday 00:00 UTC on or before `asOf` (ISO date or date-time).
 * Without `asOf`, the fixed default week.
 */
export function referenceWeekStart(asOf?: string): number {
  if (asOf === undefined) return DEFAULT_REFERENCE_WEEK_START_MS;
  const t = Date.parse(asOf.length === 10 ? `${asOf}T00:00:00Z` : asOf);
  if (Number.isNaN(t)) return DEFAULT_REFERENCE_WEEK_START_MS;
  const dayStart = Math.floor(t / DAY_MS) * DAY_MS;
  const isoDay = (new Date(dayStart).getUTCDay() + 6) % 7; // Monday = 0
  return dayStart - isoDay * DAY_MS;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

export function isValidTimeZone(zone: string): boolean {
  return formatterFor(zone) !== null;
}

/** UTC offset of `zone` at instant `utcMs`, in minutes east of UTC (New York in winter: -300). */
export function offsetMinutesAt(zone: string, utcMs: number): number {
  const f = formatterFor(zone);
  if (!f) return 0;
  let y = 0, mo = 0, d = 0, h = 0, mi = 0;
  for (const p of f.formatToParts(utcMs)) {
    switch (p.type) {
      case 'year': y = Number(p.value); break;
      case 'month': mo = Number(p.value); break;
      case 'day': d = Number(p.value); break;
      case 'hour': h = Number(p.value); break;
      case 'minute': mi = Number(p.value); break;
    }
  }
  const flooredUtc = Math.floor(utcMs / MINUTE_MS) * MINUTE_MS;
  return Math.round((Date.UTC(y, mo - 1, d, h, mi) - flooredUtc) / MINUTE_MS);
}

/** A zone's offsets over one reference week, as transitions in reference-week UTC minutes. */
export interface ZoneWeek {
  /** Offset before the first transition. */
  readonly initialOffset: number;
  /** UTC minutes (relative to the week start) at which the offset changes; ascending. */
  readonly transitionAt: readonly number[];
  /** Offset from the matching transition on. */
  readonly offsetAfter: readonly number[];
}

const MARGIN_MIN = 2 * DAY_MINUTES;
const zoneWeeks = new Map<string, ZoneWeek>();

/** Reads a zone's offsets for the week once; later calls are a map lookup. */
export function zoneWeek(zone: string, weekStartMs: number): ZoneWeek {
  const key = `${weekStartMs}|${zone}`;
  const cached = zoneWeeks.get(key);
  if (cached) return cached;
  if (zoneWeeks.size > 10_000) zoneWeeks.clear(); // bounded: ~600 zones times a few weeks

  const at = (min: number) => offsetMinutesAt(zone, weekStartMs + min * MINUTE_MS);
  const initialOffset = at(-MARGIN_MIN);
  const transitionAt: number[] = [];
  const offsetAfter: number[] = [];
  // Hourly samples find every change (no zone changes its offset twice within an hour); a binary
  // search then finds the exact minute.
  let prevMin = -MARGIN_MIN;
  let prevOff = initialOffset;
  for (let m = -MARGIN_MIN + 60; m <= WEEK_MINUTES + MARGIN_MIN; m += 60) {
    const off = at(m);
    if (off !== prevOff) {
      let lo = prevMin; // offset prevOff
      let hi = m; // offset off
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (at(mid) === prevOff) lo = mid;
        else hi = mid;
      }
      transitionAt.push(hi);
      offsetAfter.push(off);
      prevOff = off;
    }
    prevMin = m;
  }
  const zw: ZoneWeek = { initialOffset, transitionAt, offsetAfter };
  zoneWeeks.set(key, zw);
  return zw;
}

/** Offset at a UTC minute of the reference week. */
export function offsetAt(zw: ZoneWeek, utcMinute: number): number {
  let off = zw.initialOffset;
  const t = zw.transitionAt;
  for (let i = 0; i < t.length; i++) {
    if (utcMinute >= t[i]!) off = zw.offsetAfter[i]!;
    else break;
  }
  return off;
}

/**
 * Converts a local wall-clock minute (counted from Monday 00:00 local of the reference week)
 * to a UTC minute of the reference week (not wrapped).
 */
export function localToUtcMinute(zw: ZoneWeek, localMinute: number): number {
  if (zw.transitionAt.length === 0) return localMinute - zw.initialOffset;
  // Try each offset in force during the week, earliest first: the first consistent one is the
  // first occurrence of an ambiguous time.
  let candidateOff = zw.initialOffset;
  for (let i = -1; i < zw.transitionAt.length; i++) {
    const off = i < 0 ? zw.initialOffset : zw.offsetAfter[i]!;
    const utc = localMinute - off;
    if (offsetAt(zw, utc) === off) return utc;
    if (i < 0) candidateOff = off;
  }
  // In a spring-forward gap: read the clock with the offset before the change, which moves the
  // time forward by the size of the gap.
  return localMinute - candidateOff;
}

/**
 * Parses "HH:MM" (00:00..24:00) to minutes of the day; NaN when malformed. Character codes, not
 * a regular expression: it runs for every window of every peer in a ranking.
 */
export function parseClock(hhmm: string): number {
  if (hhmm.length !== 5 || hhmm.charCodeAt(2) !== 58 /* : */) return Number.NaN;
  const h1 = hhmm.charCodeAt(0) - 48;
  const h2 = hhmm.charCodeAt(1) - 48;
  const m1 = hhmm.charCodeAt(3) - 48;
  const m2 = hhmm.charCodeAt(4) - 48;
  if (h1 < 0 || h1 > 2 || h2 < 0 || h2 > 9 || m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9) return Number.NaN;
  const h = h1 * 10 + h2;
  const m = m1 * 10 + m2;
  if (h > 24 || (h === 24 && m !== 0)) return Number.NaN;
  return h * 60 + m;
}
