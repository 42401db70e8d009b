import { sql, type SQL } from 'drizzle-orm';
import { decryptField } from '../../core/crypto.ts';
import { rowsOf, type Tx } from '../../db/client.ts';
import type {
  AssessmentRecord,
  AssignmentRecord,
  EncounterRecord,
  OrgRecord,
  Part2ConsentRecord,
  ParticipantRecord,
  PeerRecord,
  PlanRecord,
  ReferralRecord,
} from '../../interop/fhir/model.ts';

/**
 * The reads behind the FHIR exports: one query per kind of record, each taking a condition so the
 * same query serves one participant ($everything) and an organization's keyset pages (bulk
 * export, `after` the last id of the previous page). Rows become the plain records of
 * interop/fhir/model.ts here; the mappers never see SQL.
 */
const run = async <R>(tx: Tx, q: SQL) => rowsOf<R>(await tx.execute(q));
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : date(v));

export interface Page {
  after: string | null;
  limit: number;
}
const pageOf = (column: SQL, p: Page | null) => (p ? sql` and ${column} > ${p.after ?? '00000000-0000-0000-0000-000000000000'}::uuid order by ${column} limit ${p.limit}` : sql``);

export const org = async (tx: Tx, orgId: string): Promise<OrgRecord & { timeZone: string }> => {
  const [row] = await run<{ id: string; name: string; time_zone: string }>(tx, sql`select id, name, time_zone from organizations where id = ${orgId}`);
  return { id: row!.id, name: row!.name, timeZone: row!.time_zone };
};

export const participants = async (tx: Tx, fieldKey: Buffer, where: { id?: string; page?: Page }): Promise<ParticipantRecord[]> =>
  (
    await run<Record<string, unknown>>(
      tx,
      sql`select id, given_name, family_name, preferred_name, birth_date::text as birth_date, contact_enc, languages, postal_code, status, created_at
            from participants where true ${where.id ? sql` and id = ${where.id}` : sql``} ${pageOf(sql`id`, where.page ?? null)}`,
    )
  ).map((r) => ({
    id: r.id as string,
    givenName: r.given_name as string,
    familyName: r.family_name as string,
    preferredName: (r.preferred_name as string | null) ?? null,
    birthDate: (r.birth_date as string | null) ?? null,
    contact: r.contact_enc ? (JSON.parse(decryptField(fieldKey, r.contact_enc as string)) as ParticipantRecord['contact']) : null,
    languages: (r.languages as string[]) ?? [],
    postalCode: (r.postal_code as string | null) ?? null,
    status: r.status as ParticipantRecord['status'],
    createdAt: date(r.created_at),
  }));

export const peers = async (tx: Tx, where: { ids?: string[]; page?: Page }): Promise<PeerRecord[]> =>
  (
    await run<Record<string, unknown>>(
      tx,
      sql`select id, display_name, languages, npi, active from peers
           where true ${where.ids ? sql` and id = any(${`{${where.ids.join(',')}}`}::uuid[])` : sql``} ${pageOf(sql`id`, where.page ?? null)}`,
    )
  ).map((r) => ({ id: r.id as string, displayName: r.display_name as string, languages: (r.languages as string[]) ?? [], npi: (r.npi as string | null) ?? null, active: r.active as boolean }));

const toAssignment = (r: Record<string, unknown>): AssignmentRecord => ({
  id: r.id as string,
  participantId: r.participant_id as string,
  peerId: r.peer_id as string,
  status: r.status as AssignmentRecord['status'],
  assignedAt: date(r.assigned_at),
  endedAt: dateOrNull(r.ended_at),
  consent: (r.consent as AssignmentRecord['consent']) ?? { given: true },
});

export const assignments = async (tx: Tx, where: { participantId?: string; page?: Page }) =>
  (
    await run<Record<string, unknown>>(
      tx,
      sql`select id, participant_id, peer_id, status, assigned_at, ended_at, consent from assignments
           where true ${where.participantId ? sql` and participant_id = ${where.participantId} ` : sql``}
           ${where.page ? pageOf(sql`id`, where.page) : sql` order by assigned_at, id`}`,
    )
  ).map(toAssignment);

/** Every match of the participants named, oldest first (to place encounters in their episode). */
export const assignmentsOfParticipants = async (tx: Tx, ids: string[]) =>
  (
    await run<Record<string, unknown>>(
      tx,
      sql`select id, participant_id, peer_id, status, assigned_at, ended_at, consent from assignments
           where participant_id = any(${`{${ids.join(',')}}`}::uuid[]) order by assigned_at, id`,
    )
  ).map(toAssignment);

/** A note's sealed free text (caseload.common.ts seals it); text from before sealing reads as it is. */
const openWords = (key: Buffer | undefined, stored: string | null) => {
  if (!key || !stored) return '';
  if (!stored.startsWith('v1.')) return stored;
  try {
    return decryptField(key, stored);
  } catch {
    return '';
  }
};

/**
 * The match an encounter happened in, as interop/fhir/care.ts `episodeAt` finds it (the oldest
 * match that had begun and not yet ended then), in SQL: the bulk export places each encounter
 * without a query per page of them (assignments_participant_idx).
 */
