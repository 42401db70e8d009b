import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';

/** SQL of the public request, the intake queue, peers' public bios and the portal (0040_portal.sql). */

/** Raw statements answer timestamps as text on some drivers: `*_at` columns come back as dates. */
const rows = async <T>(tx: Tx, q: ReturnType<typeof sql>) =>
  rowsOf<Record<string, unknown>>(await tx.execute(q)).map((r) => {
    for (const k of Object.keys(r)) if (k.endsWith('_at') && typeof r[k] === 'string') r[k] = new Date(r[k]);
    return r as T;
  });

// ---------- organizations ----------

export interface PublicOrgRow {
  org_id: string;
  name: string;
  time_zone: string;
  public_intake: Record<string, unknown>;
}

/** Outside any tenant: the organization of a public slug (SECURITY DEFINER lookup). */
export const publicOrganization = async (tx: Tx, slug: string) => (await rows<PublicOrgRow>(tx, sql`select * from pb_public_organization(${slug})`))[0];

export const orgPublic = async (tx: Tx, orgId: string) =>
  (await rows<{ name: string; time_zone: string; public_slug: string | null; settings: Record<string, unknown> }>(tx, sql`select name, time_zone, public_slug, settings from organizations where id = ${orgId}`))[0];

export const setOrgPublic = async (tx: Tx, orgId: string, slug: string | null, publicIntake: Record<string, unknown>) =>
  tx.execute(sql`update organizations set public_slug = ${slug}, settings = jsonb_set(settings, '{publicIntake}', ${JSON.stringify(publicIntake)}::jsonb), updated_at = now() where id = ${orgId}`);

// ---------- peer requests ----------

export interface PeerRequestRow {
  id: string;
  reference: string;
  request_enc: string;
  language: string | null;
  experiences: string[];
  modality: string | null;
  gender_preference: string | null;
  status: 'new' | 'intake' | 'closed';
  participant_id: string | null;
  created_at: Date;
  handled_at: Date | null;
}

export const insertPeerRequest = async (
  tx: Tx,
  r: { id: string; orgId: string; reference: string; requestEnc: string; language: string | null; experiences: string[]; modality: string | null; gender: string | null; at: Date },
) =>
  tx.execute(sql`insert into peer_requests (id, org_id, reference, request_enc, language, experiences, modality, gender_preference, created_at)
    values (${r.id}, ${r.orgId}, ${r.reference}, ${r.requestEnc}, ${r.language}, ${`{${r.experiences.join(',')}}`}::text[], ${r.modality}, ${r.gender}, ${r.at})`);

export const listPeerRequests = async (tx: Tx, status: string | null) =>
  rows<PeerRequestRow>(tx, sql`select * from peer_requests where (${status}::text is null or status = ${status}) order by created_at desc limit 200`);

export const getPeerRequest = async (tx: Tx, id: string) => (await rows<PeerRequestRow>(tx, sql`select * from peer_requests where id = ${id} for update`))[0];

export const markRequestTaken = async (tx: Tx, id: string, participantId: string, userId: string | null, at: Date) =>
  tx.execute(sql`update peer_requests set status = 'intake', participant_id = ${participantId}, handled_by = ${userId}, handled_at = ${at} where id = ${id}`);

export const closeRequest = async (tx: Tx, id: string, userId: string | null, at: Date) =>
  tx.execute(sql`update peer_requests set status = 'closed', handled_by = ${userId}, handled_at = ${at} where id = ${id}`);

// ---------- peers' public profiles ----------

export const peerOfUser = async (tx: Tx, userId: string) =>
  (await rows<{ id: string; display_name: string }>(tx, sql`select id, display_name from peers where user_id = ${userId} and active`))[0];

export const publicProfileOf = async (tx: Tx, peerId: string) =>
  (await rows<{ bio: string; approved_at: Date | null; updated_at: Date }>(tx, sql`select bio, approved_at, updated_at from peer_public_profiles where peer_id = ${peerId}`))[0];

export const putPublicProfile = async (tx: Tx, orgId: string, peerId: string, bio: string, approvedAt: Date | null, at: Date) =>
  tx.execute(sql`insert into peer_public_profiles (peer_id, org_id, bio, approved_at, updated_at) values (${peerId}, ${orgId}, ${bio}, ${approvedAt}, ${at})
    on conflict (peer_id) do update set bio = excluded.bio, approved_at = excluded.approved_at, updated_at = excluded.updated_at`);

/** Active peers whose own bio they approved: the only ones on the public page. */
export const publicPeers = async (tx: Tx) =>
  rows<{ id: string; display_name: string; pronouns: string | null; languages: string[]; lived_experience: Array<{ code: string; showToParticipants: boolean }>; bio: string }>(
    tx,
    sql`select p.id, p.display_name, p.pronouns, p.languages, p.lived_experience, pp.bio
      from peers p join peer_public_profiles pp on pp.peer_id = p.id
      where p.active and pp.approved_at is not null and length(btrim(pp.bio)) > 0 order by p.display_name`,
  );

