// Field normalizers for real-world HSDS exports. Each takes the raw (trimmed, non-empty) value and
// returns the normalized value, or `undefined` with a reason when nothing usable remains.
// Pure functions: no I/O, no clock.
import { note, type PlainNote } from './report-notes.ts';

export interface Normalized<T> {
  value?: T;
  /** Why the value was changed or dropped (becomes a report warning or error). */
  note?: PlainNote;
}

// --- times ----------------------------------------------------------------------------------

/**
 * Parse a clock time into minutes after midnight. Accepts `17:30`, `17:30:00`, `8:00am`, `8am`,
 * `5:30 PM`, `0800`, `noon`, `midnight`, and a trailing UTC offset (`09:00-05:00`, `09:00Z`) which
 * is returned separately. `24:00` is allowed as an end of day.
 */
export function parseClock(
  raw: string,
): { minutes: number; seconds: number; offset: string } | undefined {
  let s = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (s === 'noon') return { minutes: 720, seconds: 0, offset: '' };
  if (s === 'midnight') return { minutes: 0, seconds: 0, offset: '' };
  let offset = '';
  const off = /^(.*\d(?:\s?[ap]\.?m\.?)?)\s?(z|[+-]\d{2}:?\d{2})$/.exec(s);
  if (off && /\d{1,2}:\d{2}|[ap]\.?m/.test(off[1]!)) {
    s = off[1]!.trim();
    const o = off[2]!;
    offset = o === 'z' ? 'Z' : o.length === 5 ? `${o.slice(0, 3)}:${o.slice(3)}` : o;
  }
  const m = /^(\d{1,2})(?::?(\d{2}))?(?::(\d{2}))?\s?([ap])?\.?(?:m\.?)?$/.exec(s);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  const ampm = m[4];
  // A bare number without am/pm or colon ("8") is ambiguous only in theory; read it as an hour.
  if (minute > 59 || second > 59) return undefined;
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    if (hour === 12) hour = 0;
    if (ampm === 'p') hour += 12;
  } else if (hour > 24 || (hour === 24 && (minute > 0 || second > 0))) {
    return undefined;
  }
  return { minutes: hour * 60 + minute, seconds: second, offset };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Normalize a time to `HH:MM:SS` plus any offset: the HSDS 3.0 tabular schema types
 * `opens_at`/`closes_at` as `time`, whose Table Schema default format is ISO 8601 `hh:mm:ss`.
 */
export function normalizeTime(raw: string): Normalized<string> {
  const p = parseClock(raw);
  if (!p) return { note: note('unreadableTime', { value: raw }) };
  const value = `${pad2(Math.floor(p.minutes / 60))}:${pad2(p.minutes % 60)}:${pad2(p.seconds)}${p.offset}`;
  return { value };
}

// --- weekdays -------------------------------------------------------------------------------

/** RFC 5545 weekday codes, Monday first (ISO 8601 order). */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DAY_WORDS: Record<string, Weekday> = {};
for (const [i, names] of [
  ['mo', 'mon', 'monday', 'lunes', 'lun'],
  ['tu', 'tue', 'tues', 'tuesday', 'martes', 'mar'],
  ['we', 'wed', 'weds', 'wednesday', 'miercoles', 'miércoles', 'mie', 'mié'],
  ['th', 'thu', 'thur', 'thurs', 'thursday', 'jueves', 'jue'],
  ['fr', 'fri', 'friday', 'viernes', 'vie'],
  ['sa', 'sat', 'saturday', 'sabado', 'sábado', 'sab', 'sáb'],
  ['su', 'sun', 'sunday', 'domingo', 'dom'],
].entries()) {
  for (const n of names) DAY_WORDS[n] = WEEKDAYS[i]!;
}

/**
 * A single weekday from a name, abbreviation, RFC 5545 code, or number. Numbers follow ISO 8601
 * (1 = Monday ... 7 = Sunday) with 0 also read as Sunday: HSDS 1.x `regular_schedules.weekday` is
 * an integer whose numbering the spec never fixed; ISO is the common reading.
 */
