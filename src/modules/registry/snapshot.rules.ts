import { createHmac } from 'node:crypto';
import { isKnownCounty } from './geography.ts';
import type { RowProblem } from './import.rules.ts';

/**
 * What a member shares per peer and month (issue 22): de-identified by construction. The record
 * has no field for a name, contact, exact birth date or free text; the linkage fields that make
 * the pseudonymous key are hashed on arrival with the registry's secret and never stored.
 */
export interface Linkage {
  credentialNumber?: string | undefined;
  credentialState?: string | undefined;
  name?: string | undefined;
  birthYear?: number | undefined;
}

export interface SubmittedRecord {
  linkage: Linkage;
  credentialTypes?: string[] | undefined;
  certifiedOn?: string | null | undefined;
  workFips?: string | null | undefined;
  residenceFips?: string | null | undefined;
  role: string;
  hoursPerWeek: number;
  hourlyWage?: number | null | undefined;
  /** The band itself, when the member keeps only the band (a job profile): ignored when hourlyWage is given. */
  wageBand?: string | null | undefined;
  benefits?: boolean | null | undefined;
  jobStart?: string | null | undefined;
  jobEnd?: string | null | undefined;
  specialties?: string[] | undefined;
  languages?: string[] | undefined;
  raceEthnicity?: string[] | null | undefined;
  livedExperience?: string[] | null | undefined;
}

export interface RegistryRecord {
  personKey: string;
  credentialTypes: string[];
  certifiedOn: string | null;
  workFips: string | null;
  residenceFips: string | null;
  role: string;
  hoursPerWeek: number;
  /** The band only: the exact wage does not leave the member. */
  wageBand: string | null;
  benefits: boolean | null;
  jobStart: string | null;
  jobEnd: string | null;
  specialties: string[];
  languages: string[];
  raceEthnicity: string[] | null;
  livedExperience: string[] | null;
}

/** The fields a member's records carry, shown to its admin before joining (what leaves). */
export const SHARED_FIELDS = [
  'personKey',
  'credentialTypes',
  'certifiedOn',
  'workFips',
  'residenceFips',
  'role',
  'hoursPerWeek',
  'wageBand',
  'benefits',
  'jobStart',
  'jobEnd',
  'specialties',
  'languages',
  'raceEthnicity (only with the peer\'s consent)',
  'livedExperience (only with the peer\'s consent)',
] as const;

export const ROLES = ['peer-specialist', 'recovery-coach', 'family-peer', 'youth-peer', 'supervisor', 'other'] as const;

/** US federal minimum wage, and an hourly wage no peer job plausibly pays (a salary typed as hourly). */
export const WAGE_FLOOR = 7.25;
export const WAGE_CEILING = 100;

/** Wage bands a snapshot carries instead of the exact wage. */
export const WAGE_BANDS = ['under-15', '15-18', '18-21', '21-25', '25-plus'] as const;
export const wageBandOf = (wage: number): string => (wage < 15 ? 'under-15' : wage < 18 ? '15-18' : wage < 21 ? '18-21' : wage < 25 ? '21-25' : '25-plus');

const normalize = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .sort()
    .join(' ');

/**
 * The pseudonymous key: an HMAC-SHA-256 with the registry's secret of the credential (state and
 * number, what a state roster keys on) or, for a peer not yet certified, of their name's words
 * (order, accents and case ignored) and birth year. The same person sent by two agencies gets
 * the same key; the key cannot be turned back into the person without the secret.
 */
export const personKeyOf = (secret: string, l: Linkage): string | null => {
  const number = l.credentialNumber?.replace(/\s+/g, '').toUpperCase();
  const state = l.credentialState?.trim().toUpperCase();
  let basis: string | null = null;
  if (number && state) basis = `credential|${state}|${number}`;
  else if (l.name && normalize(l.name) !== '' && l.birthYear) basis = `person|${normalize(l.name)}|${l.birthYear}`;
  if (basis === null) return null;
  return createHmac('sha256', secret).update(basis).digest('base64url').slice(0, 32);
};

