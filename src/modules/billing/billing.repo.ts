import { and, asc, count, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { claimExportLines, claimExports, coverages, payers } from '../../db/schema/billing.ts';
import { encounterParticipants, encounters } from '../../db/schema/caseload.ts';
import { organizations } from '../../db/schema/identity.ts';
import { participants, peers } from '../../db/schema/people.ts';

export type PayerRow = typeof payers.$inferSelect;
export type NewPayerRow = typeof payers.$inferInsert;
export type CoverageRow = typeof coverages.$inferSelect;
export type ClaimExportRow = typeof claimExports.$inferSelect;
export type ClaimExportLineRow = typeof claimExportLines.$inferSelect;

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
export const coveragesOf = async (tx: Tx, participantIds: string[]) =>
  participantIds.length === 0
    ? []
    : tx.select().from(coverages).where(inArray(coverages.participantId, participantIds)).orderBy(asc(coverages.startDate), asc(coverages.id));
export const allCoverages = async (tx: Tx) => tx.select().from(coverages);

// ---------- encounters, as billing sees them ----------

/** One participant's service line of an encounter, with what billing needs. */
export const billingLineColumns = {
  lineId: encounterParticipants.lineId,
  participantId: encounterParticipants.participantId,
  encounterId: encounters.id,
  peerId: encounters.peerId,
  type: encounters.type,
  modality: encounters.modality,
  placeOfService: encounters.placeOfService,
  program: encounters.program,
  startedAt: encounters.startedAt,
  durationMinutes: encounters.durationMinutes,
  serviceDate: encounters.serviceDate,
  status: encounters.status,
  cosignRequired: encounters.cosignRequired,
  voidedAt: encounters.voidedAt,
  voidResubmit: encounters.voidResubmit,
  signedAt: encounters.signedAt,
  cosignedAt: encounters.cosignedAt,
};
export type BillingLineRow = {
  lineId: string;
  participantId: string;
  encounterId: string;
  peerId: string;
  type: string;
  modality: string;
  placeOfService: string;
  program: string | null;
  startedAt: Date;
  durationMinutes: number;
  serviceDate: string;
  status: string;
  cosignRequired: boolean;
  voidedAt: Date | null;
  voidResubmit: boolean;
  signedAt: Date | null;
  cosignedAt: Date | null;
};

/** The participations of some encounters: which participant-days their billing depends on. */
export const linesOfEncounters = async (tx: Tx, encounterIds: string[]): Promise<BillingLineRow[]> =>
  encounterIds.length === 0
    ? []
    : tx
        .select(billingLineColumns)
        .from(encounterParticipants)
        .innerJoin(encounters, eq(encounters.id, encounterParticipants.encounterId))
        .where(inArray(encounterParticipants.encounterId, encounterIds));

/** Every line of these participants on these service dates (a superset of the pairs asked). */
export const linesOfParticipantDays = async (tx: Tx, participantIds: string[], dates: string[]): Promise<BillingLineRow[]> =>
  participantIds.length === 0 || dates.length === 0
    ? []
    : tx
        .select(billingLineColumns)
        .from(encounterParticipants)
        .innerJoin(encounters, eq(encounters.id, encounterParticipants.encounterId))
        .where(and(inArray(encounterParticipants.participantId, participantIds), inArray(encounters.serviceDate, dates)));

/** Every line with a service date in the range (claims). */
export const linesInRange = async (tx: Tx, from: string, to: string): Promise<BillingLineRow[]> =>
  tx
    .select(billingLineColumns)
    .from(encounterParticipants)
    .innerJoin(encounters, eq(encounters.id, encounterParticipants.encounterId))
    .where(and(gte(encounters.serviceDate, from), lte(encounters.serviceDate, to)));

export const peerCertifications = async (tx: Tx, peerIds: string[]) =>
  peerIds.length === 0
    ? []
    : tx.select({ id: peers.id, certifications: peers.certifications, displayName: peers.displayName }).from(peers).where(inArray(peers.id, peerIds));

export const participantsForClaims = async (tx: Tx, ids: string[]) =>
  ids.length === 0
    ? []
    : tx
        .select({
          id: participants.id,
          givenName: participants.givenName,
          familyName: participants.familyName,
          birthDate: participants.birthDate,
          genderIdentity: participants.genderIdentity,
        })
        .from(participants)
        .where(inArray(participants.id, ids));

// ---------- claim export lines ----------

const exportLineColumns = {
  exportId: claimExportLines.exportId,
  lineId: claimExportLines.lineId,
  encounterId: claimExportLines.encounterId,
  participantId: claimExportLines.participantId,
  payerId: claimExportLines.payerId,
  serviceDate: claimExportLines.serviceDate,
  units: claimExportLines.units,
  billing: claimExportLines.billing,
  voidedAt: claimExportLines.voidedAt,
};
export type ExportLineRow = {
  exportId: string;
  lineId: string;
  encounterId: string;
  participantId: string;
  payerId: string;
  serviceDate: string;
  units: number;
  billing: Record<string, unknown>;
  voidedAt: Date | null;
};

/** Export lines (active and voided) of these service lines. */
export const exportLinesOf = async (tx: Tx, lineIds: string[]): Promise<ExportLineRow[]> => {
  if (lineIds.length === 0) return [];
  const out: ExportLineRow[] = [];
  for (let i = 0; i < lineIds.length; i += 10_000) {
    out.push(...(await tx.select(exportLineColumns).from(claimExportLines).where(inArray(claimExportLines.lineId, lineIds.slice(i, i + 10_000)))));
  }
  return out;
};

export const exportLinesInRange = async (tx: Tx, from: string, to: string): Promise<ExportLineRow[]> =>
  tx.select(exportLineColumns).from(claimExportLines).where(and(gte(claimExportLines.serviceDate, from), lte(claimExportLines.serviceDate, to)));

/** Marks an encounter's active export lines voided; returns how many. */
export const voidExportLines = async (tx: Tx, encounterId: string, by: string | null, reason: string) =>
  (
    await tx
      .update(claimExportLines)
      .set({ voidedAt: new Date(), voidedBy: by, voidReason: reason })
      .where(and(eq(claimExportLines.encounterId, encounterId), isNull(claimExportLines.voidedAt)))
      .returning({ lineId: claimExportLines.lineId })
  ).length;

export const activeExportLinesOfEncounter = async (tx: Tx, encounterId: string) =>
  tx.select(exportLineColumns).from(claimExportLines).where(and(eq(claimExportLines.encounterId, encounterId), isNull(claimExportLines.voidedAt)));

// ---------- claim exports ----------

export const nextInterchangeControl = async (tx: Tx) =>
  Number((await tx.select({ n: sql<number>`coalesce(max(${claimExports.interchangeControl}), 0) + 1` }).from(claimExports))[0]?.n ?? 1);

export const insertExport = async (tx: Tx, row: typeof claimExports.$inferInsert) => {
  await tx.insert(claimExports).values(row);
};

/**
 * Bulk insert through `unnest` of column arrays: one statement per 20,000 lines instead of
 * thousands of bound parameters (a 100,000-line export stays a few round trips).
 */
export const insertExportLines = async (tx: Tx, rows: Array<typeof claimExportLines.$inferInsert>) => {
  for (let i = 0; i < rows.length; i += 20_000) {
    const chunk = rows.slice(i, i + 20_000);
    // sql.param keeps an array one parameter (a plain array would expand into a list).
    const col = <T>(f: (r: (typeof chunk)[number]) => T) => sql.param(chunk.map(f));
    await tx.execute(sql`
      insert into claim_export_lines (export_id, org_id, line_id, encounter_id, participant_id, payer_id, service_date, units, charge_cents, billing, resubmission)
      select * from unnest(
        ${col((r) => r.exportId)}::uuid[], ${col((r) => r.orgId)}::uuid[], ${col((r) => r.lineId)}::uuid[], ${col((r) => r.encounterId)}::uuid[],
        ${col((r) => r.participantId)}::uuid[], ${col((r) => r.payerId)}::uuid[], ${col((r) => r.serviceDate)}::date[], ${col((r) => r.units)}::integer[],
        ${col((r) => r.chargeCents)}::integer[], ${col((r) => JSON.stringify(r.billing))}::jsonb[], ${col((r) => r.resubmission ?? false)}::boolean[])`);
  }
};

const exportSummaryColumns = {
  id: claimExports.id,
  payerId: claimExports.payerId,
  payerName: payers.name,
  fromDate: claimExports.fromDate,
  toDate: claimExports.toDate,
  format: claimExports.format,
  fileName: claimExports.fileName,
  totals: claimExports.totals,
  createdAt: claimExports.createdAt,
  createdBy: claimExports.createdBy,
};

export const listExports = async (tx: Tx, limit: number, offset: number) => {
  const [total] = await tx.select({ n: count() }).from(claimExports);
  const items = await tx
    .select(exportSummaryColumns)
    .from(claimExports)
    .innerJoin(payers, eq(payers.id, claimExports.payerId))
    .orderBy(desc(claimExports.createdAt), desc(claimExports.id))
    .limit(limit)
    .offset(offset);
  return { total: total?.n ?? 0, items };
};

export const getExport = async (tx: Tx, id: string) =>
  (
    await tx
      .select({ ...exportSummaryColumns, excluded: claimExports.excluded })
      .from(claimExports)
      .innerJoin(payers, eq(payers.id, claimExports.payerId))
      .where(eq(claimExports.id, id))
  )[0];

export const getExportFile = async (tx: Tx, id: string) =>
  (await tx.select({ fileName: claimExports.fileName, format: claimExports.format, content: claimExports.content }).from(claimExports).where(eq(claimExports.id, id)))[0];
