import { z } from 'zod';
import { FOLLOW_UP_ACTIONS } from './safety.rules.ts';

/**
 * The contracts of the outcomes module: instruments (built-in and the organization's own),
 * assessments and same-day safety follow-ups. Cross-field checks (answers in range, a definition
 * that scores) live in the pure rules, so the CLI and the demo get them too.
 */

const instant = z.iso.datetime({ offset: true });
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'Use 2 to 40 lower-case letters, digits or hyphens');
const text = z.object({ en: z.string().min(1).max(2000), es: z.string().min(1).max(2000).optional() });

export const instrumentDefinition = z
  .object({
    code,
    version: z.string().regex(/^\d+(\.\d+){0,2}$/, 'Use a version such as 1 or 1.2'),
    title: text,
    instructions: text,
    licence: z.string().min(1).max(2000),
    citation: z.string().min(1).max(2000),
    loinc: z.object({ panel: z.string().max(20).optional(), total: z.string().max(20).optional() }).optional(),
    translations: z.object({ es: z.object({ status: z.enum(['validated', 'not-validated']), source: z.string().max(500) }).optional() }),
    answerSets: z.record(z.string().min(1).max(40), z.array(z.object({ value: z.number().finite(), label: text })).min(2).max(20)),
    items: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,39}$/, 'Use lower-case letters, digits, dots or hyphens'),
          text,
          answerSet: z.string().min(1).max(40),
          reverse: z.boolean().optional(),
          required: z.boolean().optional(),
          loinc: z.string().max(20).optional(),
        }),
      )
      .min(1)
      .max(200),
    total: z.string().optional(),
    scales: z
      .array(
        z.object({
          code: z.string().min(1).max(40),
          label: text,
          items: z.array(z.string()).min(1),
          method: z.enum(['sum', 'mean']),
          prorateMissingUpTo: z.number().int().min(0).optional(),
          loinc: z.string().max(20).optional(),
        }),
      )
      .min(1)
      .max(20),
    bands: z.record(z.string(), z.array(z.object({ code: z.string().min(1).max(40), label: text, min: z.number().finite(), max: z.number().finite() }))),
    flags: z.array(
      z.object({
        code: z.string().min(1).max(40),
        label: text,
        when: z.union([z.object({ item: z.string(), atLeast: z.number().finite() }), z.object({ scale: z.string(), atLeast: z.number().finite() })]),
        safety: z.boolean().optional(),
      }),
    ),
    higherIsBetter: z.boolean(),
    reliableChange: z.object({ points: z.number().positive(), source: z.string().max(500) }).optional(),
    cutOff: z.object({ value: z.number().finite(), label: text, source: z.string().max(500) }).optional(),
  });
export type InstrumentDefinitionInput = z.infer<typeof instrumentDefinition>;

export const instrumentView = instrumentDefinition
  .extend({ builtIn: z.boolean(), publishedAt: instant.nullable() })
  .meta({ id: 'Instrument' });
export type InstrumentView = z.infer<typeof instrumentView>;

export const instrumentSummary = z
  .object({
    code: z.string(),
    version: z.string(),
    title: text,
    builtIn: z.boolean(),
    items: z.number().int(),
    spanish: z.enum(['validated', 'not-validated', 'none']),
    versions: z.array(z.string()),
  })
  .meta({ id: 'InstrumentSummary' });

export const instrumentQuery = z.object({ version: z.string().max(20).optional() });
export const instrumentParam = z.object({ code: z.string().min(1).max(40) });

export const ASSESSMENT_MODES = ['peer-administered', 'self', 'phone'] as const;

export const assessmentInput = z
  .object({
    instrument: z.string().min(1).max(40),
    /** Absent: the newest published version. */
    version: z.string().max(20).optional(),
    answers: z.record(z.string().min(1).max(40), z.number().finite().nullable()),
    administeredAt: instant,
    mode: z.enum(ASSESSMENT_MODES),
  });
export type AssessmentInput = z.infer<typeof assessmentInput>;

const scaleScore = z.object({ code: z.string(), score: z.number().nullable(), band: z.string().nullable(), prorated: z.boolean() });

export const assessmentView = z
  .object({
    id: z.uuid(),
    participantId: z.uuid(),
    instrument: z.string(),
    version: z.string(),
    answers: z.record(z.string(), z.number().nullable()),
    complete: z.boolean(),
    missing: z.array(z.string()),
    total: z.number().nullable(),
    band: z.string().nullable(),
    subscales: z.array(scaleScore),
    flags: z.array(z.string()),
    mode: z.enum(ASSESSMENT_MODES),
    administeredAt: instant,
    recordedBy: z.uuid().nullable(),
    createdAt: instant,
    /** The safety follow-up this assessment opened, if it raised a safety flag. */
    safetyFollowupId: z.uuid().nullable(),
  })
  .meta({ id: 'Assessment' });
export type AssessmentView = z.infer<typeof assessmentView>;