/**
 * Checks one submitted record row by row (issue 22, bad input): an unknown county, an
 * implausible wage, a date in the future, a key already in this snapshot. A record with an error
 * is left out and reported; the rest of the snapshot is kept.
 */
export const checkRecord = (
  secret: string,
  rec: SubmittedRecord,
  line: number,
  today: string,
  seen: Set<string>,
): { record: RegistryRecord | null; problems: RowProblem[] } => {
  const problems: RowProblem[] = [];
  const err = (column: string, message: string) => problems.push({ line, column, severity: 'error', message });
  const personKey = personKeyOf(secret, rec.linkage);
  if (personKey === null) err('linkage', 'Give the credential state and number, or the name and birth year, so the peer is counted once.');
  else if (seen.has(personKey)) err('linkage', 'This peer is already in this snapshot (same credential or name and birth year).');
  for (const [column, fips] of [['workFips', rec.workFips], ['residenceFips', rec.residenceFips]] as const) {
    if (fips && !isKnownCounty(fips)) err(column, `Unknown county FIPS code "${fips}".`);
  }
  if (!(ROLES as readonly string[]).includes(rec.role)) err('role', `Use one of: ${ROLES.join(', ')}.`);
  if (!(rec.hoursPerWeek >= 0 && rec.hoursPerWeek <= 80)) err('hoursPerWeek', 'Hours per week are between 0 and 80.');
  if (rec.hourlyWage !== null && rec.hourlyWage !== undefined && !(rec.hourlyWage >= WAGE_FLOOR && rec.hourlyWage <= WAGE_CEILING)) {
    err('hourlyWage', `An hourly wage is between $${WAGE_FLOOR} and $${WAGE_CEILING}; was an annual salary entered?`);
  }
  for (const [column, date] of [['certifiedOn', rec.certifiedOn], ['jobStart', rec.jobStart], ['jobEnd', rec.jobEnd]] as const) {
    if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) err(column, `"${date}" is not a date (YYYY-MM-DD or MM/DD/YYYY).`);
    else if (date && date > today) err(column, 'This date is in the future.');
  }
  if (rec.jobStart && rec.jobEnd && rec.jobEnd < rec.jobStart) err('jobEnd', 'The job ends before it starts.');
  if (rec.wageBand && !(WAGE_BANDS as readonly string[]).includes(rec.wageBand)) err('wageBand', `Use one of: ${WAGE_BANDS.join(', ')}.`);
  if (problems.length > 0 || personKey === null) return { record: null, problems };
  seen.add(personKey);
  const wage = rec.hourlyWage ?? null;
  return {
    record: {
      personKey,
      credentialTypes: rec.credentialTypes ?? [],
      certifiedOn: rec.certifiedOn ?? null,
      workFips: rec.workFips ?? null,
      residenceFips: rec.residenceFips ?? null,
      role: rec.role,
      hoursPerWeek: rec.hoursPerWeek,
      wageBand: wage === null ? (rec.wageBand ?? null) : wageBandOf(wage),
      benefits: rec.benefits ?? null,
      jobStart: rec.jobStart ?? null,
      jobEnd: rec.jobEnd ?? null,
      specialties: rec.specialties ?? [],
      languages: (rec.languages ?? []).map((l) => l.toLowerCase()),
      raceEthnicity: rec.raceEthnicity ?? null,
      livedExperience: rec.livedExperience ?? null,
    },
    problems,
  };
};

/** Columns of a snapshot CSV, in order; multi-valued fields separate values with `;`. */
export const SNAPSHOT_CSV_COLUMNS = [
  'credential_number',
  'credential_state',
  'name',
  'birth_year',
  'credential_types',
  'certified_on',
  'work_fips',
  'residence_fips',
  'role',
  'hours_per_week',
  'hourly_wage',
  'benefits',
  'job_start',
  'job_end',
  'specialties',
  'languages',
  'race_ethnicity',
  'lived_experience',
] as const;

export const ROSTER_CSV_COLUMNS = ['credential_number', 'credential_state', 'name', 'birth_year', 'credential_type', 'certified_on', 'expires_on', 'county_fips'] as const;