// ---------- portal links and sessions ----------

export const findLink = async (tx: Tx, hash: string) => (await rows<{ org_id: string; participant_id: string }>(tx, sql`select * from pb_portal_link(${hash})`))[0];

export const linkByHash = async (tx: Tx, hash: string) =>
  (await rows<{ id: string; participant_id: string; expires_at: Date; used_at: Date | null }>(tx, sql`select id, participant_id, expires_at, used_at from portal_links where token_hash = ${hash} for update`))[0];

export const insertLink = async (tx: Tx, l: { id: string; orgId: string; participantId: string; hash: string; by: string | null; at: Date; expiresAt: Date }) =>
  tx.execute(sql`insert into portal_links (id, org_id, participant_id, token_hash, created_by, created_at, expires_at)
    values (${l.id}, ${l.orgId}, ${l.participantId}, ${l.hash}, ${l.by}, ${l.at}, ${l.expiresAt})`);

/** A new link replaces the unused ones: only the newest link in the person's hands works. */
export const expireOpenLinks = async (tx: Tx, participantId: string, at: Date) =>
  tx.execute(sql`update portal_links set expires_at = ${at} where participant_id = ${participantId} and used_at is null and expires_at > ${at}`);

export const useLink = async (tx: Tx, id: string, at: Date) => tx.execute(sql`update portal_links set used_at = ${at} where id = ${id}`);

export const findSession = async (tx: Tx, hash: string) => (await rows<{ session_id: string; org_id: string; participant_id: string }>(tx, sql`select * from pb_portal_session(${hash})`))[0];

export interface PortalSessionRow {
  id: string;
  participant_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
}
export const sessionById = async (tx: Tx, id: string) => (await rows<PortalSessionRow>(tx, sql`select * from portal_sessions where id = ${id}`))[0];

export const insertSession = async (tx: Tx, s: { id: string; orgId: string; participantId: string; hash: string; csrf: string; at: Date; expiresAt: Date; ip: string | null }) =>
  tx.execute(sql`insert into portal_sessions (id, org_id, participant_id, token_hash, csrf_token, created_at, last_seen_at, expires_at, source_ip)
    values (${s.id}, ${s.orgId}, ${s.participantId}, ${s.hash}, ${s.csrf}, ${s.at}, ${s.at}, ${s.expiresAt}, ${s.ip})`);

export const touchSession = async (tx: Tx, id: string, at: Date) => tx.execute(sql`update portal_sessions set last_seen_at = ${at} where id = ${id}`);
export const endSession = async (tx: Tx, id: string, at: Date) => tx.execute(sql`update portal_sessions set ended_at = ${at} where id = ${id} and ended_at is null`);

// ---------- what the participant sees ----------

export const participantBasics = async (tx: Tx, id: string) =>
  (await rows<{ id: string; given_name: string; preferred_name: string | null; languages: string[] }>(tx, sql`select id, given_name, preferred_name, languages from participants where id = ${id}`))[0];

export const currentPeer = async (tx: Tx, participantId: string) =>
  (
    await rows<{ peer_id: string; display_name: string; pronouns: string | null; email: string | null; assigned_at: Date; consent: { given: boolean; method: string; recordedAt: string } }>(
      tx,
      sql`select p.id as peer_id, p.display_name, p.pronouns, u.email, a.assigned_at, a.consent
        from assignments a join peers p on p.id = a.peer_id left join users u on u.id = p.user_id
        where a.participant_id = ${participantId} and a.status = 'active' order by a.assigned_at desc limit 1`,
    )
  )[0];

/** The dates set in signed notes for the next meeting, from today on. */
export const upcomingMeetings = async (tx: Tx, participantId: string, today: string) =>
  rows<{ on: string; modality: string }>(
    tx,
    sql`select distinct e.follow_up_on::text as on, e.modality from encounters e join encounter_participants ep on ep.encounter_id = e.id
      where ep.participant_id = ${participantId} and e.signed_at is not null and e.voided_at is null and e.follow_up_on >= ${today}::date
      order by 1 limit 5`,
  );

export const planOf = async (tx: Tx, participantId: string) =>
  (await rows<{ version: number; content: Record<string, unknown>; agreement: Record<string, unknown> | null; next_review_on: string | null; updated_at: Date }>(
    tx,
    sql`select version, content, agreement, next_review_on::text, updated_at from recovery_plans where participant_id = ${participantId}`,
  ))[0];

