import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import type { JobProfile, PeerForSnapshot, RegistryConsent } from './build.rules.ts';

/** The member's own peers, read in its tenant, for its snapshot: no contact, no free text. */
export const peersForSnapshot = async (tx: Tx): Promise<PeerForSnapshot[]> =>
  rowsOf<{
    display_name: string;
    birth_year: number | null;
    languages: string[];
    specialties: string[];
    race_ethnicity: string[];
    lived_experience: { code: string }[];
    certifications: { type: string; issuer: string; number?: string }[];
    registry_consent: RegistryConsent;
    job_profile: JobProfile;
  }>(
    await tx.execute(sql`
      select display_name, birth_year, languages, specialties, race_ethnicity, lived_experience, certifications, registry_consent, job_profile
        from peers where active order by id`),
  ).map((r) => ({
    displayName: r.display_name,
    birthYear: r.birth_year === null ? null : Number(r.birth_year),
    languages: r.languages,
    specialties: r.specialties,
    raceEthnicity: r.race_ethnicity,
    livedExperience: r.lived_experience,
    certifications: r.certifications.map((c) => ({ type: c.type, issuer: c.issuer, number: c.number ?? '' })),
    registryConsent: r.registry_consent,
    jobProfile: r.job_profile,
  }));

export const consentOfUser = async (tx: Tx, userId: string) =>
  rowsOf<{ id: string; registry_consent: RegistryConsent }>(await tx.execute(sql`select id::text, registry_consent from peers where user_id = ${userId}`))[0] ?? null;

export const setConsent = async (tx: Tx, peerId: string, consent: RegistryConsent) => {
  await tx.execute(sql`update peers set registry_consent = ${JSON.stringify(consent)}::jsonb, updated_at = now() where id = ${peerId}`);
};

export const jobProfileOf = async (tx: Tx, peerId: string) =>
  rowsOf<{ job_profile: JobProfile; registry_consent: RegistryConsent }>(await tx.execute(sql`select job_profile, registry_consent from peers where id = ${peerId}`))[0] ?? null;

export const setJobProfile = async (tx: Tx, peerId: string, profile: JobProfile) =>
  rowsOf<{ n: number }>(await tx.execute(sql`update peers set job_profile = ${JSON.stringify(profile)}::jsonb, updated_at = now() where id = ${peerId} returning 1 as n`)).length > 0;

// ---------- the member's aggregates: counts from participants and matching ----------

/**
 * Participants as the aggregates need them, and nothing more: no name, contact (encrypted), birth
 * date or note is selected. The location (coordinates or ZIP code) only to find the county.
 */
export const participantsForAggregates = async (tx: Tx) =>
  rowsOf<{
    id: string;
    status: string;
    created_at: string | Date;
    updated_at: string | Date;
    languages: string[];
    race_ethnicity: string[];
    postal_code: string | null;
    lat: number | null;
    lon: number | null;
    preferences: { livedExperience?: { code: string }[]; language?: { importance: string } | null; peerGender?: { value: string } | null };
  }>(await tx.execute(sql`select id::text, status, created_at, updated_at, languages, race_ethnicity, postal_code, lat, lon, preferences from participants order by id`));

/** Assignments (who was paired with whom, and when), for the people served and wishes met in a month. */
export const assignmentsForAggregates = async (tx: Tx, lastDay: string) =>
  rowsOf<{ participant_id: string; peer_id: string; assigned_at: string | Date; ended_at: string | Date | null }>(
    await tx.execute(sql`select participant_id::text, peer_id::text, assigned_at, ended_at from assignments where assigned_at < (${lastDay}::date + 1)`),
  );

/** Peers as a wish needs them: languages, lived experience shared for matching, gender, county. */
export const peersForAggregates = async (tx: Tx) =>
  rowsOf<{
    id: string;
    active: boolean;
    languages: string[];
    lived_experience: { code: string; useForMatching?: boolean }[];
    gender_identity: string | null;
    postal_code: string | null;
    lat: number | null;
    lon: number | null;
    job_profile: JobProfile;
  }>(await tx.execute(sql`select id::text, active, languages, lived_experience, gender_identity, postal_code, lat, lon, job_profile from peers order by id`));
