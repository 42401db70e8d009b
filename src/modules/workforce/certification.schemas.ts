import { z } from 'zod';
import { PIPELINE_TEMPLATES } from './certification.data.ts';

/**
 * The contracts of the road to certification (issue 21): pipelines with their steps and
 * eligibility rules as data, applicants, step progress, eligibility findings, reference links.
 */

const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'Use 2 to 40 lower-case letters, digits or hyphens');
const words = z.object({ en: z.string().min(1).max(300), es: z.string().min(1).max(300) });
const longWords = z.object({ en: z.string().min(1).max(2000), es: z.string().min(1).max(2000) });
const citation = z.object({ source: z.string().min(1).max(500), checked: z.iso.date(), confidence: z.enum(['V', 'S', '?']), note: z.string().max(1000).optional() });

const step = z.object({
  code,
  title: words,
  kind: z.enum(['check', 'references', 'hours']),
  required: z.number().min(0).max(10000).nullable(),
  domains: z.array(z.object({ domain: code, hours: z.number().min(0).max(10000), title: words })).max(20),
  source: citation,
});
const eligibilityRule = z.object({ code, title: words, explanation: longWords, source: citation });

export const pipelineInput = z.object({
  template: z.enum(Object.keys(PIPELINE_TEMPLATES) as [string, ...string[]]).optional().describe("A built-in template's steps and rules (mi-cpss, icrc-pr)"),
  code,
  name: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(200).optional(),
  steps: z.array(step).min(1).max(30).optional().describe('The steps in order (required without a template)'),
  eligibility: z.array(eligibilityRule).max(30).optional().describe("The body's eligibility rules, each with its source (added to a template's)"),
});
export type PipelineInput = z.infer<typeof pipelineInput>;

const stepView = step.extend({ count: z.number().int(), medianDays: z.number().nullable(), completedCount: z.number().int() });
export const pipelineView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  body: z.string(),
  template: z.string().nullable(),
  steps: z.array(stepView),
  eligibility: z.array(eligibilityRule),
  certified: z.number().int(),
  total: z.number().int(),
});
export type PipelineView = z.infer<typeof pipelineView>;

export const applicantInput = z.object({
  pipelineId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(200).optional(),
  phone: z.string().regex(/^[0-9+() .-]{7,30}$/, 'Use digits, spaces and + ( ) . -').optional(),
  lang: z.enum(['en', 'es']).default('en'),
  peerId: z.uuid().optional(),
});

export const applicantsQuery = z.object({
  pipelineId: z.uuid(),
  step: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const amounts = z.record(z.string(), z.number());
const missingView = z.object({ step: z.string(), missing: amounts });
export const applicantSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  currentStep: z.string(),
  currentSince: z.string(),
  daysInStep: z.number().int(),
  held: z.boolean(),
  missing: z.array(missingView),
});

export const stepInput = z.object({
  status: z.enum(['pending', 'in-progress', 'done', 'waived']).optional(),
  hours: z.record(z.string(), z.number().min(0, 'Hours are not negative').max(10000)).optional().describe("Hours so far by domain ('total' for a step without domains)"),
  note: z.string().trim().max(2000).optional(),
});

export const eligibilityInput = z.object({
  rule: code,
  outcome: z.enum(['meets', 'does-not-meet', 'not-assessed']),
  reason: z.string().trim().min(1, 'Say why, in words the applicant will read').max(2000),
});

export const referenceInput = z.object({
  refereeName: z.string().trim().min(1).max(200),
  refereeContact: z.string().trim().max(200).optional(),
  lang: z.enum(['en', 'es']).default('en'),
});

const referenceAnswer = z.object({
  knownYears: z.number().int().min(0).max(80),
  capacity: z.string().trim().min(1).max(200),
  recommend: z.enum(['yes', 'with-reservations', 'no']),
  comments: z.string().trim().max(4000),
});
export const referenceAnswerInput = referenceAnswer.extend({ confirm: z.literal(true, 'Confirm that the answers are your own') });

export const applicantView = z.object({
  id: z.uuid(),
  pipelineId: z.uuid(),
  pipelineName: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  lang: z.enum(['en', 'es']),
  peerId: z.uuid().nullable(),
  currentStep: z.string(),
  currentSince: z.string(),
  daysInStep: z.number().int(),
  held: z.boolean(),
  steps: z.array(
    z.object({
      code: z.string(),
      title: words,
      kind: z.enum(['check', 'references', 'hours']),
      status: z.enum(['pending', 'in-progress', 'done', 'waived']),
      complete: z.boolean(),
      done: amounts,
      required: amounts,
      missing: amounts,
      startedAt: z.string().nullable(),
      completedAt: z.string().nullable(),
      days: z.number().int().nullable(),
      note: z.string().nullable(),
      source: citation,
    }),
  ),
  eligibility: z.array(
    eligibilityRule.extend({ outcome: z.enum(['meets', 'does-not-meet', 'not-assessed']).nullable(), reason: z.string().nullable(), recordedAt: z.string().nullable() }),
  ),
  references: z.array(
    z.object({
      id: z.uuid(),
      refereeName: z.string(),
      lang: z.enum(['en', 'es']),
      state: z.enum(['active', 'expired', 'revoked', 'spent']),
      createdAt: z.string(),
      expiresAt: z.string(),
      answeredAt: z.string().nullable(),
      answer: referenceAnswer.nullable(),
    }),
  ),
});
export type ApplicantView = z.infer<typeof applicantView>;

export const referenceCreated = z.object({ id: z.uuid(), url: z.string(), token: z.string(), expiresAt: z.string() });
export const referenceForm = z.object({
  organization: z.string(),
  pipelineName: z.string(),
  applicantName: z.string(),
  refereeName: z.string(),
  lang: z.enum(['en', 'es']),
  expiresAt: z.string(),
});
