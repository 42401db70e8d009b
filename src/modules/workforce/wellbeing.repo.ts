import { desc, eq, gte } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { wellbeingCheckins, wellbeingSharing } from '../../db/schema/workforce.ts';

/**
 * Wellbeing rows. Answers are read only by `checkinsOf`, always with the caller's own user id;
 * the team query reads scores without answers.
 */
export const checkinsOf = (tx: Tx, userId: string, limit: number) =>
  tx.select().from(wellbeingCheckins).where(eq(wellbeingCheckins.userId, userId)).orderBy(desc(wellbeingCheckins.createdAt)).limit(limit);
export const insertCheckin = async (tx: Tx, row: typeof wellbeingCheckins.$inferInsert) => (await tx.insert(wellbeingCheckins).values(row).returning())[0]!;
export const sharingOf = async (tx: Tx, userId: string) => (await tx.select().from(wellbeingSharing).where(eq(wellbeingSharing.userId, userId)))[0];
export const allSharing = (tx: Tx) => tx.select().from(wellbeingSharing);
export const upsertSharing = (tx: Tx, row: typeof wellbeingSharing.$inferInsert) =>
  tx
    .insert(wellbeingSharing)
    .values(row)
    .onConflictDoUpdate({ target: [wellbeingSharing.orgId, wellbeingSharing.userId], set: { shareBand: row.shareBand!, askCheckin: row.askCheckin!, updatedAt: row.updatedAt! } });
export const scoresSince = (tx: Tx, since: Date) =>
  tx
    .select({ userId: wellbeingCheckins.userId, instrument: wellbeingCheckins.instrument, scores: wellbeingCheckins.scores, createdAt: wellbeingCheckins.createdAt })
    .from(wellbeingCheckins)
    .where(gte(wellbeingCheckins.createdAt, since))
    .orderBy(desc(wellbeingCheckins.createdAt));
