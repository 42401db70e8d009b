import { useTranslation } from 'react-i18next';
import { milesFromKm } from './distance';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The Intl locale for an app language. Peerbridge serves US peer programs: their Spanish readers
 * (from Mexico, Central America, Puerto Rico, the US) write $72.48, 12,345 and 3:45 p.m., while
 * plain "es" is Spain's 72,48 US$, 12.345 and 15:45. Month and day names are the same.
 */
export function intlLocale(language: string): string {
  const base = language.toLowerCase().split('-')[0];
  return base === 'es' ? 'es-US' : base === 'en' ? 'en-US' : language;
}

/**
 * A date in the locale's long style. A calendar date ("2026-12-04": a follow-up, a verification
 * day) is that day wherever the reader is: new Date() reads it as midnight UTC, which in the
 * Americas is the evening before, so it is formatted in UTC; an instant, in the reader's zone.
 */
export function formatDate(value: string | number | Date | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === '') return '';
  const calendar = typeof value === 'string' && CALENDAR_DATE.test(value);
  const d = new Date(calendar ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', ...(calendar ? { timeZone: 'UTC' } : {}) }).format(d);
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** "09:00:00" (or "9:00", with an offset) as a local clock time ("9:00 AM", "9:00"); null if unreadable. */
export const clockTime = (value: unknown, locale: string): string | null => {
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d{1,2}):(\d{2})/.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59) return null;
  let format = clocks.get(locale);
  if (!format) clocks.set(locale, (format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' })));
  return format.format(new Date(Date.UTC(2024, 0, 1, h % 24, min)));
};

/** Dates, times and numbers in the chosen language, through Intl. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return {
    locale,
    dateTime(value: string | number | Date | null | undefined): string {
      if (value === null || value === undefined || value === '') return '';
      const d = new Date(value);
      if (Number.isNaN(d.getTime())) return String(value);
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
    },
    date(value: string | number | Date | null | undefined): string {
      return formatDate(value, locale);
    },
    number(value: number): string {
      return new Intl.NumberFormat(locale).format(value);
    },
    /** A distance given in km, said in miles to a tenth ("6.2 miles", "1 mile", "6.2 millas"): see distance.ts. */
    miles(km: number): string {
      return new Intl.NumberFormat(locale, { style: 'unit', unit: 'mile', unitDisplay: 'long', maximumFractionDigits: 1 }).format(milesFromKm(km));
    },
    /** A share from 0 to 1 as a whole percentage ("67 %" in Spanish, "67%" in English). */
    percent(share: number): string {
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
    },
  };
}
