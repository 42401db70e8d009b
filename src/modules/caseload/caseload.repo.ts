import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { encounterAddenda, encounterParticipants, encounterReviews, encounters, recoveryPlans, recoveryPlanVersions } from '../../db/schema/caseload.ts';
import { organizations } from '../../db/schema/identity.ts';
import { assignments, participants, peers } from '../../db/schema/people.ts';

export type EncounterRow = typeof encounters.$inferSelect;
export type NewEncounterRow = typeof encounters.$inferInsert;
export type PlanRow = typeof recoveryPlans.$inferSelect;
export type PlanVersionRow = typeof recoveryPlanVersions.$inferSelect;

// ---------- organization and peers ----------

export const getOrg = async (tx: Tx, orgId: string) =>
  (await tx.select({ settings: organizations.settings, timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)))[0];

export const setOrgSettingsKey = async (tx: Tx, orgId: string, key: string, value: unknown) => {
  await tx
    .update(organizations)
    .set({ settings: sql`jsonb_set(${organizations.settings}, ${`{${key}}`}::text[], ${JSON.stringify(value)}::jsonb, true)`, updatedAt: new Date() })
    .where(eq(organizations.id, orgId));
};

const peerColumns = { id: peers.id, userId: peers.userId, displayName: peers.displayName, active: peers.active, createdAt: peers.createdAt };
export const getPeer = async (tx: Tx, id: string) => (await tx.select(peerColumns).from(peers).where(eq(peers.id, id)))[0];
export const getPeerByUser = async (tx: Tx, userId: string) => (await tx.select(peerColumns).from(peers).where(eq(peers.userId, userId)))[0];
export const peersByIds = async (tx: Tx, ids: string[]) => (ids.length === 0 ? [] : tx.select(peerColumns).from(peers).where(inArray(peers.id, ids)));

/** Participant display names (preferred name, else given name), as the people module shows them. */
export const participantNames = async (tx: Tx, ids: string[]) =>
  new Map(
    (ids.length === 0
      ? []
      : await tx.select({ id: participants.id, preferredName: participants.preferredName, givenName: participants.givenName }).from(participants).where(inArray(participants.id, ids))
    ).map((p) => [p.id, p.preferredName || p.givenName]),
  );

// ---------- encounters ----------

export const insertEncounter = async (tx: Tx, row: NewEncounterRow) => (await tx.insert(encounters).values(row).returning())[0]!;
export const getEncounter = async (tx: Tx, id: string) => (await tx.select().from(encounters).where(eq(encounters.id, id)))[0];
/** Locks the note for the rest of the transaction (sign, review, void). */
export const lockEncounter = async (tx: Tx, id: string) => (await tx.select().from(encounters).where(eq(encounters.id, id)).for('update'))[0];
export const updateEncounter = async (tx: Tx, id: string, patch: Partial<NewEncounterRow>) =>
  (await tx.update(encounters).set({ ...patch, updatedAt: new Date() }).where(eq(encounters.id, id)).returning())[0]!;

/** Deletes a draft and its participations (the database refuses a signed note). */
export const deleteDraft = async (tx: Tx, id: string) => {
  await tx.delete(encounterParticipants).where(eq(encounterParticipants.encounterId, id));
  await tx.delete(encounters).where(and(eq(encounters.id, id), isNull(encounters.signedAt)));
};

export const setParticipants = async (tx: Tx, orgId: string, encounterId: string, participantIds: string[], lineIdOf: (index: number) => string) => {
  await tx.delete(encounterParticipants).where(eq(encounterParticipants.encounterId, encounterId));
  await tx
    .insert(encounterParticipants)
    .values(participantIds.map((participantId, position) => ({ encounterId, participantId, orgId, position, lineId: lineIdOf(position) })));
};

export const participationsOf = async (tx: Tx, encounterIds: string[]) => {
  const rows =
    encounterIds.length === 0
      ? []
      : await tx
          .select({
            encounterId: encounterParticipants.encounterId,
            participantId: encounterParticipants.participantId,
            position: encounterParticipants.position,
            lineId: encounterParticipants.lineId,
            preferredName: participants.preferredName,
            givenName: participants.givenName,
          })
          .from(encounterParticipants)
          .innerJoin(participants, eq(participants.id, encounterParticipants.participantId))
          .where(inArray(encounterParticipants.encounterId, encounterIds))
          .orderBy(asc(encounterParticipants.position));
  const out = new Map<string, Array<{ id: string; displayName: string; lineId: string }>>();
  for (const r of rows) {
    const list = out.get(r.encounterId) ?? [];
    list.push({ id: r.participantId, displayName: r.preferredName || r.givenName, lineId: r.lineId });
    out.set(r.encounterId, list);
  }
  return out;
};

