import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { copyCsv, csvField, rowsOf } from '../../db/client.ts';
import { organizations } from '../../db/schema/identity.ts';
import {
  directoryBeds,
  directoryImports,
  directoryLocalServices,
  directoryManagers,
  directoryNotes,
} from '../../db/schema/directory.ts';
import { TABLES, TABLE_BY_RESOURCE } from '../../interop/hsds/model.ts';
import type { ExternalId, ResourceName, Row } from '../../interop/hsds/model.ts';
import type { BoundingBox } from './directory.rules.ts';

// Only this file touches the database for the directory. The hsds_* tables are generic over the
// HSDS field list (src/interop/hsds/fields.ts), so their SQL is built from that list: column names
// come from the schema transcription, never from input.

/** The id of the seeded "Peerbridge categories" taxonomy (0005_directory.sql). */
export const CATEGORY_TAXONOMY_ID = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a40';

const q = (name: string) => `"${name}"`;

/** A uuid[] parameter (ids are validated UUIDs from the readers or the routes). */
const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
/** A text[] parameter, passed as JSON so any character is safe. */
export const textArray = (values: readonly string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
const table = (resource: ResourceName) => sql.raw(`hsds_${resource}`);
const pgType = (f: { name: string; type: string; format?: string }) =>
  f.name === 'id' || f.format === 'uuid' ? 'uuid' : f.type === 'number' ? 'double precision' : f.type === 'date' ? 'date' : 'text';

/** Select list giving HSDS values as the model holds them (dates as YYYY-MM-DD text). */
const selectList = (resource: ResourceName, alias = 't') =>
  sql.raw(
    TABLE_BY_RESOURCE.get(resource)!
      .fields.map((f) => (f.type === 'date' ? `${alias}.${q(f.name)}::text as ${q(f.name)}` : `${alias}.${q(f.name)}`))
      .join(', '),
  );

/** A database row as an HSDS model row: bookkeeping columns and nulls left out. */
const toModelRow = (r: Record<string, unknown>): Row => {
  const out: Row = {};
  for (const [k, v] of Object.entries(r)) {
    if (v === null || v === undefined || k.startsWith('pb_')) continue;
    out[k] = typeof v === 'number' ? v : String(v);
  }
  return out;
};

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
  // An empty table (a first import) knows no id: sending 100,000 ids to learn that cost about
  // 80 ms a table.
  const [first] = rowsOf<{ empty: boolean }>(await tx.execute(sql`select not exists (select 1 from ${target}) as empty`));
  if (first!.empty) return { known: false, sourced: false, empty: true };
  const [r] = rowsOf<{ known: boolean; sourced: boolean }>(
    await tx.execute(sql`select exists (select 1 from ${target} t where t.id = any(${`{${ids.join(',')}}`}::uuid[])) as known,
      exists (select 1 from ${target} t where t.pb_source = ${source}) as sourced`),
  );
  return { ...r!, empty: false };
};

/** Rows of one table as COPY CSV in the HSDS column order (null unquoted, text quoted), each line ending in `tail`. */
const rowsCsv = (resource: ResourceName, rows: readonly Row[], tail: string): string => {
  const fields = TABLE_BY_RESOURCE.get(resource)!.fields;
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < fields.length; i++) line += (i === 0 ? '' : ',') + csvField(row[fields[i]!.name]);
    out += line + tail;
  }
  return out;
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

/** Rebuilds the search rows of these services (pb_directory_refresh in 0005_directory.sql). */
export const refreshSearch = async (tx: Tx, serviceIds: readonly string[], defaultTimeZone: string): Promise<number> => {
  if (serviceIds.length === 0) return 0;
  const r = rowsOf<{ n: number }>(
    await tx.execute(sql`select pb_directory_refresh(${uuidArray(serviceIds)}, ${defaultTimeZone}, ${CATEGORY_TAXONOMY_ID}::uuid) as n`),
  );
  return r[0]!.n;
};

/** Fresh planner statistics for tables an import changed a lot (pb_directory_analyze, 0011). */
export const analyzeTables = async (tx: Tx, tables: readonly string[]) => {
  if (tables.length > 0) await tx.execute(sql`select pb_directory_analyze(${textArray(tables)})`);
};

