import { api, apiUrl, downloadFile } from '../../app/api';

/** The outcomes module's contracts as the web app reads them (`Instrument`, `Assessment`, `ProgramReport` in the OpenAPI document). */

export interface Text {
  en: string;
  es?: string;
}
export interface Band {
  code: string;
  label: Text;
  min: number;
  max: number;
}
export interface Instrument {
  code: string;
  version: string;
  title: Text;
  instructions: Text;
  licence: string;
  citation: string;
  translations: { es?: { status: 'validated' | 'not-validated'; source: string } };
  answerSets: Record<string, Array<{ value: number; label: Text }>>;
  items: Array<{ id: string; text: Text; answerSet: string; reverse?: boolean; required?: boolean }>;
  total?: string;
  scales: Array<{ code: string; label: Text; items: string[]; method: 'sum' | 'mean'; prorateMissingUpTo?: number }>;
  bands: Record<string, Band[]>;
  flags: Array<{ code: string; label: Text; when: { item: string; atLeast: number } | { scale: string; atLeast: number }; safety?: boolean }>;
  higherIsBetter: boolean;
  cutOff?: { value: number; label: Text; source: string };
  builtIn: boolean;
  publishedAt: string | null;
}
export type InstrumentInput = Omit<Instrument, 'builtIn' | 'publishedAt'>;
export interface InstrumentSummary {
  code: string;
  version: string;
  title: Text;
  builtIn: boolean;
  items: number;
  spanish: 'validated' | 'not-validated' | 'none';
  versions: string[];
}
export type Mode = 'peer-administered' | 'self' | 'phone';
export interface Assessment {
  id: string;
  participantId: string;
  instrument: string;
  version: string;
  answers: Record<string, number | null>;
  complete: boolean;
  missing: string[];
  total: number | null;
  band: string | null;
  subscales: Array<{ code: string; score: number | null; band: string | null; prorated: boolean }>;
  flags: string[];
  mode: Mode;
  administeredAt: string;
  safetyFollowupId: string | null;
}
export interface DuePoint {
  episode: number;
  kind: 'baseline' | 'reassessment' | 'annual' | 'closeout' | 'intake' | 'day' | 'discharge';
  /** The day of a `day` point (days after intake); the year of an annual. */
  sequence: number;
  instrument: string;
  windowStart: string;
  windowEnd: string;
  status: 'upcoming' | 'open' | 'overdue' | 'completed' | 'missed' | 'cancelled';
  completedOn: string | null;
  /** The program whose schedule set the point; null for the SUPRT pattern. */
  program: string | null;
}
export interface Due {
  asOf: string;
  programs: string[];
  points: DuePoint[];
  followUp: { completed: number; due: number; rate: number | null; target: number };
}

/** A count as reports show it: a number, "<11" when small, null when hidden so a small one cannot be derived. */
export type Shown = number | string | null;
export interface Counts {
  served: Shown;
  newPeople: Shown;
  discharged: Shown;
  encounters: Shown;
  hours: number | null;
  referralsMade: Shown;
  referralsClosed: Shown;
  encountersPerPerson: number | null;
}
export interface OutcomeRow {
  instrument: string;
  title: string;
  pairs: Shown;
  meanFirst: number | null;
  meanLatest: number | null;
  meanChange: number | null;
  ci95: [number, number] | null;
  effectSize: number | null;
  percentImproved: number | null;
  percentWorsened: number | null;
  percentCrossedCutOff: number | null;
  higherIsBetter: boolean;
}
export const REPORT_DIMENSIONS = ['program', 'peer', 'language', 'race', 'gender', 'age'] as const;
export type Dimension = (typeof REPORT_DIMENSIONS)[number];
export interface ProgramReport {
  organization: string;
  period: { from: string; to: string };
  by: string | null;
  suppression: { applied: boolean; k: number; rounded: boolean; ruleVersion: string };
  totals: Counts;
  groups: Array<Counts & { key: string; label: string }>;
  outcomes: OutcomeRow[];
}
export interface FollowUpRate {
  from: string;
  to: string;
  completed: Shown;
  due: Shown;
  rate: number | null;
  target: number;
  suppression: ProgramReport['suppression'];
}

