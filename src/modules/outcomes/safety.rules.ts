import { offsetMinutesAt } from '../matching/timezone.ts';

/**
 * Same-day safety follow-up (DOMAIN.md, Crisis: a PHQ-9 item 9 answer of 1 or more needs
 * follow-up the same day whatever the total). "The same day" is the organization's: the follow-up
 * is due at the next local midnight after it was opened.
 */
export const endOfLocalDay = (now: Date, timeZone: string): Date => {
  const localMs = now.getTime() + offsetMinutesAt(timeZone, now.getTime()) * 60_000;
  const local = new Date(localMs);
  const nextMidnightWall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  // The offset at midnight may differ from now's (a daylight-saving change that day): take the
  // offset at the first guess, then once more at the corrected instant.
  let utc = nextMidnightWall - offsetMinutesAt(timeZone, nextMidnightWall) * 60_000;
  utc = nextMidnightWall - offsetMinutesAt(timeZone, utc) * 60_000;
  return new Date(utc);
};

export const FOLLOW_UP_ACTIONS = ['contacted', 'safety-plan-reviewed', 'warm-handoff', 'called-988-together', 'could-not-reach'] as const;
export type FollowUpAction = (typeof FOLLOW_UP_ACTIONS)[number];

/** Open and past its deadline: escalated to the organization's admins. */
export const isOverdue = (f: { status: string; dueBy: Date }, now: Date) => f.status === 'open' && f.dueBy.getTime() <= now.getTime();
