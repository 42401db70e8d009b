// What the matching use cases share, split from matching.service.ts with them: the organization's
// matching settings (its weights and its own lived-experience codes, issue 3) and today in its
// zone, its peers as candidates kept in memory until the matching version moves, and a participant
// as matching reads them. One participant's matches and assigning (matching.matches.ts) and the
// waitlist's batches (matching.batches.ts) use it; matching.service.ts wires them together with
// match quality (matching.quality.ts) and the settings.
import type { Tx } from '../../db/client.ts';
import * as repo from './matching.repo.ts';
import { resolveWeights, type MatchWeights, type ParticipantForMatching, type PeerCandidate } from './matching.rules.ts';
import { buildPeerIndex, type PeerIndex } from './peer-index.rules.ts';
import type { TaxonomyExtension } from './taxonomy.ts';

interface OrgMatching {
  weights: MatchWeights;
  extensions: TaxonomyExtension[];
  timeZone: string;
}

interface CandidateCache {
  version: number;
  candidates: PeerCandidate[];
  /** Typed arrays over the candidates, built once per load (peer-index.rules.ts). */
  index: PeerIndex;
}

/** Today in the organization's zone: the reference week for availability and ages. */
const dayFormats = new Map<string, { format: Intl.DateTimeFormat; minute: number; day: string }>();
export const todayIn = (timeZone: string) => {
  // One formatter per zone: creating one costs more than ranking a request's peers. Formatting
  // costs tens of microseconds too, and zones move by whole minutes, so a local date cannot
  // change within one UTC minute: the day is formatted again only when the minute changes.
  const minute = Math.floor(Date.now() / 60_000);
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: Number.NaN, day: '' };
    dayFormats.set(timeZone, f);
  }
  if (f.minute !== minute) {
    f.day = f.format.format(new Date(minute * 60_000));
    f.minute = minute;
  }
  return f.day;
};

export const toCandidate = (p: repo.PeerRow, load: number): PeerCandidate => ({
  id: p.id,
  displayName: p.displayName,
  languages: p.languages,
  livedExperience: p.livedExperience,
  specialties: p.specialties,
  genderIdentity: p.genderIdentity,
  raceEthnicity: p.raceEthnicity,
  birthYear: p.birthYear,
  location: p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon, ...(p.postalCode ? { postalCode: p.postalCode } : {}) } : null,
  serviceRadiusKm: p.serviceRadiusKm,
  modalities: p.modalities,
  availability: p.availability,
  timeZone: p.timeZone,
  maxCaseload: p.maxCaseload,
  activeCaseload: load,
  acceptingNew: p.acceptingNew,
  endedWithParticipant: false,
});

export type StoredPreferences = {
  livedExperience?: ParticipantForMatching['preferences']['livedExperience'];
  language?: { importance: 'required' | 'preferred' } | null;
  peerGender?: { value: string; importance: 'required' | 'preferred' } | null;
  sameRaceEthnicity?: 'preferred' | null;
  youthPeer?: 'required' | 'preferred' | null;
  modalities?: string[];
  availability?: Array<{ day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'; start: string; end: string }>;
  timeZone?: string;
};

export const toParticipantForMatching = (p: repo.MatchParticipantRow, orgTimeZone: string): ParticipantForMatching => {
  const prefs = p.preferences as StoredPreferences;
  return {
    id: p.id,
    birthDate: p.birthDate,
    languages: p.languages,
    location: p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon } : null,
    raceEthnicity: p.raceEthnicity,
    preferences: {
      livedExperience: prefs.livedExperience ?? [],
      language: prefs.language ?? null,
      peerGender: prefs.peerGender ?? null,
      sameRaceEthnicity: prefs.sameRaceEthnicity ?? null,
      ageGroup: prefs.youthPeer ? 'youth' : null,
      modalities: prefs.modalities ?? [],
      availability: prefs.availability?.length ? { timeZone: prefs.timeZone ?? orgTimeZone, windows: prefs.availability } : null,
    },
  };
};

export type MatchingCommon = ReturnType<typeof createMatchingCommon>;

export const createMatchingCommon = () => {
  // Peers are read far more often than they change: each server keeps its organizations' peers in
  // memory and reloads them when the database's matching version (bumped by triggers on peers and
  // assignments) moves, so no server ever ranks stale capacity.
  const caches = new Map<string, CandidateCache>();

  const poolAt = async (tx: Tx, orgId: string, version: number): Promise<CandidateCache> => {
    const cached = caches.get(orgId);
    if (cached && cached.version === version) return cached;
    const rows = await repo.activePeersWithCaseload(tx);
    const candidates = rows.map((r) => toCandidate(r.peer, r.load));
    const pool = { version, candidates, index: buildPeerIndex(candidates) };
    caches.set(orgId, pool);
    return pool;
  };

  const toOrgMatching = (org: { settings: Record<string, unknown> | null; timeZone: string } | undefined): OrgMatching => {
    const settings = org?.settings ?? {};
    return {
      weights: resolveWeights((settings.matchWeights as Partial<MatchWeights>) ?? {}),
      extensions: Array.isArray(settings.livedExperienceExtensions) ? (settings.livedExperienceExtensions as TaxonomyExtension[]) : [],
      timeZone: org?.timeZone ?? 'America/New_York',
    };
  };

  const orgMatching = async (tx: Tx, orgId: string): Promise<OrgMatching> => toOrgMatching(await repo.orgSettings(tx, orgId));

  /** The organization's settings and its peers, with one query when the cached peers are current. */
  const matchingState = async (tx: Tx, orgId: string): Promise<{ org: OrgMatching; pool: CandidateCache }> => {
    const row = await repo.orgSettingsWithVersion(tx, orgId);
    return { org: toOrgMatching(row), pool: await poolAt(tx, orgId, row?.version ?? 0) };
  };

  return { poolAt, toOrgMatching, orgMatching, matchingState };
};
