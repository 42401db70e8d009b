import { boolean, customType, date, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Mirrors src/db/migrations/0038_workforce.sql (the migration holds constraints and row-level security).

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const credentialTypes = pgTable(
  'credential_types',
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

export const peerCredentials = pgTable('peer_credentials', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  peerId: uuid('peer_id').notNull(),
  typeCode: text('type_code').notNull(),
  typeVersion: text('type_version').notNull(),
  number: text('number').notNull(),
  issuingBody: text('issuing_body').notNull(),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  expiresOn: date('expires_on', { mode: 'string' }).notNull(),
  recordedStatus: text('recorded_status'),
  verifiedBy: uuid('verified_by'),
  verifiedAt: ts('verified_at'),
  verifiedHow: text('verified_how'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const ceRecords = pgTable('ce_records', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  peerId: uuid('peer_id').notNull(),
  title: text('title').notNull(),
  provider: text('provider').notNull(),
  completedOn: date('completed_on', { mode: 'string' }).notNull(),
  amount: numeric('amount', { mode: 'number' }).notNull(),
  unit: text('unit').notNull(),
  topics: text('topics').array().notNull(),
  format: text('format').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const workforceFiles = pgTable('workforce_files', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  peerId: uuid('peer_id').notNull(),
  credentialId: uuid('credential_id'),
  ceId: uuid('ce_id'),
  name: text('name').notNull(),
  mediaType: text('media_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  content: bytea('content').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const credentialReminders = pgTable(
  'credential_reminders',
  {
    orgId: uuid('org_id').notNull(),
    credentialId: uuid('credential_id').notNull(),
    kind: text('kind').notNull(),
    about: date('about', { mode: 'string' }).notNull(),
    sentOn: date('sent_on', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.credentialId, t.kind, t.about] })],
);

export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] })],
);

export interface FollowUp {
  text: string;
  dueOn: string | null;
}

export const supervisionSessions = pgTable('supervision_sessions', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  supervisorId: uuid('supervisor_id').notNull(),
  peerId: uuid('peer_id').notNull(),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  minutes: integer('minutes').notNull(),
  kind: text('kind').notNull(),
  topics: text('topics').array().notNull(),
  notes: text('notes'),
  followUps: jsonb('follow_ups').$type<FollowUp[]>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const wellbeingCheckins = pgTable('wellbeing_checkins', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id').notNull(),
  instrument: text('instrument').notNull(),
  answers: jsonb('answers').$type<Record<string, number>>().notNull(),
  scores: jsonb('scores').$type<Array<{ code: string; score: number | null; band: string | null }>>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const wellbeingSharing = pgTable('wellbeing_sharing', {
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id').notNull(),
  shareBand: boolean('share_band').notNull(),
  askCheckin: boolean('ask_checkin').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
