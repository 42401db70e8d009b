import type { Actor, AuditActor } from '../../core/actor.ts';
import { forbidden } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import { can } from '../identity/identity.rules.ts';
import { allAuditEventsInChainOrder, allChainHeads, appendAuditEvent, listAuditEvents, type AuditFilter } from './audit.repo.ts';
import { createChainVerifier, type ChainBreak } from './audit.rules.ts';

export interface AuditEntry {
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  /** Never personal data: ids, field names, counts, reasons. */
  details?: Record<string, unknown>;
  /** For events that belong to an organization other than the actor's (e.g. org creation). */
  orgId?: string | null;
}

export interface AuditEventView {
  id: string;
  seq: number;
  occurredAt: string;
  actor: { id: string; email: string | null } | null;
  actorKind: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
  sourceIp: string | null;
  details: Record<string, unknown>;
}

export type AuditService = ReturnType<typeof createAuditService>;

export const createAuditService = ({ db, auditKey }: { db: Database; auditKey: Buffer }) => {
  /** Records inside the caller's transaction: the event and the action commit together. */
  const record = (tx: Tx, actor: AuditActor | null, e: AuditEntry) =>
    appendAuditEvent(tx, auditKey, {
      orgId: e.orgId !== undefined ? e.orgId : (actor?.orgId ?? null),
      actorKind: actor === null ? 'anonymous' : actor.kind,
      actorId: actor?.kind === 'user' ? actor.userId : null,
      action: e.action,
      entityType: e.entityType ?? null,
      entityId: e.entityId ?? null,
      sourceIp: actor?.sourceIp ?? null,
      details: actor?.kind === 'system' ? { ...e.details, via: actor.label } : (e.details ?? {}),
    });

  const list = async (actor: Actor, filter: AuditFilter, page: PageQuery): Promise<Page<AuditEventView>> => {
    if (actor.kind !== 'user' || !can(actor.role, 'audit.read')) throw forbidden();
    return db.tenant(actor.orgId, async (tx) => {
      const { total, rows } = await listAuditEvents(tx, actor.orgId, filter, page.pageSize, offsetOf(page));
      return {
        total,
        page: page.page,
        pageSize: page.pageSize,
        items: rows.map(({ e, actorEmail }) => ({
          id: e.id,
          seq: e.seq,
          occurredAt: e.occurredAt.toISOString(),
          actor: e.actorId ? { id: e.actorId, email: actorEmail } : null,
          actorKind: e.actorKind,
          action: e.action,
          entityType: e.entityType,
          entityId: e.entityId,
          sourceIp: e.sourceIp,
          details: e.details,
        })),
      };
    }, actor.userId);
  };

  /** Operator check of every chain (`peerbridge audit verify`). */
  const verify = (): Promise<{ ok: boolean; checked: number; first: ChainBreak | null }> =>
    db.owner(async (tx) => {
      const v = createChainVerifier(auditKey);
      for await (const e of allAuditEventsInChainOrder(tx)) {
        const broken = v.add(e);
        if (broken) return { ok: false, checked: v.checked, first: broken };
      }
      const broken = v.finish(await allChainHeads(tx));
      return { ok: broken === null, checked: v.checked, first: broken };
    });

  return { record, list, verify };
};