export const outcomesKeys = {
  schedules: ['assessment-schedules'] as const,
  instruments: ['instruments'] as const,
  instrument: (code: string, version?: string) => ['instruments', code, version ?? 'latest'] as const,
  assessments: (participantId: string) => ['assessments', participantId] as const,
  due: (participantId: string) => ['assessments', participantId, 'due'] as const,
  report: (q: ReportQuery) => ['reports', 'program', q] as const,
  followUp: (from: string, to: string) => ['dashboard', 'follow-up', from, to] as const,
};

export const listInstruments = () => api<{ items: InstrumentSummary[] }>('/instruments');
export const getInstrument = (code: string, version?: string) => api<Instrument>(`/instruments/${encodeURIComponent(code)}`, { query: { version } });
export const createInstrument = (body: InstrumentInput) => api<Instrument>('/instruments', { method: 'POST', body });
export const listAssessments = (participantId: string) => api<{ items: Assessment[] }>(`/participants/${participantId}/assessments`);
export const getDue = (participantId: string) => api<Due>(`/participants/${participantId}/assessments/due`);
export const recordAssessment = (participantId: string, body: { instrument: string; version?: string; answers: Record<string, number | null>; administeredAt: string; mode: Mode }) =>
  api<Assessment>(`/participants/${participantId}/assessments`, { method: 'POST', body });

export interface ReportQuery {
  from: string;
  to: string;
  by?: Dimension | undefined;
}
export const getProgramReport = (q: ReportQuery) => api<ProgramReport>('/reports/program', { query: { ...q } });
export interface ScheduleEdge {
  instruments: string[];
  windowDays: number;
}
export interface FixedPoint {
  day: number;
  instruments: string[];
  windowBefore: number;
  windowAfter: number;
}
export interface ProgramScheduleInput {
  intake: ScheduleEdge | null;
  fixed: FixedPoint[];
  discharge: ScheduleEdge | null;
  suprt: boolean;
}
export interface ProgramSchedule extends ProgramScheduleInput {
  program: string;
  updatedAt: string;
  updatedBy: string | null;
}
export interface Schedules {
  suprt: { baselineDays: number; reassessmentDays: number; windowDays: number; closeoutDays: number; instruments: string[] };
  programs: ProgramSchedule[];
  programsInUse: Array<{ program: string; sessions: number }>;
}
export const getSchedules = () => api<Schedules>('/assessment-schedules');
export const putSchedule = (program: string, body: ProgramScheduleInput) => api<ProgramSchedule>(`/assessment-schedules/${encodeURIComponent(program)}`, { method: 'PUT', body });
export const removeSchedule = (program: string) => api<void>(`/assessment-schedules/${encodeURIComponent(program)}`, { method: 'DELETE' });
export const getFollowUpRate = (from: string, to: string) => api<FollowUpRate>('/dashboard/follow-up', { query: { from, to } });

/** The report as CSV (Accept: text/csv), saved under the server's file name. */
export const downloadReportCsv = (q: ReportQuery): Promise<string> =>
  downloadFile(apiUrl('/reports/program', { ...q }), `program-report-${q.from}-${q.to}.csv`, { accept: 'text/csv' });

/** A text in the app's language, English when the instrument has none in it. */
export const textIn = (text: Text, lang: string): string => (lang.startsWith('es') ? (text.es ?? text.en) : text.en);

/** True when a shown count is hidden ("<11" or null), not a number. */
export const isHidden = (v: Shown | undefined): boolean => typeof v !== 'number';

/** The band a score falls in, on the instrument's total scale. */
export const bandOf = (instrument: Instrument, score: number | null): Band | undefined => {
  if (score === null) return undefined;
  const bands = instrument.bands[instrument.total ?? instrument.scales[0]?.code ?? ''] ?? [];
  return bands.find((b) => score >= b.min && score <= b.max);
};