export const recordImport = async (tx: Tx, row: typeof directoryImports.$inferInsert) => {
  // finished_at is when the run ends (now() would be when its transaction began, before it waited
  // for the previous import): latestImport orders runs by it.
  await tx.insert(directoryImports).values({ ...row, finishedAt: sql`clock_timestamp()` });
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

/** Every row of one HSDS table, as model rows (the export). */
export const allHsdsRows = async (tx: Tx, resource: ResourceName): Promise<Row[]> =>
  rowsOf<Record<string, unknown>>(await tx.execute(sql`select ${selectList(resource)} from ${table(resource)} t order by t.id`)).map(toModelRow);

/** Rows of one HSDS table whose `column` is one of `values` (the graph loader of the API). */
export const hsdsRowsWhere = async (tx: Tx, resource: ResourceName, column: string, values: readonly string[]): Promise<Row[]> => {
  if (values.length === 0) return [];
  if (!TABLE_BY_RESOURCE.get(resource)!.fields.some((f) => f.name === column)) throw new Error(`no column ${column} in ${resource}`);
  return rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select ${selectList(resource)} from ${table(resource)} t where t.${sql.raw(q(column))} = any(${uuidArray(values)}) order by t.id`),
  ).map(toModelRow);
};

export const countHsdsRows = async (tx: Tx): Promise<Record<string, number>> => {
  const parts = TABLES.map((t) => `select '${t.resource}' as r, count(*)::int as n from hsds_${t.resource}`).join(' union all ');
  const rows = rowsOf<{ r: string; n: number }>(await tx.execute(sql.raw(parts)));
  return Object.fromEntries(rows.map((r) => [r.r, r.n]));
};

// ---------- HSDS API lists ----------

export interface HsdsListFilter {
  search?: string | undefined;
  taxonomyTermId?: string | undefined;
  taxonomyId?: string | undefined;
  organizationId?: string | undefined;
  modifiedAfter?: Date | undefined;
  postcode?: string | undefined;
  /** Meters from the centroid of `postcode` (needs postcode). */
  proximityMeters?: number | undefined;
}

/** The words of `search` (stemmed in English and Spanish, accents ignored) are all in the entry. */
const wordsMatch = (alias: string, search: string): SQL =>
  sql`${sql.raw(alias)}.tsv @@ (select websearch_to_tsquery('english', pb_search_norm(${search})) || websearch_to_tsquery('spanish', pb_search_norm(${search})))`;

/**
 * The words match, or (typo tolerance) each word or one of the directory words spelled most like
 * it does (pb_typo_tsquery, 0014_directory_words.sql; computed once per statement, so the
 * full-text index answers it).
 */
export const textMatch = (alias: string, search: string, typos = true): SQL =>
  typos ? sql`${sql.raw(alias)}.tsv @@ (select pb_typo_tsquery(${search}))` : wordsMatch(alias, search);

/** Inside a bounding box, answered by the GiST index on point(lon, lat) (0011_directory_bulk.sql). */
export const inBox = (alias: string, b: BoundingBox): SQL =>
  sql`${sql.raw(alias)}.lat is not null and point(${sql.raw(alias)}.lon, ${sql.raw(alias)}.lat) <@ box(point(${b.minLon}, ${b.minLat}), point(${b.maxLon}, ${b.maxLat}))`;

/**
 * Name search of organizations and taxonomy terms (listHsdsSimple, `<%`): word similarity from
 * 0.45 (pg_trgm's default 0.6 misses one-letter slips in short words). Service search corrects
 * its words against the lexicon instead (pb_typo_tsquery), which this setting does not touch.
 */
const WORD_SIMILARITY = '0.45';
export const setSearchTuning = async (tx: Tx) => {
  await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${WORD_SIMILARITY}, true)`);
};

/**
 * The settings of a staff search transaction (db.tenant's `settings`, no extra round trip).
 * Searches run as named statements (executeNamed), one per shape of filters, and each keeps one
 * generic plan: planning a custom plan for every search cost about 0.4 ms of its 1.8 ms in the
 * database. The query's words are analyzed in scalar subqueries (computed once per statement, as
 * init plans), so a generic plan does not analyze them again for every row it looks at.
 */
export const SEARCH_SETTINGS = { plan_cache_mode: 'force_generic_plan' } as const;

export const postcodeCentroid = async (tx: Tx, postcode: string) =>
  rowsOf<{ lat: number | null; lon: number | null }>(
    await tx.execute(sql`select avg(lat) as lat, avg(lon) as lon from directory_search where postal_code = ${postcode} and lat is not null`),
  )[0];

/**
 * A postal code's centre for staff search: the mean of the coordinates of the directory entries
 * (public, and the organization's own through RLS) at that code. No geocoding service is
 * reachable, so a code no entry with coordinates carries has no centre. US ZIP+4 and the 5-digit
 * code match each other.
 */
export const postalCodeCentre = async (tx: Tx, postalCode: string) =>
  rowsOf<{ lat: number | null; lon: number | null; n: number }>(
    await tx.execute(sql`select avg(lat) as lat, avg(lon) as lon, count(*)::int as n from (
      select lat, lon, postal_code from directory_search where lat is not null and postal_code is not null
      union all select lat, lon, postal_code from directory_local_services where lat is not null and postal_code is not null) x
      where upper(replace(x.postal_code, ' ', '')) = upper(replace(${postalCode}, ' ', ''))
        or (${postalCode} ~ '^[0-9]{5}$' and x.postal_code like ${postalCode} || '-%')`),
  )[0];

