// The organization as billing reads it (its settings and time zone; locked while a claim export
// runs), payers and their rules as data, and participants' coverages (0004_billing.sql). Split
// along the tables (house rule: files past about 400 lines are split): the notes' service lines as
// billing reads them are in billing.lines.repo.ts, claim exports and their lines in
// billing.exports.repo.ts.
import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { coverages, payers } from '../../db/schema/billing.ts';
import { organizations } from '../../db/schema/identity.ts';

export type PayerRow = typeof payers.$inferSelect;
export type NewPayerRow = typeof payers.$inferInsert;
export type CoverageRow = typeof coverages.$inferSelect;

// ---------- organization ----------

export const getOrg = async (tx: Tx, orgId: string) =>
  (await tx.select({ settings: organizations.settings, timeZone: organizations.timeZone, name: organizations.name }).from(organizations).where(eq(organizations.id, orgId)))[0];

/** Locks the organization row: claim exports of one organization run one at a time. */
export const lockOrg = async (tx: Tx, orgId: string) => {
  await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId)).for('update');
};

/** Replaces one top-level key of organizations.settings. */
export const setOrgSettingsKey = async (tx: Tx, orgId: string, key: string, value: unknown) => {
  await tx
    .update(organizations)
    .set({ settings: sql`jsonb_set(${organizations.settings}, ${`{${key}}`}::text[], ${JSON.stringify(value)}::jsonb, true)`, updatedAt: new Date() })
    .where(eq(organizations.id, orgId));
};

// ---------- payers ----------

export const insertPayer = async (tx: Tx, row: typeof payers.$inferInsert) => (await tx.insert(payers).values(row).returning())[0]!;
/** Operator lookup (run under db.owner): the organization a payer belongs to. */
export const orgOfPayer = async (tx: Tx, id: string) => (await tx.select({ orgId: payers.orgId }).from(payers).where(eq(payers.id, id)))[0]?.orgId;
export const getPayer = async (tx: Tx, id: string) => (await tx.select().from(payers).where(eq(payers.id, id)))[0];
export const payerByName = async (tx: Tx, name: string) =>
  (await tx.select().from(payers).where(sql`lower(${payers.name}) = lower(${name})`))[0];
export const updatePayer = async (tx: Tx, id: string, patch: Partial<typeof payers.$inferInsert>) =>
  (await tx.update(payers).set({ ...patch, updatedAt: new Date() }).where(eq(payers.id, id)).returning())[0];
export const listPayers = async (tx: Tx, limit: number, offset: number) => {
  const [total] = await tx.select({ n: count() }).from(payers);
  const items = await tx.select().from(payers).orderBy(asc(payers.name), asc(payers.id)).limit(limit).offset(offset);
  return { total: total?.n ?? 0, items };
};
export const allPayers = async (tx: Tx) => tx.select().from(payers);

// ---------- coverages ----------

export const insertCoverage = async (tx: Tx, row: typeof coverages.$inferInsert) => (await tx.insert(coverages).values(row).returning())[0]!;
export const updateCoverage = async (tx: Tx, id: string, patch: Partial<typeof coverages.$inferInsert>) =>
  (await tx.update(coverages).set(patch).where(eq(coverages.id, id)).returning())[0]!;
export const coveragesOf = async (tx: Tx, participantIds: string[]) =>
  participantIds.length === 0
    ? []
    : tx.select().from(coverages).where(inArray(coverages.participantId, participantIds)).orderBy(asc(coverages.startDate), asc(coverages.id));
export const allCoverages = async (tx: Tx) => tx.select().from(coverages);
