/**
 * Supervision and caseload intensity, pure (issue 21). Supervision hours count toward a
 * credential's requirement (IC&RC Peer Recovery: 25 hours before certification,
 * shared/OUTCOMES-AND-WORKFORCE.md §4) and toward the organization's policy (default one hour a
 * month per peer, a setting).
 */

export const SUPERVISION_TOPICS = ['secondary-trauma', 'boundaries', 'relapse-prevention', 'ethics', 'self-care', 'documentation', 'caseload', 'crisis-response', 'career', 'other'] as const;
export type SupervisionTopic = (typeof SUPERVISION_TOPICS)[number];

/** Organization policy: minutes of supervision a peer should have each calendar month. */
export const DEFAULT_MONTHLY_MINUTES = 60;
/** IC&RC Peer Recovery: 25 hours of supervision to certify (V). */
export const ICRC_SUPERVISION_HOURS = 25;

export interface SupervisionDue {
  peerId: string;
  minutesThisMonth: number;
  requiredMinutes: number;
  due: boolean;
  lastSessionOn: string | null;
  totalHours: number;
}

export const supervisionDue = (
  peerId: string,
  sessions: ReadonlyArray<{ heldOn: string; minutes: number }>,
  month: string,
  requiredMinutes = DEFAULT_MONTHLY_MINUTES,
): SupervisionDue => {
  const inMonth = sessions.filter((s) => s.heldOn.startsWith(month));
  const minutesThisMonth = inMonth.reduce((a, s) => a + s.minutes, 0);
  const last = sessions.reduce<string | null>((a, s) => (a === null || s.heldOn > a ? s.heldOn : a), null);
  return { peerId, minutesThisMonth, requiredMinutes, due: minutesThisMonth < requiredMinutes, lastSessionOn: last, totalHours: Math.round((sessions.reduce((a, s) => a + s.minutes, 0) / 60) * 100) / 100 };
};

export interface IntensityWeek {
  weekStart: string;
  activeCaseload: number;
  capacity: number;
  sessions: number;
  hours: number;
  safetyFollowups: number;
  afterHoursSessions: number;
  referralsInProgress: number;
  /** 0..100: a plain index for the trend line, not a clinical measure. */
  index: number;
}

/**
 * A plain intensity index for the trend: caseload against capacity weighs most, then sessions
 * against a 20-hour week, then safety follow-ups and after-hours work. Shown with its parts, so
 * nobody reads a number without its reasons.
 */
export const intensityIndex = (w: Omit<IntensityWeek, 'index'>) => {
  const load = w.capacity > 0 ? Math.min(1.5, w.activeCaseload / w.capacity) : 0;
  const hours = Math.min(1.5, w.hours / 20);
  const safety = Math.min(1, w.safetyFollowups / 3);
  const after = Math.min(1, w.afterHoursSessions / 5);
  return Math.round(Math.min(100, load * 40 + hours * 30 + safety * 20 + after * 10));
};

/** Monday of the ISO week of `day`. */
export const weekStartOf = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};
