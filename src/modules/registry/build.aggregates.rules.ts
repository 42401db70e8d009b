import { speaks } from '../matching/matching.rules.ts';
import { isKnownCode, isSameOrAncestor, labelOf } from '../matching/taxonomy.ts';
import { languageGroupOf, raceGroupOf } from './demographics.rules.ts';
import type { Aggregate } from './registry.submit.ts';

/**
 * A member's aggregates from the data it keeps (issue 22), counts only, in the shape a pushed
 * snapshot sends them (`served-race`, `served-language`, `unmet-wish` per county):
 *
 * - People served in the month: participants with a peer assignment in force at some time in the
 *   month, by county (from the location the organization keeps: coordinates or ZIP code), by race
 *   and ethnicity (the Census groups of demographics.rules.ts) and by the language they prefer
 *   first (the ACS language lines). Someone whose county, race/ethnicity or language can't be
 *   derived is left out of that count, and the report says how many.
 * - Unmet wishes: participants of the month (enrolled by its end and not closed before it) whose
 *   language, lived-experience or peer-gender wish no peer assigned to them in the month met,
 *   by county, with the number of the organization's active peers in that county who could meet
 *   it. Lived experience goes by the standard taxonomy code's English label (an organization's own
 *   codes are its own words and stay home); a gender wish only in the common categories below.
 *
 * Nothing else is read: no name, contact, birth date, street address or note; the registry stores
 * the counts and suppresses them on every output.
 */
export interface ParticipantForAggregates {
  id: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  languages: string[];
  raceEthnicity: string[];
  county: string | null;
  preferences: {
    livedExperience?: { code: string }[] | undefined;
    language?: { importance: string } | null | undefined;
    peerGender?: { value: string } | null | undefined;
  };
}

export interface AssignmentForAggregates {
  participantId: string;
  peerId: string;
  assignedAt: string;
  endedAt: string | null;
}

export interface PeerForAggregates {
  id: string;
  active: boolean;
  languages: string[];
  livedExperience: { code: string; useForMatching?: boolean | undefined }[];
  genderIdentity: string | null;
  county: string | null;
}

export interface AggregatesReport {
  servedParticipants: number;
  unmetWishes: number;
  rows: number;
  /** How many people (or wishes) could not be put in a count, by reason. */
  leftOut: Record<string, number>;
  /** What the organization's data cannot give at all. */
  notDerived: string[];
}

/** Common peer-gender categories a wish may name (English and Spanish words); other words stay home. */
const GENDERS: Record<string, string> = {
  woman: 'woman',
  female: 'woman',
  mujer: 'woman',
  man: 'man',
  male: 'man',
  hombre: 'man',
  'non-binary': 'non-binary',
  nonbinary: 'non-binary',
  'no binario': 'non-binary',
  'no binaria': 'non-binary',
  'transgender woman': 'transgender woman',
  'trans woman': 'transgender woman',
  'mujer trans': 'transgender woman',
  'transgender man': 'transgender man',
  'trans man': 'transgender man',
  'hombre trans': 'transgender man',
  'two-spirit': 'two-spirit',
};
export const genderCategory = (v: string | null | undefined): string | null => (v ? (GENDERS[v.trim().toLowerCase().replace(/\s+/g, ' ')] ?? null) : null);

const languageName = new Intl.DisplayNames(['en'], { type: 'language' });
const primaryOf = (tag: string) => tag.trim().toLowerCase().split('-')[0]!;

interface Wish {
  category: string;
  met: (peer: PeerForAggregates) => boolean;
}

