import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { mandatedReports } from '../../db/schema/outcomes.ts';

export const insertMandatedReport = (tx: Tx, row: typeof mandatedReports.$inferInsert) => tx.insert(mandatedReports).values(row);
export const mandatedReportsOf = (tx: Tx, encounterId: string) =>
  tx.select().from(mandatedReports).where(eq(mandatedReports.encounterId, encounterId)).orderBy(asc(mandatedReports.createdAt));
