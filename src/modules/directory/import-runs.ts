import { desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import { directoryImports } from '../../db/schema/directory.ts';
import { requireOperator } from './directory.import.ts';
import type { ImportRun, ImportRunDetail, ImportSummary } from './directory.schemas.ts';

/**
 * The import history (issue 19): an operator whose 211 export is imported each night by the CLI
 * sees on the import page when each run was, from which source, what it changed and how many
 * problems it had, and the row report of each source's latest run (the one kept, 0051). Only
 * instance operators, who are the ones who change the shared directory (issue 18).
 */
const columns = {
  id: directoryImports.id,
  source: directoryImports.source,
  format: directoryImports.format,
  startedAt: directoryImports.startedAt,
  finishedAt: directoryImports.finishedAt,
  counts: directoryImports.counts,
  errors: directoryImports.errors,
  warnings: directoryImports.warnings,
  userId: directoryImports.userId,
};
type RunRow = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | null } & { reportKept: boolean };

const view = (r: RunRow): ImportRun => ({
  id: r.id!,
  source: r.source!,
  format: r.format!,
  startedAt: new Date(r.startedAt!).toISOString(),
  finishedAt: new Date(r.finishedAt!).toISOString(),
  counts: r.counts ?? {},
  errors: r.errors ?? 0,
  warnings: r.warnings ?? 0,
  // The CLI runs as the system (no user); the web page as the operator signed in.
  ranFrom: r.userId ? 'web' : 'cli',
  reportKept: r.reportKept,
});

export const createImportRuns = ({ db }: { db: Database }) => {
  const list = async (actor: Actor, limit: number): Promise<ImportRun[]> => {
    requireOperator(actor);
    return db.tenant(actor.orgId, async (tx) => {
      const rows = await tx
        .select({ ...columns, reportKept: sql<boolean>`${directoryImports.report} is not null`.mapWith(Boolean) })
        .from(directoryImports)
        .orderBy(desc(directoryImports.finishedAt), desc(directoryImports.id))
        .limit(limit);
      return rows.map(view);
    });
  };

  const get = async (actor: Actor, id: string): Promise<ImportRunDetail> => {
    requireOperator(actor);
    return db.tenant(actor.orgId, async (tx) => {
      const [row] = await tx
        .select({ ...columns, report: directoryImports.report })
        .from(directoryImports)
        .where(eq(directoryImports.id, id));
      if (!row) throw notFound('Import run');
      const { report, ...rest } = row;
      return { ...view({ ...rest, reportKept: report !== null }), report: (report as ImportSummary['report'] | null) ?? null };
    });
  };

  return { list, get };
};
