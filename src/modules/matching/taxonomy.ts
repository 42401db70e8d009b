/**
 * The lived-experience taxonomy (issue 3), the peer specialties, the meeting modalities and the
 * days of the week, as data with English and Spanish labels.
 *
 * Codes are hierarchical and dotted: `substance-use` is the parent of `substance-use.opioids`.
 * The parent of a code is the code up to its last dot, so an organization's extension codes
 * (`substance-use.kratom`, or a new top level `culture` with `culture.tribal-community`) slot
 * into the same rules without a change here. Extensions are passed in as data; nothing in this
 * module is mutable.
 *
 * `shared` is the phrase a match reason uses when a peer shares that experience ("Also in recovery
 * from opioid use"); it is shown only when the peer allowed it (see matching.rules.ts).
 */

export type Lang = 'en' | 'es';
export const LANGS: readonly Lang[] = ['en', 'es'];

export interface Labels {
  en: string;
  es: string;
}

export interface TaxonomyEntry {
  code: string;
  /** `null` for a top-level category. */
  parent: string | null;
  labels: Labels;
  /** Reason phrase when a peer shares this experience. */
  shared: Labels;
}

/** An organization's own code; `shared` defaults to "Also has lived experience: <label>". */
export interface TaxonomyExtension {
  code: string;
  labels: Labels;
  shared?: Labels;
}

type Row = readonly [code: string, en: string, es: string, sharedEn: string, sharedEs: string];

// Order is the display order of GET /api/v1/taxonomies/lived-experience: each parent, then its
// children.
const ROWS: readonly Row[] = [
  ['substance-use', 'Substance use', 'Consumo de sustancias',
    'Also in recovery from substance use', 'También en recuperación del consumo de sustancias'],
  ['substance-use.opioids', 'Opioids', 'Opioides',
    'Also in recovery from opioid use', 'También en recuperación del consumo de opioides'],
  ['substance-use.alcohol', 'Alcohol', 'Alcohol',
    'Also in recovery from alcohol use', 'También en recuperación del consumo de alcohol'],
  ['substance-use.stimulants', 'Stimulants', 'Estimulantes',
    'Also in recovery from stimulant use', 'También en recuperación del consumo de estimulantes'],
  ['substance-use.cannabis', 'Cannabis', 'Cannabis',
    'Also in recovery from cannabis use', 'También en recuperación del consumo de cannabis'],

  ['recovery-pathway', 'Recovery pathway', 'Vía de recuperación',
    'Also knows a recovery pathway firsthand', 'También conoce de primera mano una vía de recuperación'],
  ['recovery-pathway.mutual-help', 'Mutual help (12-step and others)', 'Ayuda mutua (12 pasos y otras)',
    'Also in recovery through mutual-help groups', 'También en recuperación con grupos de ayuda mutua'],
  ['recovery-pathway.medication', 'Medication (MOUD/MAT)', 'Medicamentos (MOUD/MAT)',
    'Also in recovery with medication (MOUD/MAT)', 'También en recuperación con medicamentos (MOUD/MAT)'],
  ['recovery-pathway.harm-reduction', 'Harm reduction', 'Reducción de daños',
    'Also knows harm reduction firsthand', 'También conoce de primera mano la reducción de daños'],
  ['recovery-pathway.faith-based', 'Faith-based', 'Basada en la fe',
    'Also in faith-based recovery', 'También en recuperación basada en la fe'],

  ['mental-health', 'Mental health', 'Salud mental',
    'Also has lived experience with mental health', 'También tiene experiencia vivida con la salud mental'],
  ['mental-health.depression', 'Depression', 'Depresión',
    'Also has lived experience of depression', 'También tiene experiencia vivida con la depresión'],
  ['mental-health.bipolar', 'Bipolar disorder', 'Trastorno bipolar',
    'Also has lived experience of bipolar disorder', 'También tiene experiencia vivida con el trastorno bipolar'],
  ['mental-health.psychosis', 'Psychosis', 'Psicosis',
    'Also has lived experience of psychosis', 'También tiene experiencia vivida con la psicosis'],
  ['mental-health.ptsd', 'PTSD', 'TEPT (trastorno de estrés postraumático)',
    'Also has lived experience of PTSD', 'También tiene experiencia vivida con el TEPT'],
  ['mental-health.anxiety', 'Anxiety', 'Ansiedad',
    'Also has lived experience of anxiety', 'También tiene experiencia vivida con la ansiedad'],
  ['mental-health.eating-disorder', 'Eating disorder', 'Trastorno alimentario',
    'Also has lived experience of an eating disorder', 'También tiene experiencia vivida con un trastorno alimentario'],
  ['mental-health.suicide-attempt-survivor', 'Suicide attempt survivor', 'Sobreviviente de un intento de suicidio',
    'Also a suicide attempt survivor', 'También sobrevivió a un intento de suicidio'],

  ['life', 'Life experience', 'Experiencia de vida',
    'Also shares life experience like yours', 'También comparte experiencias de vida como las suyas'],
  ['life.homelessness', 'Homelessness', 'Falta de vivienda',
    'Also experienced homelessness', 'También vivió sin hogar'],
  ['life.incarceration', 'Incarceration', 'Encarcelamiento',
    'Also experienced incarceration', 'También vivió el encarcelamiento'],
  ['life.foster-care', 'Foster care', 'Cuidado de crianza temporal',
    'Also grew up in foster care', 'También creció en cuidado de crianza temporal'],
  ['life.military-service', 'Military service', 'Servicio militar',
    'Also served in the military', 'También sirvió en las fuerzas armadas'],
  ['life.domestic-violence', 'Domestic violence', 'Violencia doméstica',
    'Also a survivor of domestic violence', 'También sobrevivió a la violencia doméstica'],
  ['life.loss-to-overdose', 'Loss of a loved one to overdose', 'Pérdida de un ser querido por sobredosis',
    'Also lost a loved one to overdose', 'También perdió a un ser querido por sobredosis'],
  ['life.loss-to-suicide', 'Loss of a loved one to suicide', 'Pérdida de un ser querido por suicidio',
    'Also lost a loved one to suicide', 'También perdió a un ser querido por suicidio'],
  ['life.immigration', 'Immigration', 'Inmigración',
    'Also knows immigration firsthand', 'También conoce de primera mano la inmigración'],
  ['life.chronic-illness', 'Chronic illness', 'Enfermedad crónica',
    'Also lives with a chronic illness', 'También vive con una enfermedad crónica'],
  ['life.disability', 'Disability', 'Discapacidad',
    'Also lives with a disability', 'También vive con una discapacidad'],

  ['identity', 'Identity', 'Identidad',
    'Also shares an identity like yours', 'También comparte una identidad como la suya'],
  ['identity.lgbtq', 'LGBTQ+', 'LGBTQ+',
    'Also part of the LGBTQ+ community', 'También forma parte de la comunidad LGBTQ+'],

  ['family', 'Family', 'Familia',
    'Also has family experience like yours', 'También tiene experiencia familiar como la suya'],
  ['family.parent-of-child-with-challenges',
    'Parent of a child with developmental, mood, behavioral or emotional challenges',
    'Madre o padre de un hijo con desafíos del desarrollo, del ánimo, de conducta o emocionales',
    'Also a parent of a child with challenges', 'También es madre o padre de un hijo con desafíos'],
];

