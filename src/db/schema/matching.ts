import { bigint, doublePrecision, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Mirrors src/db/migrations/0007_matching.sql.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface StoredProposal {
  participantId: string;
  participantName: string;
  peerId: string;
  peerDisplayName: string;
  score: number;
  reasons: Array<{ code: string; label: string }>;
  decision: null | 'accepted' | 'failed';
  problem: string | null;
}

export const matchBatches = pgTable('match_batches', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  status: text('status').notNull(),
  totalScore: doublePrecision('total_score').notNull(),
  proposals: jsonb('proposals').$type<StoredProposal[]>().notNull(),
  unassigned: jsonb('unassigned').$type<Array<{ participantId: string; participantName: string }>>().notNull(),
  decidedAt: ts('decided_at'),
  decidedBy: uuid('decided_by'),
});

export const matchingVersions = pgTable('matching_versions', {
  orgId: uuid('org_id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});
