import type { InstrumentDefinition } from '../instrument.rules.ts';

/**
 * GAD-7 (Spitzer et al. 2006). Free to reproduce as the PHQ-9 (shared/OUTCOMES-AND-WORKFORCE.md §1).
 * Spanish: the developers' Spanish for the USA; validated by García-Campayo et al. 2010.
 */
const FREQUENCY = [
  { value: 0, label: { en: 'Not at all', es: 'Ningún día' } },
  { value: 1, label: { en: 'Several days', es: 'Varios días' } },
  { value: 2, label: { en: 'More than half the days', es: 'Más de la mitad de los días' } },
  { value: 3, label: { en: 'Nearly every day', es: 'Casi todos los días' } },
];

export const GAD7: InstrumentDefinition = {
  code: 'gad-7',
  version: '1',
  title: { en: 'GAD-7 (anxiety)', es: 'GAD-7 (ansiedad)' },
  instructions: {
    en: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
    es: 'Durante las últimas 2 semanas, ¿con qué frecuencia ha sentido molestias por los siguientes problemas?',
  },
  licence: 'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
  citation: 'Spitzer RL, Kroenke K, Williams JB, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092-1097.',
  loinc: { panel: '69737-5', total: '70274-6' },
  translations: { es: { status: 'validated', source: 'García-Campayo J et al. Health Qual Life Outcomes 2010;8:8 (cut-off 10)' } },
  answerSets: { frequency: FREQUENCY },
  items: [
    { id: 'gad7.1', answerSet: 'frequency', text: { en: 'Feeling nervous, anxious, or on edge', es: 'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta' } },
    { id: 'gad7.2', answerSet: 'frequency', text: { en: 'Not being able to stop or control worrying', es: 'No ha sido capaz de parar o controlar su preocupación' } },
    { id: 'gad7.3', answerSet: 'frequency', text: { en: 'Worrying too much about different things', es: 'Se ha preocupado demasiado por motivos diferentes' } },
    { id: 'gad7.4', answerSet: 'frequency', text: { en: 'Trouble relaxing', es: 'Ha tenido dificultad para relajarse' } },
    { id: 'gad7.5', answerSet: 'frequency', text: { en: 'Being so restless that it is hard to sit still', es: 'Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)' } },
    { id: 'gad7.6', answerSet: 'frequency', text: { en: 'Becoming easily annoyed or irritable', es: 'Se ha molestado o irritado fácilmente' } },
    { id: 'gad7.7', answerSet: 'frequency', text: { en: 'Feeling afraid, as if something awful might happen', es: 'Ha tenido miedo de que algo terrible fuera a pasar' } },
  ],
  scales: [{ code: 'total', label: { en: 'GAD-7 total', es: 'Total del GAD-7' }, items: ['gad7.1', 'gad7.2', 'gad7.3', 'gad7.4', 'gad7.5', 'gad7.6', 'gad7.7'], method: 'sum', loinc: '70274-6' }],
  bands: {
    total: [
      { code: 'minimal', label: { en: 'Minimal', es: 'Mínima' }, min: 0, max: 4 },
      { code: 'mild', label: { en: 'Mild', es: 'Leve' }, min: 5, max: 9 },
      { code: 'moderate', label: { en: 'Moderate', es: 'Moderada' }, min: 10, max: 14 },
      { code: 'severe', label: { en: 'Severe', es: 'Grave' }, min: 15, max: 21 },
    ],
  },
  flags: [],
  higherIsBetter: false,
  reliableChange: { points: 4, source: 'NHS Talking Therapies (IAPT) manual: reliable change on the GAD-7 is 4 points or more' },
};
