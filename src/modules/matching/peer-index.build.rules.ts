// The peer index built (peer-index.rules.ts says why and how): each open peer a row of typed
// arrays, its values as small integer ids, its lists flattened.
import { DEG, modalityMaskOf, type PeerCandidate } from './matching.rules.ts';

/** Distinct strings to small integer ids, in order of first appearance. */
class Dictionary {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

/** A list per peer, flattened: peer i owns `ids[start[i] .. start[i + 1])`. */
interface Lists {
  readonly start: Int32Array;
  readonly ids: Int32Array;
}

function listsOf(peers: readonly PeerCandidate[], dict: Dictionary, valuesOf: (p: PeerCandidate) => readonly string[] | null | undefined, distinct: boolean): Lists {
  const start = new Int32Array(peers.length + 1);
  const ids: number[] = [];
  for (let i = 0; i < peers.length; i++) {
    const values = valuesOf(peers[i]!) ?? [];
    const first = ids.length;
    for (const v of values) {
      const id = dict.id(v);
      if (distinct && ids.lastIndexOf(id) >= first) continue;
      ids.push(id);
    }
    start[i + 1] = ids.length;
  }
  return { start, ids: Int32Array.from(ids) };
}

/** Per UTC hour h of a reference week, the open peers with a free span touching it: `peers[start[h] .. start[h + 1])`, ascending. */
export interface HourPostings {
  readonly start: Int32Array;
  readonly peers: Int32Array;
}

/** Each peer's free spans of one reference week (UTC minute modulo the week, length), flattened like `Lists`. */
export interface WeekSpans {
  readonly start: Int32Array;
  readonly spans: Int32Array;
}

export interface PeerIndex {
  readonly peers: readonly PeerCandidate[];
  /** Positions of the peers who can take someone new (accepting, capacity left, not ended), in pool order. */
  readonly open: Int32Array;
  /** `open` split by modality mask (1..15): only buckets sharing a modality with the participant are read. */
  readonly openByMask: readonly Int32Array[];
  readonly position: ReadonlyMap<string, number>;
  /** 1 when the peer takes no one new: not accepting, at their maximum, or ended. */
  readonly closed: Uint8Array;
  readonly modality: Uint8Array;
  readonly hasLocation: Uint8Array;
  readonly latRad: Float64Array;
  readonly lonRad: Float64Array;
  readonly cosLat: Float64Array;
  /** NaN when the peer sets no radius (a comparison with NaN is false: no limit). */
  readonly radiusKm: Float64Array;
  readonly maxCaseload: Float64Array;
  readonly activeCaseload: Float64Array;
  /** (max − active) / max, as evaluate() computes it. */
  readonly capacityValue: Float64Array;
  readonly youthPeer: Uint8Array;
  /** NaN when unknown. */
  readonly birthYear: Float64Array;
  readonly languages: Lists;
  readonly languageTags: readonly string[];
  /** Only disclosures the peer allowed for matching. */
  readonly experience: Lists;
  readonly experienceCodes: readonly string[];
  /** -1 when none given. */
  readonly genderId: Int32Array;
  readonly genders: readonly string[];
  readonly races: Lists;
  readonly raceValues: readonly string[];
  readonly specialties: Lists;
  readonly specialtyValues: readonly string[];
  readonly weeks: Map<number, WeekSpans>;
  /** Per reference week, the open peers free at each UTC hour (built on a ranking's first use). */
  readonly hourWeeks: Map<number, HourPostings>;
  /** Open peers' positions (ascending) per language tag, usable experience code and gender id. */
  readonly languagePostings: readonly Int32Array[];
  readonly experiencePostings: readonly Int32Array[];
  readonly genderPostings: readonly Int32Array[];
  /** Position of each open peer in `open`, or −1. */
  readonly openRank: Int32Array;
  /** Scratch counters over positions for `requiredCandidates`. */
  readonly scratch: Uint8Array;
}

function postingsOf(lists: Lists, size: number, open: Int32Array): Int32Array[] {
  const out: number[][] = Array.from({ length: size }, () => []);
  for (let o = 0; o < open.length; o++) {
    const i = open[o]!;
    for (let k = lists.start[i]!; k < lists.start[i + 1]!; k++) out[lists.ids[k]!]!.push(i);
  }
  return out.map((l) => Int32Array.from(l));
}

const isOpen = (p: PeerCandidate) => p.acceptingNew && p.activeCaseload < p.maxCaseload && !p.endedWithParticipant;

/** Builds the index of a peer pool; the pool must not change while the index is in use. */
export function buildPeerIndex(peers: readonly PeerCandidate[]): PeerIndex {
  const n = peers.length;
  const modality = new Uint8Array(n);
  const closed = new Uint8Array(n);
  const hasLocation = new Uint8Array(n);
  const latRad = new Float64Array(n);
  const lonRad = new Float64Array(n);
  const cosLat = new Float64Array(n);
  const radiusKm = new Float64Array(n);
  const maxCaseload = new Float64Array(n);
  const activeCaseload = new Float64Array(n);
  const capacityValue = new Float64Array(n);
  const youthPeer = new Uint8Array(n);
  const birthYear = new Float64Array(n);
  const genderId = new Int32Array(n);
  const genders = new Dictionary();
  const position = new Map<string, number>();
  const buckets: number[][] = Array.from({ length: 16 }, () => []);
  const open: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = peers[i]!;
    position.set(p.id, i);
    modality[i] = modalityMaskOf(p.modalities);
    const loc = p.location;
    if (loc) {
      hasLocation[i] = 1;
      latRad[i] = loc.lat * DEG;
      lonRad[i] = loc.lon * DEG;
      cosLat[i] = Math.cos(loc.lat * DEG);
    }
    radiusKm[i] = p.serviceRadiusKm ?? Number.NaN;
    maxCaseload[i] = p.maxCaseload;
    activeCaseload[i] = p.activeCaseload;
    capacityValue[i] = (p.maxCaseload - p.activeCaseload) / p.maxCaseload;
    youthPeer[i] = p.specialties.includes('youth-peer') ? 1 : 0;
    birthYear[i] = p.birthYear ?? Number.NaN;
    genderId[i] = p.genderIdentity ? genders.id(p.genderIdentity) : -1;
    if (!isOpen(p)) closed[i] = 1;
    else {
      open.push(i);
      buckets[modality[i]!]!.push(i);
    }
  }
  const languageTags = new Dictionary();
  const codes = new Dictionary();
  const races = new Dictionary();
  const specialties = new Dictionary();
  const openList = Int32Array.from(open);
  const openRank = new Int32Array(n).fill(-1);
  openList.forEach((i, o) => (openRank[i] = o));
  const languages = listsOf(peers, languageTags, (p) => p.languages, true);
  const experience = listsOf(peers, codes, (p) => p.livedExperience.filter((d) => d.useForMatching).map((d) => d.code), true);
  const genderStart = new Int32Array(n + 1);
  const genderIds: number[] = [];
  for (let i = 0; i < n; i++) {
    if (genderId[i]! >= 0) genderIds.push(genderId[i]!);
    genderStart[i + 1] = genderIds.length;
  }
  const genderLists: Lists = { start: genderStart, ids: Int32Array.from(genderIds) };
  return {
    peers,
    open: openList,
    openRank,
    scratch: new Uint8Array(n),
    languagePostings: postingsOf(languages, languageTags.values.length, openList),
    experiencePostings: postingsOf(experience, codes.values.length, openList),
    genderPostings: postingsOf(genderLists, genders.values.length, openList),
    openByMask: buckets.map((b) => Int32Array.from(b)),
    position,
    closed,
    modality,
    hasLocation,
    latRad,
    lonRad,
    cosLat,
    radiusKm,
    maxCaseload,
    activeCaseload,
    capacityValue,
    youthPeer,
    birthYear,
    languages,
    languageTags: languageTags.values,
    experience,
    experienceCodes: codes.values,
    genderId,
    genders: genders.values,
    races: listsOf(peers, races, (p) => p.raceEthnicity, true),
    raceValues: races.values,
    specialties: listsOf(peers, specialties, (p) => p.specialties, true),
    specialtyValues: specialties.values,
    weeks: new Map(),
    hourWeeks: new Map(),
  };
}
