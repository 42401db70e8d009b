import { bigint, boolean, date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Mirrors src/db/migrations/0006_referrals.sql.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** What the participant agreed to share, item by item, and how they agreed. */
export interface SharedJson {
  items: string[];
  consent: { given: boolean; method: string; recordedAt: string };
}

export const referrals = pgTable('referrals', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  participantId: uuid('participant_id').notNull(),
  serviceId: uuid('service_id').notNull(),
  serviceName: text('service_name').notNull(),
  serviceOrganizationName: text('service_organization_name'),
  receiverOrgId: uuid('receiver_org_id'),
  need: text('need').notNull(),
  urgency: text('urgency').notNull(),
  note: text('note').notNull(),
  shared: jsonb('shared').$type<SharedJson>().notNull(),
  sharedValuesEnc: text('shared_values_enc').notNull(),
  part2: boolean('part2').notNull(),
  status: text('status').notNull(),
  statusReason: text('status_reason'),
  followUpOn: date('follow_up_on', { mode: 'string' }),
  outcome: text('outcome'),
  outcomeNote: text('outcome_note'),
  outcomeRecordedAt: ts('outcome_recorded_at'),
  outcomeRecordedBy: uuid('outcome_recorded_by'),
  createdBy: uuid('created_by'),
  peerId: uuid('peer_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
  acceptedAt: ts('accepted_at'),
  closedAt: ts('closed_at'),
  // 0029: how the receiver reaches the referring peer (the contact the peer chose to share).
  referrerContact: text('referrer_contact'),
});

export const referralPart2Consents = pgTable('referral_part2_consents', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  referralId: uuid('referral_id').notNull(),
  participantId: uuid('participant_id').notNull(),
  recipient: text('recipient').notNull(),
  purpose: text('purpose').notNull(),
  expiresOn: date('expires_on', { mode: 'string' }).notNull(),
  method: text('method').notNull(),
  signedOn: date('signed_on', { mode: 'string' }).notNull(),
  recordedBy: uuid('recorded_by'),
  recordedAt: ts('recorded_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
  // 0023: who recorded the participant's withdrawal.
  revokedBy: uuid('revoked_by'),
});

export const referralEvents = pgTable('referral_events', {
  id: uuid('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  orgId: uuid('org_id').notNull(),
  referralId: uuid('referral_id').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  reason: text('reason'),
  actorKind: text('actor_kind').notNull(),
  actorUserId: uuid('actor_user_id'),
  actorOrgId: uuid('actor_org_id'),
  at: ts('at').notNull().defaultNow(),
});

export const referralLinks = pgTable('referral_links', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  referralId: uuid('referral_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
  revokedBy: uuid('revoked_by'),
  lastUsedAt: ts('last_used_at'),
  uses: integer('uses').notNull().default(0),
});