export function parseWeekday(raw: string): Weekday | undefined {
  const s = raw.trim().toLowerCase().replace(/\.$/, '');
  if (/^[0-7]$/.test(s)) return WEEKDAYS[(Number(s) + 6) % 7];
  return DAY_WORDS[s];
}

/**
 * Normalize a list of days into HSDS 3.0 `byday` (RFC 5545 BYDAY, e.g. `MO,TU`). Accepts
 * `Monday`, `mon`, `MO`, lists (`Mon, Wed / Fri`), ranges (`Mon-Fri`, `Monday through Friday`),
 * `weekdays`, `weekends`, `daily`, and ordinal monthly parts (`2MO`, `-1FR`) which are kept.
 */
export function normalizeByday(raw: string): Normalized<string> {
  const s = raw.trim().toLowerCase();
  if (/^(daily|every ?day|all days|7 days|mon(day)?\s*-\s*sun(day)?)$/.test(s)) {
    return { value: WEEKDAYS.join(',') };
  }
  if (/^week ?days$/.test(s)) return { value: 'MO,TU,WE,TH,FR' };
  if (/^week ?ends$/.test(s)) return { value: 'SA,SU' };
  const out: string[] = [];
  const parts = s
    .replace(/\s+(through|thru|to)\s+/g, '-')
    .split(/\s*[,;/&]\s*|\s+and\s+|\s+/)
    .filter((p) => p !== '');
  for (const part of parts) {
    const ordinal = /^([+-]?\d{1,2})([a-z]{2})$/.exec(part);
    if (ordinal && DAY_WORDS[ordinal[2]!] && ordinal[2]!.length === 2) {
      out.push(`${Number(ordinal[1])}${DAY_WORDS[ordinal[2]!]}`);
      continue;
    }
    const range = /^([^-]+)-([^-]+)$/.exec(part);
    if (range) {
      const a = parseWeekday(range[1]!);
      const b = parseWeekday(range[2]!);
      if (!a || !b) return { note: note('unreadableDays', { value: raw }) };
      let i = WEEKDAYS.indexOf(a);
      const end = WEEKDAYS.indexOf(b);
      for (let n = 0; n < 7; n++) {
        out.push(WEEKDAYS[i]!);
        if (i === end) break;
        i = (i + 1) % 7;
      }
      continue;
    }
    const d = parseWeekday(part);
    if (!d) return { note: note('unreadableDays', { value: raw }) };
    out.push(d);
  }
  if (out.length === 0) return { note: note('unreadableDays', { value: raw }) };
  const unique = [...new Set(out)];
  // Plain days in week order; keeps the value canonical so re-imports compare equal.
  const plain = unique.filter((d) => d.length === 2);
  const ordinals = unique.filter((d) => d.length > 2);
  plain.sort((a, b) => WEEKDAYS.indexOf(a as Weekday) - WEEKDAYS.indexOf(b as Weekday));
  return { value: [...plain, ...ordinals].join(',') };
}

// --- phones ---------------------------------------------------------------------------------

/**
 * Split an extension out of a phone number (`555-1234 ext. 12`, `x12`, `#12`, `extension 12`).
 * HSDS 3.0 `phone.extension` is a number, kept apart from `phone.number`.
 */