export const assessmentListQuery = z.object({ instrument: z.string().max(40).optional() });

export const followupView = z
  .object({
    id: z.uuid(),
    participantId: z.uuid(),
    participantName: z.string(),
    peerId: z.uuid().nullable(),
    /** The assigned peer's name, for a supervisor's card (null: no peer, every supervisor acts). */
    peerName: z.string().nullable(),
    assessmentId: z.uuid(),
    reason: z.string(),
    createdAt: instant,
    dueBy: instant,
    /** The organization's time zone: "the same day" is its day, and the deadline reads in it. */
    timeZone: z.string(),
    status: z.enum(['open', 'closed']),
    overdue: z.boolean(),
    escalatedAt: instant.nullable(),
    closedAt: instant.nullable(),
    closedBy: z.uuid().nullable(),
    action: z.enum(FOLLOW_UP_ACTIONS).nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'SafetyFollowup' });
export type FollowupView = z.infer<typeof followupView>;

export const followupListQuery = z.object({ status: z.enum(['open', 'closed']).optional(), participantId: z.uuid().optional() });
export const followupCloseInput = z.object({ action: z.enum(FOLLOW_UP_ACTIONS), note: z.string().max(4000).optional() }).meta({ id: 'SafetyFollowupClose' });

export const duePointView = z
  .object({
    episode: z.number().int(),
    kind: z.enum(['baseline', 'reassessment', 'annual', 'closeout', 'intake', 'day', 'discharge']),
    /** The year of an annual, 1 for the reassessment, the day of a `day` point, 0 otherwise. */
    sequence: z.number().int(),
    instrument: z.string(),
    windowStart: z.iso.date(),
    windowEnd: z.iso.date(),
    status: z.enum(['upcoming', 'open', 'overdue', 'completed', 'missed', 'cancelled']),
    completedOn: z.iso.date().nullable(),
    /** The program whose schedule set the point; null for the organization's SUPRT pattern. */
    program: z.string().nullable(),
  })
  .meta({ id: 'AssessmentPoint' });

export const dueView = z.object({
  asOf: z.iso.date(),
  schedule: z.object({ baselineDays: z.number(), reassessmentDays: z.number(), windowDays: z.number(), closeoutDays: z.number(), instruments: z.array(z.string()) }),
  /** The programs whose schedules the participant's episodes follow (none: the SUPRT pattern only). */
  programs: z.array(z.string()),
  points: z.array(duePointView),
  followUp: z.object({ completed: z.number().int(), due: z.number().int(), rate: z.number().nullable(), target: z.number() }),
});

/** organizations.settings.outcomes: the SUPRT schedule the organization follows. */
export const outcomesSettings = z.object({
  suprt: z
    .object({
      baselineDays: z.number().int().min(1).max(90).default(30),
      reassessmentDays: z.number().int().min(30).max(364).default(180),
      windowDays: z.number().int().min(0).max(90).default(30),
      closeoutDays: z.number().int().min(1).max(90).default(30),
      instruments: z.array(z.string().min(1).max(40)).min(1).max(10).default(['barc-10', 'phq-9']),
    })
    .prefault({}),
});

const shownCount = z.union([z.number(), z.string(), z.null()]).describe('A count, "<k" when it is small itself, or null when hidden so that a small one cannot be derived');
const countsView = z.object({
  served: shownCount,
  newPeople: shownCount,
  discharged: shownCount,
  encounters: shownCount,
  hours: z.number().nullable(),
  referralsMade: shownCount,
  referralsClosed: shownCount,
  encountersPerPerson: z.number().nullable(),
});

export const programReportQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  by: z.enum(['peer', 'language', 'race', 'gender', 'age', 'program']).optional(),
  /** `off`: the exact figures, for a funder that requires them (admins; audited). */
  suppression: z.enum(['on', 'off']).default('on'),
  k: z.coerce.number().int().min(2).max(50).default(11),
});

export const programReportView = z
  .object({
    organization: z.string(),
    period: z.object({ from: z.iso.date(), to: z.iso.date() }),
    by: z.string().nullable(),
    suppression: z.object({ applied: z.boolean(), k: z.number().int(), rounded: z.boolean(), ruleVersion: z.string() }),
    totals: countsView,
    groups: z.array(countsView.extend({ key: z.string(), label: z.string() })),
    outcomes: z.array(
      z.object({
        instrument: z.string(),
        title: z.string(),
        pairs: shownCount,
        meanFirst: z.number().nullable(),
        meanLatest: z.number().nullable(),
        meanChange: z.number().nullable(),
        ci95: z.tuple([z.number(), z.number()]).nullable(),
        effectSize: z.number().nullable(),
        percentImproved: z.number().nullable(),
        percentWorsened: z.number().nullable(),
        percentCrossedCutOff: z.number().nullable(),
        higherIsBetter: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'ProgramReport' });
export type ProgramReportView = z.infer<typeof programReportView>;