const EPISODE_AT = sql`(select a.id from assignments a
   where a.participant_id = ep.participant_id and a.assigned_at <= e.started_at and (a.ended_at is null or e.started_at <= a.ended_at)
   order by a.assigned_at, a.id limit 1)`;

/**
 * The note's words are read (and unsealed) only with `withWordsKey`: for the person's own copy.
 * Signed notes only (a draft is not a record yet), one row per participant line: a group note is
 * an Encounter for each of its participants, with the line id as its id.
 */
export const encounters = async (tx: Tx, where: { participantId?: string; page?: Page; withWordsKey?: Buffer; withEpisode?: boolean }): Promise<Array<EncounterRecord & { episodeId?: string | null }>> =>
  (
    await run<Record<string, unknown>>(
      tx,
      sql`select ep.line_id, e.id as encounter_id, ep.participant_id, e.peer_id, e.type, e.modality, e.place_of_service, e.started_at,
                 e.duration_minutes, (e.voided_at is not null and not e.void_resubmit) as voided,
                 ${where.withWordsKey ? sql`e.narrative, e.next_steps` : sql`'' as narrative, '' as next_steps`}
                 ${where.withEpisode ? sql`, ${EPISODE_AT} as episode_id` : sql``}
            from encounter_participants ep join encounters e on e.id = ep.encounter_id
           where e.signed_at is not null ${where.participantId ? sql` and ep.participant_id = ${where.participantId}` : sql``}
           ${where.page ? pageOf(sql`ep.line_id`, where.page) : sql` order by e.started_at, ep.line_id`}`,
    )
  ).map((r) => ({
    lineId: r.line_id as string,
    encounterId: r.encounter_id as string,
    participantId: r.participant_id as string,
    peerId: r.peer_id as string,
    type: r.type as string,
    modality: r.modality as string,
    placeOfService: r.place_of_service as string,
    startedAt: date(r.started_at),
    durationMinutes: Number(r.duration_minutes),
    voided: r.voided as boolean,
    narrative: openWords(where.withWordsKey, r.narrative as string),
    nextSteps: openWords(where.withWordsKey, r.next_steps as string),
    ...(where.withEpisode ? { episodeId: (r.episode_id as string | null) ?? null } : {}),
  }));

export const plans = async (tx: Tx, where: { participantId?: string; page?: Page }): Promise<PlanRecord[]> =>
  (
    await run<Record<string, unknown>>(
      tx,
      sql`select participant_id, version, content, next_review_on::text as next_review_on, agreement, updated_at from recovery_plans
           where true ${where.participantId ? sql` and participant_id = ${where.participantId}` : sql``} ${pageOf(sql`participant_id`, where.page ?? null)}`,
    )
  ).map((r) => {
    const c = (r.content ?? {}) as Partial<PlanRecord> & { goals?: PlanRecord['goals'] };
    return {
      participantId: r.participant_id as string,
      version: Number(r.version),
      goals: (c.goals ?? []).map((g) => ({ ...g, lifeArea: g.lifeArea ?? null, steps: (g.steps ?? []).map((s) => ({ ...s, targetDate: s.targetDate ?? null })) })),
      strengths: c.strengths ?? [],
      supports: (c.supports ?? []).map((s) => ({ ...s, notes: s.notes ?? null })),
      nextReviewOn: (r.next_review_on as string | null) ?? null,
      agreement: (r.agreement as PlanRecord['agreement']) ?? null,
      updatedAt: date(r.updated_at),
    };
  });

/** The organization's own referrals (not those received from another organization). */
export const referrals = async (tx: Tx, orgId: string, where: { participantId?: string; page?: Page }): Promise<ReferralRecord[]> =>
  (
    await run<Record<string, unknown>>(
      tx,
      sql`select r.id, r.participant_id, r.peer_id, r.service_name, r.service_organization_name, r.need, r.urgency, r.note, r.status, r.status_reason,
                 r.shared, r.part2, r.outcome, r.created_at, r.updated_at,
                 c.id as c_id, c.recipient as c_recipient, c.purpose as c_purpose, c.expires_on::text as c_expires_on, c.method as c_method,
                 c.signed_on::text as c_signed_on, c.recorded_at as c_recorded_at, c.revoked_at as c_revoked_at
            from referrals r
            left join lateral (select * from referral_part2_consents pc where pc.referral_id = r.id order by pc.recorded_at desc limit 1) c on true
           where r.org_id = ${orgId} ${where.participantId ? sql` and r.participant_id = ${where.participantId}` : sql``}
           ${where.page ? pageOf(sql`r.id`, where.page) : sql` order by r.created_at, r.id`}`,
    )
  ).map((r) => {
    const shared = (r.shared ?? {}) as { items?: string[]; consent?: ReferralRecord['sharingConsent'] };
    return {
      id: r.id as string,
      participantId: r.participant_id as string,
      peerId: (r.peer_id as string | null) ?? null,
      serviceName: r.service_name as string,
      serviceOrganizationName: (r.service_organization_name as string | null) ?? null,
      need: r.need as string,
      urgency: r.urgency as ReferralRecord['urgency'],
      note: (r.note as string) ?? '',
      status: r.status as string,
      statusReason: (r.status_reason as string | null) ?? null,
      sharedItems: shared.items ?? [],
      sharingConsent: shared.consent ?? null,
      part2: r.part2 as boolean,
      outcome: (r.outcome as string | null) ?? null,
      createdAt: date(r.created_at),
      updatedAt: date(r.updated_at),
      part2Consent: r.c_id
        ? ({
            id: r.c_id as string,
            referralId: r.id as string,
            participantId: r.participant_id as string,
            recipient: r.c_recipient as string,
            purpose: r.c_purpose as string,
            expiresOn: r.c_expires_on as string,
            method: r.c_method as string,
            signedOn: r.c_signed_on as string,
            recordedAt: date(r.c_recorded_at),
            revokedAt: dateOrNull(r.c_revoked_at),
          } satisfies Part2ConsentRecord)
        : null,
    };
  });

