import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { organizations } from '../../db/schema/identity.ts';
import { assessments, instruments, safetyFollowups } from '../../db/schema/outcomes.ts';
import { assignments, participants, peers } from '../../db/schema/people.ts';

export type InstrumentRow = typeof instruments.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;
export type NewAssessmentRow = typeof assessments.$inferInsert;
export type FollowupRow = typeof safetyFollowups.$inferSelect;
export type NewFollowupRow = typeof safetyFollowups.$inferInsert;

export const orgTimeZone = async (tx: Tx, orgId: string) =>
  (await tx.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)))[0]?.timeZone ?? 'America/New_York';

// ---------- instruments ----------

export const listInstruments = (tx: Tx) => tx.select().from(instruments).orderBy(asc(instruments.code), asc(instruments.publishedAt));
export const instrumentVersions = (tx: Tx, code: string) =>
  tx.select().from(instruments).where(eq(instruments.code, code)).orderBy(asc(instruments.publishedAt));
export const insertInstrument = async (tx: Tx, row: typeof instruments.$inferInsert) => (await tx.insert(instruments).values(row).returning())[0]!;

// ---------- assessments ----------

export const insertAssessment = async (tx: Tx, row: NewAssessmentRow) => (await tx.insert(assessments).values(row).returning())[0]!;
export const assessmentsOf = (tx: Tx, participantId: string, instrument?: string) =>
  tx
    .select()
    .from(assessments)
    .where(and(eq(assessments.participantId, participantId), instrument ? eq(assessments.instrument, instrument) : undefined))
    .orderBy(desc(assessments.administeredAt), desc(assessments.createdAt));

// ---------- people ----------

/** A participant's assignments (start and end), from which episodes of care are read. */
export const assignmentSpans = (tx: Tx, participantId: string) =>
  tx.select({ assignedAt: assignments.assignedAt, endedAt: assignments.endedAt }).from(assignments).where(eq(assignments.participantId, participantId));

export const orgSettings = async (tx: Tx, orgId: string) =>
  (await tx.select({ settings: organizations.settings, timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)))[0];

/** The participant's assigned peer now, if any. */
export const activePeerOf = async (tx: Tx, participantId: string) =>
  (await tx.select({ peerId: assignments.peerId }).from(assignments).where(and(eq(assignments.participantId, participantId), eq(assignments.status, 'active'))))[0]?.peerId ??
  null;

export const peerIdOfUser = async (tx: Tx, userId: string) => (await tx.select({ id: peers.id }).from(peers).where(eq(peers.userId, userId)))[0]?.id ?? null;

export const participantNames = async (tx: Tx, ids: string[]) =>
  new Map(
    (ids.length === 0
      ? []
      : await tx.select({ id: participants.id, preferredName: participants.preferredName, givenName: participants.givenName }).from(participants).where(inArray(participants.id, ids))
    ).map((p) => [p.id, p.preferredName || p.givenName]),
  );

// ---------- safety follow-ups ----------

export const insertFollowup = async (tx: Tx, row: NewFollowupRow) => (await tx.insert(safetyFollowups).values(row).returning())[0]!;

/** Open first (soonest due first), then closed (newest first); `peerId` narrows to one peer's. */
export const listFollowups = (tx: Tx, f: { status?: 'open' | 'closed' | undefined; peerId?: string | undefined; participantId?: string | undefined }) =>
  tx
    .select()
    .from(safetyFollowups)
    .where(
      and(
        f.status ? eq(safetyFollowups.status, f.status) : undefined,
        f.peerId ? eq(safetyFollowups.peerId, f.peerId) : undefined,
        f.participantId ? eq(safetyFollowups.participantId, f.participantId) : undefined,
      ),
    )
    .orderBy(sql`${safetyFollowups.status} = 'closed'`, asc(safetyFollowups.dueBy), desc(safetyFollowups.closedAt))
    .limit(500);

export const lockFollowup = async (tx: Tx, id: string) => (await tx.select().from(safetyFollowups).where(eq(safetyFollowups.id, id)).for('update'))[0];

export const closeFollowup = async (tx: Tx, id: string, patch: { closedAt: Date; closedBy: string | null; action: string; note: string | null }) =>
  (await tx.update(safetyFollowups).set({ ...patch, status: 'closed' }).where(eq(safetyFollowups.id, id)).returning())[0]!;

/** Marks open follow-ups past their deadline as escalated (once) and returns those newly marked. */
export const escalateOverdue = (tx: Tx, now: Date) =>
  tx
    .update(safetyFollowups)
    .set({ escalatedAt: now })
    .where(and(eq(safetyFollowups.status, 'open'), isNull(safetyFollowups.escalatedAt), lte(safetyFollowups.dueBy, now)))
    .returning({ id: safetyFollowups.id, participantId: safetyFollowups.participantId });
