/**
 * Instruments as Questionnaire, a scored response as QuestionnaireResponse and its scores as
 * Observations (issue 20): LOINC where the instrument data carries the code, Peerbridge's
 * `instrument-score` code system otherwise.
 */
import type { Observation, Questionnaire, QuestionnaireItem, QuestionnaireResponse } from '@medplum/fhirtypes';
import type { InstrumentDefinition, Lang } from '../../modules/outcomes/instrument.rules.ts';
import { fhirId, LOINC, OBSERVATION_CATEGORY, PB, PB_CS, UCUM } from './codes.ts';
import type { AssessmentRecord } from './model.ts';

export const questionnaireUrl = (code: string) => `${PB}/Questionnaire/${code}`;
const answerSystem = (def: Pick<InstrumentDefinition, 'code'>, set: string) => PB_CS(`answers-${fhirId(def.code)}-${fhirId(set)}`);
const say = (t: { en: string; es?: string }, lang: Lang) => (lang === 'es' && t.es ? t.es : t.en);

/** A computable name (Questionnaire.name: starts with a capital, letters, digits and _). */
const computableName = (code: string) => `Peerbridge_${code.replace(/[^A-Za-z0-9]+/g, '_')}`;

export const toQuestionnaire = (def: InstrumentDefinition, lang: Lang = 'en'): Questionnaire => ({
  resourceType: 'Questionnaire',
  id: fhirId(def.code, def.version),
  language: lang,
  url: questionnaireUrl(def.code),
  version: def.version,
  name: computableName(def.code),
  title: say(def.title, lang),
  status: 'active',
  subjectType: ['Patient'],
  copyright: def.licence,
  description: say(def.instructions, lang),
  ...(def.loinc?.panel ? { code: [{ system: LOINC, code: def.loinc.panel }] } : {}),
  item: def.items.map(
    (item): QuestionnaireItem => ({
      linkId: item.id,
      ...(item.loinc ? { code: [{ system: LOINC, code: item.loinc }] } : {}),
      text: say(item.text, lang),
      type: 'choice',
      required: item.required !== false,
      answerOption: (def.answerSets[item.answerSet] ?? []).map((o) => ({
        valueCoding: { system: answerSystem(def, item.answerSet), code: String(o.value), display: say(o.label, lang) },
      })),
    }),
  ),
});

/** QuestionnaireResponse.status: complete answers are `completed`; a missing required item leaves it `in-progress`. */
export const responseStatus = (a: Pick<AssessmentRecord, 'complete'>): QuestionnaireResponse['status'] => (a.complete ? 'completed' : 'in-progress');

export const toQuestionnaireResponse = (a: AssessmentRecord, def: InstrumentDefinition | undefined, recordedByPeerId: string | null): QuestionnaireResponse => {
  const bySelf = a.mode === 'self';
  const items = def
    ? def.items.flatMap((item) => {
        const value = a.answers[item.id];
        if (value === null || value === undefined) return [];
        const option = def.answerSets[item.answerSet]?.find((o) => o.value === value);
        return [
          {
            linkId: item.id,
            text: item.text.en,
            answer: [{ valueCoding: { system: answerSystem(def, item.answerSet), code: String(value), ...(option ? { display: option.label.en } : {}) } }],
          },
        ];
      })
    : Object.entries(a.answers).flatMap(([linkId, value]) => (value === null ? [] : [{ linkId, answer: [{ valueInteger: value }] }]));
  return {
    resourceType: 'QuestionnaireResponse',
    id: a.id,
    questionnaire: `${questionnaireUrl(a.instrument)}|${a.version}`,
    status: responseStatus(a),
    subject: { reference: `Patient/${a.participantId}` },
    authored: a.administeredAt.toISOString(),
    ...(bySelf ? { author: { reference: `Patient/${a.participantId}` } } : recordedByPeerId ? { author: { reference: `Practitioner/${recordedByPeerId}` } } : {}),
    source: { reference: `Patient/${a.participantId}` },
    ...(items.length > 0 ? { item: items } : {}),
  };
};

/** The code of a score: the scale's LOINC, the instrument's total LOINC, else Peerbridge's. */
export const scoreCode = (def: InstrumentDefinition | undefined, instrument: string, scale: string) => {
  const rule = def?.scales.find((s) => s.code === scale);
  const isTotal = def ? (def.total ?? def.scales[0]?.code) === scale : scale === 'total';
  const loinc = rule?.loinc ?? (isTotal ? def?.loinc?.total : undefined);
  const label = rule?.label.en ?? `${instrument} ${scale}`;
  return loinc
    ? { coding: [{ system: LOINC, code: loinc, display: label }], text: label }
    : { coding: [{ system: PB_CS('instrument-score'), code: `${instrument}.${scale}`, display: label }], text: label };
};

/**
 * One Observation per score the response has (its total and each subscale with a score): an
 * incomplete response that could not be scored has none, as its scores do not exist.
 */
export const toObservations = (a: AssessmentRecord, def: InstrumentDefinition | undefined): Observation[] => {
  const totalCode = def ? (def.total ?? def.scales[0]?.code ?? 'total') : 'total';
  const scores = new Map<string, { score: number; band: string | null; prorated: boolean }>();
  for (const s of a.subscales) if (s.score !== null) scores.set(s.code, { score: s.score, band: s.band, prorated: s.prorated === true });
  if (a.total !== null && !scores.has(totalCode)) scores.set(totalCode, { score: a.total, band: a.band, prorated: false });
  return [...scores.entries()].map(([scale, s]) => {
    const bandLabel = s.band ? def?.bands[scale]?.find((b) => b.code === s.band)?.label.en : undefined;
    return {
      resourceType: 'Observation',
      id: fhirId(a.id, scale),
      status: 'final',
      category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
      code: scoreCode(def, a.instrument, scale),
      subject: { reference: `Patient/${a.participantId}` },
      effectiveDateTime: a.administeredAt.toISOString(),
      valueQuantity: { value: s.score, unit: '{score}', system: UCUM, code: '{score}' },
      ...(s.band
        ? { interpretation: [{ coding: [{ system: PB_CS(`band-${fhirId(a.instrument)}`), code: s.band, ...(bandLabel ? { display: bandLabel } : {}) }], text: bandLabel ?? s.band }] }
        : {}),
      ...(s.prorated ? { note: [{ text: 'Prorated for missing items as the instrument’s published rules allow' }] } : {}),
      derivedFrom: [{ reference: `QuestionnaireResponse/${a.id}` }],
    };
  });
};
