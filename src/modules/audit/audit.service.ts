import type { Actor, AuditActor } from '../../core/actor.ts';
import { isAppError, forbidden, type AppError } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import { can } from '../identity/identity.rules.ts';
import { allAuditEventsInChainOrder, allChainHeads, appendAuditEvent, chainHeadOf, listAuditEvents, type AuditFilter } from './audit.repo.ts';
import { getOrgSettings } from '../people/people.repo.ts';
import { createChainVerifier, listBound, NIL_CHAIN, signCheckpoint, type AuditOutcome, type ChainBreak, type HeadCheckpoint } from './audit.rules.ts';

export interface AuditEntry {
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  /** Never personal data: ids, field names, counts, reasons. */
  details?: Record<string, unknown>;
  /** For events that belong to an organization other than the actor's (e.g. org creation). */
  orgId?: string | null;
  /** 'denied' for a refused attempt; 'success' when absent. */
  outcome?: AuditOutcome;
}

/** What a refused use case asked for (see `attempt`). */
export interface AttemptEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Ids only, as in any entry. */
  details?: Record<string, unknown>;
  /**
   * Refusals besides 403 and 404: a request refused for want of the participant's consent
   * answers 400 on the consent field, and is still a refused disclosure.
   */
  alsoRefused?: (e: AppError) => boolean;
}

/**
 * The attempts `audit.refusals` audits for a service: per use case, what it asks for, from the
 * use case's own arguments, or null to run it unaudited (inside a caller's transaction, whose use
 * case audits its own refusal).
 */
export type RefusalTargets<S> = {
  [K in keyof S]?: S[K] extends (actor: infer A extends Actor, ...args: infer P) => Promise<unknown> ? (actor: A, ...args: P) => AttemptEntry | null : never;
};

/** A refusal of the record itself: forbidden, or not found (absent, another organization's, or out of the caller's scope, which look the same). */
const isRefusal = (e: AppError) => e.status === 403 || e.status === 404;

