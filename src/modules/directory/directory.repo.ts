import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { rowsOf } from '../../db/client.ts';
import { organizations } from '../../db/schema/identity.ts';
import {
  directoryBeds,
  directoryLocalServices,
  directoryManagers,
  directoryNotes,
} from '../../db/schema/directory.ts';
import { TABLES, TABLE_BY_RESOURCE } from '../../interop/hsds/model.ts';
import type { ResourceName, Row } from '../../interop/hsds/model.ts';
import type { BoundingBox } from './directory.rules.ts';

// The directory's reading side and its search-row refresh; an import's writing is in
// import.repo.ts and staff search in search.repo.ts. The hsds_* tables are generic over the
// HSDS field list (src/interop/hsds/fields.ts), so their SQL is built from that list: column names
// come from the schema transcription, never from input.

/** The id of the seeded "Peerbridge categories" taxonomy (0005_directory.sql). */
export const CATEGORY_TAXONOMY_ID = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a40';

export const q = (name: string) => `"${name}"`;

/** A uuid[] parameter (ids are validated UUIDs from the readers or the routes). */
export const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
/** A text[] parameter, passed as JSON so any character is safe. */
export const textArray = (values: readonly string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
export const table = (resource: ResourceName) => sql.raw(`hsds_${resource}`);
export const pgType = (f: { name: string; type: string; format?: string }) =>
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


/** Rebuilds the search rows of these services (pb_directory_refresh in 0005_directory.sql). */
export const refreshSearch = async (tx: Tx, serviceIds: readonly string[], defaultTimeZone: string): Promise<number> => {
  if (serviceIds.length === 0) return 0;
  const r = rowsOf<{ n: number }>(
    await tx.execute(sql`select pb_directory_refresh(${uuidArray(serviceIds)}, ${defaultTimeZone}, ${CATEGORY_TAXONOMY_ID}::uuid) as n`),
  );
  return r[0]!.n;
};

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

/**
 * The need words of these categories in English and Spanish (directory_category_words, 0052), each
 * category's in turn: an agency's own entry is found by them as the imported ones are.
 */
export const categoryWords = async (tx: Tx, categories: readonly string[]): Promise<string> => {
  if (categories.length === 0) return '';
  const r = rowsOf<{ words: string | null }>(
    await tx.execute(sql`select string_agg(words, ' ' order by category) as words from directory_category_words where category = any(${textArray([...categories])})`),
  );
  return r[0]?.words ?? '';
};

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
