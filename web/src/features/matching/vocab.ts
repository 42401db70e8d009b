/**
 * The shared vocabulary of peer profiles, intake and matching, mirrored from the server's
 * `src/modules/matching/taxonomy.ts` (the values the API accepts). Labels live in the language
 * files under `matching.vocab`; language names come from `Intl.DisplayNames`, so any BCP 47 code
 * is named in the reader's language without a translation table.
 */

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

export const MODALITIES = ['in-person', 'phone', 'video', 'text'] as const;
export type Modality = (typeof MODALITIES)[number];

export const SPECIALTIES = [
  'peer-support-specialist',
  'recovery-coach',
  'family-support-partner',
  'youth-peer',
  'veteran-peer',
  'forensic-peer',
] as const;
export type Specialty = (typeof SPECIALTIES)[number];

export type Importance = 'required' | 'preferred';

/** Offered as checkboxes; any other BCP 47 code can be typed in. */
export const COMMON_LANGUAGES = ['en', 'es', 'zh', 'vi', 'ar', 'fr', 'ht', 'ko', 'ru', 'pt', 'tl', 'ase'] as const;

// BCP 47: the same pattern the server checks (people.schemas.ts, languageTag).
const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
export const isLanguageTag = (value: string) => LANGUAGE_TAG.test(value.trim());

/** The name of a language in the reader's language ("Spanish", "español"); the code if unknown. */
export function languageName(code: string, locale: string): string {
  try {
    const names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** IANA time zones the browser knows, for the availability time zone. */
export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'UTC'];
  }
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/New_York';
  } catch {
    return 'America/New_York';
  }
}

export interface AvailabilityWindow {
  day: Day;
  start: string;
  end: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The problem of one window, as a translation key, or null (the server checks the same rule). */
export function windowProblem(w: AvailabilityWindow): 'timeFormat' | 'windowOrder' | null {
  if (!HHMM.test(w.start) || !HHMM.test(w.end)) return 'timeFormat';
  return minutes(w.end) <= minutes(w.start) ? 'windowOrder' : null;
}

/** Splits "a, b; c" into trimmed non-empty items. */
export const splitList = (text: string): string[] =>
  text
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
