import type { FieldProblem } from '../../core/errors.ts';

/**
 * Pure rules of closed-loop referrals: the lifecycle, who may make which move, follow-up dates,
 * what may be shared and when 42 CFR Part 2 applies. No I/O; `now`/`today` come in as arguments.
 */

export const NEEDS = ['housing', 'food', 'transportation', 'treatment', 'employment', 'legal', 'benefits', 'health', 'other'] as const;
export type Need = (typeof NEEDS)[number];

export const URGENCIES = ['emergent', 'urgent', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const STATUSES = ['draft', 'sent', 'received', 'accepted', 'declined', 'in-progress', 'completed', 'not-completed', 'cancelled'] as const;
export type ReferralStatus = (typeof STATUSES)[number];

export const OUTCOMES = ['need-met', 'partly-met', 'not-met', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * The lifecycle (issue 5; the FHIR Task states of the Gravity SDOH closed-loop pattern map onto
 * it: requested=sent, received, accepted, rejected=declined, in-progress, completed,
 * failed=not-completed, cancelled). Every pair not listed is illegal (409).
 */
export const TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  draft: ['sent', 'cancelled'],
  sent: ['received', 'accepted', 'declined', 'cancelled'],
  received: ['accepted', 'declined', 'cancelled'],
  accepted: ['in-progress', 'completed', 'not-completed', 'cancelled'],
  'in-progress': ['completed', 'not-completed', 'cancelled'],
  declined: [],
  completed: [],
  'not-completed': [],
  cancelled: [],
};

/** Moves that belong to the receiving organization (and so to the holder of its link). */
export const RECEIVER_MOVES: readonly ReferralStatus[] = ['received', 'accepted', 'declined', 'in-progress', 'completed', 'not-completed'];
/** Moves that belong to the sending organization. */
export const SENDER_MOVES: readonly ReferralStatus[] = ['sent', 'cancelled'];

/** A declined or not-completed referral says why: that is what closes the loop. */
export const REASON_REQUIRED: readonly ReferralStatus[] = ['declined', 'not-completed'];

export const CLOSED: readonly ReferralStatus[] = ['declined', 'completed', 'not-completed', 'cancelled'];
export const isClosed = (s: string) => (CLOSED as readonly string[]).includes(s);

export const canTransition = (from: ReferralStatus, to: ReferralStatus) => TRANSITIONS[from].includes(to);

/**
 * Who is moving the referral: the sender (its own organization's staff, who may also record the
 * receiver's answer given by phone), or the receiver (its link, or its own staff on the instance),
 * who may make only the receiver's moves.
 */
export type Party = 'sender' | 'receiver';

export type TransitionCheck =
  | { ok: true }
  | { ok: false; status: 400 | 403 | 409; code: string; message: string; field?: string };

export const checkTransition = (from: ReferralStatus, to: ReferralStatus, party: Party, reason: string | null | undefined): TransitionCheck => {
  if (party === 'receiver' && !RECEIVER_MOVES.includes(to)) {
    return { ok: false, status: 403, code: 'not-a-receiver-move', message: `The receiving organization cannot set "${to}".`, field: 'body.status' };
  }
  if (!canTransition(from, to)) {
    return { ok: false, status: 409, code: 'illegal-transition', message: `A referral that is ${from} cannot become ${to}.` };
  }
  if (REASON_REQUIRED.includes(to) && !(reason ?? '').trim()) {
    return { ok: false, status: 400, code: 'validation-failed', message: `Say why the referral is ${to}.`, field: 'body.reason' };
  }
  return { ok: true };
};

/** Days to the first follow-up by urgency: an emergent need is checked on the next day. */
export const FOLLOW_UP_DAYS: Readonly<Record<Urgency, number>> = { emergent: 1, urgent: 3, routine: 14 };

export const addDays = (isoDate: string, days: number): string => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export const defaultFollowUp = (urgency: Urgency, today: string) => addDays(today, FOLLOW_UP_DAYS[urgency]);

/** The calendar date of `now` in `timeZone` (the organization's day decides what is overdue). */
export const localDate = (now: Date, timeZone: string): string => {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
};

/** A follow-up is due until the peer records the outcome; a cancelled referral needs none. */
export const needsFollowUp = (r: { status: string; outcome: string | null }) => r.status !== 'draft' && r.status !== 'cancelled' && r.outcome === null;

export const isOverdue = (r: { status: string; outcome: string | null; followUpOn: string | null }, today: string) =>
  needsFollowUp(r) && r.followUpOn !== null && r.followUpOn < today;

/** The outcome is recorded with the participant once the referral has closed. */
export const mayRecordOutcome = (status: string) => isClosed(status);

// ---------- what is shared ----------

/**
 * Items a participant may agree to share. `goal:<id>` shares one goal of their recovery plan.
 * `sud-treatment` is substance use disorder treatment information from the participant's record:
 * 42 CFR Part 2 covers it, as it covers a plan goal in a substance-use life area.
 */
export const BASE_ITEMS = ['name', 'pronouns', 'birthDate', 'phone', 'email', 'address', 'languages', 'note'] as const;
export const PART2_ITEMS = ['sud-treatment'] as const;
export const GOAL_PREFIX = 'goal:';

/** The short form of the notice that travels with every Part 2 disclosure (42 CFR 2.32). */
export const PART2_NOTICE = '42 CFR part 2 prohibits unauthorized use or disclosure of these records.';

// Whole words, in their plural and derived forms too: a life area written "Drugs", "Opioids" or
// "Alcoholism" is as much substance use as "substance use" (else its goal would be shared
// without a Part 2 consent). The web form mirrors this (NewReferralPage); the server decides.
const SUD_LIFE_AREA = /\b(substances?|sud|alcohol(?:ism|ics?)?|opioids?|drugs?|addictions?|sobriety|recovery from)\b/i;

/** A plan goal is Part 2 information when its life area is substance use. */
export const isPart2Goal = (goal: { lifeArea: string | null | undefined }) => SUD_LIFE_AREA.test(goal.lifeArea ?? '');

export interface SharedItemContext {
  /** The participant's plan goals by id. */
  goals: ReadonlyMap<string, { text: string; lifeArea: string | null }>;
}

export const isPart2Item = (code: string, ctx: SharedItemContext): boolean => {
  if ((PART2_ITEMS as readonly string[]).includes(code)) return true;
  if (code.startsWith(GOAL_PREFIX)) {
    const g = ctx.goals.get(code.slice(GOAL_PREFIX.length));
    return g ? isPart2Goal(g) : false;
  }
  return false;
};

export const sharedItemProblems = (items: readonly string[], ctx: SharedItemContext, field = 'body.shared.items'): FieldProblem[] => {
  const seen = new Set<string>();
  return items.flatMap((code, i): FieldProblem[] => {
    if (seen.has(code)) return [{ field: `${field}.${i}`, message: `"${code}" is listed twice` }];
    seen.add(code);
    if ((BASE_ITEMS as readonly string[]).includes(code) || (PART2_ITEMS as readonly string[]).includes(code)) return [];
    if (code.startsWith(GOAL_PREFIX)) {
      return ctx.goals.has(code.slice(GOAL_PREFIX.length)) ? [] : [{ field: `${field}.${i}`, message: 'No such goal in the participant’s recovery plan' }];
    }
    return [{ field: `${field}.${i}`, message: `Unknown item "${code}"` }];
  });
};

export interface Part2ConsentInput {
  recipient: string;
  purpose: string;
  expiresOn: string;
  method: 'written' | 'electronic';
  signedOn: string;
}

/**
 * 42 CFR 2.31: Part 2 information is disclosed only under a written consent that names the
 * recipient, the purpose and an expiration. Without one (or with one already expired) nothing is
 * stored.
 */
export const part2ConsentProblems = (
  items: readonly string[],
  ctx: SharedItemContext,
  consent: Part2ConsentInput | null | undefined,
  today: string,
  field = 'body.shared.part2Consent',
): FieldProblem[] => {
  const part2 = items.filter((c) => isPart2Item(c, ctx));
  if (part2.length === 0) return [];
  if (!consent) return [{ field, message: `Sharing ${part2.join(', ')} needs a 42 CFR Part 2 consent (recipient, purpose, expiration)` }];
  const problems: FieldProblem[] = [];
  if (consent.expiresOn <= today) problems.push({ field: `${field}.expiresOn`, message: 'The Part 2 consent has expired' });
  if (consent.signedOn > today) problems.push({ field: `${field}.signedOn`, message: 'The consent cannot be signed in the future' });
  return problems;
};

/** A Part 2 consent allows disclosure on `today` when it has not expired or been revoked. */
export const part2ConsentInForce = (c: { expiresOn: string; revokedAt: Date | null } | null | undefined, today: string) =>
  !!c && c.revokedAt === null && c.expiresOn > today;

// ---------- links ----------

export const DEFAULT_LINK_DAYS = 30;

/** Organization setting `referrals.linkDays` (1 to 365), else 30 days. */
export const linkDaysOf = (settings: Record<string, unknown> | undefined): number => {
  const v = (settings?.referrals as { linkDays?: unknown } | undefined)?.linkDays;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 365 ? v : DEFAULT_LINK_DAYS;
};

export type LinkState = 'active' | 'expired' | 'revoked';
export const linkState = (l: { expiresAt: Date; revokedAt: Date | null }, now: Date): LinkState =>
  l.revokedAt ? 'revoked' : l.expiresAt <= now ? 'expired' : 'active';

// ---------- reports ----------

export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Completed among the referrals that reached an answer (declined, completed, not completed). */
export const completionRate = (c: { completed: number; declined: number; notCompleted: number }): number | null => {
  const closed = c.completed + c.declined + c.notCompleted;
  return closed === 0 ? null : Math.round((c.completed / closed) * 1000) / 1000;
};

export interface ReportRow {
  need: string;
  serviceId: string;
  serviceName: string;
  organizationName: string | null;
  status: string;
  sentAt: Date;
  acceptedAt: Date | null;
}

export interface ReportGroup {
  key: string;
  label: string;
  sent: number;
  accepted: number;
  declined: number;
  completed: number;
  notCompleted: number;
  cancelled: number;
  open: number;
  completionRate: number | null;
  medianHoursToAcceptance: number | null;
}

/** Groups referrals sent in a period by need, service or organization (pure, for the reports). */
export const groupReport = (rows: readonly ReportRow[], by: (r: ReportRow) => { key: string; label: string }): ReportGroup[] => {
  const groups = new Map<string, { label: string; rows: ReportRow[] }>();
  for (const r of rows) {
    const { key, label } = by(r);
    const g = groups.get(key) ?? { label, rows: [] };
    g.rows.push(r);
    groups.set(key, g);
  }
  return [...groups.entries()]
    .map(([key, g]) => {
      const n = (s: string) => g.rows.filter((r) => r.status === s).length;
      const counts = { completed: n('completed'), declined: n('declined'), notCompleted: n('not-completed') };
      const hours = g.rows.filter((r) => r.acceptedAt).map((r) => (r.acceptedAt!.getTime() - r.sentAt.getTime()) / 3_600_000);
      const med = median(hours);
      return {
        key,
        label: g.label,
        sent: g.rows.length,
        accepted: g.rows.filter((r) => r.acceptedAt !== null).length,
        ...counts,
        cancelled: n('cancelled'),
        open: g.rows.filter((r) => !isClosed(r.status)).length,
        completionRate: completionRate(counts),
        medianHoursToAcceptance: med === null ? null : Math.round(med * 10) / 10,
      };
    })
    .sort((a, b) => b.sent - a.sent || a.label.localeCompare(b.label));
};
