import type { RuleSet } from './credential.types.ts';

/**
 * Pure rules for a credential's cycles and its status on a date (issue 21). Dates are ISO
 * calendar days (YYYY-MM-DD) and every bound is inclusive: a credential "expiring 2026-02-28" is
 * valid all that day. The layout of a cycle comes from the rule set (credential.types.ts).
 */

export type CredentialStatus = 'active' | 'grace' | 'lapsed' | 'inactive';

const toDate = (d: string) => new Date(`${d}T00:00:00Z`);
const toDay = (d: Date) => d.toISOString().slice(0, 10);

export const addDays = (day: string, n: number) => {
  const d = toDate(day);
  d.setUTCDate(d.getUTCDate() + n);
  return toDay(d);
};

/** Same month and day n years on; 29 February becomes 28 February in a common year. */
export const addYears = (day: string, n: number) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + n, m, 0)).getUTCDate();
  return toDay(new Date(Date.UTC(y + n, m - 1, Math.min(d, last))));
};

export const daysBetween = (from: string, to: string) => Math.round((toDate(to).getTime() - toDate(from).getTime()) / 86_400_000);

export const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && toDay(toDate(s)) === s;

export interface Cycle {
  /** 0 for the first cycle after the issue date. */
  index: number;
  start: string;
  end: string;
  /** The first, possibly partial, cycle. */
  first: boolean;
}

/** Next day on or after `day` that is MM-DD `fixedEnd`. */
const nextFixed = (day: string, fixedEnd: string) => {
  const candidate = `${day.slice(0, 4)}-${fixedEnd}`;
  return candidate >= day ? candidate : `${Number(day.slice(0, 4)) + 1}-${fixedEnd}`;
};

/** The first cycle of a credential issued on `issuedOn`. */
export const firstCycle = (rules: Pick<RuleSet, 'cycle'>, issuedOn: string): Cycle => {
  const { kind, years, fixedEnd } = rules.cycle;
  switch (kind) {
    case 'rolling-from-issue':
      return { index: 0, start: issuedOn, end: addDays(addYears(issuedOn, years), -1), first: true };
    case 'anchored-month-start': {
      // Michigan: "2 years from the 1st of the certification month".
      const start = `${issuedOn.slice(0, 7)}-01`;
      return { index: 0, start, end: addDays(addYears(start, years), -1), first: true };
    }
    case 'calendar-year':
    case 'annual-fixed-expiry':
      return { index: 0, start: issuedOn, end: nextFixed(issuedOn, fixedEnd ?? '12-31'), first: true };
  }
};

/** The cycle after `c`: it starts the day after `c` ends. */
export const nextCycle = (rules: Pick<RuleSet, 'cycle'>, c: Cycle): Cycle => {
  const start = addDays(c.end, 1);
  return { index: c.index + 1, start, end: addDays(addYears(start, rules.cycle.years), -1), first: false };
};

/** The cycle that contains `on`, or null before the credential was issued. */
export const cycleOn = (rules: Pick<RuleSet, 'cycle'>, issuedOn: string, on: string): Cycle | null => {
  if (on < issuedOn) return null;
  let c = firstCycle(rules, issuedOn);
  // Jump close first (a year a step is at most a few hundred iterations for any real date).
  while (c.end < on) c = nextCycle(rules, c);
  return c;
};

export interface CredentialFacts {
  issuedOn: string;
  /** Last valid day of the period the body certified (inclusive). */
  expiresOn: string;
  /** A status the organization recorded by hand (the body suspended it, the peer went inactive). */
  recordedStatus?: CredentialStatus | null;
}

export interface StatusOnDay {
  status: CredentialStatus;
  /** Stable reason code, shown in the billing box and on My work. */
  reason: 'not-yet-issued' | 'in-force' | 'grace-free' | 'grace-late-fee' | 'inactive-after-grace' | 'lapsed-after-expiry' | 'recorded-inactive' | 'recorded-lapsed';
  lateFee: boolean;
  /** Last day the credential can be renewed without becoming inactive or lapsed (null: no grace). */
  graceEndsOn: string | null;
  /** Inactive longer than the body allows: training must be retaken. */
  retrainRequired: boolean;
}

