import type { Tx } from '../../db/client.ts';
import { serviceDateOf } from '../billing/billing.rules.ts';
import * as repo from './outcomes.repo.ts';
import { outcomesSettings } from './outcomes.schemas.ts';
import { assessmentPoints, episodesOf } from './schedule.rules.ts';

/**
 * How many of a peer's active participants have an assessment point open or overdue today (My
 * day's count, issue 20), by the organization's SUPRT schedule: two set-based reads, the windows
 * computed in memory with the same rules as the participant's own list.
 */
export const dueCountOfPeer = async (tx: Tx, orgId: string, peerId: string, now: Date): Promise<number> => {
  const org = await repo.orgSettings(tx, orgId);
  const timeZone = org?.timeZone ?? 'America/New_York';
  const schedule = outcomesSettings.parse((org?.settings as Record<string, unknown> | undefined)?.outcomes ?? {}).suprt;
  const dateOf = (d: Date) => serviceDateOf(d.toISOString(), timeZone);
  const asOf = dateOf(now);
  const { spans, given } = await repo.caseloadScheduleFacts(tx, peerId);
  const byPerson = new Map<string, Array<{ start: string; end: string | null }>>();
  for (const s of spans) byPerson.set(s.participantId, [...(byPerson.get(s.participantId) ?? []), { start: dateOf(s.assignedAt), end: s.endedAt ? dateOf(s.endedAt) : null }]);
  const givenBy = new Map<string, Array<{ instrument: string; on: string }>>();
  for (const g of given) givenBy.set(g.participantId, [...(givenBy.get(g.participantId) ?? []), { instrument: g.instrument, on: dateOf(g.administeredAt) }]);
  let due = 0;
  for (const [id, assigned] of byPerson) {
    const points = assessmentPoints(episodesOf(assigned), givenBy.get(id) ?? [], schedule, asOf);
    if (points.some((p) => p.status === 'open' || p.status === 'overdue')) due += 1;
  }
  return due;
};