export const addendaOf = async (tx: Tx, encounterIds: string[]) =>
  encounterIds.length === 0
    ? []
    : tx.select().from(encounterAddenda).where(inArray(encounterAddenda.encounterId, encounterIds)).orderBy(asc(encounterAddenda.createdAt), asc(encounterAddenda.id));
export const insertAddendum = async (tx: Tx, row: typeof encounterAddenda.$inferInsert) => {
  await tx.insert(encounterAddenda).values(row);
};

export const reviewsOf = async (tx: Tx, encounterIds: string[]) =>
  encounterIds.length === 0
    ? []
    : tx.select().from(encounterReviews).where(inArray(encounterReviews.encounterId, encounterIds)).orderBy(asc(encounterReviews.at), asc(encounterReviews.id));
export const insertReview = async (tx: Tx, row: typeof encounterReviews.$inferInsert) => {
  await tx.insert(encounterReviews).values(row);
};

/** Notes whose participants a peer may open: assigned to the peer (now or before) or whose intake the peer did. */
const visibleToPeer = (peerId: string | null, userId: string): SQL =>
  or(
    peerId ? eq(encounters.peerId, peerId) : sql`false`,
    sql`exists (select 1 from ${encounterParticipants} ep join ${participants} p on p.id = ep.participant_id
      where ep.encounter_id = ${encounters.id} and (p.created_by = ${userId}
      ${peerId ? sql`or exists (select 1 from ${assignments} a where a.participant_id = p.id and a.peer_id = ${peerId})` : sql``}))`,
  )!;

export interface EncounterFilter {
  participantId?: string | undefined;
  peerId?: string | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Peers: only notes about participants they may open, or their own. */
  scope?: { peerId: string | null; userId: string };
}

/** Returned notes first (the peer has to act on them), then newest first. */
export const listEncounters = async (tx: Tx, f: EncounterFilter, limit: number, offset: number) => {
  const where = and(
    f.participantId
      ? sql`exists (select 1 from ${encounterParticipants} ep where ep.encounter_id = ${encounters.id} and ep.participant_id = ${f.participantId})`
      : undefined,
    f.peerId ? eq(encounters.peerId, f.peerId) : undefined,
    f.status === 'voided' ? and(isNotNull(encounters.voidedAt), eq(encounters.voidResubmit, false)) : f.status ? eq(encounters.status, f.status) : undefined,
    f.from ? gte(encounters.serviceDate, f.from) : undefined,
    f.to ? lte(encounters.serviceDate, f.to) : undefined,
    f.scope ? visibleToPeer(f.scope.peerId, f.scope.userId) : undefined,
  );
  const [total] = await tx.select({ n: count() }).from(encounters).where(where);
  const items = await tx
    .select()
    .from(encounters)
    .where(where)
    .orderBy(sql`(${encounters.status} = 'returned') desc`, desc(encounters.startedAt), desc(encounters.id))
    .limit(limit)
    .offset(offset);
  return { total: total?.n ?? 0, items };
};

/** Signed notes waiting for a supervisor's co-signature, oldest first. */
export const reviewQueue = async (tx: Tx, limit: number, offset: number) => {
  const where = and(eq(encounters.status, 'signed'), eq(encounters.cosignRequired, true), or(isNull(encounters.voidedAt), eq(encounters.voidResubmit, true)));
  const [total] = await tx.select({ n: count() }).from(encounters).where(where);
  const items = await tx.select().from(encounters).where(where).orderBy(asc(encounters.signedAt), asc(encounters.id)).limit(limit).offset(offset);
  return { total: total?.n ?? 0, items };
};

export const lastEncounterOfPeer = async (tx: Tx, peerId: string) =>
  (await tx.select().from(encounters).where(and(eq(encounters.peerId, peerId), isNull(encounters.voidedAt))).orderBy(desc(encounters.createdAt)).limit(1))[0];

export const lastEncounterOfParticipant = async (tx: Tx, participantId: string) =>
  (
    await tx
      .select({ program: encounters.program })
      .from(encounters)
      .innerJoin(encounterParticipants, eq(encounterParticipants.encounterId, encounters.id))
      .where(and(eq(encounterParticipants.participantId, participantId), isNull(encounters.voidedAt)))
      .orderBy(desc(encounters.startedAt))
      .limit(1)
  )[0];

