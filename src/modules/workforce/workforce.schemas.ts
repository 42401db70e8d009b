import { z } from 'zod';
import { CE_FORMATS, CE_TOPICS, CE_UNITS } from './credential.types.ts';

/**
 * The contracts of the workforce module (issue 21): credential rule sets, a peer's credentials
 * and continuing education, progress per cycle, evidence files. Cross-field checks (a course
 * inside a cycle, hours a day) live in the service with the rules, so the CLI gets them too.
 */

const day = z.iso.date();
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'Use 2 to 40 lower-case letters, digits or hyphens');
const citation = z.object({
  source: z.string().min(1).max(500),
  checked: day,
  confidence: z.enum(['V', 'S', '?']),
  note: z.string().max(1000).optional(),
});
const hoursOrNull = z.number().min(0).max(1000).nullable();
const CITED = ['cycle', 'ce', 'topics', 'units', 'renewal', 'grace', 'inactive', 'retention', 'initial'] as const;

const ruleSetShape = {
  code,
  version: z.string().regex(/^[0-9A-Za-z.-]{1,20}$/, 'Use a version such as 1 or 2026-12'),
  name: z.string().min(1).max(200),
  body: z.string().min(1).max(200),
  jurisdiction: z.string().min(1).max(40),
  population: z.enum(['peer', 'youth', 'family']),
  cycle: z.object({
    kind: z.enum(['rolling-from-issue', 'anchored-month-start', 'calendar-year', 'annual-fixed-expiry']),
    years: z.number().int().min(1).max(10),
    firstCeYearAfterIssue: z.boolean(),
    fixedEnd: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Use MM-DD').nullable(),
  }),
  ce: z.object({
    totalHours: hoursOrNull,
    topics: z.array(z.object({ topic: z.enum(CE_TOPICS), hours: z.number().min(0).max(1000) })).max(20),
    electiveHours: hoursOrNull,
    prorateIfIssuedAfter: z.string().regex(/^\d{2}-\d{2}$/, 'Use MM-DD').nullable(),
    prorateFactor: z.number().min(0).max(1).nullable(),
    preCertificationCounts: z.boolean().nullable(),
    carryOver: z.boolean().nullable(),
    repeatedEventsCount: z.boolean().nullable(),
    excludedFormats: z.array(z.enum(CE_FORMATS)).max(10),
  }),
  units: z.object({ semesterCredit: hoursOrNull, trimesterCredit: hoursOrNull, quarterCredit: hoursOrNull, ceu: hoursOrNull }),
  renewal: z.object({
    submissionWindowDays: z.number().int().min(0).max(730).nullable(),
    graceDays: z.number().int().min(0).max(730),
    lateUntilDays: z.number().int().min(0).max(730),
    lateFeeUsd: z.number().min(0).nullable(),
    renewalFeeUsd: z.number().min(0).nullable(),
    inactiveState: z.boolean(),
    reactivationFeeUsd: z.number().min(0).nullable(),
    retrainAfterInactiveYears: z.number().int().min(0).max(20).nullable(),
    reattest: z.array(z.string().min(1).max(60)).max(10),
  }),
  recordRetentionYears: z.number().int().min(0).max(50).nullable(),
  initial: z.array(z.string().min(1).max(60)).max(30),
  citations: z.object(Object.fromEntries(CITED.map((k) => [k, citation])) as Record<(typeof CITED)[number], typeof citation>),
};

/** Input: an organization's own rule set (no `.meta` id on input schemas). */
export const ruleSetInput = z.object(ruleSetShape);
export type RuleSetInput = z.infer<typeof ruleSetInput>;

export const ruleSetView = z.object({ ...ruleSetShape, builtIn: z.boolean(), publishedAt: z.string().nullable(), versions: z.array(z.string()) }).meta({ id: 'CredentialType' });

// ---------- files ----------

/** A file sent inline: name and base64 content; its type is read from the bytes. */
export const fileInput = z.object({ name: z.string().min(1).max(200), content: z.base64().max(3_000_000, 'The file is over the size limit (2 MB)') });
export const fileView = z.object({ id: z.uuid(), name: z.string(), mediaType: z.string(), sizeBytes: z.number().int(), sha256: z.string() }).meta({ id: 'WorkforceFile' });

// ---------- credentials ----------

const CREDENTIAL_STATUSES = ['active', 'grace', 'lapsed', 'inactive'] as const;

