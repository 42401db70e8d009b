// The notes as billing reads them, split from billing.repo.ts: each participant's service line of
// an encounter (encounters and encounter_participants, 0003_caseload.sql), a claim range's lines
// and the claims the payer still holds of them (voids and replacements, 837P 005010X222A1 2300
// CLM05-3), and the peers and participants a claim names (workforce credentials, issue 21). Claim
// exports and their lines are in billing.exports.repo.ts; payers and coverages in billing.repo.ts.
import { inArray, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import { participants, peers } from '../../db/schema/people.ts';
import { workforceCertifications } from '../workforce/billing-link.ts';
import type { PeerCertification } from './billing.rules.ts';

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
 * `exportLinesOf` in billing.exports.repo.ts).
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

/** Given and family name of each participant, by id (the claims page names whose notes were left out). */
export const participantNames = async (tx: Tx, ids: readonly string[]): Promise<Map<string, string>> => {
  const rows = await participantsForClaims(tx, [...new Set(ids)]);
  return new Map(rows.map((p) => [p.id, `${p.givenName} ${p.familyName}`]));
};
