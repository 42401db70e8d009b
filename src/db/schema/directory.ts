import { sql } from 'drizzle-orm';
import { boolean, customType, date, doublePrecision, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PgColumnBuilderBase } from 'drizzle-orm/pg-core';
import { TABLES } from '../../interop/hsds/model.ts';
import type { ResourceName } from '../../interop/hsds/model.ts';

// Mirrors src/db/migrations/0005_directory.sql (the migration is the source of truth for
// constraints, indexes, generated columns and row-level security; this file types the queries).

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The HSDS `pg` column type of a field: `date` is a date, times and datetimes are kept as text. */
const hsdsColumn = (name: string, type: string, isUuid: boolean): PgColumnBuilderBase => {
  if (isUuid) return uuid(name);
  if (type === 'number') return doublePrecision(name);
  if (type === 'date') return date(name, { mode: 'string' });
  return text(name);
};

/**
 * One Drizzle table per HSDS 3.0 table (`hsds_<resource>`), generated from the same field list as
 * the migration (src/interop/hsds/fields.ts), plus Peerbridge's bookkeeping columns.
 */
const buildHsdsTable = (resource: ResourceName) => {
  const spec = TABLES.find((t) => t.resource === resource)!;
  const columns: Record<string, PgColumnBuilderBase> = {};
  for (const f of spec.fields) columns[f.name] = hsdsColumn(f.name, f.type, f.name === 'id' || f.format === 'uuid');
  columns['pb_source'] = text('pb_source');
  columns['pb_import_id'] = uuid('pb_import_id');
  columns['pb_modified_at'] = ts('pb_modified_at').notNull().defaultNow();
  return pgTable(`hsds_${resource}`, columns);
};

export const hsdsTables = Object.fromEntries(TABLES.map((t) => [t.resource, buildHsdsTable(t.resource)])) as Record<
  ResourceName,
  ReturnType<typeof buildHsdsTable>
>;

export const hsdsExternalIds = pgTable(
  'hsds_external_ids',
  {
    source: text('source').notNull(),
    resource: text('resource').notNull(),
    sourceId: text('source_id').notNull(),
    id: uuid('id').notNull(),
    importId: uuid('import_id'),
  },
  (t) => [primaryKey({ columns: [t.source, t.resource, t.sourceId] })],
);

export const directoryImports = pgTable('directory_imports', {
  id: uuid('id').primaryKey(),
  source: text('source').notNull(),
  format: text('format').notNull(),
  startedAt: ts('started_at').notNull(),
  finishedAt: ts('finished_at').notNull().defaultNow(),
  counts: jsonb('counts').$type<Record<string, { inserted: number; updated: number; unchanged: number; removed: number }>>().notNull(),
  errors: integer('errors').notNull(),
  warnings: integer('warnings').notNull(),
  orgId: uuid('org_id'),
  userId: uuid('user_id'),
  /** What the import read (files and options, 0042): a later import with the same hash changes nothing. */
  contentHash: text('content_hash'),
  /** The row report, handed back by a re-import of the unchanged source. */
  report: jsonb('report').$type<unknown[]>(),
});

export const directoryTimeZones = pgTable('directory_time_zones', {
  stateKey: text('state_key').primaryKey(),
  timeZone: text('time_zone').notNull(),
});

/** Columns shared by the public search index and the local services (one query searches both). */
const searchColumns = () => ({
  name: text('name').notNull(),
  organizationName: text('organization_name'),
  description: text('description'),
  terms: text('terms').notNull().default(''),
  categories: text('categories').array().notNull().default([]),
  taxonomyTermIds: uuid('taxonomy_term_ids').array().notNull().default([]),
  languages: text('languages').array().notNull().default([]),
  free: boolean('free').notNull().default(false),
  status: text('status').notNull(),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  postalCode: text('postal_code'),
  address: text('address'),
  timeZone: text('time_zone').notNull(),
  phone: text('phone'),
  eligibility: text('eligibility'),
  lastVerified: date('last_verified', { mode: 'string' }),
  schedules: jsonb('schedules').$type<Record<string, unknown>[]>().notNull().default([]),
  modifiedAt: ts('modified_at').notNull().defaultNow(),
  // Generated in directory_local_services (0005_directory.sql); in directory_search filled by
  // pb_directory_refresh (0010_directory_search.sql). Neither is written through Drizzle.
  searchText: text('search_text').generatedAlwaysAs(sql`generated: see 0005_directory.sql`),
  tsv: tsvector('tsv').generatedAlwaysAs(sql`generated: see 0005_directory.sql`),
});

export const directorySearch = pgTable('directory_search', {
  entryId: uuid('entry_id').primaryKey(),
  serviceId: uuid('service_id').notNull(),
  locationId: uuid('location_id'),
  organizationId: uuid('organization_id'),
  ...searchColumns(),
});

export const directoryLocalServices = pgTable('directory_local_services', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  ...searchColumns(),
  status: text('status').notNull().default('active'),
  email: text('email'),
  url: text('url'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const directoryNotes = pgTable(
  'directory_notes',
  {
    orgId: uuid('org_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    body: text('body').notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.serviceId] })],
);

export const directoryManagers = pgTable(
  'directory_managers',
  {
    orgId: uuid('org_id').notNull(),
    hsdsOrganizationId: uuid('hsds_organization_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.hsdsOrganizationId] })],
);

export const directoryBeds = pgTable('directory_beds', {
  serviceId: uuid('service_id').primaryKey(),
  available: integer('available').notNull(),
  total: integer('total'),
  note: text('note'),
  updatedAt: ts('updated_at').notNull(),
  updatedByOrg: uuid('updated_by_org'),
});
