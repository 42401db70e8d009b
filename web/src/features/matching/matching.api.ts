import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';

/** One lived-experience code with its labels (GET /taxonomies/lived-experience). */
export interface TaxonomyEntry {
  code: string;
  parent: string | null;
  labels: { en: string; es: string };
}

type RawEntry = Partial<TaxonomyEntry> & { code: string; label?: string | { en?: string; es?: string } };

const parentOf = (code: string) => (code.lastIndexOf('.') > 0 ? code.slice(0, code.lastIndexOf('.')) : null);

/** Accepts the list bare or wrapped (`items`, `codes`, `entries`), so a wrapper change does not break the page. */
export function normaliseTaxonomy(raw: unknown): TaxonomyEntry[] {
  const obj = (raw ?? {}) as Record<string, unknown>;
  const list = (Array.isArray(raw) ? raw : (obj.items ?? obj.codes ?? obj.entries ?? [])) as RawEntry[];
  return list
    .filter((e) => e && typeof e.code === 'string')
    .map((e) => {
      const label = typeof e.label === 'object' && e.label ? e.label : undefined;
      const en = e.labels?.en ?? label?.en ?? (typeof e.label === 'string' ? e.label : e.code);
      const es = e.labels?.es ?? label?.es ?? en;
      return { code: e.code, parent: e.parent ?? parentOf(e.code), labels: { en, es } };
    });
}

export const taxonomyKey = ['taxonomy', 'lived-experience'] as const;

export const fetchTaxonomy = () => api<unknown>('/taxonomies/lived-experience').then(normaliseTaxonomy);

/** The taxonomy and a label lookup in the reader's language (the code itself when unknown). */
export function useTaxonomy() {
  const { i18n } = useTranslation();
  const query = useQuery({ queryKey: taxonomyKey, queryFn: fetchTaxonomy, staleTime: 60 * 60_000 });
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const byCode = new Map((query.data ?? []).map((e) => [e.code, e]));
  const label = (code: string) => byCode.get(code)?.labels[lang] ?? code;
  return { query, entries: query.data ?? [], label, lang };
}

export interface MatchReason {
  code: string;
  label: string;
}

export interface Match {
  peer: { id: string; displayName: string };
  score: number;
  reasons: MatchReason[];
  /** The person's wishes this peer does not meet. */
  unmet: MatchReason[];
}

export const matchesKey = (participantId: string, lang: string) => ['matches', participantId, lang] as const;

/** Ranked matches, best first; reasons come worded in `lang`. */
export const fetchMatches = (participantId: string, lang: string, limit = 10) =>
  api<{ matches: Match[] }>(`/participants/${encodeURIComponent(participantId)}/matches`, { query: { limit, lang } }).then(
    (r) => r.matches ?? [],
  );

// ---------------------------------------------------------------------------------------------
// Waitlist and batch proposals

export interface WaitlistEntry {
  participant: { id: string; displayName: string };
  waitingSince: string | null;
  languages: string[];
  /** Lived-experience codes the participant requires of a peer. */
  requiredExperience: string[];
}

type RawWaitlistItem = Record<string, unknown> & { participant?: { id: string; displayName: string } };

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** GET /waitlist: a page of `{ participantId, displayName, languages, waitingSince, requiredExperience }`. */
export function normaliseWaitlist(raw: unknown): { items: WaitlistEntry[]; total: number } {
  const obj = (raw ?? {}) as Record<string, unknown>;
  const list = (Array.isArray(raw) ? raw : (obj.items ?? [])) as RawWaitlistItem[];
  const items = list.map((it) => ({
    participant: it.participant ?? { id: String(it.participantId ?? it.id ?? ''), displayName: String(it.displayName ?? it.participantName ?? '') },
    waitingSince: str(it.waitingSince),
    languages: strings(it.languages),
    requiredExperience: strings(it.requiredExperience),
  }));
  return { items, total: typeof obj.total === 'number' ? obj.total : items.length };
}

export const waitlistKey = ['waitlist'] as const;

export const fetchWaitlist = () => api<unknown>('/waitlist', { query: { pageSize: 200 } }).then(normaliseWaitlist);

export interface Proposal {
  participant: { id: string; displayName: string };
  peer: { id: string; displayName: string };
  score: number;
  reasons: MatchReason[];
  /** `null` until accepted; `failed` when it no longer fit at acceptance (`problem` says why). */
  decision: 'accepted' | 'failed' | null;
  problem: string | null;
}

