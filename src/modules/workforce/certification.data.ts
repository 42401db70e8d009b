import type { PipelineDefinition } from './certification.types.ts';
import type { Citation } from './credential.types.ts';

/**
 * Built-in pipeline templates (issue 21). The steps come from shared/OUTCOMES-AND-WORKFORCE.md §4
 * (the "other rules" column). Eligibility rules are encoded only where that table states them
 * (Michigan: 18 or older, a diploma or GED); a body's rules on criminal history or years in
 * recovery are not in the source, so they are not shipped: a body adds its own with their source
 * when it creates its pipeline. Check each against the body before relying on it.
 */

const CHECKED = '2026-12-06';
const TABLE = 'shared/OUTCOMES-AND-WORKFORCE.md §4';
const cite = (row: string, note: string): Citation => ({ source: `${TABLE}, row "${row}"`, checked: CHECKED, confidence: 'V', note });

const MI = 'Michigan CPSS, CPRC';
const ICRC = 'IC&RC Peer Recovery';

export const PIPELINE_TEMPLATES: Record<string, { name: string } & PipelineDefinition> = {
  'mi-cpss': {
    template: 'mi-cpss',
    name: 'Michigan CPSS certification',
    body: 'Michigan Department of Health and Human Services (MDHHS)',
    steps: [
      { code: 'written-application', kind: 'check', required: null, domains: [], title: { en: 'Written application', es: 'Solicitud por escrito' }, source: cite(MI, 'application') },
      { code: 'references', kind: 'references', required: 2, domains: [], title: { en: 'Two professional references', es: 'Dos referencias profesionales' }, source: cite(MI, '2 professional references') },
      { code: 'phone-interview', kind: 'check', required: null, domains: [], title: { en: 'Peer-to-peer telephone interview', es: 'Entrevista telefónica entre pares' }, source: cite(MI, 'peer-to-peer phone interview') },
      { code: 'training', kind: 'check', required: null, domains: [], title: { en: 'Five days of training', es: 'Cinco días de capacitación' }, source: cite(MI, '5 days of training') },
      { code: 'fee', kind: 'check', required: null, domains: [], title: { en: 'Fee ($300)', es: 'Cuota ($300)' }, source: cite(MI, '$300') },
      { code: 'exam', kind: 'check', required: null, domains: [], title: { en: 'Exam', es: 'Examen' }, source: cite(MI, 'exam') },
      { code: 'code-of-ethics', kind: 'check', required: null, domains: [], title: { en: 'Code of ethics signed', es: 'Código de ética firmado' }, source: cite(MI, 'code of ethics') },
    ],
    eligibility: [
      {
        code: 'age-18',
        title: { en: '18 or older', es: '18 años o más' },
        explanation: { en: 'The body certifies people who are 18 or older.', es: 'El organismo certifica a personas de 18 años o más.' },
        source: cite(MI, '18+'),
      },
      {
        code: 'diploma-or-ged',
        title: { en: 'High school diploma or GED', es: 'Diploma de preparatoria o GED' },
        explanation: { en: 'The body asks for a high school diploma or a GED.', es: 'El organismo pide un diploma de preparatoria o un GED.' },
        source: cite(MI, 'diploma or GED'),
      },
    ],
  },
  'icrc-pr': {
    template: 'icrc-pr',
    name: 'IC&RC Peer Recovery certification',
    body: 'IC&RC member boards',
    steps: [
      { code: 'experience', kind: 'hours', required: 500, domains: [], title: { en: '500 hours of experience', es: '500 horas de experiencia' }, source: cite(ICRC, '500 h experience') },
      {
        code: 'education',
        kind: 'hours',
        required: 46,
        title: { en: '46 training hours by domain', es: '46 horas de capacitación por área' },
        domains: [
          { domain: 'advocacy', hours: 10, title: { en: 'Advocacy', es: 'Defensoría' } },
          { domain: 'mentoring-education', hours: 10, title: { en: 'Mentoring and education', es: 'Mentoría y educación' } },
          { domain: 'recovery-wellness', hours: 10, title: { en: 'Recovery and wellness support', es: 'Apoyo a la recuperación y el bienestar' } },
          { domain: 'ethics', hours: 16, title: { en: 'Ethical responsibility', es: 'Responsabilidad ética' } },
        ],
        source: cite(ICRC, '46 h education (10 advocacy, 10 mentoring/education, 10 recovery/wellness, 16 ethics)'),
      },
      { code: 'supervision', kind: 'hours', required: 25, domains: [], title: { en: '25 hours of supervision', es: '25 horas de supervisión' }, source: cite(ICRC, '25 h supervision') },
      { code: 'exam', kind: 'check', required: null, domains: [], title: { en: 'Exam', es: 'Examen' }, source: cite(ICRC, 'exam') },
    ],
    eligibility: [],
  },
};
