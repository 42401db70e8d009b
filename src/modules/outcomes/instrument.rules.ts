/**
 * Outcome instruments as versioned data, and their scoring (issue 20). An instrument's items,
 * answer sets, scoring, bands and flags are data: the same engine scores BARC-10, PHQ-9, GAD-7,
 * ProQOL, the CBI and an organization's own scale. A published version never changes: a change
 * is a new version, and a stored response keeps the version it was answered on.
 *
 * Scoring follows each instrument's published rules (shared/DOMAIN.md, "Outcome instruments"):
 * a response missing a required item is incomplete and gets no total, unless the instrument's
 * own rules allow prorating (and then only up to the number of missing items they allow).
 * Flags that protect the person (PHQ-9 item 9) are raised from the answers given, complete or
 * not: a same-day safety follow-up must never wait for a complete form.
 */

export type Lang = 'en' | 'es';

/** Text in English, and in Spanish where a translation exists. */
export interface LocalizedText {
  en: string;
  es?: string;
}

export interface AnswerOption {
  value: number;
  label: LocalizedText;
}

export interface InstrumentItem {
  /** Stable within the instrument, e.g. `phq9.9`. */
  id: string;
  text: LocalizedText;
  answerSet: string;
  /** A reverse-scored item counts as (min + max − answer) of its answer set. */
  reverse?: boolean;
  /** Absent means required. */
  required?: boolean;
  loinc?: string;
}

/** How a set of items becomes one number. */
export interface ScaleRule {
  code: string;
  label: LocalizedText;
  items: string[];
  method: 'sum' | 'mean';
  /** Published rule: up to this many items may be missing and the score prorated (mean × count). */
  prorateMissingUpTo?: number;
  loinc?: string;
}

/** A band is a closed range of a scale's score, in order. */
export interface Band {
  code: string;
  label: LocalizedText;
  min: number;
  max: number;
}

/**
 * A flag raised by answers: an item at or over a value (PHQ-9 item 9 ≥ 1), or a scale's score at
 * or over a value (PHQ-2 ≥ 3). `safety` flags open a same-day safety follow-up.
 */
export interface FlagRule {
  code: string;
  label: LocalizedText;
  when: { item: string; atLeast: number } | { scale: string; atLeast: number };
  safety?: boolean;
}

export interface Translation {
  /** `validated`: an official or published validated translation; else shown as "translation, not validated". */
  status: 'validated' | 'not-validated';
  source: string;
}

export interface InstrumentDefinition {
  code: string;
  version: string;
  title: LocalizedText;
  /** The stem read before the items ("Over the last 2 weeks, …"). */
  instructions: LocalizedText;
  licence: string;
  citation: string;
  loinc?: { panel?: string; total?: string };
  translations: Partial<Record<Exclude<Lang, 'en'>, Translation>>;
  answerSets: Record<string, AnswerOption[]>;
  items: InstrumentItem[];
  /** The instrument's main score: `scales[0]` unless named. */
  total?: string;
  scales: ScaleRule[];
  /** Bands of the total (or of another scale, by code). */
  bands: Record<string, Band[]>;
  flags: FlagRule[];
  /** Whether a higher total means better (BARC-10) or worse (PHQ-9). */
  higherIsBetter: boolean;
  /** The change in the total that counts as reliable, with its source; absent: band movement only. */
  reliableChange?: { points: number; source: string };
  /** A cut-off whose crossing is reported (BARC-10's 47). */
  cutOff?: { value: number; label: LocalizedText; source: string };
}

export interface ScaleScore {
  code: string;
  score: number | null;
  band: string | null;
  prorated: boolean;
}

export interface ScoredResponse {
  instrument: string;
  version: string;
  complete: boolean;
  /** Items required but not answered. */
  missing: string[];
  total: number | null;
  band: string | null;
  subscales: ScaleScore[];
  flags: string[];
  /** Whether any raised flag needs a same-day safety follow-up. */
  safety: boolean;
}

export interface AnswerProblem {
  field: string;
  message: string;
}

const bounds = (set: AnswerOption[]) => {
  let min = Infinity;
  let max = -Infinity;
  for (const o of set) {
    if (o.value < min) min = o.value;
    if (o.value > max) max = o.value;
  }
  return { min, max };
};