export const credentialInput = z.object({
  type: code,
  typeVersion: z.string().max(20).optional(),
  number: z.string().trim().min(1).max(60),
  issuingBody: z.string().trim().min(1).max(200).optional(),
  issuedOn: day,
  /** The body's own expiry; absent: the end of the first cycle by the rule set. */
  expiresOn: day.optional(),
  recordedStatus: z.enum(CREDENTIAL_STATUSES).nullable().optional(),
  verification: z.object({ checkedOn: z.iso.datetime({ offset: true }).optional(), how: z.string().trim().min(1).max(500) }).optional(),
  evidence: z.array(fileInput).max(5).optional(),
});
export type CredentialInput = z.infer<typeof credentialInput>;

/** A renewal or correction: any of the fields; `renew` moves the expiry to the end of the next cycle by the rule set. */
export const credentialUpdate = z.object({
  renew: z.boolean().optional().describe('Renew for the next cycle: the expiry becomes the end of the cycle after the current one (by the rule set), unless expiresOn is given'),
  number: z.string().trim().min(1).max(60).optional(),
  issuingBody: z.string().trim().min(1).max(200).optional(),
  issuedOn: day.optional(),
  expiresOn: day.optional(),
  recordedStatus: z.enum(CREDENTIAL_STATUSES).nullable().optional(),
  verification: z.object({ checkedOn: z.iso.datetime({ offset: true }).optional(), how: z.string().trim().min(1).max(500) }).optional(),
  evidence: z.array(fileInput).max(5).optional(),
});
export type CredentialUpdate = z.infer<typeof credentialUpdate>;
export const credentialParams = z.object({ id: z.uuid(), credentialId: z.uuid() });

export const credentialView = z
  .object({
    id: z.uuid(),
    peerId: z.uuid(),
    type: z.string(),
    typeVersion: z.string(),
    typeName: z.string(),
    number: z.string(),
    issuingBody: z.string(),
    issuedOn: z.string(),
    expiresOn: z.string(),
    status: z.enum(CREDENTIAL_STATUSES),
    statusReason: z.string(),
    lateFee: z.boolean(),
    graceEndsOn: z.string().nullable(),
    retrainRequired: z.boolean(),
    renewalOpensOn: z.string().nullable(),
    verification: z.object({ by: z.uuid().nullable(), at: z.string().nullable(), how: z.string().nullable() }),
    evidence: z.array(fileView),
  })
  .meta({ id: 'PeerCredential' });
export type CredentialView = z.infer<typeof credentialView>;

// ---------- continuing education ----------

export const ceInput = z.object({
  title: z.string().trim().min(1).max(300),
  provider: z.string().trim().min(1).max(200),
  completedOn: day,
  hours: z.number().positive('Hours must be more than 0').optional(),
  amount: z.number().positive().optional(),
  unit: z.enum(CE_UNITS).default('hours'),
  topics: z.array(z.enum(CE_TOPICS)).max(10).default([]),
  format: z.enum(CE_FORMATS),
  certificate: fileInput.optional(),
});
export type CeInput = z.infer<typeof ceInput>;

export const ceView = z
  .object({
    id: z.uuid(),
    peerId: z.uuid(),
    title: z.string(),
    provider: z.string(),
    completedOn: z.string(),
    amount: z.number(),
    unit: z.enum(CE_UNITS),
    topics: z.array(z.string()),
    format: z.string(),
    certificate: fileView.nullable(),
    /** How the course counts toward each of the peer's credentials on its date. */
    countsToward: z.array(z.object({ credentialId: z.uuid(), credentialType: z.string(), hours: z.number(), counted: z.boolean(), reason: z.string().nullable() })),
  })
  .meta({ id: 'ContinuingEducation' });
export type CeView = z.infer<typeof ceView>;

export const progressQuery = z.object({ on: day.optional() });
export const progressView = z
  .object({
    on: z.string(),
    cycles: z.array(
      z.object({
        credentialId: z.uuid(),
        credentialType: z.string(),
        start: z.string(),
        end: z.string(),
        hoursDone: z.number(),
        hoursRequired: z.number().nullable(),
        topics: z.array(z.object({ topic: z.string(), done: z.number(), required: z.number() })),
        status: z.string(),
        daysLeft: z.number().int(),
        credentialStatus: z.enum(CREDENTIAL_STATUSES),
        records: z.array(z.object({ ceId: z.string(), hours: z.number(), counted: z.boolean(), reason: z.string().nullable() })),
        notes: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'CeProgress' });
export type ProgressView = z.infer<typeof progressView>;

export const peerParam = z.object({ id: z.uuid() });
export const fileParam = z.object({ id: z.uuid() });
