import { z } from 'zod';
import { patchOf } from '../people/people.schemas.ts';

/**
 * The contracts of the caseload module: session notes (encounters), recovery plans, the peer's
 * day and the organization's co-signature settings. Requests are validated and the OpenAPI
 * document is produced from these; cross-field checks (end after start, participants of the
 * organization, a group needs type `group`) live in the service so the CLI and demo get them too.
 */

export const ENCOUNTER_TYPES = ['individual', 'group', 'outreach', 'accompaniment', 'advocacy', 'crisis-support', 'family-collateral'] as const;
export const ENCOUNTER_MODALITIES = ['in-person', 'phone', 'video', 'text'] as const;
/** Activities of a peer session (issue 4), in the order the form lists them. */
export const ACTIVITIES = [
  'shared-lived-experience',
  'recovery-planning',
  'resource-linkage',
  'skill-building',
  'advocacy',
  'crisis-support',
  'transport',
] as const;
export const ENCOUNTER_STATUSES = ['draft', 'signed', 'cosigned', 'returned'] as const;
export const GOAL_STATUSES = ['active', 'achieved', 'paused', 'discontinued'] as const;
export const STEP_STATUSES = ['not-started', 'in-progress', 'done', 'dropped'] as const;

export type EncounterTypeName = (typeof ENCOUNTER_TYPES)[number];
export type ModalityName = (typeof ENCOUNTER_MODALITIES)[number];

/** CMS place of service code: two digits ('11' office, '12' home, '02'/'10' telehealth, '99' other). */
export const placeOfService = z.string().regex(/^\d{2}$/, 'Use a two-digit CMS place of service code such as 11');
/** Program the service belongs to; drives payer modifiers (HF substance-use, HE mental-health). */
export const program = z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'Use a short lowercase code such as substance-use or mental-health');
const instant = z.iso.datetime({ offset: true });

// ---------------------------------------------------------------------------------------------
// Encounters (session notes)

/**
 * POST /api/v1/encounters. One participant (`participantId`) or several for a group
 * (`participantIds`, type `group`). `peerId` defaults to the caller's own peer profile.
 * `endedAt` is optional: when given it must be after `startedAt` and, if `durationMinutes` is
 * absent, sets it. A new note is a draft; PATCH saves it as the peer types.
 */
export const encounterInput = z.object({
  participantId: z.uuid().optional(),
  participantIds: z.array(z.uuid()).min(1).max(30).optional(),
  peerId: z.uuid().optional(),
  type: z.enum(ENCOUNTER_TYPES).default('individual'),
  modality: z.enum(ENCOUNTER_MODALITIES).default('in-person'),
  startedAt: instant,
  /** 1 to 1440 minutes (24 hours). Required unless `endedAt` is given. */
  durationMinutes: z.number().int().optional(),
  endedAt: instant.optional(),
  placeOfService: placeOfService.default('11'),
  program: program.nullable().optional(),
  activities: z.array(z.enum(ACTIVITIES)).max(ACTIVITIES.length).default([]),
  /** Ids of goals of the participant's recovery plan that this session addressed. */
  goalIds: z.array(z.uuid()).max(50).default([]),
  /** Strengths-based narrative; may be empty while a draft, required to sign. */
  narrative: z.string().max(20_000).default(''),
  nextSteps: z.string().max(5_000).default(''),
  followUpOn: z.iso.date().nullable().optional(),
});
export type EncounterInput = z.infer<typeof encounterInput>;

/** PATCH /api/v1/encounters/{id}: drafts only (a signed note answers 409). Fields left out are kept. */
export const encounterPatch = patchOf(encounterInput);
export type EncounterPatch = z.infer<typeof encounterPatch>;

