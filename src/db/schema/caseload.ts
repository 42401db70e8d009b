import { boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Mirrors src/db/migrations/0003_caseload.sql (the migration holds constraints, the
// signed-note trigger and row-level security).

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const encounters = pgTable('encounters', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  peerId: uuid('peer_id').notNull(),
  type: text('type').notNull(),
  modality: text('modality').notNull(),
  startedAt: ts('started_at').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  serviceDate: date('service_date', { mode: 'string' }).notNull(),
  placeOfService: text('place_of_service').notNull(),
  program: text('program'),
  activities: text('activities').array().notNull(),
  goalIds: uuid('goal_ids').array().notNull(),
  narrative: text('narrative').notNull(),
  nextSteps: text('next_steps').notNull(),
  followUpOn: date('follow_up_on', { mode: 'string' }),
  status: text('status').notNull(),
  cosignRequired: boolean('cosign_required').notNull(),
  signedAt: ts('signed_at'),
  signedBy: uuid('signed_by'),
  attestation: text('attestation'),
  cosignedAt: ts('cosigned_at'),
  cosignedBy: uuid('cosigned_by'),
  returnedAt: ts('returned_at'),
  returnedBy: uuid('returned_by'),
  returnComment: text('return_comment'),
  voidedAt: ts('voided_at'),
  voidedBy: uuid('voided_by'),
  voidReason: text('void_reason'),
  voidResubmit: boolean('void_resubmit').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const encounterParticipants = pgTable(
  'encounter_participants',
  {
    encounterId: uuid('encounter_id').notNull(),
    participantId: uuid('participant_id').notNull(),
    orgId: uuid('org_id').notNull(),
    position: integer('position').notNull(),
    lineId: uuid('line_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.encounterId, t.participantId] })],
);

export const encounterAddenda = pgTable('encounter_addenda', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  encounterId: uuid('encounter_id').notNull(),
  text: text('text').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const encounterReviews = pgTable('encounter_reviews', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  encounterId: uuid('encounter_id').notNull(),
  action: text('action').notNull(),
  comment: text('comment'),
  byUser: uuid('by_user'),
  at: ts('at').notNull().defaultNow(),
});

export interface PlanAgreement {
  agreedBy: string;
  method: string;
  agreedOn: string;
  recordedBy: string | null;
  recordedAt: string;
  version: number;
}

export interface PlanContentJson {
  goals: Array<{
    id: string;
    text: string;
    lifeArea: string | null;
    status: 'active' | 'achieved' | 'paused' | 'discontinued';
    steps: Array<{ id: string; text: string; targetDate: string | null; status: 'not-started' | 'in-progress' | 'done' | 'dropped' }>;
  }>;
  strengths: string[];
  supports: Array<{ name: string; kind: string; notes: string | null }>;
  reviewEveryDays: number;
}

export const recoveryPlans = pgTable('recovery_plans', {
  participantId: uuid('participant_id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  version: integer('version').notNull(),
  content: jsonb('content').$type<PlanContentJson>().notNull(),
  nextReviewOn: date('next_review_on', { mode: 'string' }),
  agreement: jsonb('agreement').$type<PlanAgreement | null>(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

export const recoveryPlanVersions = pgTable(
  'recovery_plan_versions',
  {
    participantId: uuid('participant_id').notNull(),
    orgId: uuid('org_id').notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').$type<PlanContentJson>().notNull(),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    agreement: jsonb('agreement').$type<PlanAgreement | null>(),
    changedFields: text('changed_fields').array().notNull(),
    changedAt: ts('changed_at').notNull().defaultNow(),
    changedBy: uuid('changed_by'),
  },
  (t) => [primaryKey({ columns: [t.participantId, t.version] })],
);
