import type { Tx } from '../../db/client.ts';
import { listAuditEvents } from '../audit/audit.repo.ts';
import type { Lang } from '../matching/taxonomy.ts';
import { collapseRepeats, describeAccess } from './portal.rules.ts';
import * as repo from './portal.repo.ts';

/**
 * Who opened a participant's record, in plain words, from the audit trail (newest first, repeats
 * folded): the portal's "who saw my record" and the record's PDF. Inside the caller's tenant
 * transaction; a participant's own refused attempts are left out.
 */
export const accessLines = async (tx: Tx, orgId: string, participantId: string, lang: Lang, limit = 200) => {
  const { rows } = await listAuditEvents(tx, orgId, { participantIds: [participantId] }, limit, 0);
  const userIds = [...new Set(rows.flatMap((r) => (r.e.actorKind === 'user' && r.e.actorId !== null ? [r.e.actorId] : [])))];
  const names = new Map((await repo.userNames(tx, userIds)).map((u) => [u.id, u]));
  return collapseRepeats(
    rows
      .filter((r) => r.e.outcome !== 'denied' || r.e.actorKind !== 'participant')
      .map((r) => describeAccess({ actorKind: r.e.actorKind, actorId: r.e.actorId, action: r.e.action, entityType: r.e.entityType, at: r.e.occurredAt, self: participantId }, names, lang)),
  );
};
