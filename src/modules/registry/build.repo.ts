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
