import { useCurrentUser } from './session';

/**
 * The calendar day (YYYY-MM-DD) at `at` in `timeZone`. A form's "today" is the organization's day,
 * the one the server checks dates against (a Part 2 consent may not be signed in the future,
 * 42 CFR 2.31; a coverage starting tomorrow does not cover tonight's session). The UTC day
 * (`toISOString()`) is already tomorrow from 7 or 8 pm in the Americas, when evening shifts work.
 */
export function dayIn(timeZone: string, at: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  } catch {
    // An unknown zone: the reader's own day.
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  }
}

/** The calendar day `days` after (or before, when negative) the day `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Today in the signed-in user's organization. */
export function useOrgToday(): string {
  return dayIn(useCurrentUser().organization.timeZone);
}
