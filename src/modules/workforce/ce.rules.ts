import { cycleOn, daysBetween, statusOn, type CredentialFacts, type CredentialStatus, type Cycle } from './credential.rules.ts';
import type { CeUnit, RuleSet } from './credential.types.ts';

/**
 * Continuing-education progress of a credential's cycle (issue 21), pure. A course counts once
 * toward the total; its hours are credited to the rule set's topic minimums in the order its
 * topics are listed, filling each minimum before the next (so a 3-hour course tagged ethics and
 * boundaries cannot satisfy both 3-hour minimums of Ohio). Hours are converted per rule set, so a
 * dual-credential holder sees how one course counts toward each.
 */

export interface CeRecord {
  id: string;
  title: string;
  provider: string;
  /** Completion day (YYYY-MM-DD). */
  completedOn: string;
  amount: number;
  unit: CeUnit;
  topics: string[];
  format: string;
}

export type ExcludedReason =
  | 'outside-cycle'
  | 'before-certification'
  | 'before-certification-unknown'
  | 'unit-not-accepted'
  | 'format-not-accepted'
  | 'repeated-event';

export interface RecordCount {
  ceId: string;
  hours: number;
  counted: boolean;
  reason: ExcludedReason | null;
}

export interface TopicProgress {
  topic: string;
  done: number;
  required: number;
}

export type CeStatus = 'complete' | 'on-track' | 'behind' | 'incomplete' | 'not-required' | 'unknown' | 'not-issued';

export interface CycleProgress {
  start: string;
  end: string;
  hoursDone: number;
  /** null when the rule set does not say (or a first cycle is prorated by an unstated method). */
  hoursRequired: number | null;
  topics: TopicProgress[];
  status: CeStatus;
  /** Days from `on` to the last day of the cycle (negative once it is over). */
  daysLeft: number;
  credentialStatus: CredentialStatus;
  records: RecordCount[];
  notes: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Contact hours of a record under a rule set; null when the body publishes no conversion. */
export const hoursOf = (rules: Pick<RuleSet, 'units'>, amount: number, unit: CeUnit): number | null => {
  if (unit === 'hours') return amount;
  const per = { 'semester-credits': rules.units.semesterCredit, 'trimester-credits': rules.units.trimesterCredit, 'quarter-credits': rules.units.quarterCredit, ceu: rules.units.ceu }[unit];
  return per === null ? null : amount * per;
};

/** Hours required in a cycle: 0 in Georgia's exam year; null if prorated by an unstated method. */
export const hoursRequiredIn = (rules: Pick<RuleSet, 'ce' | 'cycle'>, cycle: Cycle, issuedOn: string): { hours: number | null; note: string | null } => {
  if (rules.ce.totalHours === null) return { hours: null, note: 'ce-hours-not-stated' };
  if (cycle.first && rules.cycle.firstCeYearAfterIssue) return { hours: 0, note: 'first-ce-year-is-next-year' };
  const p = rules.ce.prorateIfIssuedAfter;
  if (cycle.first && p !== null && issuedOn.slice(5) >= p) {
    if (rules.ce.prorateFactor === null) return { hours: null, note: 'prorated-method-not-stated' };
    return { hours: round2(rules.ce.totalHours * rules.ce.prorateFactor), note: 'prorated' };
  }
  return { hours: rules.ce.totalHours, note: null };
};

/** Which records count in a cycle, and why the others do not. */
export const countRecords = (rules: Pick<RuleSet, 'ce' | 'units'>, cycle: Cycle, issuedOn: string, records: readonly CeRecord[]): RecordCount[] => {
  const seen = new Set<string>();
  return [...records]
    .sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.id.localeCompare(b.id))
    .map((r) => {
      const hours = hoursOf(rules, r.amount, r.unit);
      const no = (reason: ExcludedReason): RecordCount => ({ ceId: r.id, hours: hours ?? 0, counted: false, reason });
      if (r.completedOn < cycle.start || r.completedOn > cycle.end) return no('outside-cycle');
      // Michigan's cycle starts on the 1st of the month: a course before the issue day is in the
      // cycle's dates but before certification. Count it only when the body says so.
      if (r.completedOn < issuedOn) {
        if (rules.ce.preCertificationCounts === false) return no('before-certification');
        if (rules.ce.preCertificationCounts === null) return no('before-certification-unknown');
      }
      if (hours === null) return no('unit-not-accepted');
      if (rules.ce.excludedFormats.includes(r.format)) return no('format-not-accepted');
      const key = `${r.title.trim().toLowerCase()}|${r.provider.trim().toLowerCase()}`;
      if (rules.ce.repeatedEventsCount === false && seen.has(key)) return no('repeated-event');
      seen.add(key);
      return { ceId: r.id, hours, counted: true, reason: null };
    });
};