export interface AuditEventView {
  id: string;
  seq: number;
  occurredAt: string;
  actor: { id: string; email: string | null } | null;
  actorKind: string;
  action: string;
  outcome: AuditOutcome;
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
      actorId: actor?.kind === 'user' ? actor.userId : actor?.kind === 'participant' ? actor.participantId : null,
      action: e.action,
      entityType: e.entityType ?? null,
      entityId: e.entityId ?? null,
      sourceIp: actor?.sourceIp ?? null,
      details: actor?.kind === 'system' ? { ...e.details, via: actor.label } : (e.details ?? {}),
      ...(e.outcome ? { outcome: e.outcome } : {}),
    });

  // Errors whose refusal is recorded already: a use case that calls another (matching's assign
  // calls people's) records one denied attempt, not two.
  const recorded = new WeakSet<AppError>();

  /**
   * Runs a use case on participant-level records and records its refusal (HIPAA 45 CFR
   * 164.312(b): access attempts are audited, denied ones too). A refused use case rolls back its
   * transaction with anything it recorded, so the denied attempt is written afterwards, in a
   * transaction of its own, under the actor's organization, also when the record asked for is
   * another organization's (the answer stays the same 404 and tells the caller nothing more). The
   * entry names the action, the record asked for and the refusal's status, code and fields, never
   * the problem's text. A failure to write it fails the request.
   */
  const attempt = async <T>(actor: Actor, entry: AttemptEntry, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      if (isAppError(e) && !recorded.has(e) && (isRefusal(e) || entry.alsoRefused?.(e))) {
        recorded.add(e);
        const fields = [...new Set((e.errors ?? []).map((p) => p.field))];
        await db.tenant(actor.orgId, (tx) =>
          record(tx, actor, {
            action: entry.action,
            entityType: entry.entityType,
            entityId: entry.entityId ?? null,
            outcome: 'denied',
            details: { ...entry.details, refused: e.code, status: e.status, ...(fields.length > 0 ? { fields } : {}) },
          }),
        );
      }
      throw e;
    }
  };

  /** `service` with each use case named in `targets` run through `attempt`. */
  const refusals = <S extends object>(service: S, targets: RefusalTargets<S>): S => {
    const wrapped = { ...service } as Record<string, unknown>;
    for (const [name, target] of Object.entries(targets) as Array<[string, (actor: Actor, ...args: unknown[]) => AttemptEntry | null]>) {
      const run = (service as Record<string, (actor: Actor, ...args: unknown[]) => Promise<unknown>>)[name]!;
      wrapped[name] = (actor: Actor, ...args: unknown[]) => {
        const entry = target(actor, ...args);
        return entry ? attempt(actor, entry, () => run(actor, ...args)) : run(actor, ...args);
      };
    }
    return wrapped as unknown as S;
  };

  /** `from` and `to`: a date-time, or a bare date for that day of the organization (`listBound`). */
  const list = async (
    actor: Actor,
    { from, to, ...filter }: Omit<AuditFilter, 'from' | 'to'> & { from?: string | undefined; to?: string | undefined },
    page: PageQuery,
  ): Promise<Page<AuditEventView>> => {
    if (actor.kind !== 'user' || !can(actor.role, 'audit.read')) throw forbidden();
    return db.tenant(actor.orgId, async (tx) => {
      const timeZone = (await getOrgSettings(tx, actor.orgId))?.timeZone ?? 'America/New_York';
      const bounds = { from: from ? listBound(from, 'from', timeZone) : undefined, to: to ? listBound(to, 'to', timeZone) : undefined };
      const { total, rows } = await listAuditEvents(tx, actor.orgId, { ...filter, ...bounds }, page.pageSize, offsetOf(page));
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
          outcome: e.outcome as AuditOutcome,
          entityType: e.entityType,
          entityId: e.entityId,
          sourceIp: e.sourceIp,
          details: e.details,
        })),
      };
    }, actor.userId);
  };

  /**
   * Operator check of every chain (`peerbridge audit verify`), and of each signed head
   * checkpoint given (`--checkpoints FILE`, whose signatures the caller has checked).
   */
  const verify = (checkpoints: readonly HeadCheckpoint[] = []): Promise<{ ok: boolean; checked: number; first: ChainBreak | null }> =>
    db.owner(async (tx) => {
      const v = createChainVerifier(auditKey, checkpoints);
      for await (const e of allAuditEventsInChainOrder(tx)) {
        const broken = v.add(e);
        if (broken) return { ok: false, checked: v.checked, first: broken };
      }
      const broken = v.finish(await allChainHeads(tx));
      return { ok: broken === null, checked: v.checked, first: broken };
    });

  /** Signed checkpoints of every chain's head now (`peerbridge audit checkpoint`); owner context. */
  const checkpoints = (at: Date = new Date()): Promise<HeadCheckpoint[]> =>
    db.owner(async (tx) =>
      [...(await allChainHeads(tx))].map(([chainId, h]) =>
        signCheckpoint(auditKey, { chainId, orgId: chainId === NIL_CHAIN ? null : chainId, eventCount: h.lastSeq, headHash: h.lastHash, at }),
      ),
    );

  /**
   * The organization's own chain head, signed (admins: the audit page and the API), so an admin
   * can keep a checkpoint away from the instance too.
   */
  const checkpointOf = async (actor: Actor, at: Date = new Date()): Promise<HeadCheckpoint> => {
    if (actor.kind !== 'user' || !can(actor.role, 'audit.read')) throw forbidden();
    const head = await db.tenant(actor.orgId, (tx) => chainHeadOf(tx, actor.orgId));
    return signCheckpoint(auditKey, { chainId: actor.orgId, orgId: actor.orgId, eventCount: head?.lastSeq ?? 0, headHash: head?.lastHash ?? '', at });
  };

  return { record, attempt, refusals, list, verify, checkpoints, checkpointOf };
};
