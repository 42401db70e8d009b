import { workforceCertifications } from '../workforce/billing-link.ts';
import type { PeerCertification } from './billing.rules.ts';
import { and, asc, count, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import { claimExportLines, claimExports, claimVoids, coverages, payers } from '../../db/schema/billing.ts';
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
export const updateCoverage = async (tx: Tx, id: string, patch: Partial<typeof coverages.$inferInsert>) =>
  (await tx.update(coverages).set(patch).where(eq(coverages.id, id)).returning())[0]!;
export const coveragesOf = async (tx: Tx, participantIds: string[]) =>
  participantIds.length === 0
    ? []
    : tx.select().from(coverages).where(inArray(coverages.participantId, participantIds)).orderBy(asc(coverages.startDate), asc(coverages.id));
export const allCoverages = async (tx: Tx) => tx.select().from(coverages);

// ---------- encounters, as billing sees them ----------

/**
 * One participant's service line of an encounter, with what billing needs. Instants come as
 * ISO 8601 text and dates as YYYY-MM-DD from SQL, the same on both drivers, so 100,000 lines
 * are read without building Date objects.
 */
export type BillingLineRow = {
  lineId: string;
  participantId: string;
  encounterId: string;
  peerId: string;
  type: string;
  modality: string;
  placeOfService: string;
  program: string | null;
  startedAt: string;
  durationMinutes: number;
  serviceDate: string;
  status: string;
  cosignRequired: boolean;
  /** Voided for billing: voided, and not only to release its claim for resubmission. */
  voided: boolean;
};

const isoText = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
const lineSelect = sql`
  ep.line_id as "lineId", ep.participant_id as "participantId", e.id as "encounterId", e.peer_id as "peerId", e.type, e.modality,
  e.place_of_service as "placeOfService", e.program, ${isoText('e.started_at')} as "startedAt", e.duration_minutes as "durationMinutes",
  e.service_date::text as "serviceDate", e.status, e.cosign_required as "cosignRequired",
  (e.voided_at is not null and not e.void_resubmit) as voided`;
const lineFrom = sql`from encounter_participants ep join encounters e on e.id = ep.encounter_id`;

/** The participations of some encounters: which participant-days their billing depends on. */
export const linesOfEncounters = async (tx: Tx, encounterIds: string[]): Promise<BillingLineRow[]> =>
  encounterIds.length === 0
    ? []
    : rowsOf<BillingLineRow>(await tx.execute(sql`select ${lineSelect} ${lineFrom} where ep.encounter_id = any(${sql.param(encounterIds)}::uuid[])`));

/** Every line of these participants on these service dates (a superset of the pairs asked). */
export const linesOfParticipantDays = async (tx: Tx, participantIds: string[], dates: string[]): Promise<BillingLineRow[]> =>
  participantIds.length === 0 || dates.length === 0
    ? []
    : rowsOf<BillingLineRow>(
        await tx.execute(
          sql`select ${lineSelect} ${lineFrom} where ep.participant_id = any(${sql.param(participantIds)}::uuid[]) and e.service_date = any(${sql.param(dates)}::date[])`,
        ),
      );

/** The service dates of a participant's lines that are on a claim now (an active export line). */
export const exportedDatesOfParticipant = async (tx: Tx, participantId: string): Promise<string[]> =>
  rowsOf<{ d: string }>(
    await tx.execute(sql`select distinct e.service_date::text as d ${lineFrom}
      join claim_export_lines x on x.line_id = ep.line_id and x.voided_at is null
      where ep.participant_id = ${participantId}::uuid`),
  ).map((r) => r.d);

/** A line in a claim range and whether it is on a claim now (an active export line). */
export type ClaimRangeRow = BillingLineRow & { exported: boolean };

/**
 * Every line with a service date in the range, each saying whether it is on a claim: one
 * set-based read (the export lines themselves are read only for the lines that have them, see
 * `exportLinesOf`).
 */
export const claimLinesInRange = async (tx: Tx, from: string, to: string): Promise<ClaimRangeRow[]> =>
  rowsOf<ClaimRangeRow>(
    await tx.execute(sql`
      select ${lineSelect}, (x.line_id is not null) as exported
      ${lineFrom}
      left join claim_export_lines x on x.line_id = ep.line_id and x.voided_at is null
      where e.service_date between ${from}::date and ${to}::date`),
  );

/**
 * Lines of the range sent on a claim that was voided since, each with the export and CLM01 it
 * last went out on ('' for lines exported before claim ids were kept, and for a claim the payer
 * was sent a void of: a voided claim cannot be replaced, its lines go out again on a new claim).
 * Voids are few, so this is small. A line's last claim is that of its latest export.
 */
export const voidedLinesInRange = async (tx: Tx, from: string, to: string): Promise<Array<{ lineId: string; exportId: string; claimId: string }>> =>
  rowsOf<{ lineId: string; exportId: string; claimId: string }>(
    await tx.execute(sql`
      select distinct on (x.line_id) x.line_id as "lineId", x.export_id as "exportId",
        case when exists (select 1 from claim_voids v where v.voided_export_id = x.export_id and v.voided_claim_id = x.claim_id) then ''
             else coalesce(x.claim_id, '') end as "claimId"
      from claim_export_lines x join claim_exports ce on ce.id = x.export_id
      where x.voided_at is not null and x.service_date between ${from}::date and ${to}::date
      order by x.line_id, ce.interchange_control desc, x.voided_at desc`),
  );

/** A line of a claim the payer holds, as it was sent, with what the claim's 2300/2400 loops need. */
export type HeldClaimRow = {
  exportId: string;
  claimId: string;
  lineId: string;
  participantId: string;
  peerId: string;
  placeOfService: string;
  startedAt: string;
  serviceDate: string;
  units: number;
  chargeCents: number;
  memberId: string;
  code: string;
  modifiers: string[];
  /** Still on that claim (not voided nor released). */
  active: boolean;
  /** Its note is not voided without resubmission: a replacement of the claim must carry it. */
  stands: boolean;
  /** A note of this claim with a service date in the range was voided without resubmission. */
  noteVoided: boolean;
  /** The rendering provider (2310B) the claim was sent with: null before 0022 and for CSV exports. */
  renderingAsSent: { firstName: string; lastName: string; npi?: string } | null;
};

/**
 * Every line (as sent) of this payer's claims the payer still holds, neither voided already
 * (claim_voids) nor replaced (no line of theirs went out on a later export), that this export
 * may correct: those one of whose lines in the range belongs to a note voided without
 * resubmission; `released`, the claims lines of the range were released from for resubmission;
 * and those a line of the range has left for another payer's later export (a line going out
 * again to another payer does not replace this payer's claim). Starts from the range's voided
 * notes, those claims and lines sent more than once, which are few.
 */
export const heldClaims = async (
  tx: Tx,
  payerId: string,
  from: string,
  to: string,
  released: ReadonlyArray<{ exportId: string; claimId: string }>,
): Promise<HeldClaimRow[]> =>
  rowsOf<HeldClaimRow>(
    await tx.execute(sql`
      with named as (
        select x.export_id, x.claim_id
        from encounters e
        join encounter_participants ep on ep.encounter_id = e.id
        join claim_export_lines x on x.line_id = ep.line_id
        where e.voided_at is not null and not e.void_resubmit
          and e.service_date between ${from}::date and ${to}::date
          and x.claim_id is not null
        union
        select r.export_id, r.claim_id
        from unnest(${sql.param(released.map((c) => c.exportId))}::uuid[], ${sql.param(released.map((c) => c.claimId))}::text[]) as r(export_id, claim_id)
        union
        -- A line of the range that went out, after this payer's claim, to another payer (its
        -- coverage was corrected): that claim must let go of it.
        select x.export_id, x.claim_id
        from claim_export_lines later
        join claim_exports le on le.id = later.export_id
        join claim_export_lines x on x.line_id = later.line_id and x.export_id <> later.export_id
        join claim_exports ce on ce.id = x.export_id
        where later.voided_at is null and later.service_date between ${from}::date and ${to}::date
          and le.payer_id <> ${payerId}::uuid and ce.payer_id = ${payerId}::uuid
          and ce.interchange_control < le.interchange_control and x.claim_id is not null
      ),
      held as (
        select x.export_id, x.claim_id
        from named x
        join claim_exports ce on ce.id = x.export_id
        where ce.payer_id = ${payerId}::uuid
          and not exists (select 1 from claim_voids v where v.voided_export_id = x.export_id and v.voided_claim_id = x.claim_id)
          -- A claim of which a line went out again to the same payer was replaced or voided.
          and not exists (
            select 1
            from claim_export_lines s
            join claim_export_lines later on later.line_id = s.line_id
            join claim_exports le on le.id = later.export_id
            where s.export_id = x.export_id and s.claim_id = x.claim_id and le.interchange_control > ce.interchange_control
              and le.payer_id = ce.payer_id)
      )
      select x.export_id as "exportId", x.claim_id as "claimId", x.line_id as "lineId", ep.participant_id as "participantId",
        e.peer_id as "peerId", e.place_of_service as "placeOfService", ${isoText('e.started_at')} as "startedAt",
        x.service_date::text as "serviceDate", x.units, x.charge_cents as "chargeCents", x.member_id as "memberId", x.code, x.modifiers,
        (x.voided_at is null) as active,
        (e.voided_at is null or e.void_resubmit) as stands,
        bool_or(e.voided_at is not null and not e.void_resubmit and e.service_date between ${from}::date and ${to}::date)
          over (partition by x.export_id, x.claim_id) as "noteVoided",
        ce.rendering_as_sent -> x.claim_id as "renderingAsSent"
      from held h
      join claim_exports ce on ce.id = h.export_id
      join claim_export_lines x on x.export_id = h.export_id and x.claim_id = h.claim_id
      join encounter_participants ep on ep.line_id = x.line_id
      join encounters e on e.id = ep.encounter_id
      order by x.export_id, x.claim_id, x.line_id`),
  );

/** The peers' profile certifications and their workforce credentials (issue 21), as billing sees them. */
export const peerCertifications = async (tx: Tx, peerIds: string[]) => {
  if (peerIds.length === 0) return [];
  const rows = await tx.select({ id: peers.id, certifications: peers.certifications, displayName: peers.displayName, npi: peers.npi }).from(peers).where(inArray(peers.id, peerIds));
  const credentials = await workforceCertifications(tx, peerIds);
  return rows.map((r): typeof r & { certifications: PeerCertification[] } => ({ ...r, certifications: [...r.certifications, ...(credentials.get(r.id) ?? [])] }));
};

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

/** claim_export_lines' unit facts with the export's rounding (billing.rules.ts UnitsBasis). */
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
