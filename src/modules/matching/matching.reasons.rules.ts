/**
 * The wording of a match (issue 3, issue 17): why a peer suits the person (`buildReasons`) and
 * what the peer does not meet of the person's wishes (`buildUnmet`), in English or Spanish, for
 * staff or for the participant. Pure: it reads only what `evaluate` (matching.evaluate.rules.ts)
 * recorded in its `Detail`, so a reason can never disagree with the score, and both the full scan
 * and the peer index (peer-index.rules.ts) word their results here.
 */
import { KM_PER_MILE } from './matching.evaluate.rules.ts';
import type { Criterion, Detail, MatchReason, PeerCandidate, PreparedParticipant } from './matching.rules.ts';
import type { Day, Lang } from './taxonomy.ts';
import { DAYS, DAY_LABELS, DAY_PLURAL_ES, SPECIALTY_LABELS, genericSharedExperience, labelOf, sharedPhraseOf } from './taxonomy.ts';
import { DAY_MINUTES, WEEK_MINUTES, offsetAt } from './timezone.ts';


const languageNames = new Map<Lang, Intl.DisplayNames>();
/** Names already looked up, per language: `DisplayNames.of` costs microseconds per call, and a ranking asks for the same few tags. */
const languageNameCache = new Map<Lang, Map<string, string>>();
const LANGUAGE_NAME_CACHE_MAX = 500;
function languageName(code: string, lang: Lang): string {
  let cache = languageNameCache.get(lang);
  if (!cache) {
    cache = new Map();
    languageNameCache.set(lang, cache);
  }
  const known = cache.get(code);
  if (known !== undefined) return known;
  let names = languageNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' });
    languageNames.set(lang, names);
  }
  let name: string;
  try {
    name = names.of(code) ?? code;
  } catch {
    name = code;
  }
  // Tags come from stored profiles, so the cache is bounded (a few dozen in practice).
  if (cache.size >= LANGUAGE_NAME_CACHE_MAX) cache.clear();
  cache.set(code, name);
  return name;
}

const disjunctions = new Map<Lang, Intl.ListFormat>();
/** "in person or by phone": one formatter per language (creating one costs more than the reasons). */
function disjunctionOf(lang: Lang): Intl.ListFormat {
  let f = disjunctions.get(lang);
  if (!f) {
    f = new Intl.ListFormat(lang, { type: 'disjunction' });
    disjunctions.set(lang, f);
  }
  return f;
}

const MODALITY_PHRASES: ReadonlyArray<{ bit: number; en: string; es: string }> = [
  { bit: 1, en: 'in person', es: 'en persona' },
  { bit: 2, en: 'by phone', es: 'por teléfono' },
  { bit: 4, en: 'by video', es: 'por video' },
  { bit: 8, en: 'by text message', es: 'por mensaje de texto' },
];

type DayPart = 'morning' | 'afternoon' | 'evening' | 'night';
const DAY_PARTS: readonly DayPart[] = ['night', 'morning', 'afternoon', 'evening'];
const DAY_PART_WORDS: Readonly<Record<DayPart, { en: string; es: string }>> = {
  morning: { en: 'mornings', es: 'por la mañana' },
  afternoon: { en: 'afternoons', es: 'por la tarde' },
  evening: { en: 'evenings', es: 'por la noche' },
  night: { en: 'nights', es: 'de madrugada' },
};

/** Night 22:00-05:00, morning 05:00-12:00, afternoon 12:00-17:00, evening 17:00-22:00. */
function dayPartIndex(minuteOfDay: number): number {
  if (minuteOfDay < 300) return 0;
  if (minuteOfDay < 720) return 1;
  if (minuteOfDay < 1020) return 2;
  if (minuteOfDay < 1320) return 3;
  return 0;
}

