import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';

/**
 * Demo only (people.demo.ts, cohort.demo.ts): a match's dates as they would have been had it
 * been made weeks or months ago. The database stamps a match with its own clock, so a synthetic
 * history needs this.
 */
export const backdateAssignment = async (tx: Tx, participantId: string, assignedAt: string, endedAt: string | null) => {
  // The participant agreed to the match when it was made: the consent's time moves with it.
  await tx.execute(sql`update assignments set assigned_at = ${assignedAt}::timestamptz,
    consent = jsonb_set(consent, '{recordedAt}', to_jsonb(${assignedAt}::text)),
    ended_at = case when ended_at is null then null else ${endedAt}::timestamptz end
    where participant_id = ${participantId}::uuid`);
};
