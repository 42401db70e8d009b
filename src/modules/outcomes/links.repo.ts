import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import { organizations } from '../../db/schema/identity.ts';
import { assessmentLinks } from '../../db/schema/outcomes.ts';

export type LinkRow = typeof assessmentLinks.$inferSelect;

/** The organization of a token hash, before any tenant is known (SECURITY DEFINER, 0035). */
export const findLinkTarget = async (tx: Tx, tokenHash: string) =>
  rowsOf<{ org_id: string; link_id: string }>(await tx.execute(sql`select org_id, link_id from pb_assessment_link(${tokenHash})`))[0];

export const insertLink = async (tx: Tx, row: typeof assessmentLinks.$inferInsert) => (await tx.insert(assessmentLinks).values(row).returning())[0]!;

export const lockLink = async (tx: Tx, id: string) => (await tx.select().from(assessmentLinks).where(eq(assessmentLinks.id, id)).for('update'))[0];

export const linksOf = (tx: Tx, participantId: string) =>
  tx.select().from(assessmentLinks).where(eq(assessmentLinks.participantId, participantId)).orderBy(desc(assessmentLinks.createdAt)).limit(50);

export const revokeLink = async (tx: Tx, id: string, by: string | null, now: Date) =>
  (
    await tx
      .update(assessmentLinks)
      .set({ revokedAt: now, revokedBy: by })
      .where(and(eq(assessmentLinks.id, id), isNull(assessmentLinks.revokedAt), isNull(assessmentLinks.usedAt)))
      .returning()
  )[0];

export const spendLink = async (tx: Tx, id: string, assessmentId: string, now: Date) =>
  tx.update(assessmentLinks).set({ usedAt: now, assessmentId }).where(eq(assessmentLinks.id, id));

export const orgName = async (tx: Tx, orgId: string) => (await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId)))[0]?.name ?? '';