export const assessments = async (tx: Tx, where: { participantId?: string; id?: string; page?: Page }): Promise<Array<AssessmentRecord & { recordedByPeerId: string | null }>> =>
  (
    await run<Record<string, unknown>>(
      tx,
      sql`select a.id, a.participant_id, a.instrument, a.version, a.answers, a.complete, a.total, a.band, a.subscales, a.mode, a.administered_at,
                 p.id as recorded_by_peer
            from assessments a left join peers p on p.user_id = a.recorded_by
           where true ${where.participantId ? sql` and a.participant_id = ${where.participantId}` : sql``} ${where.id ? sql` and a.id = ${where.id}` : sql``}
           ${where.page ? pageOf(sql`a.id`, where.page) : sql` order by a.administered_at, a.id`}`,
    )
  ).map((r) => ({
    id: r.id as string,
    participantId: r.participant_id as string,
    instrument: r.instrument as string,
    version: r.version as string,
    answers: (r.answers ?? {}) as Record<string, number | null>,
    complete: r.complete as boolean,
    total: r.total === null ? null : Number(r.total),
    band: (r.band as string | null) ?? null,
    subscales: ((r.subscales ?? []) as AssessmentRecord['subscales']).map((s) => ({ ...s, score: s.score === null ? null : Number(s.score) })),
    mode: r.mode as AssessmentRecord['mode'],
    administeredAt: date(r.administered_at),
    recordedByPeerId: (r.recorded_by_peer as string | null) ?? null,
  }));

/** The organization's own instrument versions (the built-in ones are code). */
export const orgInstruments = async (tx: Tx) => (await run<{ definition: unknown }>(tx, sql`select definition from instruments order by code, published_at`)).map((r) => r.definition);

export interface IntakeConsentRecord {
  id: string;
  participantId: string;
  resource: Record<string, unknown>;
  part2: boolean;
}

/** Consents received with a FHIR Patient at intake (0040), as stored. */
export const intakeConsents = async (tx: Tx, where: { participantId?: string; page?: Page }): Promise<IntakeConsentRecord[]> =>
  (
    await run<Record<string, unknown>>(
      tx,
      sql`select id, participant_id, resource, part2 from fhir_intake_consents
           where true ${where.participantId ? sql` and participant_id = ${where.participantId}` : sql``}
           ${where.page ? pageOf(sql`id`, where.page) : sql` order by received_at, id`}`,
    )
  ).map((r) => ({ id: r.id as string, participantId: r.participant_id as string, resource: r.resource as Record<string, unknown>, part2: r.part2 as boolean }));

export const insertIntakeConsent = async (tx: Tx, row: { id: string; orgId: string; participantId: string; resource: unknown; status: string; part2: boolean; receivedBy: string | null }) => {
  await tx.execute(sql`insert into fhir_intake_consents (id, org_id, participant_id, resource, status, part2, received_by)
                       values (${row.id}, ${row.orgId}, ${row.participantId}, ${JSON.stringify(row.resource)}::jsonb, ${row.status}, ${row.part2}, ${row.receivedBy})`);
};

/** Participants of the organization with this name and birth date (intake matching, case and accents aside). */
export const participantsNamed = async (tx: Tx, given: string, family: string, birthDate: string) =>
  (
    await run<{ id: string }>(
      tx,
      sql`select id from participants
           where lower(unaccent(btrim(given_name))) = lower(unaccent(btrim(${given})))
             and lower(unaccent(btrim(family_name))) = lower(unaccent(btrim(${family})))
             and birth_date = ${birthDate}::date
           order by created_at limit 20`,
    )
  ).map((r) => r.id);

export const participantExists = async (tx: Tx, id: string) => (await run<{ id: string }>(tx, sql`select id from participants where id = ${id}`)).length > 0;

/** The organizations of the instance, up to two (the CLI's default when there is one), with the owner's lookup right (0021). */
export const someOrganizations = async (tx: Tx) => (await run<{ id: string }>(tx, sql`select id from organizations order by created_at limit 2`)).map((r) => r.id);