export function splitPhoneExtension(raw: string): { number: string; extension?: number } {
  const m = /^(.*?\d.*?)[\s,;]*(?:ext\.?|extension|ex\.?|x|#)\s*:?\s*(\d{1,8})\s*$/i.exec(raw);
  if (m && /\d{3}/.test(m[1]!)) {
    return { number: m[1]!.trim(), extension: Number(m[2]) };
  }
  return { number: raw };
}

// --- countries ------------------------------------------------------------------------------

const COUNTRY_NAMES: Record<string, string> = {
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  'united states': 'US',
  'united states of america': 'US',
  canada: 'CA',
  mexico: 'MX',
  méxico: 'MX',
  'united kingdom': 'GB',
  uk: 'GB',
};

/** HSDS 3.0 `address.country` is an ISO 3166-1 alpha-2 code. */
export function normalizeCountry(raw: string): Normalized<string> {
  const s = raw.trim();
  if (/^[a-z]{2}$/i.test(s)) return { value: s.toUpperCase() };
  const mapped = COUNTRY_NAMES[s.toLowerCase()];
  if (mapped) return { value: mapped, note: note('countryRead', { value: raw, code: mapped }) };
  return { note: note('countryNotIso', { value: raw }) };
}

// --- scalars --------------------------------------------------------------------------------

export function normalizeNumber(raw: string | number): Normalized<number> {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? { value: raw } : { note: note('notANumber', { value: String(raw) }) };
  }
  const cleaned = raw.replace(/^[$£€]\s*/, '').replace(/(\d),(\d{3})/g, '$1$2');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) {
    return { note: note('notANumber', { value: raw }) };
  }
  return { value: Number(cleaned) };
}

const EMAIL_RE =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function normalizeEmail(raw: string): Normalized<string> {
  const s = raw.replace(/^mailto:/i, '').trim();
  if (EMAIL_RE.test(s)) return s === raw ? { value: s } : { value: s, note: note('mailtoRemoved') };
  return { note: note('notAnEmail', { value: raw }) };
}

// RFC 3986 characters; anything else (spaces, quotes, braces) fails JSON Schema `format: uri`.
const URI_CHARS = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

export function normalizeUri(raw: string): Normalized<string> {
  let s = raw.trim();
  let added: PlainNote | undefined;
  if (/^www\./i.test(s) || /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/.*)?$/i.test(s)) {
    s = `http://${s}`;
    added = note('schemeAdded', { value: s });
  }
  if (!URI_CHARS.test(s) || !URL.canParse(s)) return { note: note('notAUrl', { value: raw }) };
  return added ? { value: s, note: added } : { value: s };
}

/**
 * Dates to ISO `YYYY-MM-DD` (Table Schema `date`). US exports write `12/24/2019`; a datetime keeps
 * only its date part.
 */
export function normalizeDate(raw: string): Normalized<string> {
  const s = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s);
  if (iso) {
    return validDate(+iso[1]!, +iso[2]!, +iso[3]!)
      ? { value: `${iso[1]}-${iso[2]}-${iso[3]}` }
      : { note: note('notADate', { value: raw }) };
  }
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (us && validDate(+us[3]!, +us[1]!, +us[2]!)) {
    return { value: `${us[3]}-${pad2(+us[1]!)}-${pad2(+us[2]!)}` };
  }
  return { note: note('notADate', { value: raw }) };
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Datetimes stay as written when ISO 8601; other parseable forms become UTC ISO strings. */
export function normalizeDateTime(raw: string): Normalized<string> {
  const s = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    return { value: s };
  }
  const t = Date.parse(s);
  if (Number.isNaN(t)) return { note: note('notADateTime', { value: raw }) };
  return { value: new Date(t).toISOString() };
}

/** Enum values compare without case, spaces/underscores/hyphens alike (`Temporarily_Closed`). */
export function normalizeEnum(raw: string, allowed: readonly string[]): string | undefined {
  const key = (v: string): string => v.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  const k = key(raw);
  return allowed.find((a) => key(a) === k);
}

/**
 * Coordinates are kept to 7 decimal places (about a centimetre): finer digits mean nothing on a
 * map, and a subnormal one (5e-324) made PostgreSQL's distance raise an underflow error, since it
 * errs on underflow rather than giving 0. Imports, local services and staff searches round them
 * with this.
 */
export const roundCoordinate = (x: number): number => Math.round(x * 1e7) / 1e7 || 0;

// --- schedules written by hand (issue 19) -----------------------------------------------------

