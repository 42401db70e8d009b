import { isKnownCounty } from './geography.ts';
import { ROLES, WAGE_BANDS, type SubmittedRecord } from './snapshot.rules.ts';

/**
 * A member server builds its monthly snapshot from its own Peerbridge data (issue 22): each
 * active peer with a job profile (entered by the admin) becomes one de-identified record. The
 * peer's name and birth year, or their credential, are linkage only: the registry hashes them
 * with its secret on arrival and stores the key, never them. Race/ethnicity and lived experience
 * leave only when the peer chose to share them with a registry (separate from matching, off by
 * default). No contact, exact birth date or free text is read.
 */
export interface JobProfile {
  role?: string | undefined;
  hoursPerWeek?: number | undefined;
  wageBand?: string | null | undefined;
  benefits?: boolean | null | undefined;
  jobStart?: string | null | undefined;
  jobEnd?: string | null | undefined;
  workFips?: string | null | undefined;
  certifiedOn?: string | null | undefined;
  /** The state that issued the peer's credential (two letters), for the key a state roster shares. */
  credentialState?: string | null | undefined;
}

export interface RegistryConsent {
  shareDemographics?: boolean | undefined;
  decidedAt?: string | undefined;
}

export interface PeerForSnapshot {
  displayName: string;
  birthYear: number | null;
  languages: string[];
  specialties: string[];
  raceEthnicity: string[];
  livedExperience: { code: string }[];
  certifications: { type: string; issuer: string; number: string }[];
  registryConsent: RegistryConsent;
  jobProfile: JobProfile;
}

export type SkipReason = 'no-job-profile' | 'not-working-that-month' | 'no-linkage';

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The record a peer contributes to `month` (YYYY-MM), or why they contribute none. */
export const recordOfPeer = (p: PeerForSnapshot, month: string): { record: SubmittedRecord } | { skipped: SkipReason } => {
  const j = p.jobProfile;
  if (!j.role || typeof j.hoursPerWeek !== 'number') return { skipped: 'no-job-profile' };
  const first = `${month}-01`;
  if ((j.jobStart && j.jobStart > lastDayOf(month)) || (j.jobEnd && j.jobEnd < first)) return { skipped: 'not-working-that-month' };
  const credential = p.certifications.find((c) => c.number.trim() !== '');
  const state = (j.credentialState ?? (credential && /^[A-Za-z]{2}$/.test(credential.issuer.trim()) ? credential.issuer : null))?.trim().toUpperCase();
  const linkage = credential && state ? { credentialNumber: credential.number, credentialState: state } : p.birthYear ? { name: p.displayName, birthYear: p.birthYear } : null;
  if (!linkage) return { skipped: 'no-linkage' };
  const consented = p.registryConsent.shareDemographics === true;
  return {
    record: {
      linkage,
      credentialTypes: [...new Set(p.certifications.map((c) => c.type))],
      certifiedOn: j.certifiedOn ?? null,
      workFips: j.workFips ?? null,
      residenceFips: null,
      role: j.role,
      hoursPerWeek: j.hoursPerWeek,
      hourlyWage: null,
      wageBand: j.wageBand ?? null,
      benefits: j.benefits ?? null,
      jobStart: j.jobStart ?? null,
      jobEnd: j.jobEnd ?? null,
      specialties: p.specialties,
      languages: p.languages,
      // Only with the peer's own registry consent: otherwise nothing at all (not even "none").
      raceEthnicity: consented && p.raceEthnicity.length > 0 ? p.raceEthnicity : null,
      livedExperience: consented && p.livedExperience.length > 0 ? p.livedExperience.map((l) => l.code) : null,
    },
  };
};

/** Problems of a job profile the admin enters, by field (the same checks as a snapshot's). */
export const jobProfileProblems = (j: JobProfile): { field: string; message: string }[] => {
  const out: { field: string; message: string }[] = [];
  if (j.role !== undefined && !(ROLES as readonly string[]).includes(j.role)) out.push({ field: 'body.role', message: `Use one of: ${ROLES.join(', ')}` });
  if (j.wageBand && !(WAGE_BANDS as readonly string[]).includes(j.wageBand)) out.push({ field: 'body.wageBand', message: `Use one of: ${WAGE_BANDS.join(', ')}` });
  if (j.workFips && !isKnownCounty(j.workFips)) out.push({ field: 'body.workFips', message: `Unknown county FIPS code "${j.workFips}"` });
  if (j.jobStart && j.jobEnd && j.jobEnd < j.jobStart) out.push({ field: 'body.jobEnd', message: 'The job ends before it starts' });
  return out;
};
