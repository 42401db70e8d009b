// The directory import's writing (issues 5, 19): the statements `directory.import.ts` runs in
// its transaction, from the advisory lock to the recorded run. Split from directory.repo.ts,
// which keeps the reading side (HSDS API lists, tenant rows) and the search-row refresh.
import { desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { copyCsv, csvField, rowsOf } from '../../db/client.ts';
import { directoryImports } from '../../db/schema/directory.ts';
import { TABLE_BY_RESOURCE } from '../../interop/hsds/model.ts';
import type { ExternalId, ResourceName, Row } from '../../interop/hsds/model.ts';
import { BUILTIN_SOURCE } from './builtin.rules.ts';
import { pgType, q, table, textArray, uuidArray } from './directory.repo.ts';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const seenOf = (resource: ResourceName) => sql.raw(`pb_seen_${resource}`);

/**
 * Imports run one at a time (a transaction-scoped advisory lock): what tableState finds holds
 * until the import commits, so the COPY path never meets a row another import just added.
 */
export const lockImports = async (tx: Tx) => {
  await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
};
const IMPORT_LOCK = 7_301_2025;

/**
 * What one import finds in a table before it writes: whether any of its ids is stored already
 * (if none, every row is new and goes in by COPY) and whether the source has rows there (if
 * not, there is nothing the import could remove, so its ids need not be tracked).
 */
export const tableState = async (tx: Tx, resource: ResourceName, ids: readonly string[], source: string) => {
  const target = table(resource);
  // A table that holds no imported row (a first import) knows none of the import's ids: sending
  // 100,000 ids to learn that cost about 80 ms a table. The built-in national entries (0030) do
  // not count: an import never carries their ids (withoutBuiltinRows skips such rows).
  const [first] = rowsOf<{ empty: boolean }>(
    await tx.execute(sql`select not exists (select 1 from ${target} t where t.pb_source is distinct from ${BUILTIN_SOURCE}) as empty`),
  );
  if (first!.empty) return { known: false, sourced: false, empty: true };
  const [r] = rowsOf<{ known: boolean; sourced: boolean }>(
    await tx.execute(sql`select exists (select 1 from ${target} t where t.id = any(${`{${ids.join(',')}}`}::uuid[])) as known,
      exists (select 1 from ${target} t where t.pb_source = ${source}) as sourced`),
  );
  return { ...r!, empty: false };
};

/** Rows of one table as COPY CSV in the HSDS column order (null unquoted, text quoted), each line ending in `tail`. */
const rowsCsv = (resource: ResourceName, rows: readonly Row[], tail: string): string => {
  const names = TABLE_BY_RESOURCE.get(resource)!.fields.map((f) => f.name);
  // Each line joined at once (one flat string), then the batch: a line built by `+=` is a rope of
  // a piece per field, and a batch's ropes outlived the young generation, which made the garbage
  // collector's work grow with the batch.
  const lines = new Array<string>(rows.length);
  const values = new Array<string>(names.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let i = 0; i < names.length; i++) values[i] = csvField(row[names[i]!]);
    lines[r] = values.join(',') + tail;
  }
  return lines.join('');
};

/** New rows of one table as COPY CSV, in the column order of copyNewHsdsRows. */
export const hsdsCsv = (resource: ResourceName, rows: readonly Row[], source: string, importId: string): string =>
  rowsCsv(resource, rows, `,${csvField(source)},${importId}\n`);

/**
 * Inserts rows none of whose ids is stored (tableState) by COPY: the bulk path of a first import.
 * `ids` are the batch's ids; with `track` they go to pb_seen_<table>.
 */
export const copyNewHsdsRows = async (tx: Tx, resource: ResourceName, csv: string, ids: readonly string[], track: boolean): Promise<UpsertCounts> => {
  const columns = [...TABLE_BY_RESOURCE.get(resource)!.fields.map((f) => f.name), 'pb_source', 'pb_import_id'];
  await copyCsv(tx, `hsds_${resource}`, columns, csv);
  if (track) await tx.execute(sql`insert into ${seenOf(resource)} (id) select unnest(${`{${ids.join(',')}}`}::uuid[])`);
  return { inserted: ids.length, updated: 0, unchanged: 0 };
};

/** The tables a bulk load may write without their indexes: the HSDS tables and the search rows. */
type BulkTable = `hsds_${ResourceName}` | 'directory_search';

/**
 * Drops the indexes of a nearly empty HSDS or search table for a bulk load (pb_directory_unindex,
 * 0013 and 0015): false, and nothing dropped, when the table has 1,000 rows or more. reindexTable
 * must build them again before the commit, which otherwise fails.
 */