/** The activities of this peer's latest note (not voided) with the participant, if any. */
export const lastActivitiesOf = async (tx: Tx, peerId: string, participantId: string) =>
  (
    await tx
      .select({ activities: encounters.activities })
      .from(encounters)
      .innerJoin(encounterParticipants, eq(encounterParticipants.encounterId, encounters.id))
      .where(and(eq(encounters.peerId, peerId), eq(encounterParticipants.participantId, participantId), isNull(encounters.voidedAt)))
      .orderBy(desc(encounters.startedAt), desc(encounters.id))
      .limit(1)
  )[0]?.activities;

export const peerNotesByStatus = async (tx: Tx, peerId: string, status: 'draft' | 'returned') =>
  tx
    .select()
    .from(encounters)
    .where(and(eq(encounters.peerId, peerId), eq(encounters.status, status), isNull(encounters.voidedAt)))
    .orderBy(desc(encounters.updatedAt), desc(encounters.id))
    .limit(100);

// ---------- the day view ----------

export const activeCaseload = async (tx: Tx, peerId: string) =>
  tx
    .select({ participantId: assignments.participantId, assignedAt: assignments.assignedAt, preferredName: participants.preferredName, givenName: participants.givenName })
    .from(assignments)
    .innerJoin(participants, eq(participants.id, assignments.participantId))
    .where(and(eq(assignments.peerId, peerId), eq(assignments.status, 'active')));

/** Each participant's latest note (any peer, not voided): last contact and the follow-up it set. */
export const latestContacts = async (tx: Tx, participantIds: string[]) => {
  if (participantIds.length === 0) return new Map<string, { encounterId: string; startedAt: Date; followUpOn: string | null }>();
  const rows = await tx
    .selectDistinctOn([encounterParticipants.participantId], {
      participantId: encounterParticipants.participantId,
      encounterId: encounters.id,
      startedAt: encounters.startedAt,
      followUpOn: encounters.followUpOn,
    })
    .from(encounterParticipants)
    .innerJoin(encounters, eq(encounters.id, encounterParticipants.encounterId))
    .where(and(inArray(encounterParticipants.participantId, participantIds), or(isNull(encounters.voidedAt), eq(encounters.voidResubmit, true))))
    .orderBy(encounterParticipants.participantId, desc(encounters.startedAt), desc(encounters.id));
  return new Map(rows.map((r) => [r.participantId, { encounterId: r.encounterId, startedAt: r.startedAt, followUpOn: r.followUpOn }]));
};

export const planReviewDates = async (tx: Tx, participantIds: string[]) =>
  new Map(
    (participantIds.length === 0
      ? []
      : await tx.select({ participantId: recoveryPlans.participantId, nextReviewOn: recoveryPlans.nextReviewOn }).from(recoveryPlans).where(inArray(recoveryPlans.participantId, participantIds))
    ).map((r) => [r.participantId, r.nextReviewOn]),
  );

// ---------- recovery plans ----------

export const getPlan = async (tx: Tx, participantId: string) => (await tx.select().from(recoveryPlans).where(eq(recoveryPlans.participantId, participantId)))[0];
export const plansOf = async (tx: Tx, participantIds: string[]) =>
  participantIds.length === 0 ? [] : tx.select().from(recoveryPlans).where(inArray(recoveryPlans.participantId, participantIds));

/** Locks the current plan row (or nothing when there is none yet). */
export const lockPlan = async (tx: Tx, participantId: string) =>
  (await tx.select().from(recoveryPlans).where(eq(recoveryPlans.participantId, participantId)).for('update'))[0];

export const savePlan = async (tx: Tx, row: typeof recoveryPlans.$inferInsert, changedFields: string[]) => {
  await tx
    .insert(recoveryPlans)
    .values(row)
    .onConflictDoUpdate({
      target: recoveryPlans.participantId,
      set: { version: row.version, content: row.content, nextReviewOn: row.nextReviewOn, agreement: row.agreement, updatedAt: row.updatedAt, updatedBy: row.updatedBy },
    });
  await tx.insert(recoveryPlanVersions).values({
    participantId: row.participantId,
    orgId: row.orgId,
    version: row.version,
    content: row.content,
    nextReviewOn: row.nextReviewOn,
    agreement: row.agreement,
    changedFields,
    changedAt: row.updatedAt,
    changedBy: row.updatedBy,
  });
};

export const planVersions = async (tx: Tx, participantId: string) =>
  tx.select().from(recoveryPlanVersions).where(eq(recoveryPlanVersions.participantId, participantId)).orderBy(desc(recoveryPlanVersions.version));