/** Conditions on service `s` for the HSDS API filters, combined with AND. */
const serviceConditions = (f: HsdsListFilter, centroid: { lat: number; lon: number; box: BoundingBox } | null): SQL[] => {
  const c: SQL[] = [];
  if (f.search) c.push(sql`exists (select 1 from directory_search e where e.service_id = s.id and ${textMatch('e', f.search)})`);
  if (f.taxonomyTermId) {
    c.push(sql`exists (select 1 from hsds_attribute a where a.link_id = s.id and a.taxonomy_term_id = ${f.taxonomyTermId}::uuid)`);
  }
  if (f.taxonomyId) {
    c.push(sql`exists (select 1 from hsds_attribute a join hsds_taxonomy_term tt on tt.id = a.taxonomy_term_id where a.link_id = s.id and tt.taxonomy_id = ${f.taxonomyId}::uuid)`);
  }
  if (f.organizationId) c.push(sql`s.organization_id = ${f.organizationId}::uuid`);
  if (f.modifiedAfter) c.push(sql`s.pb_modified_at >= ${f.modifiedAfter.toISOString()}::timestamptz`);
  if (f.postcode && centroid && f.proximityMeters !== undefined) {
    const b = centroid.box;
    c.push(sql`exists (select 1 from directory_search e where e.service_id = s.id and ${inBox('e', b)}
      and pb_distance_km(${centroid.lat}, ${centroid.lon}, e.lat, e.lon) * 1000 <= ${f.proximityMeters})`);
  } else if (f.postcode && f.proximityMeters !== undefined) {
    c.push(sql`false`);
  } else if (f.postcode) {
    // HSDS: a point within the service area, or (without areas we can test) a location there.
    c.push(sql`(exists (select 1 from directory_search e where e.service_id = s.id and e.postal_code = ${f.postcode})
      or exists (select 1 from hsds_service_area a where a.service_id = s.id and (a.name = ${f.postcode} or position(${f.postcode} in coalesce(a.extent, '')) > 0)))`);
  }
  return c;
};

export type CentroidFilter = { lat: number; lon: number; box: BoundingBox } | null;

export const listHsdsServices = async (tx: Tx, f: HsdsListFilter, centroid: CentroidFilter, limit: number, offset: number) => {
  const where = and(sql`true`, ...serviceConditions(f, centroid));
  const [total] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from hsds_service s where ${where}`));
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select ${selectList('service', 's')} from hsds_service s where ${where} order by s.name, s.id limit ${limit} offset ${offset}`),
  ).map(toModelRow);
  return { total: total!.n, rows };
};

/**
 * `GET /services?minimal=true` (HSDS API reference): each service's id and when it last changed,
 * with the name and status its list schema requires; `last_modified` is the service's own when
 * the feed gave one, else when this directory last changed the row.
 */
