import { randomUUID } from 'node:crypto';
import { isInstanceOperator, type Actor } from '../../core/actor.ts';
import { AppError, badRequest, forbidden } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import { HsdsImportError, TABLES, rowsOf } from '../../interop/hsds/model.ts';
import type { ImportResult, ResourceName, Row } from '../../interop/hsds/model.ts';
import { toCsvText } from '../../interop/hsds/csv.ts';
import { readFileSet } from '../../interop/hsds/read-directory.ts';
import { readHsds3Csv, type FileSet } from '../../interop/hsds/read-hsds3-csv.ts';
import { readHsds3Json } from '../../interop/hsds/read-hsds3-json.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { createUnchangedImport } from './import-hash.ts';
import * as repo from './directory.repo.ts';
import * as writes from './import.repo.ts';
import { BUILTIN_SOURCE, withoutBuiltinRows } from './builtin.rules.ts';
import type { ImportSummary } from './directory.schemas.ts';

/**
 * Importing an HSDS package into the shared directory (issues 5, 19): read and normalize before
 * any transaction (a fatal problem changes nothing), then write table by table with COPY in
 * batches, remove what the source no longer carries, and rebuild the search rows of what changed.
 * Split from directory.service.ts; the service exposes it as `importDirectory`.
 */
/** What an import reads: files of a package (or one JSON file), or an already parsed HSDS JSON document. */
export type ImportInput = { files: FileSet } | { json: unknown };

export interface ImportOptions {
  strict?: boolean | undefined;
  /** Names the feed; stable ids and re-import updates depend on it. */
  source?: string | undefined;
  /** Time zone for locations whose state does not tell one (default: the organization's, else New York). */
  defaultTimeZone?: string | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Tables a re-import of a source replaces: rows of the source that the new import does not carry
 * are removed (a phone or schedule the feed dropped). Organizations, services, locations and their
 * links are kept (referrals point at services) and only counted.
 */
const KEPT_WHEN_MISSING = new Set<ResourceName>(['organization', 'program', 'service', 'location', 'service_at_location', 'taxonomy', 'taxonomy_term']);
const BATCH = 10_000;
/** Rows an import must change in a table before it refreshes the table's planner statistics. */
const ANALYZE_AFTER_ROWS = 1000;
/**
 * The HSDS tables whose statistics searches plan with (the HSDS API's filters join them; staff
 * search reads directory_search alone). The others are only read by id or by the foreign key of
 * a row already found, where an index lookup is the plan whatever the statistics; analyzing them
 * after each big import cost about half of the import's ANALYZE (autovacuum gets to them later).
 */
const ANALYZED_RESOURCES = new Set<string>(['service', 'organization', 'location', 'service_at_location', 'attribute', 'taxonomy_term', 'service_area']);

/**
 * HSDS 3.0 "tabular JSON" (examples/tabular.json): `{ "services.csv": [ {row}, ... ], ... }`, the
 * tabular package as one JSON document. The interop readers do not take it, so it is turned back
 * into the CSV files it stands for and read as a 3.0 package.
 */
const tabularJsonFiles = (input: ImportInput): FileSet | undefined => {
  let doc: unknown;
  if ('json' in input) doc = input.json;
  else {
    const names = Object.keys(input.files);
    if (names.length !== 1 || !names[0]!.toLowerCase().endsWith('.json')) return undefined;
    try {
      doc = JSON.parse(Buffer.from(input.files[names[0]!] as string | Uint8Array).toString('utf8'));
    } catch {
      return undefined;
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const entries = Object.entries(doc as Record<string, unknown>);
  if (entries.length === 0 || !entries.every(([k, v]) => k.endsWith('.csv') && Array.isArray(v))) return undefined;
  const files: Record<string, string> = {};
  for (const [name, rows] of entries) {
    const list = (rows as unknown[]).filter((r): r is Record<string, string | number> => !!r && typeof r === 'object');
    const columns = [...new Set(list.flatMap((r) => Object.keys(r)))];
    files[name] = toCsvText(columns.length > 0 ? columns : ['id'], list.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? undefined : typeof v === 'object' ? JSON.stringify(v) : v]))));
  }
  return files;
};

const fatal = (e: HsdsImportError) =>
  new AppError(422, `import-${e.code}`, e.message, {
    errors: e.report
      .filter((r) => r.severity === 'error')
      .slice(0, 200)
      .map((r) => ({ field: `${r.file}:${r.row}${r.field ? `:${r.field}` : ''}`, message: r.problem, ...(r.note ? { note: r.note } : {}) })),
  });

/**
 * Writes `rows` in batches of BATCH: each batch is serialized while the database writes the
 * previous one (Node and PostgreSQL work side by side); `write` gets the batch's CSV and where
 * it starts in `rows`, and `written` is told each batch's size once it is written.
 */
