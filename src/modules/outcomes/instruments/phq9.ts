import type { InstrumentDefinition } from '../instrument.rules.ts';

/**
 * PHQ-9 (Kroenke, Spitzer & Williams 2001). Free to reproduce, translate and display
 * (shared/OUTCOMES-AND-WORKFORCE.md §1). The PHQ-2 is its first two items, scored 0-6, positive
 * at 3 or more. Item 9 at 1 or more needs same-day follow-up whatever the total (DOMAIN.md, Crisis).
 * Spanish: the developers' Spanish for the USA (Pfizer); check the wording against the official
 * PDF when it is revised.
 */
const FREQUENCY = [
  { value: 0, label: { en: 'Not at all', es: 'Ningún día' } },
  { value: 1, label: { en: 'Several days', es: 'Varios días' } },
  { value: 2, label: { en: 'More than half the days', es: 'Más de la mitad de los días' } },
  { value: 3, label: { en: 'Nearly every day', es: 'Casi todos los días' } },
];

export const PHQ9: InstrumentDefinition = {
  code: 'phq-9',
  version: '1',
  title: { en: 'PHQ-9 (depression)', es: 'PHQ-9 (depresión)' },
  instructions: {
    en: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    es: 'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?',
  },
  licence: 'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
  citation: 'Kroenke K, Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med. 2001;16(9):606-613.',
  loinc: { panel: '44249-1', total: '44261-6' },
  translations: { es: { status: 'validated', source: 'PHQ-9 Spanish for the USA (Pfizer); validated in US Latinas (Merz et al. 2011) and elsewhere' } },
  answerSets: { frequency: FREQUENCY },
  items: [
    { id: 'phq9.1', answerSet: 'frequency', loinc: '44250-9', text: { en: 'Little interest or pleasure in doing things', es: 'Poco interés o placer en hacer cosas' } },
    { id: 'phq9.2', answerSet: 'frequency', loinc: '44255-8', text: { en: 'Feeling down, depressed, or hopeless', es: 'Se ha sentido decaído(a), deprimido(a) o sin esperanzas' } },
    { id: 'phq9.3', answerSet: 'frequency', loinc: '44259-0', text: { en: 'Trouble falling or staying asleep, or sleeping too much', es: 'Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado' } },
    { id: 'phq9.4', answerSet: 'frequency', loinc: '44254-1', text: { en: 'Feeling tired or having little energy', es: 'Se ha sentido cansado(a) o con poca energía' } },
    { id: 'phq9.5', answerSet: 'frequency', loinc: '44251-7', text: { en: 'Poor appetite or overeating', es: 'Sin apetito o ha comido en exceso' } },
    {
      id: 'phq9.6',
      answerSet: 'frequency',
      loinc: '44258-2',
      text: {
        en: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
        es: 'Se ha sentido mal con usted mismo(a) — o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia',
      },
    },
    {
      id: 'phq9.7',
      answerSet: 'frequency',
      loinc: '44252-5',
      text: {
        en: 'Trouble concentrating on things, such as reading the newspaper or watching television',
        es: 'Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión',
      },
    },
    {
      id: 'phq9.8',
      answerSet: 'frequency',
      loinc: '44253-3',
      text: {
        en: 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
        es: '¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? O lo contrario — muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal',
      },
    },
    {
      id: 'phq9.9',
      answerSet: 'frequency',
      loinc: '44260-8',
      text: { en: 'Thoughts that you would be better off dead or of hurting yourself in some way', es: 'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera' },
    },
  ],
  total: 'total',
  scales: [
    { code: 'total', label: { en: 'PHQ-9 total', es: 'Total del PHQ-9' }, items: ['phq9.1', 'phq9.2', 'phq9.3', 'phq9.4', 'phq9.5', 'phq9.6', 'phq9.7', 'phq9.8', 'phq9.9'], method: 'sum', loinc: '44261-6' },
    { code: 'phq-2', label: { en: 'PHQ-2 (items 1 and 2)', es: 'PHQ-2 (preguntas 1 y 2)' }, items: ['phq9.1', 'phq9.2'], method: 'sum', loinc: '55758-7' },
  ],
  bands: {
    total: [
      { code: 'minimal', label: { en: 'Minimal', es: 'Mínima' }, min: 0, max: 4 },
      { code: 'mild', label: { en: 'Mild', es: 'Leve' }, min: 5, max: 9 },
      { code: 'moderate', label: { en: 'Moderate', es: 'Moderada' }, min: 10, max: 14 },
      { code: 'moderately-severe', label: { en: 'Moderately severe', es: 'Moderadamente grave' }, min: 15, max: 19 },
      { code: 'severe', label: { en: 'Severe', es: 'Grave' }, min: 20, max: 27 },
    ],
  },
  flags: [
    { code: 'self-harm-thoughts', label: { en: 'Thoughts of being better off dead or of self-harm', es: 'Pensamientos de estar mejor muerto(a) o de hacerse daño' }, when: { item: 'phq9.9', atLeast: 1 }, safety: true },
    { code: 'phq-2-positive', label: { en: 'PHQ-2 positive (3 or more)', es: 'PHQ-2 positivo (3 o más)' }, when: { scale: 'phq-2', atLeast: 3 } },
  ],
  higherIsBetter: false,
  reliableChange: { points: 6, source: 'NHS Talking Therapies (IAPT) manual: reliable change on the PHQ-9 is 6 points or more' },
};