/** The parent of a dotted code, or `null` for a top-level code. Pure string rule. */
export function parentOf(code: string): string | null {
  const dot = code.lastIndexOf('.');
  return dot <= 0 ? null : code.slice(0, dot);
}

/** The top-level ancestor of a code (`substance-use` for `substance-use.opioids`). */
export function rootOf(code: string): string {
  const dot = code.indexOf('.');
  return dot < 0 ? code : code.slice(0, dot);
}

/** True when `ancestor` is `code` itself or one of its ancestors. */
export function isSameOrAncestor(ancestor: string, code: string): boolean {
  return code === ancestor || (code.length > ancestor.length && code.charCodeAt(ancestor.length) === 46 /* . */ && code.startsWith(ancestor));
}

export const LIVED_EXPERIENCE: readonly TaxonomyEntry[] = Object.freeze(
  ROWS.map(([code, en, es, sharedEn, sharedEs]) =>
    Object.freeze({ code, parent: parentOf(code), labels: { en, es }, shared: { en: sharedEn, es: sharedEs } }),
  ),
);

const BY_CODE: ReadonlyMap<string, TaxonomyEntry> = new Map(LIVED_EXPERIENCE.map((e) => [e.code, e]));

const CODE_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

function extensionEntry(ext: TaxonomyExtension): TaxonomyEntry {
  return {
    code: ext.code,
    parent: parentOf(ext.code),
    labels: ext.labels,
    shared: ext.shared ?? {
      en: `Also has lived experience: ${ext.labels.en}`,
      es: `También tiene experiencia vivida: ${ext.labels.es}`,
    },
  };
}

function findEntry(code: string, extensions?: readonly TaxonomyExtension[]): TaxonomyEntry | undefined {
  const base = BY_CODE.get(code);
  if (base) return base;
  const ext = extensions?.find((e) => e.code === code);
  return ext ? extensionEntry(ext) : undefined;
}

/** Whether a code is in the standard taxonomy or in the organization's extensions. */
export function isKnownCode(code: string, extraCodes?: readonly TaxonomyExtension[]): boolean {
  return findEntry(code, extraCodes) !== undefined;
}

/** The label of a code in a language; an unknown code falls back to the code itself. */
export function labelOf(code: string, lang: Lang, extraCodes?: readonly TaxonomyExtension[]): string {
  return findEntry(code, extraCodes)?.labels[lang] ?? code;
}

