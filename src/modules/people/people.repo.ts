import { and, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { organizations, users } from '../../db/schema/identity.ts';
import { assignments, participants, peers } from '../../db/schema/people.ts';
import { localDate } from '../referrals/referrals.rules.ts';

export type PeerRow = typeof peers.$inferSelect;
export type ParticipantRow = typeof participants.$inferSelect;
export type AssignmentRow = typeof assignments.$inferSelect;
export type NewPeerRow = typeof peers.$inferInsert;
export type NewParticipantRow = typeof participants.$inferInsert;

export const getOrgSettings = async (tx: Tx, orgId: string) =>
  (await tx.select({ settings: organizations.settings, timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)))[0];

/**
 * Today in the organization's zone: what its people call today. The UTC day is already tomorrow
 * on an evening in the Americas (a credential valid through today is still valid tonight).
 */
export const orgToday = async (tx: Tx, orgId: string, clock: () => Date) =>
  localDate(clock(), (await getOrgSettings(tx, orgId))?.timeZone ?? 'America/New_York');

// ---------- peers ----------

/**
 * Whether a user of the current organization has this id. Row-level security scopes the read;
 * the foreign key peers.user_id -> users(id) does not (PostgreSQL checks foreign keys past RLS).
 */
export const userExists = async (tx: Tx, userId: string) =>
  (await tx.select({ id: users.id }).from(users).where(eq(users.id, userId))).length > 0;

export const insertPeer = async (tx: Tx, row: typeof peers.$inferInsert) => (await tx.insert(peers).values(row).returning())[0]!;

export const getPeer = async (tx: Tx, id: string) => (await tx.select().from(peers).where(eq(peers.id, id)))[0];

export const getPeerByUser = async (tx: Tx, userId: string) => (await tx.select().from(peers).where(eq(peers.userId, userId)))[0];

export const updatePeer = async (tx: Tx, id: string, patch: Partial<typeof peers.$inferInsert>) =>
  (await tx.update(peers).set({ ...patch, updatedAt: new Date() }).where(eq(peers.id, id)).returning())[0];

export const listPeers = async (tx: Tx, f: { q?: string | undefined; active?: boolean | undefined }, limit: number, offset: number) => {
  const where = and(f.q ? ilike(peers.displayName, `%${f.q}%`) : undefined, f.active !== undefined ? eq(peers.active, f.active) : undefined);
  const [total] = await tx.select({ n: count() }).from(peers).where(where);
  const items = await tx.select().from(peers).where(where).orderBy(peers.displayName, peers.id).limit(limit).offset(offset);
  return { total: total?.n ?? 0, items };
};

/** Active assignments per peer, for "Caseload 6 of 15" and capacity checks. */
export const activeCaseloads = async (tx: Tx, peerIds?: string[]): Promise<Map<string, number>> => {
  if (peerIds && peerIds.length === 0) return new Map();
  const rows = await tx
    .select({ peerId: assignments.peerId, n: count() })
    .from(assignments)
    .where(and(eq(assignments.status, 'active'), peerIds ? inArray(assignments.peerId, peerIds) : undefined))
    .groupBy(assignments.peerId);
  return new Map(rows.map((r) => [r.peerId, r.n]));
};

// ---------- participants ----------

export const insertParticipant = async (tx: Tx, row: typeof participants.$inferInsert) =>
  (await tx.insert(participants).values(row).returning())[0]!;

export const getParticipant = async (tx: Tx, id: string) => (await tx.select().from(participants).where(eq(participants.id, id)))[0];

/** `at`: the service's clock (a record's dates are its service's, as the notes' are). */
export const updateParticipant = async (tx: Tx, id: string, patch: Partial<typeof participants.$inferInsert>, at: Date) =>
  (await tx.update(participants).set({ ...patch, updatedAt: at }).where(eq(participants.id, id)).returning())[0];

/** Participants a peer may open: assigned to them (now or before) or whose intake they did. */
const ownedBy = (peerId: string | null, userId: string): SQL =>
  or(
    eq(participants.createdBy, userId),
    peerId
      ? sql`exists (select 1 from ${assignments} a where a.participant_id = ${participants.id} and a.peer_id = ${peerId})`
      : sql`false`,
  )!;

export const participantVisibleTo = async (tx: Tx, id: string, peerId: string | null, userId: string) =>
  (await tx.select({ id: participants.id }).from(participants).where(and(eq(participants.id, id), ownedBy(peerId, userId)))).length > 0;

export const listParticipants = async (
  tx: Tx,
  f: { q?: string | undefined; status?: string | undefined; peerId?: string | undefined; ownerPeerId?: string | null; ownerUserId?: string },
  limit: number,
  offset: number,
) => {
  const where = and(
    f.q
      ? or(ilike(participants.givenName, `%${f.q}%`), ilike(participants.familyName, `%${f.q}%`), ilike(participants.preferredName, `%${f.q}%`))
      : undefined,
    f.status ? eq(participants.status, f.status) : undefined,
    f.peerId
      ? sql`exists (select 1 from ${assignments} a where a.participant_id = ${participants.id} and a.peer_id = ${f.peerId} and a.status = 'active')`
      : undefined,
    f.ownerUserId ? ownedBy(f.ownerPeerId ?? null, f.ownerUserId) : undefined,
  );
  const [total] = await tx.select({ n: count() }).from(participants).where(where);
  const items = await tx
    .select()
    .from(participants)
    .where(where)
    .orderBy(participants.familyName, participants.givenName, participants.id)
    .limit(limit)
    .offset(offset);
  return { total: total?.n ?? 0, items };
};

/** The active assignment of each participant, with the peer's name. */
export const currentAssignments = async (tx: Tx, participantIds: string[]) => {
  if (participantIds.length === 0) return new Map<string, { id: string; peerId: string; peerDisplayName: string; assignedAt: Date }>();
  const rows = await tx
    .select({ id: assignments.id, participantId: assignments.participantId, peerId: assignments.peerId, peerDisplayName: peers.displayName, assignedAt: assignments.assignedAt })
    .from(assignments)
    .innerJoin(peers, eq(peers.id, assignments.peerId))
    .where(and(eq(assignments.status, 'active'), inArray(assignments.participantId, participantIds)));
  return new Map(rows.map((r) => [r.participantId, { id: r.id, peerId: r.peerId, peerDisplayName: r.peerDisplayName, assignedAt: r.assignedAt }]));
};

// ---------- assignments ----------

/** Locks the peer row for the rest of the transaction, so two assignments cannot overfill it. */
export const lockPeer = async (tx: Tx, id: string) => (await tx.select().from(peers).where(eq(peers.id, id)).for('update'))[0];

export const activeAssignmentOf = async (tx: Tx, participantId: string) =>
  (await tx.select().from(assignments).where(and(eq(assignments.participantId, participantId), eq(assignments.status, 'active'))))[0];

export const insertAssignment = async (tx: Tx, row: typeof assignments.$inferInsert) => (await tx.insert(assignments).values(row).returning())[0]!;

export const getAssignment = async (tx: Tx, id: string) => (await tx.select().from(assignments).where(eq(assignments.id, id)))[0];

export const updateAssignment = async (tx: Tx, id: string, patch: Partial<typeof assignments.$inferInsert>) =>
  (await tx.update(assignments).set(patch).where(eq(assignments.id, id)).returning())[0]!;

export const assignmentsOfParticipant = async (tx: Tx, participantId: string) =>
  tx
    .select({ a: assignments, peerDisplayName: peers.displayName })
    .from(assignments)
    .innerJoin(peers, eq(peers.id, assignments.peerId))
    .where(eq(assignments.participantId, participantId))
    .orderBy(sql`${assignments.assignedAt} desc`);

/** Peers this participant was matched with before and either side ended: never proposed again. */
export const endedPeerIds = async (tx: Tx, participantId: string) =>
  new Set(
    (
      await tx
        .select({ peerId: assignments.peerId })
        .from(assignments)
        .where(and(eq(assignments.participantId, participantId), eq(assignments.status, 'ended')))
    ).map((r) => r.peerId),
  );