/**
 * A definition that can be published: ids unique, every item's answer set present, scales name
 * existing items, bands of a scale ordered without gaps or overlap over integer scores, flags
 * name an item or a scale. An organization's own instrument goes through the same check.
 */
export const checkDefinition = (d: InstrumentDefinition): AnswerProblem[] => {
  const problems: AnswerProblem[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(d.code)) problems.push({ field: 'code', message: 'Use 2 to 40 lower-case letters, digits or hyphens' });
  if (!/^\d+(\.\d+){0,2}$/.test(d.version)) problems.push({ field: 'version', message: 'Use a version such as 1 or 1.2' });
  if (d.items.length === 0) problems.push({ field: 'items', message: 'An instrument has at least one item' });
  const itemIds = new Set<string>();
  d.items.forEach((item, i) => {
    if (itemIds.has(item.id)) problems.push({ field: `items.${i}.id`, message: `Item id "${item.id}" is used twice` });
    itemIds.add(item.id);
    const set = d.answerSets[item.answerSet];
    if (!set || set.length < 2) problems.push({ field: `items.${i}.answerSet`, message: `Answer set "${item.answerSet}" is not defined with two or more answers` });
    else if (new Set(set.map((o) => o.value)).size !== set.length) problems.push({ field: `answerSets.${item.answerSet}`, message: 'Answer values repeat' });
  });
  if (d.scales.length === 0) problems.push({ field: 'scales', message: 'An instrument has at least one scale (its total)' });
  const scaleCodes = new Set<string>();
  d.scales.forEach((s, i) => {
    if (scaleCodes.has(s.code)) problems.push({ field: `scales.${i}.code`, message: `Scale "${s.code}" is defined twice` });
    scaleCodes.add(s.code);
    if (s.items.length === 0) problems.push({ field: `scales.${i}.items`, message: 'A scale has at least one item' });
    s.items.forEach((id, j) => {
      if (!itemIds.has(id)) problems.push({ field: `scales.${i}.items.${j}`, message: `No item "${id}"` });
    });
    if (s.prorateMissingUpTo !== undefined && s.prorateMissingUpTo >= s.items.length) {
      problems.push({ field: `scales.${i}.prorateMissingUpTo`, message: 'Prorating needs at least one answered item' });
    }
  });
  if (d.total !== undefined && !scaleCodes.has(d.total)) problems.push({ field: 'total', message: `No scale "${d.total}"` });
  for (const [scale, bands] of Object.entries(d.bands)) {
    if (!scaleCodes.has(scale)) problems.push({ field: `bands.${scale}`, message: `No scale "${scale}"` });
    bands.forEach((b, i) => {
      if (b.min > b.max) problems.push({ field: `bands.${scale}.${i}`, message: 'A band starts at or below its end' });
      const prev = bands[i - 1];
      if (prev && b.min <= prev.max) problems.push({ field: `bands.${scale}.${i}.min`, message: 'Bands are in order without overlap' });
    });
  }
  d.flags.forEach((f, i) => {
    if ('item' in f.when && !itemIds.has(f.when.item)) problems.push({ field: `flags.${i}.when.item`, message: `No item "${f.when.item}"` });
    if ('scale' in f.when && !scaleCodes.has(f.when.scale)) problems.push({ field: `flags.${i}.when.scale`, message: `No scale "${f.when.scale}"` });
  });
  return problems;
};

/**
 * Answers out of range or for items the instrument does not have are refused (nothing stored);
 * an unanswered item is simply absent (or null).
 */
export const checkAnswers = (d: InstrumentDefinition, answers: Record<string, number | null | undefined>): AnswerProblem[] => {
  const problems: AnswerProblem[] = [];
  const items = new Map(d.items.map((i) => [i.id, i]));
  for (const [id, value] of Object.entries(answers)) {
    const item = items.get(id);
    if (!item) {
      problems.push({ field: `answers.${id}`, message: `${d.code} ${d.version} has no item "${id}"` });
      continue;
    }
    if (value === null || value === undefined) continue;
    const set = d.answerSets[item.answerSet] ?? [];
    if (!set.some((o) => o.value === value)) {
      problems.push({ field: `answers.${id}`, message: `Answer one of ${set.map((o) => o.value).join(', ')}` });
    }
  }
  return problems;
};

