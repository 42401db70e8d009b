import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PipelineDefinition } from '../../modules/workforce/certification.types.ts';

// Mirrors src/db/migrations/0044_certification.sql (the migration holds constraints and row-level security).

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const certificationPipelines = pgTable('certification_pipelines', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  definition: jsonb('definition').$type<PipelineDefinition>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const certificationApplicants = pgTable('certification_applicants', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  pipelineId: uuid('pipeline_id').notNull(),
  name: text('name').notNull(),
  email: text('email'),
  phone: text('phone'),
  lang: text('lang').notNull(),
  peerId: uuid('peer_id'),
  currentStep: text('current_step').notNull(),
  currentSince: ts('current_since').notNull().defaultNow(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const certificationApplicantSteps = pgTable(
  'certification_applicant_steps',
  {
    orgId: uuid('org_id').notNull(),
    applicantId: uuid('applicant_id').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    stepCode: text('step_code').notNull(),
    status: text('status').notNull(),
    amounts: jsonb('amounts').$type<Record<string, number>>().notNull(),
    note: text('note'),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
    updatedBy: uuid('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.applicantId, t.stepCode] })],
);

export const certificationEligibility = pgTable(
  'certification_eligibility',
  {
    orgId: uuid('org_id').notNull(),
    applicantId: uuid('applicant_id').notNull(),
    ruleCode: text('rule_code').notNull(),
    outcome: text('outcome').notNull(),
    reason: text('reason').notNull(),
    recordedBy: uuid('recorded_by'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.applicantId, t.ruleCode] })],
);

export interface ReferenceAnswer {
  knownYears: number;
  capacity: string;
  recommend: 'yes' | 'with-reservations' | 'no';
  comments: string;
}

export const referenceRequests = pgTable('reference_requests', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  applicantId: uuid('applicant_id').notNull(),
  refereeName: text('referee_name').notNull(),
  refereeContact: text('referee_contact'),
  lang: text('lang').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
  usedAt: ts('used_at'),
  answer: jsonb('answer').$type<ReferenceAnswer>(),
});