const MERIDIEM = /[ap]\.?\s?m\.?\s*$/i;
const hasMeridiem = (raw: string) => MERIDIEM.test(raw.trim());

/**
 * A time range in one field (`9:00am-5:00`, `9 am to 5 pm`, `09:00 – 17:00`): the two ends, or
 * undefined when the value is not a range. `09:00-05:00` is a time with a UTC offset (what
 * parseClock reads), so a bare hyphen makes a range only when an end says am or pm.
 */
export function splitTimeRange(raw: string): { opens: string; closes: string } | undefined {
  const end = String.raw`(\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?)`;
  const m = new RegExp(String.raw`^\s*${end}\s*(-|–|—|\sto\s|\sa\s| - )\s*${end}\s*$`, 'i').exec(raw);
  if (!m) return undefined;
  const [opens, sep, closes] = [m[1]!.trim(), m[2]!, m[3]!.trim()];
  if (sep === '-' && !hasMeridiem(opens) && !hasMeridiem(closes)) return undefined;
  return { opens, closes };
}

export interface OpeningTimes {
  opens?: string;
  closes?: string;
  /** What was guessed (a warning), or why the times are not used (then both are undefined). */
  note?: PlainNote;
  /** The times make no sense even after a guess: not used for open now. */
  nonsense?: boolean;
}

/**
 * Opening and closing times as people type them: `9:00am` and `5:00` is 09:00-17:00 (the end
 * without am/pm is read as pm when the other end says am and the day would otherwise run
 * backwards), with a note saying so. A day that still runs backwards when neither end says am or
 * pm (`9:00`-`5:00`: nine to five, or an overnight five-to-nine?) is nonsense: reported, and never
 * read as open at night. An overnight session written plainly (`22:00`-`06:00`, `9pm`-`5am`) is
 * kept as it is.
 */
export function normalizeOpeningTimes(opensRaw: string, closesRaw: string): OpeningTimes {
  const o = parseClock(opensRaw);
  const c = parseClock(closesRaw);
  if (!o || !c) return {};
  const fmt = (minutes: number, seconds: number, offset: string) => `${pad2(Math.floor(minutes / 60) % 24)}:${pad2(minutes % 60)}:${pad2(seconds)}${offset}`;
  const oAmPm = hasMeridiem(opensRaw);
  const cAmPm = hasMeridiem(closesRaw);
  let close = c.minutes;
  let guessed: PlainNote | undefined;
  if (close < o.minutes && close !== 0) {
    if (oAmPm && !cAmPm && close < 12 * 60 && close + 12 * 60 > o.minutes) {
      close += 12 * 60;
      guessed = note('hoursGuessed', { opens: opensRaw, closes: closesRaw, from: fmt(o.minutes, o.seconds, o.offset), to: fmt(close, c.seconds, c.offset) });
    } else if (!oAmPm && !cAmPm && o.minutes <= 12 * 60 && close < 12 * 60 && (/^\s*\d(?!\d)/.test(opensRaw) || /^\s*\d(?!\d)/.test(closesRaw))) {
      // Written like a 12-hour clock (an hour without its leading zero): 24-hour times such as
      // 22:00-06:00 or 00:02-00:01 are written with two digits and read as they are.
      return { nonsense: true, note: note('hoursBackwards', { opens: opensRaw, closes: closesRaw }) };
    }
  }
  return { opens: fmt(o.minutes, o.seconds, o.offset), closes: fmt(close, c.seconds, c.offset), ...(guessed ? { note: guessed } : {}) };
}

// --- addresses -------------------------------------------------------------------------------