export const addendumInput = z.object({ text: z.string().trim().min(1).max(10_000) });
export const returnInput = z.object({ comment: z.string().trim().min(1).max(5_000) });
export const cosignInput = z.object({ comment: z.string().trim().max(5_000).optional() });
/** POST /api/v1/encounters/{id}/sign: the attestation the signer was shown, word for word (optional). */
export const signInput = z.object({ attestation: z.string().max(1_000).optional() });
/**
 * POST /api/v1/encounters/{id}/void. `resubmit: false` (default): the note was entered in error
 * and is never billed. `resubmit: true`: the claim line already exported for it is voided and
 * the note may be exported again (a resubmission); it must have been exported.
 */
export const voidInput = z.object({ reason: z.string().trim().min(1).max(1_000), resubmit: z.boolean().default(false) });

export const encounterListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  participantId: z.uuid().optional(),
  peerId: z.uuid().optional(),
  status: z.enum([...ENCOUNTER_STATUSES, 'voided']).optional(),
  /** Service dates, inclusive (the organization's time zone). */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/**
 * Billing of one encounter for one participant, computed by the pure billing rules with that
 * participant's other notes of the day. When not billable, `reason` says why; drafts and notes
 * awaiting co-signature still show in `code`/`modifiers`/`units`/`amountCents` what they would
 * bill (`billable: false`). `explanation` is in the caller's language (Accept-Language en/es).
 */
export const billingView = z
  .object({
    billable: z.boolean(),
    reason: z
      .enum([
        'voided',
        'no-coverage',
        'modality-not-covered',
        'place-not-covered',
        'no-certification',
        'certification-expired',
        'certification-lapsed',
        'certification-inactive',
        'zero-units',
        'daily-cap-reached',
        'unsigned',
        'awaiting-cosign',
      ])
      .nullable(),
    serviceDate: z.string(),
    payerId: z.uuid().nullable(),
    payerName: z.string().nullable(),
    memberId: z.string().nullable(),
    code: z.string().nullable(),
    modifiers: z.array(z.string()),
    units: z.number().int(),
    amountCents: z.number().int(),
    explanation: z.string(),
    /** Set when the encounter was exported on a claim (its billing is then fixed). */
    exportId: z.uuid().nullable(),
    coverageChanged: z
      .object({ payerId: z.uuid().nullable(), payerName: z.string().nullable() })
      .nullable()
      .describe(
        "Set when the note is on a claim of a payer its coverage no longer picks for that date (the coverage was corrected since): the payer picked now, or null for none. Release the note for resubmission and that payer's next export takes it off the claim.",
      ),
  })
  .meta({ id: 'EncounterBilling' });
export type BillingView = z.infer<typeof billingView>;

const personRef = z.object({ id: z.uuid(), displayName: z.string() });

export const addendumView = z.object({ id: z.uuid(), text: z.string(), createdAt: z.string(), createdBy: z.uuid().nullable() });
export const reviewEventView = z.object({
  action: z.enum(['cosigned', 'returned', 'resubmitted']),
  comment: z.string().nullable(),
  at: z.string(),
  by: z.uuid().nullable(),
});