export const listHsdsServiceStamps = async (tx: Tx, f: HsdsListFilter, centroid: CentroidFilter, limit: number, offset: number) => {
  const where = and(sql`true`, ...serviceConditions(f, centroid));
  const [total] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from hsds_service s where ${where}`));
  const rows = rowsOf<{ id: string; name: string; status: string; last_modified: string }>(
    await tx.execute(sql`select s.id::text as id, s.name, s.status,
      coalesce(s.last_modified, to_char(s.pb_modified_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) as last_modified
      from hsds_service s where ${where} order by s.name, s.id limit ${limit} offset ${offset}`),
  );
  return { total: total!.n, rows };
};

export const listHsdsServiceAtLocations = async (tx: Tx, f: HsdsListFilter, centroid: CentroidFilter, limit: number, offset: number) => {
  const conditions = serviceConditions(f, centroid);
  const where = and(sql`true`, ...conditions);
  const from = sql`hsds_service_at_location x join hsds_service s on s.id = x.service_id`;
  const [total] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${from} where ${where}`));
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select ${selectList('service_at_location', 'x')} from ${from} where ${where} order by s.name, x.id limit ${limit} offset ${offset}`),
  ).map(toModelRow);
  return { total: total!.n, rows };
};

export const listHsdsSimple = async (
  tx: Tx,
  resource: 'organization' | 'taxonomy' | 'taxonomy_term',
  f: { search?: string | undefined; taxonomyId?: string | undefined; parentId?: string | undefined; topOnly?: boolean | undefined },
  limit: number,
  offset: number,
) => {
  const c: SQL[] = [];
  if (f.search) {
    c.push(sql`(pb_search_norm(t.name) like '%' || pb_search_norm(${f.search}) || '%' or pb_search_norm(${f.search}) <% pb_search_norm(t.name))`);
  }
  if (resource === 'taxonomy_term' && f.taxonomyId) c.push(sql`t.taxonomy_id = ${f.taxonomyId}::uuid`);
  if (resource === 'taxonomy_term' && f.parentId) c.push(sql`t.parent_id = ${f.parentId}::uuid`);
  if (resource === 'taxonomy_term' && f.topOnly) c.push(sql`t.parent_id is null`);
  const where = and(sql`true`, ...c);
  const [total] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${table(resource)} t where ${where}`));
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select ${selectList(resource)} from ${table(resource)} t where ${where} order by t.name, t.id limit ${limit} offset ${offset}`),
  ).map(toModelRow);
  return { total: total!.n, rows };
};

// ---------- tenant rows ----------

export type LocalServiceRow = typeof directoryLocalServices.$inferSelect;

export const insertLocalService = async (tx: Tx, row: typeof directoryLocalServices.$inferInsert) =>
  (await tx.insert(directoryLocalServices).values(row).returning())[0]!;

export const getLocalService = async (tx: Tx, id: string) =>
  (await tx.select().from(directoryLocalServices).where(eq(directoryLocalServices.id, id)))[0];

export const getNote = async (tx: Tx, orgId: string, serviceId: string) =>
  (await tx.select().from(directoryNotes).where(and(eq(directoryNotes.orgId, orgId), eq(directoryNotes.serviceId, serviceId))))[0];

export const upsertNote = async (tx: Tx, row: typeof directoryNotes.$inferInsert) =>
  (
    await tx
      .insert(directoryNotes)
      .values(row)
      .onConflictDoUpdate({ target: [directoryNotes.orgId, directoryNotes.serviceId], set: { body: row.body, updatedBy: row.updatedBy, updatedAt: row.updatedAt } })
      .returning()
  )[0]!;

export const deleteNote = async (tx: Tx, orgId: string, serviceId: string) =>
  tx.delete(directoryNotes).where(and(eq(directoryNotes.orgId, orgId), eq(directoryNotes.serviceId, serviceId)));

export const managesHsdsOrganization = async (tx: Tx, orgId: string, hsdsOrganizationId: string) =>
  (
    await tx
      .select({ id: directoryManagers.hsdsOrganizationId })
      .from(directoryManagers)
      .where(and(eq(directoryManagers.orgId, orgId), eq(directoryManagers.hsdsOrganizationId, hsdsOrganizationId)))
  ).length > 0;

export const addManager = async (tx: Tx, orgId: string, hsdsOrganizationId: string) =>
  tx.insert(directoryManagers).values({ orgId, hsdsOrganizationId }).onConflictDoNothing();

export const getBeds = async (tx: Tx, serviceId: string) =>
  (await tx.select().from(directoryBeds).where(eq(directoryBeds.serviceId, serviceId)))[0];

export const upsertBeds = async (tx: Tx, row: typeof directoryBeds.$inferInsert) =>
  (
    await tx
      .insert(directoryBeds)
      .values(row)
      .onConflictDoUpdate({
        target: directoryBeds.serviceId,
        set: { available: row.available, total: row.total, note: row.note, updatedAt: row.updatedAt, updatedByOrg: row.updatedByOrg },
      })
      .returning()
  )[0]!;

/** The Peerbridge categories of a service (its search rows, or the organization's own service). */
export const serviceCategories = async (tx: Tx, serviceId: string): Promise<string[]> =>
  rowsOf<{ c: string }>(
    await tx.execute(sql`select distinct unnest(categories) as c from (
      select categories from directory_search where service_id = ${serviceId}::uuid
      union all select categories from directory_local_services where id = ${serviceId}::uuid) x`),
  ).map((r) => r.c);

export const orgTimeZone = async (tx: Tx, orgId: string) =>
  (await tx.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)))[0]?.timeZone;

export const hsdsServiceOrganization = async (tx: Tx, serviceId: string) =>
  rowsOf<{ organization_id: string }>(await tx.execute(sql`select organization_id from hsds_service where id = ${serviceId}::uuid`))[0]?.organization_id;

/** The ids of the built-in national entries (0005, source 'peerbridge'), by resource (0030's partial indexes). */
export const builtinIds = async (tx: Tx): Promise<Map<string, ResourceName>> => {
  const parts = TABLES.map((t) => `select id::text as id, '${t.resource}' as resource from hsds_${t.resource} where pb_source = 'peerbridge'`);
  const rows = rowsOf<{ id: string; resource: ResourceName }>(await tx.execute(sql.raw(parts.join(' union all '))));
  return new Map(rows.map((r) => [r.id, r.resource]));
};