const US_STATES: Record<string, string> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT',
  delaware: 'DE', 'district of columbia': 'DC', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL',
  indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD',
  massachusetts: 'MA', michigan: 'MI', minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT',
  nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH', 'new jersey': 'NJ', 'new mexico': 'NM', 'new york': 'NY',
  'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA',
  'puerto rico': 'PR', 'rhode island': 'RI', 'south carolina': 'SC', 'south dakota': 'SD', tennessee: 'TN',
  texas: 'TX', utah: 'UT', vermont: 'VT', virginia: 'VA', washington: 'WA', 'west virginia': 'WV',
  wisconsin: 'WI', wyoming: 'WY', guam: 'GU', 'virgin islands': 'VI', 'american samoa': 'AS',
};
const US_CODES = new Set(Object.values(US_STATES));

/**
 * A US state as its two-letter code in capitals (`il`, `Il`, `ILLINOIS`, `Illinois` -> `IL`), so
 * addresses read alike and the time zone of a state is found; anything else is kept as given.
 */
export function normalizeState(raw: string): Normalized<string> {
  const v = raw.trim().replace(/\.$/, '').replace(/\s+/g, ' ');
  const upper = v.toUpperCase();
  if (/^[A-Za-z]{2}$/.test(v) && US_CODES.has(upper)) return upper === v ? { value: v } : { value: upper, note: note('stateWritten', { value: raw, code: upper }) };
  const code = US_STATES[v.toLowerCase()];
  if (code) return { value: code, note: note('stateWritten', { value: raw, code }) };
  return { value: v };
}

/**
 * Street lines that stand for "we do not publish this address" (shelters for survivors of
 * violence, 211 records kept private): shown as such, they would send someone to a street called
 * "Confidential". The city, state and postal code are kept.
 */
const PLACEHOLDER_ADDRESS = /^\W*(?:(?:address\s+)?(?:is\s+)?(?:confidential|withheld|undisclosed|not\s+disclosed|private|protected|redacted|unknown|unlisted|not\s+available|n\/?a|none|tbd|call\s+(?:for|to\s+get)\s+(?:the\s+)?address|confidential\s+(?:address|location)|(?:address|location)\s+(?:is\s+)?(?:confidential|withheld|undisclosed|private|not\s+(?:disclosed|published|listed|available)))(?:\s+address|\s+location)?\W*)$/i;
export const isPlaceholderAddress = (raw: string): boolean => PLACEHOLDER_ADDRESS.test(raw.trim()) || /\bconfidential\b/i.test(raw) && !/\d/.test(raw);

// --- languages and taxonomy codes --------------------------------------------------------------

// Common language names to ISO 639 codes (HSDS 3.0 `language.code`), so search by language works
// on exports that wrote names ("Spanish", "Haitian Creole", "Kreyòl").
const LANGUAGE_CODES: Record<string, string> = {
  english: 'en', spanish: 'es', español: 'es', espanol: 'es', french: 'fr', français: 'fr', chinese: 'zh', mandarin: 'zh',
  cantonese: 'yue', vietnamese: 'vi', korean: 'ko', russian: 'ru', arabic: 'ar', tagalog: 'tl',
  portuguese: 'pt', haitian: 'ht', 'haitian creole': 'ht', 'haitian-creole': 'ht', creole: 'ht', kreyol: 'ht', 'kreyòl': 'ht',
  'kreyòl ayisyen': 'ht', german: 'de', italian: 'it', polish: 'pl', japanese: 'ja', hindi: 'hi', urdu: 'ur', somali: 'so',
  amharic: 'am', farsi: 'fa', persian: 'fa', hmong: 'hmn', 'american sign language': 'ase', asl: 'ase',
};

/** The ISO 639 code of a language name, if it is a common one. */
export const languageCode = (name: string): string | undefined => LANGUAGE_CODES[name.trim().toLowerCase().replace(/\s+/g, ' ')];

/**
 * An AIRS / 211 LA taxonomy code: a section letter or two (`B`, `BD`), then a level-3 number
 * (`BD-1800`), then dotted levels (`BD-1800.2000`, `RX-8470.6500-800`).
 */
export const isAirsCode = (value: string): boolean => /^[A-Z]{1,2}(-\d{4}(\.\d{3,4})*(-\d{3})?)?$/.test(value.trim());