export const assessmentsOf = async (tx: Tx, participantId: string) =>
  rows<{ id: string; instrument: string; total: string | null; band: string | null; administered_at: Date; complete: boolean }>(
    tx,
    sql`select id, instrument, total::text, band, administered_at, complete from assessments where participant_id = ${participantId} order by administered_at limit 500`,
  );

export const referralsOf = async (tx: Tx, participantId: string) =>
  rows<{ id: string; service_name: string; service_organization_name: string | null; need: string; status: string; part2: boolean; shared: { items: string[]; consent: { given: boolean; method: string; recordedAt: string } }; created_at: Date; sent_at: Date | null; follow_up_on: string | null; outcome: string | null }>(
    tx,
    sql`select id, service_name, service_organization_name, need, status, part2, shared, created_at, sent_at, follow_up_on::text, outcome
      from referrals where participant_id = ${participantId} and status <> 'draft' order by created_at desc limit 200`,
  );

export const part2ConsentsOf = async (tx: Tx, participantId: string) =>
  rows<{ id: string; referral_id: string; recipient: string; purpose: string; expires_on: string; method: string; recorded_at: Date; revoked_at: Date | null }>(
    tx,
    sql`select id, referral_id, recipient, purpose, expires_on::text, method, recorded_at, revoked_at from referral_part2_consents where participant_id = ${participantId} order by recorded_at desc`,
  );

export const revocationsOf = async (tx: Tx, participantId: string) =>
  rows<{ kind: string; referral_id: string; revoked_at: Date }>(tx, sql`select kind, referral_id, revoked_at from consent_revocations where participant_id = ${participantId}`);

export const insertRevocation = async (tx: Tx, r: { id: string; orgId: string; participantId: string; kind: string; referralId: string; at: Date }) =>
  tx.execute(sql`insert into consent_revocations (id, org_id, participant_id, kind, referral_id, revoked_at) values (${r.id}, ${r.orgId}, ${r.participantId}, ${r.kind}, ${r.referralId}, ${r.at})`);

export const revokeReferralLinks = async (tx: Tx, referralId: string, at: Date) =>
  tx.execute(sql`update referral_links set revoked_at = ${at} where referral_id = ${referralId} and revoked_at is null`);

export const revokePart2 = async (tx: Tx, referralId: string, at: Date) =>
  tx.execute(sql`update referral_part2_consents set revoked_at = ${at} where referral_id = ${referralId} and revoked_at is null`);

export const userNames = async (tx: Tx, ids: string[]) =>
  ids.length === 0
    ? []
    : rows<{ id: string; display_name: string | null; role: string; peer_name: string | null }>(
        tx,
        sql`select u.id, u.display_name, u.role, (select p.display_name from peers p where p.user_id = u.id limit 1) as peer_name
          from users u where u.id::text = any(${`{${ids.join(',')}}`}::text[])`,
      );

// ---------- requests to the organization ----------

export interface PortalRequestRow {
  id: string;
  participant_id: string;
  kind: 'correction' | 'plan-change';
  text_enc: string;
  status: 'open' | 'done';
  created_at: Date;
  due_on: string;
  resolved_at: Date | null;
}

export const insertPortalRequest = async (tx: Tx, r: { id: string; orgId: string; participantId: string; kind: string; textEnc: string; at: Date; dueOn: string }) =>
  tx.execute(sql`insert into portal_requests (id, org_id, participant_id, kind, text_enc, created_at, due_on) values (${r.id}, ${r.orgId}, ${r.participantId}, ${r.kind}, ${r.textEnc}, ${r.at}, ${r.dueOn}::date)`);

export const portalRequestsOf = async (tx: Tx, participantId: string) =>
  rows<PortalRequestRow>(tx, sql`select id, participant_id, kind, text_enc, status, created_at, due_on::text, resolved_at from portal_requests where participant_id = ${participantId} order by created_at desc`);

export const openPortalRequests = async (tx: Tx, status: string | null) =>
  rows<PortalRequestRow & { display_name: string }>(
    tx,
    sql`select r.id, r.participant_id, r.kind, r.text_enc, r.status, r.created_at, r.due_on::text, r.resolved_at,
        coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name as display_name
      from portal_requests r join participants p on p.id = r.participant_id
      where (${status}::text is null or r.status = ${status}) order by r.created_at limit 200`,
  );

export const resolvePortalRequest = async (tx: Tx, id: string, by: string | null, at: Date) =>
  rowsOf<{ id: string }>(await tx.execute(sql`update portal_requests set status = 'done', resolved_by = ${by}, resolved_at = ${at} where id = ${id} and status = 'open' returning id`));

/** A retry point inside a transaction (a reference that collided is drawn again). */
export const savepoint = async (tx: Tx, name: 'pr') => tx.execute(sql.raw(`savepoint ${name}`));
export const rollbackTo = async (tx: Tx, name: 'pr') => tx.execute(sql.raw(`rollback to savepoint ${name}`));