export const unindexTable = async (tx: Tx, table: BulkTable): Promise<boolean> =>
  rowsOf<{ dropped: boolean }>(await tx.execute(sql`select pb_directory_unindex(${table}) as dropped`))[0]!.dropped;

export const reindexTable = async (tx: Tx, table: BulkTable) => {
  await tx.execute(sql`select pb_directory_reindex(${table})`);
};

/**
 * The ids one import carries for a table whose missing rows it removes (a phone or schedule the
 * feed dropped): a temporary table of ids only, dropped at commit.
 */
export const createSeen = async (tx: Tx, resource: ResourceName) => {
  await tx.execute(sql.raw(`create temp table if not exists pb_seen_${resource} (id uuid) on commit drop`));
  await tx.execute(sql.raw(`truncate pb_seen_${resource}`));
};


/**
 * A re-import stages a table's rows before comparing them with the stored ones: a temporary table
 * of the HSDS columns (their stored types), filled by COPY batch by batch (CSV, which PostgreSQL
 * parses several times faster than JSON through jsonb_to_recordset) and dropped at commit. Its ids
 * are also the ids the import carried, so removeUnseen reads them from it.
 */
const stageOf = (resource: ResourceName) => sql.raw(`pb_stage_${resource}`);

export const createStage = async (tx: Tx, resource: ResourceName) => {
  const fields = TABLE_BY_RESOURCE.get(resource)!.fields;
  const columns = fields.map((f) => `${q(f.name)} ${pgType(f)}`).join(', ');
  await tx.execute(sql.raw(`create temp table if not exists pb_stage_${resource} (${columns}) on commit drop`));
  await tx.execute(sql.raw(`truncate pb_stage_${resource}`));
};

/** Rows of one table as COPY CSV for its staging table (the HSDS columns only). */
export const stageCsv = (resource: ResourceName, rows: readonly Row[]): string => rowsCsv(resource, rows, '\n');

export const stageHsdsRows = async (tx: Tx, resource: ResourceName, csv: string): Promise<void> => {
  await copyCsv(tx, `pb_stage_${resource}`, TABLE_BY_RESOURCE.get(resource)!.fields.map((f) => f.name), csv);
};

/**
 * What a changed re-import touched, for the search rows (pb_directory_refresh reads these tables):
 * for each row inserted, changed or removed, the service, location, service-at-location,
 * organization or taxonomy term whose search rows it feeds, before and after the change (a phone
 * moved from one service to another changes both). A temporary table, dropped at commit.
 */
export const createTouched = async (tx: Tx) => {
  await tx.execute(sql.raw(`create temp table if not exists pb_touched (service_id uuid, location_id uuid, sal_id uuid, organization_id uuid, term_id uuid) on commit drop`));
  await tx.execute(sql.raw('truncate pb_touched'));
};

/** The search-row owners a row of `resource` feeds (null: none; the table is not read by the search rows). */
const TOUCHES: Partial<Record<ResourceName, (a: string) => string>> = {
  organization: (a) => `null::uuid, null::uuid, null::uuid, ${a}.id, null::uuid`,
  service: (a) => `${a}.id, null::uuid, null::uuid, null::uuid, null::uuid`,
  service_at_location: (a) => `${a}.service_id, null::uuid, ${a}.id, null::uuid, null::uuid`,
  location: (a) => `null::uuid, ${a}.id, null::uuid, null::uuid, null::uuid`,
  address: (a) => `null::uuid, ${a}.location_id, null::uuid, null::uuid, null::uuid`,
  phone: (a) => `${a}.service_id, ${a}.location_id, ${a}.service_at_location_id, null::uuid, null::uuid`,
  schedule: (a) => `${a}.service_id, ${a}.location_id, ${a}.service_at_location_id, null::uuid, null::uuid`,
  language: (a) => `${a}.service_id, ${a}.location_id, null::uuid, null::uuid, null::uuid`,
  attribute: (a) => `${a}.link_id, null::uuid, null::uuid, null::uuid, ${a}.taxonomy_term_id`,
  cost_option: (a) => `${a}.service_id, null::uuid, null::uuid, null::uuid, null::uuid`,
  taxonomy_term: (a) => `null::uuid, null::uuid, null::uuid, null::uuid, ${a}.id`,
};

/**
 * The services whose search rows a changed re-import must rebuild (pb_touched): those touched
 * themselves, and those linked to a touched location, service-at-location, organization or
 * taxonomy term, whatever source carries them. One statement.
 */