const bandOf = (bands: Band[] | undefined, score: number | null): string | null => {
  if (!bands || score === null) return null;
  // Bands are ordered; a prorated score between two integer bands (4.5) belongs to the lower one.
  let found: string | null = null;
  for (const b of bands) if (score >= b.min) found = b.code;
  return found;
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Scores one response by the instrument's published rules. `answers` must have passed `checkAnswers`. */
export const scoreResponse = (d: InstrumentDefinition, answers: Record<string, number | null | undefined>): ScoredResponse => {
  const items = new Map(d.items.map((i) => [i.id, i]));
  const scored = (id: string): number | null => {
    const v = answers[id];
    if (v === null || v === undefined) return null;
    const item = items.get(id)!;
    if (!item.reverse) return v;
    const { min, max } = bounds(d.answerSets[item.answerSet]!);
    return min + max - v;
  };
  const missing = d.items.filter((i) => i.required !== false && scored(i.id) === null).map((i) => i.id);

  const subscales: ScaleScore[] = d.scales.map((s) => {
    const values = s.items.map(scored);
    const given = values.filter((v): v is number => v !== null);
    const absent = values.length - given.length;
    const allowed = s.prorateMissingUpTo ?? 0;
    if (given.length === 0 || absent > allowed) return { code: s.code, score: null, band: null, prorated: false };
    const mean = given.reduce((a, b) => a + b, 0) / given.length;
    const score = s.method === 'mean' ? round2(mean) : absent === 0 ? given.reduce((a, b) => a + b, 0) : round2(mean * values.length);
    return { code: s.code, score, band: bandOf(d.bands[s.code], score), prorated: absent > 0 };
  });
  const totalCode = d.total ?? d.scales[0]!.code;
  const total = subscales.find((s) => s.code === totalCode)!;

  const flags: string[] = [];
  let safety = false;
  for (const f of d.flags) {
    const value = 'item' in f.when ? (answers[f.when.item] ?? null) : (subscales.find((s) => s.code === (f.when as { scale: string }).scale)?.score ?? null);
    if (value !== null && value >= f.when.atLeast) {
      flags.push(f.code);
      if (f.safety) safety = true;
    }
  }

  // Complete means every required item answered; a prorated total is still reported, marked so.
  const complete = missing.length === 0;
  return {
    instrument: d.code,
    version: d.version,
    complete,
    missing,
    total: total.score,
    band: total.band,
    subscales: subscales.filter((s) => s.code !== totalCode),
    flags,
    safety,
  };
};

/** The text of an item or option in a language, and whether it is a validated translation. */
export const textIn = (d: InstrumentDefinition, text: LocalizedText, lang: Lang): { text: string; validated: boolean } => {
  if (lang === 'es' && text.es !== undefined) return { text: text.es, validated: d.translations.es?.status === 'validated' };
  return { text: text.en, validated: true };
};

/**
 * Change between a first and a latest total, read by the instrument's rules: improved or worsened
 * by its reliable change when it has one, else by band movement; and whether the cut-off was crossed.
 */
export const changeOf = (
  d: InstrumentDefinition,
  first: number,
  latest: number,
): { delta: number; direction: 'improved' | 'worsened' | 'unchanged'; reliable: boolean; crossedCutOff: 'up' | 'down' | null } => {
  const delta = round2(latest - first);
  const better = d.higherIsBetter ? delta > 0 : delta < 0;
  const bands = d.bands[d.total ?? d.scales[0]!.code] ?? [];
  const bandIndex = (score: number) => bands.findIndex((b) => score >= b.min && score <= b.max);
  const moved = bandIndex(first) !== bandIndex(latest);
  const reliable = d.reliableChange ? Math.abs(delta) >= d.reliableChange.points : moved;
  const direction = delta === 0 || !reliable ? 'unchanged' : better ? 'improved' : 'worsened';
  let crossedCutOff: 'up' | 'down' | null = null;
  if (d.cutOff) {
    const before = first >= d.cutOff.value;
    const after = latest >= d.cutOff.value;
    if (!before && after) crossedCutOff = 'up';
    if (before && !after) crossedCutOff = 'down';
  }
  return { delta, direction, reliable, crossedCutOff };
};
