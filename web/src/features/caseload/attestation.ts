import type { TFunction } from 'i18next';
import { LANGUAGES, i18next, type Language } from '../../app/i18n';
import { ACTIVITIES } from './caseload.api';

/** The facts a peer attests to by signing: what the claim is built from (issue 17). */
export interface AttestedFacts {
  durationMinutes: number;
  placeOfService: string;
  activities: readonly string[];
}

/** Activities in the form's order, whatever order they were ticked in (as the server names them). */
export const orderedActivities = (activities: readonly string[]): string[] =>
  [...new Set(activities)].sort((a, b) => ACTIVITIES.indexOf(a as never) - ACTIVITIES.indexOf(b as never));

/** "11 · Office", or the code alone when the form does not list it (as the server writes it). */
export const placeLabel = (t: TFunction, code: string): string => {
  const label = t(`caseload.places.${code}`, { defaultValue: '' });
  return label ? `${code} · ${label}` : code;
};

export const activityList = (t: TFunction, activities: readonly string[]): string =>
  orderedActivities(activities)
    .map((a) => t(`caseload.activities.${a}`, { defaultValue: a }))
    .join(', ');

/**
 * The statement the peer signs, naming the minutes, place and activities: word for word the one
 * the server builds from the note as recorded (`src/modules/caseload/attestation.rules.ts`; a unit
 * test holds the language files and the server's words equal), or the server refuses the signature.
 */
export const attestationOf = (t: TFunction, f: AttestedFacts): string =>
  t('caseload.note.attestationText', {
    minutes: t('caseload.minutes', { count: f.durationMinutes }),
    place: placeLabel(t, f.placeOfService),
    activities: f.activities.length > 0 ? activityList(t, f.activities) : t('notes.noActivityYet'),
  });

/**
 * The language of a stored attestation: the one whose statement for this note it is word for word
 * (a note keeps what its signer read, so a note signed in Spanish reads in Spanish on an English
 * page), or whose statement of before issue 17 (no facts named) it is.
 */
export const attestationLanguage = (text: string, f: AttestedFacts): Language | undefined =>
  LANGUAGES.find((l) => {
    const t = i18next.getFixedT(l.code);
    return attestationOf(t, f) === text || t('notes.legacyAttestation') === text;
  })?.code;