export const touchedServices = async (tx: Tx): Promise<string[]> =>
  rowsOf<{ id: string }>(
    await tx.execute(sql`select distinct id::text as id from (
      select t.service_id as id from pb_touched t where t.service_id is not null
      union all select x.service_id from hsds_service_at_location x join pb_touched t on t.location_id = x.location_id
      union all select x.service_id from hsds_service_at_location x join pb_touched t on t.sal_id = x.id
      union all select s.id from hsds_service s join pb_touched t on t.organization_id = s.organization_id
      union all select a.link_id from hsds_attribute a join pb_touched t on t.term_id = a.taxonomy_term_id) u
      where id is not null`),
  ).map((r) => r.id);

/**
 * Writes the staged rows of one table (createStage, all of the import's rows of it) in one
 * statement. Rows whose values changed are updated and get a new pb_modified_at; new rows are
 * inserted (a plain insert, no ON CONFLICT: the anti-join already excludes existing ids); a row
 * another source carried moves to this source (values unchanged, so counted unchanged); and rows
 * that did not change are not written at all, so `modified_after` means what it says and a
 * re-import of an unchanged feed writes nothing. `count` is the number of rows staged.
 */
export const mergeStagedRows = async (tx: Tx, resource: ResourceName, count: number, source: string, importId: string): Promise<UpsertCounts> => {
  if (count === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const fields = TABLE_BY_RESOURCE.get(resource)!.fields;
  const cols = fields.map((f) => q(f.name)).join(', ');
  const target = table(resource);
  const stage = stageOf(resource);
  const others = fields.filter((f) => f.name !== 'id');
  const sets = others.map((f) => `${q(f.name)} = x.${q(f.name)}`).join(', ');
  const mine = others.map((f) => `t.${q(f.name)}`).join(', ');
  const theirs = others.map((f) => `x.${q(f.name)}`).join(', ');
  // Rows whose values change (before and after) and new rows feed pb_touched (createTouched).
  const touches = TOUCHES[resource];
  const touched = touches
    ? sql`, c as (
      insert into pb_touched
      select v.* from ${target} t join ${stage} x on x.id = t.id,
        lateral (values (${sql.raw(touches('t'))}), (${sql.raw(touches('x'))})) v
      where (${sql.raw(mine)}) is distinct from (${sql.raw(theirs)})
      union all select ${sql.raw(touches('i'))} from i)`
    : sql``;
  // All parts of the statement see the table as it was before it: the insert's anti-join skips
  // the rows the update touches.
  const statement = sql`
    with u as (
      update ${target} t set ${sql.raw(sets)}, pb_source = ${source}, pb_import_id = ${importId}::uuid,
        pb_modified_at = case when (${sql.raw(mine)}) is distinct from (${sql.raw(theirs)}) then now() else t.pb_modified_at end
      from ${stage} x
      where t.id = x.id and ((${sql.raw(mine)}) is distinct from (${sql.raw(theirs)}) or t.pb_source is distinct from ${source})
      returning (t.pb_modified_at = now()) as changed
    ), i as (
      insert into ${target} (${sql.raw(cols)}, pb_source, pb_import_id, pb_modified_at)
      select ${sql.raw(cols)}, ${source}, ${importId}::uuid, now() from ${stage} x
      where not exists (select 1 from ${target} t where t.id = x.id)
      returning ${sql.raw(touches ? '*' : '1')}
    )${touched}
    select (select count(*) from i)::int as inserted, (select count(*) from u where changed)::int as updated`;
  const [r] = rowsOf<{ inserted: number; updated: number }>(await tx.execute(statement));
  return { inserted: r!.inserted, updated: r!.updated, unchanged: count - r!.inserted - r!.updated };
};

/**
 * Rows of `source` that this import did not carry (the ids in pb_seen_<table>, or with `staged`
 * in pb_stage_<table>): a re-import removes them.
 */
export const removeUnseen = async (tx: Tx, resource: ResourceName, source: string, staged = false): Promise<number> => {
  const carried = staged ? stageOf(resource) : seenOf(resource);
  const touches = TOUCHES[resource];
  const returning = touches ? sql.raw(`t.*`) : sql.raw('1');
  const touched = touches ? sql`, c as (insert into pb_touched select ${sql.raw(touches('d'))} from d)` : sql``;
  const [d] = rowsOf<{ n: number }>(
    await tx.execute(sql`with d as (delete from ${table(resource)} t where t.pb_source = ${source}
      and not exists (select 1 from ${carried} s where s.id = t.id) returning ${returning})${touched} select count(*)::int as n from d`),
  );
  return d!.n;
};

/**
 * Where the import's non-UUID source ids went: staged by COPY (a 211 export numbers every row, so
 * there can be as many as rows), then written in one statement, only where a mapping is new or
 * changed, so a re-import rewrites none of the ones it already has. The last of a repeated key wins.
 */
export const upsertExternalIds = async (tx: Tx, ids: readonly ExternalId[], importId: string) => {
  if (ids.length === 0) return;
  await tx.execute(sql.raw('create temp table if not exists pb_stage_external_ids (n integer, source text, resource text, source_id text, id uuid) on commit drop'));
  await tx.execute(sql.raw('truncate pb_stage_external_ids'));
  for (let i = 0; i < ids.length; i += 50_000) {
    let csv = '';
    const end = Math.min(ids.length, i + 50_000);
    for (let k = i; k < end; k++) {
      const e = ids[k]!;
      csv += `${k},${csvField(e.source)},${csvField(e.resource)},${csvField(e.source_id)},${e.id}\n`;
    }
    await copyCsv(tx, 'pb_stage_external_ids', ['n', 'source', 'resource', 'source_id', 'id'], csv);
  }
  await tx.execute(sql`
    insert into hsds_external_ids (source, resource, source_id, id, import_id)
    select distinct on (source, resource, source_id) source, resource, source_id, id, ${importId}::uuid
    from pb_stage_external_ids order by source, resource, source_id, n desc
    on conflict (source, resource, source_id) do update set id = excluded.id, import_id = excluded.import_id
    where hsds_external_ids.id is distinct from excluded.id`);
};

/** Services whose search rows depend on the given organizations or locations. */
export const servicesLinkedTo = async (tx: Tx, organizationIds: string[], locationIds: string[]): Promise<string[]> => {
  const out: string[] = [];
  if (organizationIds.length > 0) {
    out.push(
      ...rowsOf<{ id: string }>(
        await tx.execute(sql`select s.id from hsds_service s join unnest(${uuidArray(organizationIds)}) k(id) on k.id = s.organization_id`),
      ).map((r) => r.id),
    );
  }
  if (locationIds.length > 0) {
    out.push(
      ...rowsOf<{ id: string }>(
        await tx.execute(sql`select x.service_id as id from hsds_service_at_location x join unnest(${uuidArray(locationIds)}) k(id) on k.id = x.location_id`),
      ).map((r) => r.id),
    );
  }
  return out;
};

/** Fresh planner statistics for tables an import changed a lot (pb_directory_analyze, 0011). */
export const analyzeTables = async (tx: Tx, tables: readonly string[]) => {
  if (tables.length > 0) await tx.execute(sql`select pb_directory_analyze(${textArray(tables)})`);
};

export const recordImport = async (tx: Tx, row: typeof directoryImports.$inferInsert) => {
  // finished_at is when the run ends (now() would be when its transaction began, before it waited
  // for the previous import): latestImport orders runs by it.
  await tx.insert(directoryImports).values({ ...row, finishedAt: sql`clock_timestamp()` });
  // The row report is kept with the latest run of each source (the import history shows it, a
  // re-import of the unchanged source hands it back); each nightly re-import would otherwise store
  // a copy, a 211 export's report of thousands of rows, without end. Earlier runs keep their
  // counts (0051).
  await tx.execute(sql`select pb_directory_import_reports_keep(${row.id}::uuid)`);
};

/**
 * The directory's latest import run (of any source) when it read `source` with this content hash:
 * the stored rows are then exactly what importing the same files again would write. Another
 * source's import since may have taken rows over (ids given as UUIDs are shared), so then none.
 */
export const repeatedImport = async (tx: Tx, source: string, contentHash: string) => {
  const [r] = rowsOf<{ id: string; format: string; counts: ImportCounts; errors: number; warnings: number; report: unknown[] | null }>(
    await tx.execute(sql`select id, format, counts, errors, warnings, report from (
        select * from directory_imports order by finished_at desc limit 1) last
      where source = ${source} and content_hash = ${contentHash}`),
  );
  return r;
};
type ImportCounts = Record<string, { inserted: number; updated: number; unchanged: number; removed: number }>;

// --- the import history (issue 19) ---

const runColumns = {
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

/** The latest runs, newest first, each with whether its row report is kept. */
export const latestImports = (tx: Tx, limit: number) =>
  tx
    .select({ ...runColumns, reportKept: sql<boolean>`${directoryImports.report} is not null`.mapWith(Boolean) })
    .from(directoryImports)
    .orderBy(desc(directoryImports.finishedAt), desc(directoryImports.id))
    .limit(limit);
export type StoredImportRun = Awaited<ReturnType<typeof latestImports>>[number];

/** One run with its row report (null when not kept). */
export const importRun = async (tx: Tx, id: string) => {
  const [row] = await tx.select({ ...runColumns, report: directoryImports.report }).from(directoryImports).where(eq(directoryImports.id, id));
  return row;
};
