import { bigint, boolean, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Mirrors src/db/migrations/0001_identity.sql (the migration is the source of truth for
// constraints, indexes and row-level security; this file types the queries).

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  email: text('email').notNull(),
  displayName: text('display_name'),
  role: text('role').notNull(),
  passwordHash: text('password_hash'),
  active: boolean('active').notNull().default(true),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  totpSecretEnc: text('totp_secret_enc'),
  totpEnabled: boolean('totp_enabled').notNull().default(false),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  lastLoginAt: ts('last_login_at'),
  /** An instance operator (0030): may change the shared directory; granted by the CLI only. */
  instanceOperator: boolean('instance_operator').notNull().default(false),
});

export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  sourceIp: text('source_ip'),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id').notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

export const auditEvents = pgTable('audit_events', {
  id: uuid('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  chainId: uuid('chain_id').notNull(),
  chainSeq: bigint('chain_seq', { mode: 'number' }).notNull(),
  orgId: uuid('org_id'),
  occurredAt: ts('occurred_at').notNull(),
  actorKind: text('actor_kind').notNull(),
  actorId: uuid('actor_id'),
  action: text('action').notNull(),
  entityType: text('entity_type'),
  entityId: text('entity_id'),
  sourceIp: text('source_ip'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  /** 'success', or 'denied' for a refused attempt (0026). */
  outcome: text('outcome').notNull().default('success'),
  /** 1: hashed before 0030 (time to the millisecond); 2: time to the microsecond, as stored. */
  hashVersion: smallint('hash_version').notNull().default(1),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const auditChainHeads = pgTable('audit_chain_heads', {
  chainId: uuid('chain_id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});