/** A participant's wishes as registry categories; those that can't leave are counted in `leftOut`. */
const wishesOf = (p: ParticipantForAggregates, leftOut: (reason: string) => void): Wish[] => {
  const out: Wish[] = [];
  const primary = p.languages[0] ? primaryOf(p.languages[0]) : null;
  // As matching reads it: a wish when stated, or by default when the first language is not English.
  const language = p.preferences.language;
  if (primary && language !== null && (language?.importance !== undefined || primary !== 'en')) {
    const name = /^[a-z]{2,3}$/.test(primary) ? languageName.of(primary) : undefined;
    if (name && name !== primary) out.push({ category: `language:${name}`, met: (peer) => peer.languages.some((t) => speaks(t, primary)) });
    else leftOut('language-wish-unknown-language');
  }
  for (const w of p.preferences.livedExperience ?? []) {
    if (!isKnownCode(w.code)) {
      leftOut('lived-experience-wish-own-code');
      continue;
    }
    const label = labelOf(w.code, 'en').toLowerCase();
    out.push({ category: `lived:${label}`, met: (peer) => peer.livedExperience.some((d) => d.useForMatching !== false && isSameOrAncestor(w.code, d.code)) });
  }
  if (p.preferences.peerGender) {
    const g = genderCategory(p.preferences.peerGender.value);
    if (g) out.push({ category: `gender:${g}`, met: (peer) => genderCategory(peer.genderIdentity) === g });
    else leftOut('gender-wish-not-a-shared-category');
  }
  return out;
};

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The month's aggregates (`month` as YYYY-MM) and what went into them. */
export const aggregatesOf = (
  month: string,
  participants: readonly ParticipantForAggregates[],
  assignments: readonly AssignmentForAggregates[],
  peers: readonly PeerForAggregates[],
): { aggregates: Aggregate[]; report: AggregatesReport } => {
  const first = `${month}-01`;
  const last = lastDayOf(month);
  const leftOut: Record<string, number> = {};
  const skip = (reason: string) => {
    leftOut[reason] = (leftOut[reason] ?? 0) + 1;
  };
  const peerById = new Map(peers.map((p) => [p.id, p]));
  // Assignments in force at some time in the month, by participant.
  const inMonth = new Map<string, PeerForAggregates[]>();
  for (const a of assignments) {
    if (a.assignedAt.slice(0, 10) > last || (a.endedAt !== null && a.endedAt.slice(0, 10) < first)) continue;
    const list = inMonth.get(a.participantId) ?? [];
    const peer = peerById.get(a.peerId);
    if (peer) list.push(peer);
    inMonth.set(a.participantId, list);
  }
  const counts = new Map<string, Aggregate>();
  const add = (kind: Aggregate['kind'], county: string, category: string, peersAvailable?: number) => {
    const key = `${kind}|${county}|${category}`;
    const a = counts.get(key) ?? { kind, countyFips: county, category, people: 0, ...(peersAvailable !== undefined ? { peersAvailable } : {}) };
    a.people++;
    counts.set(key, a);
  };
  let served = 0;
  let unmet = 0;
  for (const p of participants) {
    const assigned = inMonth.get(p.id);
    if (assigned) {
      served++;
      if (!p.county) skip('served-without-county');
      else {
        const race = raceGroupOf(p.raceEthnicity);
        if (race) add('served-race', p.county, race);
        else skip('served-without-race-ethnicity');
        const language = p.languages[0] ? languageGroupOf(p.languages[0]) : null;
        if (language) add('served-language', p.county, language);
        else skip('served-without-a-compared-language');
      }
    }
    // Waiting in the month: enrolled by its end, not closed before it.
    const ofMonth = p.createdAt.slice(0, 10) <= last && !(p.status === 'inactive' && p.updatedAt.slice(0, 10) < first);
    if (!ofMonth) continue;
    for (const w of wishesOf(p, skip)) {
      if ((assigned ?? []).some(w.met)) continue;
      if (!p.county) {
        skip('unmet-wish-without-county');
        continue;
      }
      unmet++;
      const available = peers.filter((peer) => peer.active && peer.county === p.county && w.met(peer)).length;
      add('unmet-wish', p.county, w.category, available);
    }
  }
  const aggregates = [...counts.values()].sort((a, b) => `${a.kind}|${a.countyFips}|${a.category}`.localeCompare(`${b.kind}|${b.countyFips}|${b.category}`));
  return {
    aggregates,
    report: {
      servedParticipants: served,
      unmetWishes: unmet,
      rows: aggregates.length,
      leftOut,
      notDerived: ['culture wishes: Peerbridge keeps no culture preference for a participant, so none is sent'],
    },
  };
};