/** The local minute of the day where the part of day after `minuteOfDay` begins (dayPartIndex's bounds). */
function nextDayPartBound(minuteOfDay: number): number {
  if (minuteOfDay < 300) return 300;
  if (minuteOfDay < 720) return 720;
  if (minuteOfDay < 1020) return 1020;
  if (minuteOfDay < 1320) return 1320;
  return DAY_MINUTES;
}

/**
 * The participant-local day and part of day with the most shared free time. Night after
 * 22:00 belongs to the day it starts on.
 *
 * Each peer interval is walked in runs that keep one zone offset and one local part of day, so
 * the run's shared minutes are one difference of the participant's prefix sums (the same counts
 * as going minute by minute, for a fraction of the work).
 */
export function bestSharedSlot(pp: PreparedParticipant, peerIntervalList: Int32Array): { day: Day; part: DayPart; minutes: number } | null {
  const prefix = pp.freePrefix;
  const zone = pp.zone;
  if (!prefix || !zone) return null;
  const transitions = zone.transitionAt;
  const buckets = new Int32Array(7 * 4);
  for (let i = 0; i < peerIntervalList.length; i += 2) {
    const end = peerIntervalList[i + 1]!;
    let m = peerIntervalList[i]!;
    while (m < end) {
      // offsetAt() holds until the first transition after m.
      let runEnd = end;
      for (let t = 0; t < transitions.length; t++) {
        if (transitions[t]! > m) {
          if (transitions[t]! < runEnd) runEnd = transitions[t]!;
          break;
        }
      }
      let local = (m + offsetAt(zone, m)) % WEEK_MINUTES;
      if (local < 0) local += WEEK_MINUTES;
      let day = Math.floor(local / DAY_MINUTES);
      const minuteOfDay = local - day * DAY_MINUTES;
      const partEnd = m + (nextDayPartBound(minuteOfDay) - minuteOfDay);
      if (partEnd < runEnd) runEnd = partEnd;
      const shared = prefix[runEnd]! - prefix[m]!;
      if (shared > 0) {
        if (minuteOfDay < 300) day = (day + 6) % 7; // 00:00-05:00 is the night of the day before
        buckets[day * 4 + dayPartIndex(minuteOfDay)]! += shared;
      }
      m = runEnd;
    }
  }
  let best = -1;
  let bestMinutes = 0;
  for (let b = 0; b < buckets.length; b++) {
    if (buckets[b]! > bestMinutes) {
      best = b;
      bestMinutes = buckets[b]!;
    }
  }
  if (best < 0) return null;
  return { day: DAYS[Math.floor(best / 4)]!, part: DAY_PARTS[best % 4]!, minutes: bestMinutes };
}

function experienceReasons(pp: PreparedParticipant, peer: PeerCandidate, detail: Detail): MatchReason[] {
  const out: MatchReason[] = [];
  const seen = new Set<number>();
  let generic = false;
  // Strongest match first: full matches, then related ones.
  const order = pp.wishes.map((_, k) => k).sort((a, b) => detail.wishCredit[b]! - detail.wishCredit[a]!);
  for (const k of order) {
    const j = detail.wishEntry[k]!;
    if (j < 0 || seen.has(j)) continue;
    seen.add(j);
    const d = peer.livedExperience[j]!;
    if (pp.audience === 'participant' && !d.showToParticipants) {
      generic = true;
      continue;
    }
    out.push({ code: `experience:${d.code}`, label: sharedPhraseOf(d.code, pp.lang, pp.extraCodes) });
  }
  if (generic) out.push({ code: 'experience:shared', label: genericSharedExperience(pp.lang) });
  return out;
}

