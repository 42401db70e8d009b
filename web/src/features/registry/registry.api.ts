import { api, apiUrl, downloadFile } from '../../app/api';

/** A suppressed count: the number, `"<11"` when small, `null` when hidden so a small one can't be derived. */
export interface Cell {
  shown: number | string | null;
  suppressed: boolean;
}
export interface Suppression {
  k: number;
  rounded: boolean;
  ruleVersion: string;
}
export interface RegistryList {
  runs: { id: string; name: string }[];
  memberOf: { id: string; name: string; joinedAt: string; leftAt: string | null; sharedFields: string[] }[];
}
export interface HeadcountGroup {
  group: string;
  label: string;
  headcount: Cell;
  fte: number | null;
}
export interface Headcount {
  suppression: Suppression;
  registryName: string;
  month: string | null;
  by: string;
  regionSet: string | null;
  groups: HeadcountGroup[];
  total: { headcount: Cell; fte: number | null } | null;
  member: { groups: HeadcountGroup[]; total: { headcount: Cell; fte: number | null } | null } | null;
}
export interface Trend {
  suppression: Suppression;
  month: string | null;
  trend: { month: string; headcount: Cell; fte: number | null }[];
  turnover: { from: string; atStart: Cell; left: Cell; rate: number | null } | null;
}
export interface RepresentationGroup {
  group: string;
  label: string;
  workforce: Cell;
  workforceShare: number | null;
  servedShare: number | null;
  populationShare: number | null;
  index: number | null;
  ci90: [number, number] | null;
}
export interface Representation {
  suppression: Suppression;
  county: string | null;
  countyName: string | null;
  month: string | null;
  consentedWorkforce: Cell;
  groups: RepresentationGroup[];
}
export interface ShortageCounty {
  countyFips: string;
  countyName: string | null;
  shortageArea: boolean;
  designations: number;
  peers: Cell;
  residents: number | null;
  perTenThousand: number | null;
}
export interface Area {
  peers: Cell;
  residents: number;
  perTenThousand: number | null;
}
export interface Shortage {
  suppression: Suppression;
  month: string | null;
  shortageCounties: number;
  inShortageAreas: Area;
  outsideShortageAreas: Area;
  counties: ShortageCounty[];
}
export interface Careers {
  suppression: Suppression;
  month: string | null;
  working: Cell;
  medianDaysCertificationToFirstJob: number | null;
  medianTenureMonthsOfThoseWhoLeft: number | null;
  partTimeShare: number | null;
  wageBands: { band: string; peers: Cell }[];
  comparison: { hourlyWage: number; source: string };
  certifiedPeers: Cell;
  destinations: { destination: string; peers: Cell }[];
}
export interface Unmet {
  suppression: Suppression;
  month: string | null;
  gaps: { countyFips: string; countyName: string | null; wish: string; waiting: Cell; peersAvailable: Cell | null; sentence: string }[];
}
export interface Job {
  id: string;
  organization: string;
  title: string;
  countyFips: string;
  countyName: string | null;
  state: string | null;
  hoursPerWeek: number;
  partTime: boolean;
  wageMin: number;
  wageMax: number;
  benefits: boolean;
  certificationRequired: string | null;
  applyUrl: string | null;
  postedAt: string;
  closesOn: string | null;
}

const base = (id: string) => `/registries/${encodeURIComponent(id)}`;
export const getRegistries = () => api<RegistryList>('/registries');
export const getHeadcount = (id: string, by: string, regions?: string, month?: string) =>
  api<Headcount>(`${base(id)}/headcount`, { query: { by, regions: by === 'region' ? regions : undefined, month } });
export const getRegionSets = (id: string) => api<{ sets: { set: string; builtIn: boolean; regions: { name: string; label: string }[] }[] }>(`${base(id)}/regions`);

export const putRegionSet = (id: string, set: string, regions: { name: string; counties: string[] }[]) =>
  api<{ set: string; regions: { name: string; counties: string[] }[] }>(`${base(id)}/regions`, { method: 'PUT', body: { set, regions } });

/** The address of a figure as the CSV the API writes (format=csv; the session cookie goes with the link). */
export const figureCsvUrl = (id: string, figure: 'trend' | 'representation' | 'unmet-matches' | 'shortage-areas' | 'careers', query: Record<string, string | undefined> = {}) =>
  apiUrl(`${base(id)}/${figure}`, { ...query, format: 'csv' });

/** The headcount table as the CSV the API writes, saved under the name it gives. */
export const downloadHeadcountCsv = (id: string, by: string, regions?: string): Promise<string> =>
  downloadFile(apiUrl(`${base(id)}/headcount`, { by, regions: by === 'region' ? regions : undefined, format: 'csv' }), `registry-headcount-by-${by}.csv`);

export interface BuildResult {
  month: string;
  version: number;
  unchanged: boolean;
  accepted: number;
  rejected: number;
  peers: number;
  skipped: { 'no-job-profile': number; 'not-working-that-month': number; 'no-linkage': number };
  /** The counts built from participants and matching (people served, unmet wishes). */
  aggregates?: { servedParticipants: number; unmetWishes: number; rows: number; leftOut: Record<string, number>; notDerived: string[] };
  problems: { line: number; column?: string; severity: string; message: string; peer: string | null }[];
}
export const buildSnapshot = (id: string, month: string) => api<BuildResult>(`${base(id)}/snapshots/build`, { method: 'POST', body: { month } });

export interface RegistryConsent {
  shareDemographics: boolean;
  decidedAt: string | null;
}
export const getMyRegistryConsent = () => api<RegistryConsent>('/peers/me/registry-consent');
export const setMyRegistryConsent = (shareDemographics: boolean) => api<RegistryConsent>('/peers/me/registry-consent', { method: 'PUT', body: { shareDemographics } });

export interface JobProfile {
  role?: string;
  hoursPerWeek?: number;
  wageBand?: string | null;
  benefits?: boolean | null;
  jobStart?: string | null;
  jobEnd?: string | null;
  workFips?: string | null;
  certifiedOn?: string | null;
  credentialState?: string | null;
}
export const getJobProfile = (peerId: string) => api<JobProfile & { registryConsent: boolean }>(`/peers/${encodeURIComponent(peerId)}/job-profile`);
export const setJobProfile = (peerId: string, profile: JobProfile) =>
  api<JobProfile & { registryConsent: boolean }>(`/peers/${encodeURIComponent(peerId)}/job-profile`, { method: 'PUT', body: profile });
export const getTrend = (id: string) => api<Trend>(`${base(id)}/trend`);
export const getRepresentation = (id: string, dimension: string, county?: string) => api<Representation>(`${base(id)}/representation`, { query: { dimension, county } });
export const getShortage = (id: string) => api<Shortage>(`${base(id)}/shortage-areas`);
export const getCareers = (id: string) => api<Careers>(`${base(id)}/careers`);
export const getUnmet = (id: string, lang: string) => api<Unmet>(`${base(id)}/unmet-matches`, { query: { lang } });
export const getJobs = (state?: string) => api<{ items: Job[] }>('/jobs', { query: { state } });

/** A count cell as a number for drawing, or null when it is not shown. */
export const numberOf = (c: Cell | null | undefined): number | null => (c && typeof c.shown === 'number' ? c.shown : null);
