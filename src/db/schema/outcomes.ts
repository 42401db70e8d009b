import { boolean, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Mirrors src/db/migrations/0034_outcomes.sql (the migration holds constraints and row-level security).

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const instruments = pgTable(
  'instruments',
  {
    orgId: uuid('org_id').notNull(),
    code: text('code').notNull(),
    version: text('version').notNull(),
    definition: jsonb('definition').notNull(),
    publishedAt: ts('published_at').notNull().defaultNow(),
    publishedBy: uuid('published_by'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.code, t.version] })],
);

export const assessments = pgTable('assessments', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  participantId: uuid('participant_id').notNull(),
  instrument: text('instrument').notNull(),
  version: text('version').notNull(),
  answers: jsonb('answers').$type<Record<string, number | null>>().notNull(),
  complete: boolean('complete').notNull(),
  total: numeric('total', { mode: 'number' }),
  band: text('band'),
  subscales: jsonb('subscales').$type<Array<{ code: string; score: number | null; band: string | null; prorated: boolean }>>().notNull(),
  flags: text('flags').array().notNull(),
  mode: text('mode').notNull(),
  administeredAt: ts('administered_at').notNull(),
  recordedBy: uuid('recorded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const safetyFollowups = pgTable('safety_followups', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  participantId: uuid('participant_id').notNull(),
  peerId: uuid('peer_id'),
  assessmentId: uuid('assessment_id').notNull(),
  reason: text('reason').notNull(),
  createdAt: ts('created_at').notNull(),
  dueBy: ts('due_by').notNull(),
  status: text('status').notNull(),
  escalatedAt: ts('escalated_at'),
  closedAt: ts('closed_at'),
  closedBy: uuid('closed_by'),
  action: text('action'),
  note: text('note'),
});

// Mirrors src/db/migrations/0035_outcomes_safety.sql.

export const assessmentLinks = pgTable('assessment_links', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  participantId: uuid('participant_id').notNull(),
  instrument: text('instrument').notNull(),
  version: text('version').notNull(),
  lang: text('lang').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
  revokedBy: uuid('revoked_by'),
  usedAt: ts('used_at'),
  assessmentId: uuid('assessment_id'),
});

export const mandatedReports = pgTable('mandated_reports', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  encounterId: uuid('encounter_id').notNull(),
  what: text('what').notNull(),
  reportedTo: text('reported_to').notNull(),
  reportedAt: ts('reported_at').notNull(),
  recordedBy: uuid('recorded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

// Mirrors src/db/migrations/0043_outcomes_program_schedules.sql.

export const programSchedules = pgTable(
  'program_schedules',
  {
    orgId: uuid('org_id').notNull(),
    program: text('program').notNull(),
    schedule: jsonb('schedule').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.program] })],
);