const inBatches = async (
  rows: readonly Row[],
  serialize: (slice: readonly Row[]) => string,
  write: (csv: string, start: number, count: number) => Promise<void>,
  written: (n: number) => void,
): Promise<void> => {
  let previous: Promise<void> = Promise.resolve();
  for (let i = 0; i < rows.length; i += BATCH) {
    const slice = rows.slice(i, i + BATCH);
    const csv = serialize(slice);
    await previous;
    previous = write(csv, i, slice.length).then(() => written(slice.length));
  }
  await previous;
};

/**
 * The shared directory (HSDS tables: what every organization and the public HSDS API serve) is
 * changed only by an instance operator or the CLI (issue 18): an organization's admin changes
 * their own local resources, notes and, for services they manage, beds.
 */
export const requireOperator = (actor: Actor, refusal = 'Only an instance operator changes the shared directory. Add your own resources as local resources.') => {
  if (!isInstanceOperator(actor)) throw forbidden(refusal);
};

export const createDirectoryImport = ({ db, audit, clock }: { db: Database; audit: AuditService; clock: () => Date }) => {
  /** Read and normalize (pure, before any transaction): a fatal problem throws and changes nothing. */
  const read = (input: ImportInput, o: ImportOptions): ImportResult & { format: string; source: string } => {
    try {
      const tabular = tabularJsonFiles(input);
      if (tabular) return { format: 'hsds3-tabular-json', source: o.source ?? 'api', ...readHsds3Csv(tabular, { source: o.source ?? 'api', strict: o.strict ?? false }) };
      if ('json' in input) {
        const source = o.source ?? 'api';
        return { format: 'hsds3-json', source, ...readHsds3Json(input.json, { source, strict: o.strict ?? false, file: 'body.json' }) };
      }
      const source = o.source ?? 'api';
      const r = readFileSet(input.files, { source, strict: o.strict ?? false });
      return { ...r, source };
    } catch (e) {
      if (e instanceof HsdsImportError) throw fatal(e);
      throw e;
    }
  };

  const repeatUnchanged = createUnchangedImport({ db, audit });

  const importDirectory = async (actor: Actor, input: ImportInput, o: ImportOptions = {}): Promise<ImportSummary> => {
    requireOperator(actor);
    if ((o.source ?? '').trim().toLowerCase() === BUILTIN_SOURCE) {
      throw badRequest('The source "peerbridge" names the built-in national entries; name your feed otherwise.', [
        { field: 'querystring.source', message: 'Reserved for the built-in entries' },
      ]);
    }
    const startedAt = clock();
    const t0 = performance.now();
    const unchanged = await repeatUnchanged(actor, input, o, startedAt);
    if (unchanged.summary) return unchanged.summary;
    const result = read(input, o);
    const readMs = performance.now() - t0;
    const importId = randomUUID();
    let done = 0;
    return db.tenant(actor.orgId, async (tx) => {
      await writes.lockImports(tx);
      // The built-in national entries are protected rows (0030): an import that carries one, or a
      // row hanging from one, has that row skipped and reported, and the rest goes in.
      const protectedRows = withoutBuiltinRows(result.directory, await repo.builtinIds(tx));
      const directory = protectedRows.directory;
      result.report.push(...protectedRows.report);
      const total = TABLES.reduce((n, t) => n + rowsOf(directory, t.key).length, 0);
      const defaultTimeZone = o.defaultTimeZone ?? (actor.orgId ? await repo.orgTimeZone(tx, actor.orgId) : undefined) ?? 'America/New_York';
      const counts: ImportSummary['counts'] = {};
      o.onProgress?.(0, total);
      let changed = false;
      // A table loaded by COPY (none of its ids stored yet) rebuilds the search rows of every
      // service of the import; otherwise only those of the rows a re-import touched (pb_touched).
      let loaded = false;
      // Tables that held no imported row before this import (only built-in entries, if any): a
      // first import finds them all so.
      const wereEmpty = new Set<ResourceName>();
      await writes.createTouched(tx);
      for (const t of TABLES) {
        const rows = rowsOf(directory, t.key);
        const c = { inserted: 0, updated: 0, unchanged: 0, removed: 0 };
        counts[t.resource] = c;
        if (rows.length === 0 && KEPT_WHEN_MISSING.has(t.resource)) continue;
        const ids = rows.map((r) => String(r['id']));
        const state = await writes.tableState(tx, t.resource, ids, result.source);
        if (state.empty) wereEmpty.add(t.resource);
        const track = !KEPT_WHEN_MISSING.has(t.resource) && state.sourced;
        if (state.known) {
          // A re-import: the table's rows are staged by COPY (each batch's CSV is built while
          // the database reads the previous one), then compared with the stored rows at once.
          await writes.createStage(tx, t.resource);
          // Staging is most of a re-import's writing: the progress bar moves with each batch.
          await inBatches(
            rows,
            (slice) => writes.stageCsv(t.resource, slice),
            (csv) => writes.stageHsdsRows(tx, t.resource, csv),
            (n) => o.onProgress?.((done += n), total),
          );
          const r = await writes.mergeStagedRows(tx, t.resource, rows.length, result.source, importId);
          c.inserted = r.inserted;
          c.updated = r.updated;
          c.unchanged = r.unchanged;
          if (track) c.removed = await writes.removeUnseen(tx, t.resource, result.source, true);
          if (c.inserted + c.updated + c.removed > 0) changed = true;
          continue;
        }
        if (track) await writes.createSeen(tx, t.resource);
        // A big first load into a (nearly) empty table goes in without the table's indexes, which
        // are then built once: about half the work of maintaining them row by row.
        const unindexed = rows.length >= BATCH && (await writes.unindexTable(tx, `hsds_${t.resource}`));
        // No id of the table is stored yet (a first import): every row is new and goes in by COPY.
        await inBatches(
          rows,
          (slice) => writes.hsdsCsv(t.resource, slice, result.source, importId),
          async (csv, start, count) => {
            c.inserted += (await writes.copyNewHsdsRows(tx, t.resource, csv, ids.slice(start, start + count), track)).inserted;
          },
          (n) => o.onProgress?.((done += n), total),
        );
        if (unindexed) await writes.reindexTable(tx, `hsds_${t.resource}`);
        if (c.inserted > 0) loaded = true;
        if (track) c.removed = await writes.removeUnseen(tx, t.resource, result.source);
        if (c.inserted + c.updated + c.removed > 0) changed = true;
      }
      await writes.upsertExternalIds(tx, result.externalIds, importId);
      const writeMs = performance.now() - t0 - readMs;
      // The search rows depend on every table; when nothing changed there is nothing to rebuild,
      // and a re-import rebuilds those of the services its changes reach (a phone, a schedule,
      // a location or organization of theirs), not the whole directory's.
      const serviceIds = new Set(changed && loaded ? directory.services.map((s) => s.id) : []);
      if (changed) for (const id of await writes.touchedServices(tx)) serviceIds.add(id);
      // Services of other imports hang from this one's organizations and locations only when
      // imported services or their locations were stored before it: in a directory of built-in
      // entries alone (which hang from built-in organizations, never imported) the import's own
      // services are all there are.
      const othersLinked = !wereEmpty.has('service') || !wereEmpty.has('service_at_location');
      if (changed && loaded && othersLinked) {
        for (const id of await writes.servicesLinkedTo(
          tx,
          directory.organizations.map((x) => x.id),
          directory.locations.map((x) => x.id),
        )) {
          serviceIds.add(id);
        }
      }
      const servicesIndexed = serviceIds.size;
      // After a large import the planner needs statistics for the new rows before the first
      // search. The HSDS tables get theirs first, so the refresh below joins them with a plan
      // made for their size (without, it took a few percent longer).
      await writes.analyzeTables(
        tx,
        Object.entries(counts)
          .filter(([resource, c]) => ANALYZED_RESOURCES.has(resource) && c.inserted + c.updated + c.removed >= ANALYZE_AFTER_ROWS)
          .map(([resource]) => `hsds_${resource}`),
      );
      // The search rows of a big first import go in without their nine indexes, which are then
      // built once (as the HSDS tables' are).
      const searchUnindexed = servicesIndexed >= BATCH && (await writes.unindexTable(tx, 'directory_search'));
      await repo.refreshSearch(tx, [...serviceIds], defaultTimeZone);
      if (searchUnindexed) await writes.reindexTable(tx, 'directory_search');
      if (servicesIndexed >= ANALYZE_AFTER_ROWS) await writes.analyzeTables(tx, ['directory_search']);
      const indexMs = performance.now() - t0 - readMs - writeMs;
      const errors = result.report.filter((r) => r.severity === 'error').length;
      const warnings = result.report.length - errors;
      await writes.recordImport(tx, {
        id: importId,
        source: result.source,
        format: result.format,
        startedAt,
        counts,
        errors,
        warnings,
        orgId: actor.orgId,
        userId: actor.kind === 'user' ? actor.userId : null,
        // Only a hash of what was read (and the options) with the defaults this run used.
        contentHash: unchanged.hash && unchanged.hashTimeZone === defaultTimeZone ? unchanged.hash : null,
        report: unchanged.hash ? result.report : null,
      });
      await audit.record(tx, actor, {
        action: 'directory.import',
        entityType: 'directory_import',
        entityId: importId,
        details: { source: result.source, format: result.format, rows: total, errors, warnings },
      });
      const timings = { readMs: Math.round(readMs), writeMs: Math.round(writeMs), indexMs: Math.round(indexMs) };
      return { importId, source: result.source, format: result.format, counts, errors, warnings, servicesIndexed, timings, report: result.report };
    }, null, db.longStatements); // a long import: its own statement timeout
  };
  return importDirectory;
};
