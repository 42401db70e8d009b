import type { InstrumentDefinition } from '../instrument.rules.ts';

/**
 * Peerbridge's short participant satisfaction survey: five statements about the peer support
 * received, each 1-5, scored as a mean. Written by the project (no licence restrictions); the
 * Spanish is ours and not a validated instrument, as the English is not either.
 */
const AGREEMENT = [
  { value: 1, label: { en: 'Strongly disagree', es: 'Muy en desacuerdo' } },
  { value: 2, label: { en: 'Disagree', es: 'En desacuerdo' } },
  { value: 3, label: { en: 'Neither agree nor disagree', es: 'Ni de acuerdo ni en desacuerdo' } },
  { value: 4, label: { en: 'Agree', es: 'De acuerdo' } },
  { value: 5, label: { en: 'Strongly agree', es: 'Muy de acuerdo' } },
];

const item = (n: number, en: string, es: string) => ({ id: `sat.${n}`, answerSet: 'agreement', text: { en, es } });

export const SATISFACTION: InstrumentDefinition = {
  code: 'peer-satisfaction',
  version: '1',
  title: { en: 'Peer support satisfaction', es: 'Satisfacción con el apoyo entre pares' },
  instructions: { en: 'Thinking about the peer support you received:', es: 'Pensando en el apoyo entre pares que recibió:' },
  licence: 'Peerbridge (AGPL-3.0-only project); free to use.',
  citation: 'Peerbridge participant satisfaction survey, version 1.',
  translations: { es: { status: 'not-validated', source: 'Peerbridge translation' } },
  answerSets: { agreement: AGREEMENT },
  items: [
    item(1, 'My peer listened to me and understood me.', 'Mi par me escuchó y me entendió.'),
    item(2, 'My peer treated me with respect.', 'Mi par me trató con respeto.'),
    item(3, 'I got help with the things that matter to me.', 'Recibí ayuda con lo que me importa.'),
    item(4, 'I feel more hopeful about my recovery.', 'Me siento con más esperanza en mi recuperación.'),
    item(5, 'I would recommend peer support to a friend.', 'Le recomendaría el apoyo entre pares a una amistad.'),
  ],
  // One unanswered statement may be left out: the mean of the rest stands (survey rule, not clinical).
  scales: [{ code: 'total', label: { en: 'Satisfaction (mean, 1-5)', es: 'Satisfacción (promedio, 1-5)' }, items: ['sat.1', 'sat.2', 'sat.3', 'sat.4', 'sat.5'], method: 'mean', prorateMissingUpTo: 1 }],
  bands: {},
  flags: [],
  higherIsBetter: true,
};
