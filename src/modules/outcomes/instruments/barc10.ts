import type { InstrumentDefinition } from '../instrument.rules.ts';

/**
 * BARC-10, the Brief Assessment of Recovery Capital (Vilsaint et al. 2017): freely available, no
 * permission needed (PhenX; shared/OUTCOMES-AND-WORKFORCE.md §1). There is no validated Spanish
 * BARC-10: the Spanish below is our translation and is shown as "translation, not validated".
 * No LOINC code exists, so exports use Peerbridge's own code system.
 */
const AGREEMENT = [
  { value: 1, label: { en: 'Strongly disagree', es: 'Muy en desacuerdo' } },
  { value: 2, label: { en: 'Disagree', es: 'En desacuerdo' } },
  { value: 3, label: { en: 'Somewhat disagree', es: 'Algo en desacuerdo' } },
  { value: 4, label: { en: 'Somewhat agree', es: 'Algo de acuerdo' } },
  { value: 5, label: { en: 'Agree', es: 'De acuerdo' } },
  { value: 6, label: { en: 'Strongly agree', es: 'Muy de acuerdo' } },
];

const item = (n: number, en: string, es: string) => ({ id: `barc10.${n}`, answerSet: 'agreement', text: { en, es } });

export const BARC10: InstrumentDefinition = {
  code: 'barc-10',
  version: '1',
  title: { en: 'BARC-10 (recovery capital)', es: 'BARC-10 (capital de recuperación)' },
  instructions: {
    en: 'How much do you agree with each statement about your life now?',
    es: '¿Qué tan de acuerdo está con cada frase sobre su vida ahora?',
  },
  licence: 'Freely available for use without permission (PhenX Toolkit).',
  citation: 'Vilsaint CL, Kelly JF, Bergman BG, et al. Development and validation of a Brief Assessment of Recovery Capital (BARC-10) for alcohol and drug use disorder. Drug Alcohol Depend. 2017;177:71-76.',
  translations: { es: { status: 'not-validated', source: 'Peerbridge translation; no validated Spanish BARC-10 exists' } },
  answerSets: { agreement: AGREEMENT },
  items: [
    item(1, 'There are more important things to me in life than using substances.', 'Hay cosas en mi vida más importantes para mí que consumir sustancias.'),
    item(2, 'In general I am happy with my life.', 'En general estoy contento(a) con mi vida.'),
    item(3, 'I have enough energy to complete the tasks I set for myself.', 'Tengo suficiente energía para terminar las tareas que me propongo.'),
    item(4, 'I am proud of the community I live in and feel part of it.', 'Estoy orgulloso(a) de la comunidad donde vivo y me siento parte de ella.'),
    item(5, 'I get lots of support from friends.', 'Recibo mucho apoyo de mis amistades.'),
    item(6, 'I regard my life as challenging and fulfilling without the need for using drugs or alcohol.', 'Veo mi vida como un reto que me llena, sin necesidad de consumir drogas o alcohol.'),
    item(7, 'My living space has helped to drive my recovery journey.', 'El lugar donde vivo me ha ayudado a avanzar en mi recuperación.'),
    item(8, 'I take full responsibility for my actions.', 'Asumo toda la responsabilidad de mis actos.'),
    item(9, 'I am happy dealing with a range of professional people.', 'Me siento a gusto tratando con distintos profesionales.'),
    item(10, 'I am making good progress on my recovery journey.', 'Estoy avanzando bien en mi camino de recuperación.'),
  ],
  scales: [{ code: 'total', label: { en: 'Recovery capital', es: 'Capital de recuperación' }, items: Array.from({ length: 10 }, (_, i) => `barc10.${i + 1}`), method: 'sum' }],
  bands: {
    total: [
      { code: 'building', label: { en: 'Building recovery capital', es: 'Construyendo capital de recuperación' }, min: 10, max: 46 },
      { code: 'strong', label: { en: 'Strong recovery capital (47 or more)', es: 'Capital de recuperación sólido (47 o más)' }, min: 47, max: 60 },
    ],
  },
  flags: [],
  higherIsBetter: true,
  cutOff: { value: 47, label: { en: '47 or more predicts sustained remission', es: '47 o más predice una remisión sostenida' }, source: 'Vilsaint et al. 2017' },
};
