import { and, asc, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { namedRows, type Tx } from '../../db/client.ts';
import { auditChainHeads, auditEvents, users } from '../../db/schema/identity.ts';
import { eventHash, NIL_CHAIN, type AuditOutcome, type StoredEvent } from './audit.rules.ts';

export interface NewAuditEvent {
  orgId: string | null;
  actorKind: 'user' | 'system' | 'anonymous' | 'link' | 'participant';
  actorId: string | null;
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  sourceIp?: string | null;
  details?: Record<string, unknown>;
  /** 'success' unless recorded as a refused attempt. */
  outcome?: AuditOutcome;
}

export interface AuditFilter {
  action?: string | undefined;
  actorId?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  outcome?: AuditOutcome | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Events about these participants (see `aboutParticipants`); an empty list matches nothing. */
  participantIds?: string[] | undefined;
}

/**
 * Events that name one of these participants, however the event names them: the participant
 * itself (reads, changes, plans, coverage lists), a list that returned them (`details.ids`), their
 * id in the details (`participantId`, `participantIds`), or one of their session notes or
 * referrals (by the event's entity, a list's `ids`, or `encounterIds`/`referralIds`). The trail
 * keeps ids only: a search by name resolves to ids before it gets here.
 */
const aboutParticipants = (ids: string[]): SQL => {
  if (ids.length === 0) return sql`false`;
  // One array parameter (drizzle would spread a JS array into a row); the ids are uuids (zod).
  const list = sql`${`{${ids.join(',')}}`}::text[]`;
  const notes = sql`array(select ep.encounter_id::text from encounter_participants ep where ep.participant_id::text = any(${list}))`;
  const referralIds = sql`array(select r.id::text from referrals r where r.participant_id::text = any(${list}))`;
  return sql`(
    (${auditEvents.entityType} = 'participant' and (${auditEvents.entityId} = any(${list}) or jsonb_exists_any(${auditEvents.details}->'ids', ${list})))
    or ${auditEvents.details}->>'participantId' = any(${list})
    or jsonb_exists_any(${auditEvents.details}->'participantIds', ${list})
    or (${auditEvents.entityType} = 'encounter' and (${auditEvents.entityId} = any(${notes}) or jsonb_exists_any(${auditEvents.details}->'ids', ${notes})))
    or jsonb_exists_any(${auditEvents.details}->'encounterIds', ${notes})
    or (${auditEvents.entityType} = 'referral' and (${auditEvents.entityId} = any(${referralIds}) or jsonb_exists_any(${auditEvents.details}->'ids', ${referralIds})))
    or jsonb_exists_any(${auditEvents.details}->'referralIds', ${referralIds})
  )`;
};

// The two statements of an append run as named prepared statements (namedRows): with the
// row-level security policies inlined, planning them took more of the server's CPU than running
// them, and every audited request runs both.
// An upsert that creates the chain head when missing and locks it either way (ON CONFLICT DO
// UPDATE takes the row lock).
const LOCK_HEAD = `
  insert into audit_chain_heads (chain_id, last_seq, last_hash) values ($1::uuid, 0, '')
  on conflict (chain_id) do update set last_seq = audit_chain_heads.last_seq
  returning last_seq, last_hash`;

// The event and the new head in one statement.
const APPEND = `
  with event as (
    insert into audit_events (id, chain_id, chain_seq, org_id, occurred_at, actor_kind, actor_id, action,
                              entity_type, entity_id, source_ip, details, outcome, prev_hash, hash, hash_version)
    values ($1::uuid, $2::uuid, $3, $4::uuid, $5::timestamptz, $6, $7::uuid, $8, $9, $10, $11, $12::jsonb, $15, $13, $14, 2)
  )
  update audit_chain_heads set last_seq = $3, last_hash = $14 where chain_id = $2::uuid`;

/**
 * Appends one event inside the caller's transaction, so the event commits if and only if the
 * action it records commits. The chain head row is locked (FOR UPDATE) for the rest of the
 * transaction: links of one chain are written one at a time.
 */
export const appendAuditEvent = async (tx: Tx, key: Buffer, e: NewAuditEvent): Promise<void> => {
  const chainId = e.orgId ?? NIL_CHAIN;
  // Two statements, because every audited request pays for them (written as SQL: drizzle's
  // insert builder took ~50 µs to build the upsert, on every audited request).
  const [head] = await namedRows<{ last_seq: string | number; last_hash: string }>(tx, 'pb_audit_lock_head', LOCK_HEAD, [chainId]);
  if (!head) throw new Error('audit chain head missing');
  // bigint: a string from node-postgres, as the schema's { mode: 'number' } maps it.
  const lastSeq = Number(head.last_seq);
  const fields = {
    id: randomUUID(),
    chainId,
    chainSeq: lastSeq + 1,
    orgId: e.orgId,
    occurredAt: new Date(),
    actorKind: e.actorKind,
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType ?? null,
    entityId: e.entityId ?? null,
    sourceIp: e.sourceIp ?? null,
    details: e.details ?? {},
    outcome: e.outcome ?? 'success',
    hashVersion: 2,
  };
  const hash = eventHash(key, head.last_hash, fields);
  await namedRows(tx, 'pb_audit_append_v2', APPEND, [
    fields.id,
    chainId,
    fields.chainSeq,
    fields.orgId,
    fields.occurredAt.toISOString(),
    fields.actorKind,
    fields.actorId,
    fields.action,
    fields.entityType,
    fields.entityId,
    fields.sourceIp,
    JSON.stringify(fields.details),
    head.last_hash,
    hash,
    fields.outcome,
  ]);
};

const filterWhere = (orgId: string, f: AuditFilter): SQL | undefined =>
  and(
    eq(auditEvents.orgId, orgId),
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
    f.entityType ? eq(auditEvents.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditEvents.entityId, f.entityId) : undefined,
    f.outcome ? eq(auditEvents.outcome, f.outcome) : undefined,
    f.from ? gte(auditEvents.occurredAt, f.from) : undefined,
    f.to ? lte(auditEvents.occurredAt, f.to) : undefined,
    f.participantIds ? aboutParticipants(f.participantIds) : undefined,
  );

export const listAuditEvents = async (tx: Tx, orgId: string, f: AuditFilter, limit: number, offset: number) => {
  const where = filterWhere(orgId, f);
  const [total] = await tx.select({ n: count() }).from(auditEvents).where(where);
  const rows = await tx
    .select({ e: auditEvents, actorEmail: users.email })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(where)
    .orderBy(desc(auditEvents.seq))
    .limit(limit)
    .offset(offset);
  return { total: total?.n ?? 0, rows };
};

/** Every event of every chain in chain order; owner context only (verification). */
export async function* allAuditEventsInChainOrder(tx: Tx, batch = 5000): AsyncGenerator<StoredEvent> {
  let afterSeq = 0;
  for (;;) {
    const rows = await tx
      .select({ e: auditEvents, occurredAtUs: sql<string>`to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
      .from(auditEvents)
      .where(sql`${auditEvents.seq} > ${afterSeq}`)
      .orderBy(asc(auditEvents.seq))
      .limit(batch);
    for (const { e, occurredAtUs } of rows) yield { ...e, seq: e.seq, occurredAtUs };
    if (rows.length < batch) return;
    afterSeq = rows[rows.length - 1]!.e.seq;
  }
}

export const allChainHeads = async (tx: Tx) =>
  new Map((await tx.select().from(auditChainHeads)).map((h) => [h.chainId, { lastSeq: h.lastSeq, lastHash: h.lastHash }]));

/** One chain's head (a tenant reads its own). */
export const chainHeadOf = async (tx: Tx, chainId: string) => {
  const [h] = await tx.select().from(auditChainHeads).where(eq(auditChainHeads.chainId, chainId));
  return h ? { lastSeq: h.lastSeq, lastHash: h.lastHash } : undefined;
};