/** `MatchBatch` in the OpenAPI document (src/modules/matching/matching.routes.ts). */
export interface MatchBatch {
  id: string | null;
  proposals: Proposal[];
  /** Participants on the waitlist with no acceptable peer in this run. */
  unassigned: Array<{ id: string; displayName: string }>;
  totalScore: number | null;
}

type Raw = Record<string, unknown>;

export function normaliseBatch(raw: unknown): MatchBatch {
  const obj = (raw ?? {}) as Raw;
  const list = (Array.isArray(obj.proposals) ? obj.proposals : []) as Raw[];
  const proposals = list.map((p): Proposal => ({
    participant: { id: String(p.participantId ?? ''), displayName: String(p.participantName ?? '') },
    peer: { id: String(p.peerId ?? ''), displayName: String(p.peerDisplayName ?? '') },
    score: typeof p.score === 'number' ? p.score : 0,
    reasons: Array.isArray(p.reasons) ? (p.reasons as MatchReason[]) : [],
    decision: p.decision === 'accepted' || p.decision === 'failed' ? p.decision : null,
    problem: str(p.problem),
  }));
  const unassigned = ((Array.isArray(obj.unassigned) ? obj.unassigned : []) as Raw[]).map((u) => ({
    id: String(u.participantId ?? ''),
    displayName: String(u.participantName ?? ''),
  }));
  return { id: str(obj.id), proposals, unassigned, totalScore: typeof obj.totalScore === 'number' ? obj.totalScore : null };
}

export const proposeBatch = (lang: string) =>
  api<unknown>('/match-batches', { method: 'POST', body: { dryRun: false }, query: { lang } }).then(normaliseBatch);

export type ParticipantConsent = { participantId: string; given: true; method: 'verbal' | 'written' | 'electronic' };

/**
 * Accepts the listed participants' proposals, each with that participant's recorded consent
 * (consent is per person: the server refuses a proposal without it, naming the participant).
 */
export const acceptBatch = (batchId: string, input: { participantIds: string[]; consents: ParticipantConsent[] }) =>
  api<unknown>(`/match-batches/${encodeURIComponent(batchId)}/accept`, { method: 'POST', body: input }).then(normaliseBatch);

// ---------------------------------------------------------------------------------------------
// Match quality

export const recordQuality = (assignmentId: string, input: { rating: number; keptMeeting: boolean }) =>
  api<{ id: string; rating: number | null; keptMeeting: boolean | null; recordedAt: string }>(`/assignments/${encodeURIComponent(assignmentId)}/quality`, { method: 'POST', body: input });

// ---------------------------------------------------------------------------------------------
// Retention by criterion (GET /matching/retention) and the organization's weights (/matching/settings)

export interface CriterionRetention {
  /** `all`, or the criterion a match was made on: `experience`, `language`, `distance`, ... */
  criterion: string;
  matches: number;
  keptMeeting: number;
  keptMeetingRate: number | null;
  averageRating: number | null;
}

export interface RetentionReport {
  overall: CriterionRetention;
  byCriterion: CriterionRetention[];
}

export const fetchRetention = (from: string, to: string) => api<RetentionReport>('/matching/retention', { query: { from, to } });

/** The criteria weights first (only their ratios matter), then the tuning constants. */
export const CRITERION_WEIGHTS = ['livedExperience', 'language', 'availability', 'distance', 'capacity', 'modality', 'gender', 'raceEthnicity', 'ageGroup', 'specialty'] as const;
export const TUNING_WEIGHTS = ['relatedExperienceCredit', 'requiredExperienceImportance', 'distanceHalfKm', 'availabilityTargetMinutes'] as const;
export type WeightKey = (typeof CRITERION_WEIGHTS)[number] | (typeof TUNING_WEIGHTS)[number];

export interface MatchSettings {
  weights: Partial<Record<WeightKey, number>>;
  livedExperienceExtensions: unknown[];
}

export const matchSettingsKey = ['matching', 'settings'] as const;
export const fetchMatchSettings = () => api<MatchSettings>('/matching/settings');
/** Saves the weights; the organization's own lived-experience codes are left as they are. */
export const saveMatchWeights = (weights: Record<WeightKey, number>) => api<MatchSettings>('/matching/settings', { method: 'PUT', body: { weights } });
