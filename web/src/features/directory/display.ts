import { clockTime } from '../../app/format';
import { languageName } from '../matching/vocab';

// How a directory entry's schedules and languages read for a person: HSDS stores them for
// machines ("MO,TU,WE,TH,FR" and "09:00:00"; a feed's languages as both "es" and "spanish"),
// and the resource card goes to participants.

export type Translate = (key: string, options?: Record<string, unknown>) => string;

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

const weekdays = new Map<string, string[]>();

/** Monday..Sunday names in the locale (2024-01-01 was a Monday), built once per locale and width. */
const weekdayNames = (locale: string, width: 'short' | 'long'): string[] => {
  const key = `${locale}|${width}`;
  let names = weekdays.get(key);
  if (!names) {
    const format = new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' });
    names = DAYS.map((_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
    weekdays.set(key, names);
  }
  return names;
};

/** The days of an RFC 5545 BYDAY list: runs of three or more as a range, "every day" for all seven. */
export const daysText = (byday: string, locale: string, t: Translate): string => {
  const short = weekdayNames(locale, 'short');
  const long = weekdayNames(locale, 'long');
  const plain = new Set<number>();
  const nth: string[] = [];
  for (const raw of byday.split(',')) {
    const token = raw.trim().toUpperCase();
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(token);
    const day = m ? DAYS.indexOf(m[2] as (typeof DAYS)[number]) : -1;
    if (!m || day < 0) continue;
    if (m[1] === undefined) plain.add(day);
    else nth.push(t('directory.schedule.nthWeekday', { nth: t(`directory.schedule.nth.${Number(m[1])}`, { defaultValue: m[1] }), day: long[day] }));
  }
  if (plain.size === 7) return [t('directory.schedule.everyDay'), ...nth].join(', ');
  const parts: string[] = [];
  const sorted = [...plain].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${short[sorted[i]!]}–${short[sorted[j]!]}`);
    else for (let k = i; k <= j; k++) parts.push(short[sorted[k]!]!);
    i = j + 1;
  }
  return [...parts, ...nth].join(', ');
};

/** One HSDS schedule row as a line: days, hours ("open 24 hours" for 00:00–00:00), dates, note. */
export const scheduleLine = (s: Record<string, unknown>, locale: string, t: Translate, formatDate: (d: string) => string): string => {
  const byday = typeof s.byday === 'string' ? s.byday.trim() : '';
  const monthDays = typeof s.bymonthday === 'string' ? s.bymonthday.trim() : '';
  const days = byday
    ? daysText(byday, locale, t)
    : monthDays
      ? t('directory.schedule.monthDays', { days: monthDays.split(',').map((d) => (d.trim() === '-1' ? t('directory.schedule.lastDay') : d.trim())).join(', ') })
      : s.freq === 'WEEKLY' || s.freq === undefined || s.freq === null
        ? t('directory.schedule.everyDay')
        : '';
  const opens = clockTime(s.opens_at, locale);
  const closes = clockTime(s.closes_at, locale);
  const allDay = typeof s.opens_at === 'string' && typeof s.closes_at === 'string' && /^0?0:00/.test(s.opens_at) && /^(0?0|24):00/.test(s.closes_at);
  const hours = allDay ? t('directory.schedule.allDay') : opens && closes ? `${opens}–${closes}` : '';
  const from = typeof s.valid_from === 'string' ? t('directory.schedule.from', { date: formatDate(s.valid_from) }) : '';
  const to = typeof s.valid_to === 'string' ? t('directory.schedule.until', { date: formatDate(s.valid_to) }) : '';
  const note = typeof s.description === 'string' ? s.description.trim() : '';
  return [[days, hours].filter(Boolean).join(allDay ? ', ' : ' '), from, to, note].filter(Boolean).join(' · ');
};

/**
 * A service's schedule rows in the order of the week (Monday first, then by opening time), as a
 * person reads hours; a feed's rows, and the search index's, come in no order ("Sat" before
 * "Mon–Fri"). Rows without weekdays (monthly, or every day) keep their place after the weekly ones.
 */
export const inWeekOrder = <S extends Record<string, unknown>>(schedules: readonly S[]): S[] => {
  const firstDay = (s: S) => {
    const days = typeof s.byday === 'string' ? s.byday.split(',').map((d) => DAYS.indexOf(d.trim().slice(-2).toUpperCase() as (typeof DAYS)[number])).filter((i) => i >= 0) : [];
    return days.length ? Math.min(...days) : DAYS.length;
  };
  const opens = (s: S) => {
    const m = typeof s.opens_at === 'string' ? /^\s*(\d{1,2}):(\d{2})/.exec(s.opens_at) : null;
    return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  };
  return schedules
    .map((s, i) => ({ s, i, day: firstDay(s), at: opens(s) }))
    .sort((a, b) => a.day - b.day || (a.day < DAYS.length ? a.at - b.at : 0) || a.i - b.i)
    .map((x) => x.s);
};

const CODE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

/**
 * A directory entry's languages as names in the locale, each once: codes through Intl
 * ("es" -> "Spanish" / "español"), and a feed's language names dropped when a code already
 * says them ("spanish" beside "es"), else shown as written.
 */
export const languagesText = (languages: readonly string[], locale: string): string => {
  const codes = languages.filter((l) => CODE.test(l) && languageName(l, 'en').toLowerCase() !== l.toLowerCase());
  const said = new Set(codes.flatMap((c) => [languageName(c, 'en'), languageName(c, locale)].map((n) => n.toLowerCase())));
  const names = codes.map((c) => languageName(c, locale));
  for (const l of languages) {
    if (codes.includes(l) || said.has(l.toLowerCase())) continue;
    names.push(l.charAt(0).toUpperCase() + l.slice(1));
  }
  return [...new Set(names)].join(', ');
};

/**
 * The language a participant's resource card is printed or texted in: the first of the
 * participant's languages ("es-MX", "es") the app has every message for, else none (the card
 * then follows the staff member's language).
 */
export const cardLanguageFor = <L extends string>(languages: readonly string[], offered: readonly L[]): L | undefined => {
  for (const tag of languages) {
    const base = tag.trim().toLowerCase().split('-')[0];
    const found = offered.find((l) => l === base);
    if (found) return found;
  }
  return undefined;
};
