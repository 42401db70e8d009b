/**
 * What a peer attests by signing a session note (issue 17: "the attestation a peer signs names
 * exactly the activities, duration and place recorded"). A signed note becomes a Medicaid claim,
 * so the statement names the facts the claim is built from: the minutes (units come from them),
 * the CMS place of service and the activities. Pure: the web app builds the same words from its
 * language files (`caseload.note.attestationText`, `caseload.activities.*`, `caseload.places.*`,
 * `caseload.minutes`), and a unit test holds the two equal.
 */
import type { FieldProblem } from '../../core/errors.ts';
import { ACTIVITIES } from './caseload.schemas.ts';

type Lang = 'en' | 'es';

export const ACTIVITY_LABELS: Record<Lang, Record<(typeof ACTIVITIES)[number], string>> = {
  en: {
    'shared-lived-experience': 'Shared lived experience',
    'recovery-planning': 'Recovery planning',
    'resource-linkage': 'Resource linkage',
    'skill-building': 'Skill building',
    advocacy: 'Advocacy',
    'crisis-support': 'Crisis support',
    transport: 'Transport',
  },
  es: {
    'shared-lived-experience': 'Experiencia vivida compartida',
    'recovery-planning': 'Planificación de la recuperación',
    'resource-linkage': 'Conexión con recursos',
    'skill-building': 'Desarrollo de habilidades',
    advocacy: 'Defensa de derechos',
    'crisis-support': 'Apoyo en crisis',
    transport: 'Transporte',
  },
};

/** CMS place of service codes the note form offers; any other two-digit code is named by its code alone. */
export const PLACE_LABELS: Record<Lang, Record<string, string>> = {
  en: {
    '11': 'Office',
    '12': 'Home',
    '02': 'Telehealth, not at home',
    '10': 'Telehealth at home',
    '04': 'Homeless shelter',
    '15': 'Mobile unit',
    '53': 'Community mental health center',
    '57': 'Substance use treatment facility',
    '99': 'Other place (community)',
  },
  es: {
    '11': 'Oficina',
    '12': 'Hogar',
    '02': 'Telesalud, fuera del hogar',
    '10': 'Telesalud en el hogar',
    '04': 'Albergue para personas sin hogar',
    '15': 'Unidad móvil',
    '53': 'Centro comunitario de salud mental',
    '57': 'Centro de tratamiento de consumo de sustancias',
    '99': 'Otro lugar (comunidad)',
  },
};

/** The statement with its facts left open, as `caseload.note.attestationText` holds it. */
export const ATTESTATION_TEMPLATES: Record<Lang, string> = {
  en: 'I attest that I provided this service as documented ({{minutes}}; place of service: {{place}}; activities: {{activities}}) and that this note is accurate and complete.',
  es: 'Declaro que presté este servicio tal como está documentado ({{minutes}}; lugar del servicio: {{place}}; actividades: {{activities}}) y que esta nota es exacta y completa.',
};

const MINUTES: Record<Lang, (n: number) => string> = {
  en: (n) => `${n} ${n === 1 ? 'minute' : 'minutes'}`,
  es: (n) => `${n} ${n === 1 ? 'minuto' : 'minutos'}`,
};

export interface AttestedFacts {
  durationMinutes: number;
  placeOfService: string;
  activities: readonly string[];
}

/** Activities in the order the form lists them (the order they were ticked in does not matter). */
export const orderedActivities = (activities: readonly string[]): string[] =>
  [...new Set(activities)].sort((a, b) => ACTIVITIES.indexOf(a as never) - ACTIVITIES.indexOf(b as never));

export const placeLabel = (lang: Lang, code: string): string => (PLACE_LABELS[lang][code] ? `${code} · ${PLACE_LABELS[lang][code]}` : code);

/** The statement a peer signs for a note with these facts, in `lang`. */
export const attestationText = (lang: Lang, f: AttestedFacts): string =>
  ATTESTATION_TEMPLATES[lang]
    .replace('{{minutes}}', MINUTES[lang](f.durationMinutes))
    .replace('{{place}}', placeLabel(lang, f.placeOfService))
    .replace('{{activities}}', orderedActivities(f.activities).map((a) => ACTIVITY_LABELS[lang][a as keyof (typeof ACTIVITY_LABELS)['en']] ?? a).join(', '));

/**
 * The statement to store: the one the client showed, when it is the statement for the note as
 * recorded in English or Spanish; else (nothing sent) the one in the signer's language. A text
 * naming other facts (the note changed after it was shown) is refused, so no note keeps an
 * attestation to minutes, a place or activities it does not record.
 */
export const attestationFor = (lang: Lang, facts: AttestedFacts, shown: string | undefined): { text: string; problems: FieldProblem[] } => {
  if (shown === undefined) return { text: attestationText(lang, facts), problems: [] };
  const known = (['en', 'es'] as const).map((l) => attestationText(l, facts)).find((a) => a === shown);
  return known
    ? { text: known, problems: [] }
    : {
        text: '',
        problems: [{ field: 'body.attestation', message: 'Send the attestation exactly as it was shown for the note as saved (its minutes, place and activities), or leave it out' }],
      };
};