export const encounterView = z
  .object({
    id: z.uuid(),
    status: z.enum(ENCOUNTER_STATUSES),
    voided: z.boolean(),
    /** First participant (the only one unless a group). */
    participantId: z.uuid(),
    participantIds: z.array(z.uuid()),
    participants: z.array(personRef),
    peerId: z.uuid(),
    peer: personRef,
    type: z.enum(ENCOUNTER_TYPES),
    modality: z.enum(ENCOUNTER_MODALITIES),
    startedAt: z.string(),
    endedAt: z.string(),
    durationMinutes: z.number().int(),
    /** Date of service in the organization's time zone. */
    serviceDate: z.string(),
    placeOfService: z.string(),
    program: z.string().nullable(),
    activities: z.array(z.string()),
    goalIds: z.array(z.uuid()),
    narrative: z.string(),
    nextSteps: z.string(),
    followUpOn: z.string().nullable(),
    /**
     * Whether a supervisor must co-sign (organization settings or the payer), decided at signing;
     * a returned note the peer corrected always needs it (a supervisor accepts the correction).
     */
    cosignRequired: z.boolean(),
    signedAt: z.string().nullable(),
    signedBy: z.uuid().nullable(),
    attestation: z.string().nullable(),
    cosignedAt: z.string().nullable(),
    cosignedBy: z.uuid().nullable(),
    returnedAt: z.string().nullable(),
    returnComment: z.string().nullable(),
    reviews: z.array(reviewEventView),
    addenda: z.array(addendumView),
    void: z.object({ at: z.string(), by: z.uuid().nullable(), reason: z.string(), resubmit: z.boolean() }).nullable(),
    /** Billing for the first participant. */
    billing: billingView,
    /** Billing for each participant (a group bills each person separately). */
    billingByParticipant: z.array(z.object({ participantId: z.uuid(), billing: billingView })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Encounter' });
export type EncounterView = z.infer<typeof encounterView>;

/** A short form of a note for lists on the day view (no billing). */
export const encounterSummary = z
  .object({
    id: z.uuid(),
    status: z.enum(ENCOUNTER_STATUSES),
    participants: z.array(personRef),
    type: z.enum(ENCOUNTER_TYPES),
    startedAt: z.string(),
    durationMinutes: z.number().int(),
    followUpOn: z.string().nullable(),
    returnComment: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'EncounterSummary' });
export type EncounterSummary = z.infer<typeof encounterSummary>;

/** GET /api/v1/encounters/defaults?participantId=: what the note form starts with. */
export const encounterDefaultsQuery = z.object({ participantId: z.uuid().optional() });
export const encounterDefaults = z
  .object({
    startedAt: z.string(),
    /** The peer's last duration, else 30. */
    durationMinutes: z.number().int(),
    type: z.enum(ENCOUNTER_TYPES),
    modality: z.enum(ENCOUNTER_MODALITIES),
    placeOfService: z.string(),
    program: z.string().nullable(),
    peerId: z.uuid().nullable(),
    followUpOn: z.string().nullable(),
    /** Active goals of the participant's recovery plan (empty without participantId or plan). */
    goals: z.array(z.object({ id: z.uuid(), text: z.string() })),
    /** A narrative template per encounter type, in the caller's language. */
    templates: z.record(z.string(), z.string()),
    /**
     * The activities a new note starts with ticked: none, unless the organization turned on
     * `startWithLastActivities` (then those of this peer's last note with the participant).
     */
    activities: z.array(z.enum(ACTIVITIES)),
  })
  .meta({ id: 'EncounterDefaults' });
export type EncounterDefaults = z.infer<typeof encounterDefaults>;

// ---------------------------------------------------------------------------------------------
// The peer's day

export const myDayView = z
  .object({
    /** Today in the organization's time zone. */
    date: z.string(),
    peer: personRef.nullable(),
    /** Participants actively assigned to the peer: overdue follow-ups first (oldest first), then by next follow-up, then name. */
    caseload: z.array(
      z.object({
        participantId: z.uuid(),
        displayName: z.string(),
        assignedAt: z.string(),
        lastContactAt: z.string().nullable(),
        nextFollowUpOn: z.string().nullable(),
        followUpOverdue: z.boolean(),
        planReviewDue: z.boolean(),
      }),
    ),
    /** Follow-ups due today. */
    plannedToday: z.array(z.object({ participantId: z.uuid(), displayName: z.string(), followUpOn: z.string(), fromEncounterId: z.uuid() })),
    /** Notes the supervisor returned (show these first), newest first. */
    returned: z.array(encounterSummary),
    /** Drafts not yet signed, newest first. */
    drafts: z.array(encounterSummary),
  })
  .meta({ id: 'MyDay' });
export type MyDayView = z.infer<typeof myDayView>;

// ---------------------------------------------------------------------------------------------
// Co-signature settings (organizations.settings.caseload)

export const caseloadSettings = z
  .object({
    cosign: z.object({
      /** Every signed note needs a supervisor's co-signature. */
      all: z.boolean().default(false),
      /** Notes of peers in their first N months (from the peer profile's creation); null: off. */
      newPeerMonths: z.number().int().min(1).max(120).nullable().default(null),
      /** Notes that bill a payer need a co-signature before they are billed. */
      billing: z.boolean().default(false),
    }),
    /**
     * A new note starts with the activities this peer recorded last for the participant (issue 17).
     * Off by default: a note starts with none ticked, so a peer attests only to what they chose.
     */
    startWithLastActivities: z.boolean().default(false),
  })
  .meta({ id: 'CaseloadSettings' });
export type CaseloadSettings = z.infer<typeof caseloadSettings>;

// ---------------------------------------------------------------------------------------------
// Recovery plans

const step = z.object({
  /** Kept across versions; omit for a new step. */
  id: z.uuid().optional(),
  text: z.string().trim().min(1).max(1_000),
  targetDate: z.iso.date().nullable().optional(),
  status: z.enum(STEP_STATUSES).default('not-started'),
});
const goal = z.object({
  /** Kept across versions (encounters link to it); omit for a new goal. */
  id: z.uuid().optional(),
  /** In the participant's own words. */
  text: z.string().trim().min(1).max(2_000),
  lifeArea: z.string().trim().max(100).nullable().optional(),
  status: z.enum(GOAL_STATUSES).default('active'),
  steps: z.array(step).max(50).default([]),
});
const support = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['person', 'service', 'community', 'other']).default('person'),
  notes: z.string().trim().max(1_000).nullable().optional(),
});
const agreementInput = z.object({
  agreedBy: z.enum(['participant', 'guardian']).default('participant'),
  method: z.enum(['verbal', 'written', 'electronic']),
  agreedOn: z.iso.date(),
});