/** The reason phrase used when a peer shares this experience and allowed it to be shown. */
export function sharedPhraseOf(code: string, lang: Lang, extraCodes?: readonly TaxonomyExtension[]): string {
  const entry = findEntry(code, extraCodes);
  if (entry) return entry.shared[lang];
  return lang === 'es' ? `También tiene experiencia vivida: ${code}` : `Also has lived experience: ${code}`;
}

/**
 * The wording for participant-facing text when the peer did not allow `showToParticipants`:
 * it says that experience is shared without saying which (issue 3, privacy).
 */
export const GENERIC_SHARED_EXPERIENCE: Labels = {
  en: 'Shares lived experience relevant to your goals',
  es: 'Comparte experiencias vividas relacionadas con sus metas',
};

export function genericSharedExperience(lang: Lang): string {
  return GENERIC_SHARED_EXPERIENCE[lang];
}

/** The whole taxonomy for one organization: the standard codes, then its extensions. */
export function taxonomyWith(extraCodes: readonly TaxonomyExtension[] = []): TaxonomyEntry[] {
  return [...LIVED_EXPERIENCE, ...extraCodes.map(extensionEntry)];
}

export interface ExtensionProblem {
  /** Index into the extensions array. */
  index: number;
  field: 'code' | 'labels';
  message: string;
}

/**
 * Checks an organization's extension codes before they are stored: a lower-case dotted code that
 * does not clash with a standard code or another extension, whose parent (if any) exists, with
 * both labels. Returns one problem per defect; empty means valid.
 */
export function validateExtensions(extraCodes: readonly TaxonomyExtension[]): ExtensionProblem[] {
  const problems: ExtensionProblem[] = [];
  const seen = new Set<string>();
  const all = new Set<string>([...BY_CODE.keys(), ...extraCodes.map((e) => e.code)]);
  extraCodes.forEach((ext, index) => {
    if (!CODE_SHAPE.test(ext.code)) {
      problems.push({ index, field: 'code', message: `"${ext.code}" is not a lower-case dotted code` });
    } else if (BY_CODE.has(ext.code)) {
      problems.push({ index, field: 'code', message: `"${ext.code}" is already a standard code` });
    } else if (seen.has(ext.code)) {
      problems.push({ index, field: 'code', message: `"${ext.code}" appears twice` });
    } else {
      const parent = parentOf(ext.code);
      if (parent !== null && !all.has(parent)) {
        problems.push({ index, field: 'code', message: `parent "${parent}" of "${ext.code}" is not a known code` });
      }
    }
    seen.add(ext.code);
    if (!ext.labels.en.trim() || !ext.labels.es.trim()) {
      problems.push({ index, field: 'labels', message: 'both English and Spanish labels are required' });
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Specialties, modalities, days

export const SPECIALTIES = [
  'peer-support-specialist',
  'recovery-coach',
  'family-support-partner',
  'youth-peer',
  'veteran-peer',
  'forensic-peer',
] as const;
export type Specialty = (typeof SPECIALTIES)[number];

export const SPECIALTY_LABELS: Readonly<Record<Specialty, Labels>> = {
  'peer-support-specialist': { en: 'Peer support specialist', es: 'Especialista en apoyo de pares' },
  'recovery-coach': { en: 'Recovery coach', es: 'Coach de recuperación' },
  'family-support-partner': { en: 'Family support partner', es: 'Compañero de apoyo familiar' },
  'youth-peer': { en: 'Youth peer', es: 'Par juvenil' },
  'veteran-peer': { en: 'Veteran peer', es: 'Par veterano' },
  'forensic-peer': { en: 'Forensic peer (justice involvement)', es: 'Par forense (experiencia con la justicia)' },
};

export const MODALITIES = ['in-person', 'phone', 'video', 'text'] as const;
export type Modality = (typeof MODALITIES)[number];

/** Lower-case on purpose: these are joined into a sentence ("Meets by video or phone"). */
export const MODALITY_LABELS: Readonly<Record<Modality, Labels>> = {
  'in-person': { en: 'in person', es: 'en persona' },
  phone: { en: 'phone', es: 'teléfono' },
  video: { en: 'video', es: 'video' },
  text: { en: 'text message', es: 'mensaje de texto' },
};

/** ISO 8601 order: the week starts on Monday. */
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

export const DAY_LABELS: Readonly<Record<Day, Labels>> = {
  mon: { en: 'Monday', es: 'lunes' },
  tue: { en: 'Tuesday', es: 'martes' },
  wed: { en: 'Wednesday', es: 'miércoles' },
  thu: { en: 'Thursday', es: 'jueves' },
  fri: { en: 'Friday', es: 'viernes' },
  sat: { en: 'Saturday', es: 'sábado' },
  sun: { en: 'Sunday', es: 'domingo' },
};

/** Spanish plural day names for "los martes"; English uses "Tuesday" + plural part of day. */
export const DAY_PLURAL_ES: Readonly<Record<Day, string>> = {
  mon: 'lunes', tue: 'martes', wed: 'miércoles', thu: 'jueves', fri: 'viernes', sat: 'sábados', sun: 'domingos',
};