/** The reasons a peer suits the person, weightiest criterion first (what the match cards say). */
export function buildReasons(pp: PreparedParticipant, peer: PeerCandidate, detail: Detail): MatchReason[] {
  const { lang, weights: w } = pp;
  const es = lang === 'es';
  const groups: { weight: number; order: number; reasons: MatchReason[] }[] = [];
  const add = (criterion: Criterion, value: number, order: number, reasons: MatchReason[]) => {
    if (detail.applies.has(criterion) && value > 0 && reasons.length > 0) {
      groups.push({ weight: w[criterion] * value, order, reasons });
    }
  };

  add('livedExperience', detail.experienceValue, 0, experienceReasons(pp, peer, detail));
  if (detail.language) {
    const name = languageName(detail.language, lang);
    add('language', detail.languageValue, 1, [{ code: `language:${detail.language}`, label: es ? `Habla ${name}` : `Speaks ${name}` }]);
  }
  if (detail.gender && pp.participant.preferences.peerGender) {
    const value = pp.participant.preferences.peerGender.value.trim();
    add('gender', 1, 2, [{ code: 'gender', label: es ? `Se identifica como ${value}` : `Identifies as ${value}` }]);
  }
  if (detail.race) {
    const you = pp.audience === 'participant';
    const label = es
      ? you ? 'Comparte su origen racial o étnico' : 'Comparte el origen racial o étnico de la persona'
      : you ? 'Shares your racial or ethnic background' : "Shares the participant's racial or ethnic background";
    add('raceEthnicity', 1, 3, [{ code: 'race-ethnicity', label }]);
  }
  if (detail.youthValue > 0) {
    const reason = detail.youthValue >= 1
      ? { code: 'age-group:youth-peer', label: SPECIALTY_LABELS['youth-peer'][lang] }
      : { code: 'age-group:close-in-age', label: es ? 'De edad cercana' : 'Close in age' };
    add('ageGroup', detail.youthValue, 4, [reason]);
  }
  add('specialty', detail.specialtyValue, 5, detail.specialties.map((s) => ({ code: `specialty:${s}`, label: SPECIALTY_LABELS[s][lang] })));
  if (detail.distanceKm >= 0) {
    // Said in miles, as US participants and staff measure a trip (the score itself uses km).
    const miles = Math.round(detail.distanceKm / KM_PER_MILE);
    const label =
      miles < 1
        ? es ? 'A menos de una milla' : 'Less than a mile away'
        : es ? `A ${miles} ${miles === 1 ? 'milla' : 'millas'}` : `${miles} ${miles === 1 ? 'mile' : 'miles'} away`;
    add('distance', detail.distanceValue, 6, [{ code: 'distance', label }]);
  }
  if (detail.overlap && detail.availabilityValue > 0) {
    const slot = bestSharedSlot(pp, detail.overlap);
    if (slot) {
      const words = DAY_PART_WORDS[slot.part];
      const label = es
        ? `Disponible los ${DAY_PLURAL_ES[slot.day]} ${words.es}`
        : `Free ${DAY_LABELS[slot.day].en} ${words.en}`;
      add('availability', detail.availabilityValue, 7, [{ code: `availability:${slot.day}-${slot.part}`, label }]);
    }
  }
  // Workload figures are for staff planning, not for the person being matched.
  if (pp.audience === 'staff') {
    const label = es
      ? `Carga de casos: ${peer.activeCaseload} de ${peer.maxCaseload}`
      : `Caseload ${peer.activeCaseload} of ${peer.maxCaseload}`;
    add('capacity', detail.capacityValue, 8, [{ code: 'capacity', label }]);
  }
  const phrases = MODALITY_PHRASES.filter((m) => (detail.commonModalities & m.bit) !== 0).map((m) => m[lang]);
  if (phrases.length > 0) {
    const list = disjunctionOf(lang).format(phrases);
    add('modality', detail.modalityValue, 9, [{ code: 'modality', label: es ? `Se reúne ${list}` : `Meets ${list}` }]);
  }

  // Most weighty criterion first; a fixed order breaks ties so the output is stable.
  groups.sort((a, b) => b.weight - a.weight || a.order - b.order);
  return groups.flatMap((g) => g.reasons);
}