/** Per-topic credit: each counted record fills its listed topics' minimums in order. */
export const topicProgress = (rules: Pick<RuleSet, 'ce'>, records: readonly CeRecord[], counts: readonly RecordCount[]): TopicProgress[] => {
  const byId = new Map(records.map((r) => [r.id, r]));
  const needs = new Map(rules.ce.topics.map((t) => [t.topic, t.hours]));
  const done = new Map(rules.ce.topics.map((t) => [t.topic, 0]));
  let elective = 0;
  for (const c of counts) {
    if (!c.counted) continue;
    let left = c.hours;
    const mine = (byId.get(c.ceId)?.topics ?? []).filter((t) => needs.has(t));
    for (const [i, topic] of mine.entries()) {
      const room = Math.max(0, needs.get(topic)! - done.get(topic)!);
      const take = i === mine.length - 1 ? left : Math.min(left, room);
      done.set(topic, done.get(topic)! + take);
      left -= take;
    }
    elective += left;
  }
  const out = rules.ce.topics.map((t) => ({ topic: t.topic, done: round2(done.get(t.topic)!), required: t.hours }));
  if (rules.ce.electiveHours !== null) out.push({ topic: 'elective', done: round2(elective), required: rules.ce.electiveHours });
  return out;
};

/**
 * CE progress of the cycle in which `on` falls (while in grace, the cycle that just ended: the
 * peer is still finishing it). Status: complete when the total and every topic minimum are met;
 * otherwise on-track or behind by the share of the cycle elapsed, incomplete once it is over.
 */
export const cycleProgress = (rules: RuleSet, credential: CredentialFacts, records: readonly CeRecord[], on: string): CycleProgress => {
  const credentialStatus = statusOn(rules, credential, on).status;
  const day = on > credential.expiresOn ? credential.expiresOn : on;
  const cycle = cycleOn(rules, credential.issuedOn, day);
  if (!cycle) {
    return { start: credential.issuedOn, end: credential.expiresOn, hoursDone: 0, hoursRequired: null, topics: [], status: 'not-issued', daysLeft: daysBetween(on, credential.expiresOn), credentialStatus, records: [], notes: [] };
  }
  const required = hoursRequiredIn(rules, cycle, credential.issuedOn);
  const counts = countRecords(rules, cycle, credential.issuedOn, records);
  const hoursDone = round2(counts.filter((c) => c.counted).reduce((s, c) => s + c.hours, 0));
  const topics = topicProgress(rules, records, counts);
  const notes = [required.note, ...rules.ce.topics.length === 0 && rules.citations.topics.confidence === '?' ? ['topics-not-stated'] : []].filter((n): n is string => n !== null);
  const daysLeft = daysBetween(on, cycle.end);
  let status: CeStatus;
  if (required.hours === null) status = 'unknown';
  else if (required.hours === 0 && topics.every((t) => t.required === 0)) status = 'not-required';
  else if (hoursDone >= required.hours && topics.every((t) => t.done >= t.required)) status = 'complete';
  else if (daysLeft < 0) status = 'incomplete';
  else {
    const total = daysBetween(cycle.start, cycle.end) + 1;
    const elapsed = Math.min(total, daysBetween(cycle.start, on) + 1);
    status = hoursDone >= (required.hours * elapsed) / total ? 'on-track' : 'behind';
  }
  return { start: cycle.start, end: cycle.end, hoursDone, hoursRequired: required.hours, topics, status, daysLeft, credentialStatus, records: counts, notes };
};
