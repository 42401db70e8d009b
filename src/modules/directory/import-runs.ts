import type { Actor } from '../../core/actor.ts';
import { notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import { requireOperator } from './directory.import.ts';
import type { ImportRun, ImportRunDetail, ImportSummary } from './directory.schemas.ts';
import { importRun, latestImports, type StoredImportRun } from './import.repo.ts';

/**
 * The import history (issue 19): an operator whose 211 export is imported each night by the CLI
 * sees on the import page when each run was, from which source, what it changed and how many
 * problems it had, and the row report of each source's latest run (the one kept, 0051). Only
 * instance operators, who are the ones who change the shared directory (issue 18).
 */
const view = (r: StoredImportRun): ImportRun => ({
  id: r.id,
  source: r.source,
  format: r.format,
  startedAt: new Date(r.startedAt).toISOString(),
  finishedAt: new Date(r.finishedAt).toISOString(),
  counts: r.counts,
  errors: r.errors,
  warnings: r.warnings,
  // The CLI runs as the system (no user); the web page as the operator signed in.
  ranFrom: r.userId ? 'web' : 'cli',
  reportKept: r.reportKept,
});

export const createImportRuns = ({ db }: { db: Database }) => {
  const list = async (actor: Actor, limit: number): Promise<ImportRun[]> => {
    requireOperator(actor);
    return db.tenant(actor.orgId, async (tx) => (await latestImports(tx, limit)).map(view));
  };

  const get = async (actor: Actor, id: string): Promise<ImportRunDetail> => {
    requireOperator(actor);
    return db.tenant(actor.orgId, async (tx) => {
      const row = await importRun(tx, id);
      if (!row) throw notFound('Import run');
      const { report, ...rest } = row;
      return { ...view({ ...rest, reportKept: report !== null }), report: (report as ImportSummary['report'] | null) ?? null };
    });
  };

  return { list, get };
};