/**
 * What the peer does not meet of the person's stated wishes (issue 17: a supervisor weighs a
 * match by what it lacks too). Only wishes the person expressed are listed, and only the ones the
 * peer is still acceptable without (a required wish unmet excludes the peer; see the hard
 * constraints): a preferred gender, a shared background, a youth peer asked for, the first
 * language, a lived experience asked for, free time in common. The same weights order them as
 * the reasons. Nothing here reads a disclosure the peer did not allow for matching.
 */
export function buildUnmet(pp: PreparedParticipant, detail: Detail): MatchReason[] {
  const { lang, weights: w } = pp;
  const es = lang === 'es';
  const you = pp.audience === 'participant';
  const asked = es ? (you ? 'que usted pidió' : 'que esta persona pidió') : you ? 'which you asked for' : 'which this person asked for';
  const groups: { weight: number; order: number; reason: MatchReason }[] = [];
  const add = (criterion: Criterion, order: number, reason: MatchReason) => {
    if (detail.applies.has(criterion)) groups.push({ weight: w[criterion], order, reason });
  };
  const prefs = pp.participant.preferences;

  // Lived experience asked for, not shared at all (related experience counts as a reason).
  pp.wishes.forEach((wish, k) => {
    if ((detail.wishCredit[k] ?? 0) > 0) return;
    const label = labelOf(wish.code, lang, pp.extraCodes);
    add('livedExperience', 0, {
      code: `unmet:experience:${wish.code}`,
      // Worded as what the match lacks, not as a fact about the peer: a disclosure kept from
      // matching is never read, so this line is the same for a peer who has none (issue 3 privacy).
      label: es ? `Sin coincidencia en la experiencia vivida «${label}», ${asked}` : `No match on the lived experience "${label}", ${asked}`,
    });
  });
  // The first language: spoken only a later one (or none, when the language is not required).
  const first = pp.languages[0];
  if (first && detail.languageValue < 1) {
    const name = languageName(first, lang);
    add('language', 1, {
      code: `unmet:language:${first}`,
      label: es
        ? you ? `No habla ${name}, su primer idioma` : `No habla ${name}, el primer idioma de esta persona`
        : you ? `Does not speak ${name}, your first language` : `Does not speak ${name}, this person's first language`,
    });
  }
  if (pp.genderValue !== null && !detail.gender && prefs.peerGender) {
    const value = prefs.peerGender.value.trim();
    // "Not a woman", "Not a trans man", but "Not non-binary".
    const article = /(^|\s)(wo)?man$/i.test(value) ? 'a ' : '';
    add('gender', 2, { code: 'unmet:gender', label: es ? `No se identifica como ${value}, ${asked}` : `Not ${article}${value}, ${asked}` });
  }
  if (pp.race !== null && !detail.race) {
    add('raceEthnicity', 3, {
      code: 'unmet:race-ethnicity',
      label: es
        ? you ? `No comparte su origen racial o étnico, ${asked}` : `No comparte el origen racial o étnico de la persona, ${asked}`
        : you ? `Does not share your racial or ethnic background, ${asked}` : `Does not share the person's racial or ethnic background, ${asked}`,
    });
  }
  // Only a youth peer the person asked for: the default for 18 to 27 is not their wish.
  if (pp.youth && prefs.ageGroup === 'youth' && detail.youthValue === 0) {
    add('ageGroup', 4, { code: 'unmet:age-group', label: es ? `No es un compañero joven ni de edad cercana, ${asked}` : `Not a youth peer or close in age, ${asked}` });
  }
  if (pp.freePrefix !== null && pp.freeMinutes > 0 && detail.availabilityValue === 0) {
    add('availability', 7, {
      code: 'unmet:availability',
      label: es ? (you ? 'No tiene horas libres en común con usted' : 'No tiene horas libres en común con esta persona') : you ? 'No free time in common with you' : 'No free time in common with this person',
    });
  }
  groups.sort((a, b) => b.weight - a.weight || a.order - b.order);
  return groups.map((g) => g.reason);
}