/**
 * PUT /api/v1/participants/{id}/plan: the whole plan. Every change writes a new version.
 * `expectedVersion` (the version the editor started from) answers 409 if someone saved in between.
 */
export const planInput = z.object({
  goals: z.array(goal).max(30).default([]),
  strengths: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
  supports: z.array(support).max(50).default([]),
  reviewEveryDays: z.number().int().min(1).max(366).default(90),
  nextReviewOn: z.iso.date().nullable().optional(),
  agreement: agreementInput.nullable().optional(),
  expectedVersion: z.number().int().min(0).optional(),
});
export type PlanInput = z.infer<typeof planInput>;

export const planView = z
  .object({
    participantId: z.uuid(),
    /** 0: no plan yet (the fields are empty). */
    version: z.number().int(),
    goals: z.array(
      z.object({
        id: z.uuid(),
        text: z.string(),
        lifeArea: z.string().nullable(),
        status: z.enum(GOAL_STATUSES),
        steps: z.array(z.object({ id: z.uuid(), text: z.string(), targetDate: z.string().nullable(), status: z.enum(STEP_STATUSES) })),
      }),
    ),
    strengths: z.array(z.string()),
    supports: z.array(z.object({ name: z.string(), kind: z.string(), notes: z.string().nullable() })),
    reviewEveryDays: z.number().int(),
    nextReviewOn: z.string().nullable(),
    reviewDue: z.boolean(),
    /** Who agreed, when and how; `version` is the plan version agreed to. */
    agreement: z
      .object({ agreedBy: z.string(), method: z.string(), agreedOn: z.string(), recordedBy: z.uuid().nullable(), recordedAt: z.string(), version: z.number().int() })
      .nullable(),
    updatedAt: z.string().nullable(),
    updatedBy: z.uuid().nullable(),
  })
  .meta({ id: 'RecoveryPlan' });
export type PlanView = z.infer<typeof planView>;
export type PlanContent = Pick<PlanView, 'goals' | 'strengths' | 'supports' | 'reviewEveryDays' | 'nextReviewOn'>;

export const planHistoryView = z
  .object({
    items: z.array(
      planView.omit({ reviewDue: true }).extend({ changedFields: z.array(z.string()) }),
    ),
  })
  .meta({ id: 'RecoveryPlanHistory' });
