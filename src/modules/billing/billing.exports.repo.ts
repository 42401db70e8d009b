// Claim exports and the lines they sent, split from billing.repo.ts: claim_exports and
// claim_export_lines (0004_billing.sql, 0009_billing_export_lines.sql) and the void claims sent
// (claim_voids, 0016_billing_void_claims.sql). A line is on a claim until its export line is voided
// or released (X12 837P 005010X222A1, 2300 CLM05-3). The service lines themselves are read in
// billing.lines.repo.ts; payers and coverages in billing.repo.ts.
import { and, count, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import { claimExportLines, claimExports, claimVoids, payers } from '../../db/schema/billing.ts';

export type ClaimExportRow = typeof claimExports.$inferSelect;
export type ClaimExportLineRow = typeof claimExportLines.$inferSelect;

// ---------- claim export lines ----------

export type ExportLineRow = {
  exportId: string;
  lineId: string;
  /** The export's payer. */
  payerId: string;
  serviceDate: string;
  units: number;
  chargeCents: number;
  claimId: string | null;
  memberId: string;
  code: string;
  modifiers: string[];
  /** The units' facts; null on lines exported before they were kept (then `explanation`). */
  basis: ExportBasisColumns | null;
  explanation: { en: string; es: string } | null;
  voidedAt: Date | null;
};

/** claim_export_lines' unit facts with the export's rounding (UnitsBasis, billing.model.ts). */
export type ExportBasisColumns = {
  rounding: string;
  unitMinutes: number;
  roundingBasis: string;
  minutes: number;
  dayMinutes: number;
  countedUnits: number;
  unitsEarned: number;
  cappedAt: number | null;
};

const exportLineColumns = {
  exportId: claimExportLines.exportId,
  lineId: claimExportLines.lineId,
  payerId: claimExports.payerId,
  serviceDate: claimExportLines.serviceDate,
  units: claimExportLines.units,
  chargeCents: claimExportLines.chargeCents,
  claimId: claimExportLines.claimId,
  memberId: claimExportLines.memberId,
  code: claimExportLines.code,
  modifiers: claimExportLines.modifiers,
  rounding: claimExports.rounding,
  unitMinutes: claimExports.unitMinutes,
  roundingBasis: claimExports.roundingBasis,
  minutes: claimExportLines.minutes,
  dayMinutes: claimExportLines.dayMinutes,
  countedUnits: claimExportLines.countedUnits,
  unitsEarned: claimExportLines.unitsEarned,
  cappedAt: claimExportLines.cappedAt,
  explanation: claimExportLines.explanation,
  voidedAt: claimExportLines.voidedAt,
};

/** The basis columns as selected: null on lines exported before they existed. */
type SelectedBasisColumns = { [K in keyof ExportBasisColumns]: ExportBasisColumns[K] | null };

type ExportLineSelected = Omit<ExportLineRow, 'basis'> & SelectedBasisColumns;

/** The basis columns of a selected line, or null when it predates them. */
export const basisOf = (r: SelectedBasisColumns): ExportBasisColumns | null =>
  r.rounding === null || r.unitMinutes === null || r.roundingBasis === null || r.minutes === null || r.dayMinutes === null || r.countedUnits === null || r.unitsEarned === null
    ? null
    : { rounding: r.rounding, unitMinutes: r.unitMinutes, roundingBasis: r.roundingBasis, minutes: r.minutes, dayMinutes: r.dayMinutes, countedUnits: r.countedUnits, unitsEarned: r.unitsEarned, cappedAt: r.cappedAt };

const toExportLine = (r: ExportLineSelected): ExportLineRow => ({
  exportId: r.exportId,
  lineId: r.lineId,
  payerId: r.payerId,
  serviceDate: r.serviceDate,
  units: r.units,
  chargeCents: r.chargeCents,
  claimId: r.claimId,
  memberId: r.memberId,
  code: r.code,
  modifiers: r.modifiers,
  basis: basisOf(r),
  explanation: r.explanation,
  voidedAt: r.voidedAt,
});

/** Export lines (active and voided) of these service lines. */
export const exportLinesOf = async (tx: Tx, lineIds: string[]): Promise<ExportLineRow[]> => {
  if (lineIds.length === 0) return [];
  const out: ExportLineRow[] = [];
  for (let i = 0; i < lineIds.length; i += 10_000) {
    out.push(
      ...(await tx
        .select(exportLineColumns)
        .from(claimExportLines)
        .innerJoin(claimExports, eq(claimExports.id, claimExportLines.exportId))
        .where(inArray(claimExportLines.lineId, lineIds.slice(i, i + 10_000)))).map(toExportLine),
    );
  }
  return out;
};

const linesOfEncounter = (encounterId: string) =>
  sql`${claimExportLines.lineId} in (select line_id from encounter_participants where encounter_id = ${encounterId}::uuid)`;

/**
 * Marks an encounter's active export lines voided; returns how many. With `wholeClaim` (a void for
 * resubmission) every active line of the claims they went out on is released too: a replacement
 * claim (CLM05-3 = 7) replaces the payer's whole original claim, so it must carry all of its
 * lines, not only the corrected one (X12 837P 005010X222A1, 2300 CLM05-3).
 */
export const voidExportLines = async (tx: Tx, encounterId: string, by: string | null, reason: string, wholeClaim = false) => {
  const own = and(linesOfEncounter(encounterId), isNull(claimExportLines.voidedAt));
  const sameClaims = sql`(${claimExportLines.exportId}, ${claimExportLines.claimId}) in (
    select export_id, claim_id from claim_export_lines
    where claim_id is not null and voided_at is null
      and line_id in (select line_id from encounter_participants where encounter_id = ${encounterId}::uuid))`;
  return (
    await tx
      .update(claimExportLines)
      .set({ voidedAt: new Date(), voidedBy: by, voidReason: reason })
      .where(wholeClaim ? and(isNull(claimExportLines.voidedAt), or(own, sameClaims)) : own)
      .returning({ lineId: claimExportLines.lineId })
  ).length;
};

/**
 * Takes every line still active on these claims off them (voided with this reason): their claim
 * was voided, or replaced by a claim sent now. Returns how many.
 */
export const releaseClaimLines = async (tx: Tx, claims: ReadonlyArray<{ exportId: string; claimId: string }>, by: string | null, reason: string, at: Date) => {
  if (claims.length === 0) return 0;
  const rows = await tx.execute(sql`
    update claim_export_lines x
    set voided_at = ${at.toISOString()}::timestamptz, voided_by = ${by}::uuid, void_reason = ${reason}
    from unnest(${sql.param(claims.map((c) => c.exportId))}::uuid[], ${sql.param(claims.map((c) => c.claimId))}::text[]) as c(export_id, claim_id)
    where x.export_id = c.export_id and x.claim_id = c.claim_id and x.voided_at is null
    returning x.line_id`);
  return rowsOf(rows).length;
};

/** Records the void claims an export sent: each claim is voided once. */
export const insertClaimVoids = async (
  tx: Tx,
  orgId: string,
  exportId: string,
  voids: ReadonlyArray<{ claimId: string; voidedExportId: string; voidedClaimId: string }>,
) => {
  if (voids.length === 0) return;
  await tx.insert(claimVoids).values(voids.map((v) => ({ orgId, exportId, ...v })));
};

export const activeExportLinesOfEncounter = async (tx: Tx, encounterId: string): Promise<ExportLineRow[]> =>
  (
    await tx
      .select(exportLineColumns)
      .from(claimExportLines)
      .innerJoin(claimExports, eq(claimExports.id, claimExportLines.exportId))
      .where(and(linesOfEncounter(encounterId), isNull(claimExportLines.voidedAt)))
  ).map(toExportLine);

// ---------- claim exports ----------

export const nextInterchangeControl = async (tx: Tx) =>
  Number((await tx.select({ n: sql<number>`coalesce(max(${claimExports.interchangeControl}), 0) + 1` }).from(claimExports))[0]?.n ?? 1);

export const insertExport = async (tx: Tx, row: typeof claimExports.$inferInsert) => {
  await tx.insert(claimExports).values(row);
};

/** The export's file, stored once written (claim_exports is otherwise never updated). */
export const setExportContent = async (tx: Tx, id: string, content: string) => {
  await tx.update(claimExports).set({ content }).where(eq(claimExports.id, id));
};

export type NewExportLine = {
  lineId: string;
  serviceDate: string;
  units: number;
  chargeCents: number;
  claimId: string;
  memberId: string;
  code: string;
  modifiers: string[];
  /** The units' facts (null only for a line decided before they were kept). */
  minutes: number | null;
  dayMinutes: number | null;
  countedUnits: number | null;
  unitsEarned: number | null;
  cappedAt: number | null;
  resubmission: boolean;
};

/**
 * Bulk insert of one export's lines through `unnest` of column arrays: one statement per 50,000
 * lines instead of thousands of bound parameters. Lines go in line id order, so the index
 * pages they touch are visited in order rather than at random.
 */
export const insertExportLines = async (tx: Tx, exportId: string, orgId: string, lines: readonly NewExportLine[]) => {
  const rows = [...lines].sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0));
  for (let i = 0; i < rows.length; i += 50_000) {
    const chunk = rows.slice(i, i + 50_000);
    // Each column goes as one PostgreSQL array literal, written here: ids, dates and numbers need
    // no quoting (the driver would escape every element), text is quoted. One parameter each.
    const plain = (f: (r: NewExportLine) => string | number | null) => sql.param(`{${chunk.map((r) => f(r) ?? 'NULL').join(',')}}`);
    const quoted = (f: (r: NewExportLine) => string) => sql.param(`{${chunk.map((r) => `"${f(r).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
    await tx.execute(sql`
      insert into claim_export_lines (export_id, org_id, line_id, service_date, units, charge_cents, claim_id, member_id, code, modifiers,
                                      minutes, day_minutes, counted_units, units_earned, capped_at, resubmission)
      select ${exportId}::uuid, ${orgId}::uuid, l, d, u, c, cl, m, co, string_to_array(mo, ','), mi, dm, cu, ue, ca, r
      from unnest(
        ${plain((r) => r.lineId)}::uuid[], ${plain((r) => r.serviceDate)}::date[], ${plain((r) => r.units)}::integer[], ${plain((r) => r.chargeCents)}::integer[],
        ${quoted((r) => r.claimId)}::text[], ${quoted((r) => r.memberId)}::text[], ${quoted((r) => r.code)}::text[], ${quoted((r) => r.modifiers.join(','))}::text[],
        ${plain((r) => r.minutes)}::integer[], ${plain((r) => r.dayMinutes)}::integer[], ${plain((r) => r.countedUnits)}::integer[], ${plain((r) => r.unitsEarned)}::integer[],
        ${plain((r) => r.cappedAt)}::integer[], ${plain((r) => (r.resubmission ? 't' : 'f'))}::boolean[]
      ) as t(l, d, u, c, cl, m, co, mo, mi, dm, cu, ue, ca, r)`);
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