/** The last day of grace (free or late-fee) after `expiresOn`, or null when the body has none. */
export const graceEnd = (rules: Pick<RuleSet, 'renewal'>, expiresOn: string) => {
  const days = Math.max(rules.renewal.graceDays, rules.renewal.lateUntilDays);
  return days > 0 ? addDays(expiresOn, days) : null;
};

/**
 * The status of a credential on a day. In force to `expiresOn`; then the body's free grace, then
 * its late-fee period (both count as `grace`: the peer may still renew and the agency may still
 * bill); after that `inactive` where the body keeps an inactive state (Georgia), else `lapsed`.
 * Inactive longer than `retrainAfterInactiveYears` means training must be retaken.
 */
export const statusOn = (rules: Pick<RuleSet, 'renewal'>, c: CredentialFacts, on: string): StatusOnDay => {
  const ge = graceEnd(rules, c.expiresOn);
  const base = { lateFee: false, graceEndsOn: ge, retrainRequired: false };
  if (c.recordedStatus === 'lapsed') return { ...base, status: 'lapsed', reason: 'recorded-lapsed' };
  if (c.recordedStatus === 'inactive') return { ...base, status: 'inactive', reason: 'recorded-inactive' };
  if (on < c.issuedOn) return { ...base, status: 'inactive', reason: 'not-yet-issued' };
  if (on <= c.expiresOn) return { ...base, status: 'active', reason: 'in-force' };
  const r = rules.renewal;
  if (on <= addDays(c.expiresOn, r.graceDays)) return { ...base, status: 'grace', reason: 'grace-free' };
  if (on <= addDays(c.expiresOn, r.lateUntilDays)) return { ...base, status: 'grace', reason: 'grace-late-fee', lateFee: true };
  if (!r.inactiveState) return { ...base, status: 'lapsed', reason: 'lapsed-after-expiry' };
  const inactiveSince = addDays(c.expiresOn, Math.max(r.graceDays, r.lateUntilDays) + 1);
  const retrainRequired = r.retrainAfterInactiveYears !== null && on > addDays(addYears(inactiveSince, r.retrainAfterInactiveYears), -1);
  return { ...base, status: 'inactive', reason: 'inactive-after-grace', retrainRequired };
};

/** The expiry of a newly issued credential when the body's document does not give one. */
export const defaultExpiry = (rules: Pick<RuleSet, 'cycle'>, issuedOn: string) => firstCycle(rules, issuedOn).end;

/** The first day a renewal may be submitted (Ohio: within 90 days before expiry), or null. */
export const submissionOpensOn = (rules: Pick<RuleSet, 'renewal'>, expiresOn: string) =>
  rules.renewal.submissionWindowDays === null ? null : addDays(expiresOn, -rules.renewal.submissionWindowDays);

export const REMINDER_DAYS = [90, 60, 30, 7] as const;
export type ReminderKind = 'expires-in-90' | 'expires-in-60' | 'expires-in-30' | 'expires-in-7' | 'grace-ends';

export interface Reminder {
  kind: ReminderKind;
  on: string;
  /** The date the reminder is about (expiry or the end of grace). */
  about: string;
}

/** Reminders at 90, 60, 30 and 7 days before expiry, and on the last day of grace if any. */
export const remindersOf = (rules: Pick<RuleSet, 'renewal'>, expiresOn: string): Reminder[] => {
  const out: Reminder[] = REMINDER_DAYS.map((d) => ({ kind: `expires-in-${d}` as ReminderKind, on: addDays(expiresOn, -d), about: expiresOn }));
  const ge = graceEnd(rules, expiresOn);
  if (ge) out.push({ kind: 'grace-ends', on: ge, about: ge });
  return out;
};

/** Reminders due exactly on `on` (the nightly pass sends these). */
export const remindersDueOn = (rules: Pick<RuleSet, 'renewal'>, expiresOn: string, on: string) => remindersOf(rules, expiresOn).filter((r) => r.on === on);
