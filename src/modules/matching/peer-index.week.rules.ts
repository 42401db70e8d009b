// The peers' free time in the index (peer-index.rules.ts): each peer's availability as merged
// UTC spans of one reference week, as `sharedMinutes` builds them, computed once per index and
// week (the week moves with DST) and read by every probe of that week.
import { MAX_FAST_WINDOWS, dayIndex, windowsToUtcIntervals } from './matching.rules.ts';
import { DAY_MINUTES, WEEK_MINUTES, localToUtcMinute, parseClock, zoneWeek } from './timezone.ts';
import type { PeerIndex, WeekSpans } from './peer-index.build.rules.ts';

/** A span as (start modulo the week, length): what freeBetween() computes first, done once. */
function pushSpan(spans: number[], from: number, to: number): void {
  let a = from % WEEK_MINUTES;
  if (a < 0) a += WEEK_MINUTES;
  spans.push(a, to - from);
}

const spanStart = new Int32Array(MAX_FAST_WINDOWS);
const spanEnd = new Int32Array(MAX_FAST_WINDOWS);

/** The peers' merged UTC spans of the week starting `weekStart`, as `sharedMinutes` builds them. */
export function weekSpans(index: PeerIndex, weekStart: number): WeekSpans {
  const cached = index.weeks.get(weekStart);
  if (cached) return cached;
  const peers = index.peers;
  const start = new Int32Array(peers.length + 1);
  const spans: number[] = [];
  for (let i = 0; i < peers.length; i++) {
    const p = peers[i]!;
    const windows = p.availability;
    if (windows.length > 0) {
      const zw = zoneWeek(p.timeZone, weekStart);
      if (windows.length > MAX_FAST_WINDOWS) {
        const intervals = windowsToUtcIntervals(windows, zw);
        for (let k = 0; k < intervals.length; k += 2) pushSpan(spans, intervals[k]!, intervals[k + 1]!);
      } else {
        let count = 0;
        for (let k = 0; k < windows.length; k++) {
          const w = windows[k]!;
          const day = dayIndex(w.day);
          const s = parseClock(w.start);
          const e = parseClock(w.end);
          if (day < 0 || !(e > s)) continue;
          const from = day * DAY_MINUTES + s;
          const to = day * DAY_MINUTES + e;
          let j = count++;
          while (j > 0 && spanStart[j - 1]! > from) {
            spanStart[j] = spanStart[j - 1]!;
            spanEnd[j] = spanEnd[j - 1]!;
            j--;
          }
          spanStart[j] = from;
          spanEnd[j] = to;
        }
        let k = 0;
        while (k < count) {
          const from = spanStart[k]!;
          let to = spanEnd[k]!;
          k++;
          while (k < count && spanStart[k]! <= to) {
            if (spanEnd[k]! > to) to = spanEnd[k]!;
            k++;
          }
          const us = localToUtcMinute(zw, from);
          const ue = localToUtcMinute(zw, to);
          if (ue > us) pushSpan(spans, us, ue);
        }
      }
    }
    start[i + 1] = spans.length;
  }
  if (index.weeks.size >= 4) index.weeks.clear(); // a server crosses a week boundary now and then
  const built = { start, spans: Int32Array.from(spans) };
  index.weeks.set(weekStart, built);
  return built;
}
