import { linkActor, type LinkActor } from '../../core/actor.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { linkState, type LinkState } from './links.rules.ts';

/**
 * One-time links answered without an account: self-completion of an assessment (issue 20) and a
 * certification reference (issue 21). The token is found through a security-definer lookup of its
 * keyed hash, then the link is used inside its organization's tenant with the row locked. A refused
 * use (unknown, expired, withdrawn, spent, or an answer that does not check) rolls back and is
 * recorded in a transaction of its own, so it is audited although nothing was stored.
 */

/** The same words for a token that never existed as for a malformed one: nothing is revealed. */
export const notALink = () => new AppError(404, 'link-not-found', 'This link is not valid. Ask the person who sent it for a new one.');

type LinkRow = Parameters<typeof linkState>[0];

export interface OneTimeLinkKind<Row extends LinkRow> {
  /** The audit record's entity type (`assessment_link`, `reference_request`). */
  entityType: string;
  /** The organization and id of the link whose token has this hash, through the tenant-free lookup. */
  find(tx: Tx, tokenHash: string): Promise<{ orgId: string; id: string } | undefined>;
  /** The link's row, locked for the rest of the transaction. */
  lock(tx: Tx, id: string): Promise<Row | undefined>;
  /** The problem for a link that can no longer be used, in this kind's words. */
  refused(state: Exclude<LinkState, 'active'>): AppError;
}

export const oneTimeLinkRunner =
  <Row extends LinkRow>(deps: { db: Database; audit: AuditService; clock: () => Date; tokenHash: (token: string) => string }, kind: OneTimeLinkKind<Row>) =>
  async <T>(token: string, sourceIp: string | null, action: string, fn: (tx: Tx, row: Row, actor: LinkActor) => Promise<T>): Promise<T> => {
    const target = await deps.db.tenant(null, (tx) => kind.find(tx, deps.tokenHash(token)));
    if (!target) throw notALink();
    const actor = linkActor(target.orgId, sourceIp);
    try {
      return await deps.db.tenant(target.orgId, async (tx) => {
        const row = await kind.lock(tx, target.id);
        if (!row) throw notALink();
        const state = linkState(row, deps.clock());
        if (state !== 'active') throw kind.refused(state);
        return fn(tx, row, actor);
      });
    } catch (e) {
      if (isAppError(e)) {
        await deps.db.tenant(target.orgId, (tx) =>
          deps.audit.record(tx, actor, {
            action: `${action}.refused`,
            entityType: kind.entityType,
            entityId: target.id,
            outcome: e.status === 410 || e.status === 404 ? 'denied' : 'success',
            details: { reason: e.code },
          }),
        );
      }
      throw e;
    }
  };
