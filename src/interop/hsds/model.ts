// The normalized, in-memory resource directory, shaped like HSDS 3.0 tables.
//
// Field names are the HSDS 3.0 names (snake_case, as in the official schemas); each table holds
// flat rows linked by foreign keys, exactly like a 3.0 tabular data package, so the database, the
// CSV writer and the JSON compiler all read the same thing. Every row carries a UUID `id` (HSDS
// 3.0 `format: uuid`). Absent optional values are omitted, never `null` or `''`.
import { HSDS3_TABLES } from './fields.ts';
import type { FieldSpec } from './fields.ts';
import type { Note } from './report-notes.ts';

type AnyTable = (typeof HSDS3_TABLES)[number];
export type ResourceName = AnyTable['resource'];
type TableOf<R extends ResourceName> = Extract<AnyTable, { resource: R }>;
type FieldsOf<R extends ResourceName> = TableOf<R>['fields'][number];
type ValueOf<F> = F extends { type: 'number' } ? number : string;

/** One row of HSDS resource `R`, typed from the schema transcription in fields.ts. */
export type EntityOf<R extends ResourceName> = {
  [F in FieldsOf<R> as F extends { required: true } ? F['name'] : never]: ValueOf<F>;
} & {
  [F in FieldsOf<R> as F extends { required: true } ? never : F['name']]?: ValueOf<F>;
};

export type Organization = EntityOf<'organization'>;
export type Program = EntityOf<'program'>;
export type Service = EntityOf<'service'>;
export type Attribute = EntityOf<'attribute'>;
export type ServiceAtLocation = EntityOf<'service_at_location'>;
export type Location = EntityOf<'location'>;
export type Phone = EntityOf<'phone'>;
export type Contact = EntityOf<'contact'>;
export type Address = EntityOf<'address'>;
export type Schedule = EntityOf<'schedule'>;
export type Funding = EntityOf<'funding'>;
export type ServiceArea = EntityOf<'service_area'>;
export type RequiredDocument = EntityOf<'required_document'>;
export type Language = EntityOf<'language'>;
export type Accessibility = EntityOf<'accessibility'>;
export type TaxonomyTerm = EntityOf<'taxonomy_term'>;
export type Metadata = EntityOf<'metadata'>;
export type MetaTableDescription = EntityOf<'meta_table_description'>;
export type CostOption = EntityOf<'cost_option'>;
export type OrganizationIdentifier = EntityOf<'organization_identifier'>;
export type Taxonomy = EntityOf<'taxonomy'>;

/** The directory: one array per HSDS 3.0 table, keyed like the tabular file names. */
export interface Directory {
  organizations: Organization[];
  programs: Program[];
  services: Service[];
  attributes: Attribute[];
  service_at_location: ServiceAtLocation[];
  locations: Location[];
  phones: Phone[];
  contacts: Contact[];
  addresses: Address[];
  schedules: Schedule[];
  funding: Funding[];
  service_areas: ServiceArea[];
  required_documents: RequiredDocument[];
  languages: Language[];
  accessibility: Accessibility[];
  taxonomy_terms: TaxonomyTerm[];
  metadata: Metadata[];
  meta_table_descriptions: MetaTableDescription[];
  cost_options: CostOption[];
  organization_identifiers: OrganizationIdentifier[];
  taxonomies: Taxonomy[];
}
export type TableKey = keyof Directory;

/** A loosely typed row, used inside the readers and writers before/after typing. */
export type Row = Record<string, string | number>;

export interface TableInfo {
  readonly key: TableKey;
  readonly resource: ResourceName;
  readonly path: string;
  readonly fields: readonly FieldSpec[];
}

/** Table metadata in the order of the official datapackage.json. */
export const TABLES: readonly TableInfo[] = HSDS3_TABLES.map((t) => ({
  key: t.path.replace(/\.csv$/, '') as TableKey,
  resource: t.resource,
  path: t.path,
  fields: t.fields,
}));

export const TABLE_BY_RESOURCE: ReadonlyMap<string, TableInfo> = new Map(
  TABLES.map((t) => [t.resource, t]),
);

export function emptyDirectory(): Directory {
  const d = {} as Record<TableKey, Row[]>;
  for (const t of TABLES) d[t.key] = [];
  return d as unknown as Directory;
}

/** Read a directory table as loose rows (the engine and writers are generic over tables). */
export function rowsOf(directory: Directory, key: TableKey): readonly Row[] {
  return directory[key] as unknown as readonly Row[];
}

// ---------------------------------------------------------------------------------------------
// Foreign keys. HSDS 3.0 links rows by `<resource>_id` columns (datapackage.json `foreignKeys`);
// `attribute.link_id` and `metadata.resource_id` are polymorphic (their target table is named by
// `link_entity` / `resource_type`).
//
// kind:
// - 'required': the row means nothing without its parent (tabular `required`), so a missing,
//   unknown or skipped parent skips the row.
// - 'owner': optional owner link; a skipped parent skips the row (it belonged to bad data), an
//   unknown parent only drops the link with a warning.
// - 'soft': an association (parent organization, parent term, program); never skips the row.
// - 'poly': polymorphic; resolved against every table; a skipped target skips the row, an unknown
//   one is kept (it cannot be constrained in a database anyway) with a warning.
export type LinkKind = 'required' | 'owner' | 'soft' | 'poly';
export interface ForeignKey {
  readonly field: string;
  readonly target: ResourceName | '*';
  readonly kind: LinkKind;
}

export const FOREIGN_KEYS: Readonly<Partial<Record<ResourceName, readonly ForeignKey[]>>> = {
  organization: [{ field: 'parent_organization_id', target: 'organization', kind: 'soft' }],
  program: [{ field: 'organization_id', target: 'organization', kind: 'required' }],
  service: [
    { field: 'organization_id', target: 'organization', kind: 'required' },
    { field: 'program_id', target: 'program', kind: 'soft' },
  ],
  location: [{ field: 'organization_id', target: 'organization', kind: 'owner' }],
  service_at_location: [
    { field: 'service_id', target: 'service', kind: 'required' },
    { field: 'location_id', target: 'location', kind: 'required' },
  ],
  contact: [
    { field: 'organization_id', target: 'organization', kind: 'owner' },
    { field: 'service_id', target: 'service', kind: 'owner' },
    { field: 'service_at_location_id', target: 'service_at_location', kind: 'owner' },
    { field: 'location_id', target: 'location', kind: 'owner' },
  ],
  phone: [
    { field: 'location_id', target: 'location', kind: 'owner' },
    { field: 'service_id', target: 'service', kind: 'owner' },
    { field: 'organization_id', target: 'organization', kind: 'owner' },
    { field: 'contact_id', target: 'contact', kind: 'owner' },
    { field: 'service_at_location_id', target: 'service_at_location', kind: 'owner' },
  ],
  language: [
    { field: 'service_id', target: 'service', kind: 'owner' },
    { field: 'location_id', target: 'location', kind: 'owner' },
    { field: 'phone_id', target: 'phone', kind: 'owner' },
  ],
  address: [{ field: 'location_id', target: 'location', kind: 'owner' }],
  accessibility: [{ field: 'location_id', target: 'location', kind: 'owner' }],
  schedule: [
    { field: 'service_id', target: 'service', kind: 'owner' },
    { field: 'location_id', target: 'location', kind: 'owner' },
    { field: 'service_at_location_id', target: 'service_at_location', kind: 'owner' },
  ],
  funding: [
    { field: 'organization_id', target: 'organization', kind: 'owner' },
    { field: 'service_id', target: 'service', kind: 'owner' },
  ],
  service_area: [{ field: 'service_id', target: 'service', kind: 'owner' }],
  required_document: [{ field: 'service_id', target: 'service', kind: 'owner' }],
  cost_option: [{ field: 'service_id', target: 'service', kind: 'required' }],
  organization_identifier: [
    { field: 'organization_id', target: 'organization', kind: 'required' },
  ],
  taxonomy_term: [
    { field: 'parent_id', target: 'taxonomy_term', kind: 'soft' },
    { field: 'taxonomy_id', target: 'taxonomy', kind: 'owner' },
  ],
  attribute: [
    { field: 'taxonomy_term_id', target: 'taxonomy_term', kind: 'required' },
    { field: 'link_id', target: '*', kind: 'poly' },
  ],
  metadata: [{ field: 'resource_id', target: '*', kind: 'poly' }],
};

/**
 * Order in which tables are checked so that a skipped parent is known before its children:
 * a skip cascades down this list (organization -> service -> service_at_location -> phone ...).
 */
export const RESOLVE_ORDER: readonly ResourceName[] = [
  'organization',
  'program',
  'service',
  'location',
  'service_at_location',
  'contact',
  'phone',
  'language',
  'address',
  'accessibility',
  'schedule',
  'funding',
  'service_area',
  'required_document',
  'cost_option',
  'organization_identifier',
  'taxonomy',
  'taxonomy_term',
  'attribute',
  'metadata',
  'meta_table_description',
];

// ---------------------------------------------------------------------------------------------
// Import results.

export type Severity = 'error' | 'warning';

/**
 * One line of the import report. `row` is the 1-based data row in `file` (for JSON, the 1-based
 * top-level item); 0 means the whole file. An `error` means the row was skipped; a `warning` means
 * it was kept, normalized as described.
 */
export interface ReportRow {
  file: string;
  row: number;
  /** 1-based line of `file` where the row starts (CSV only; the header is line 1). */
  line?: number;
  field: string;
  /** The problem in English (what the CLI prints and the API returns). */
  problem: string;
  /** The same as a code with its values, for a reader in another language (report-notes.ts). */
  note?: Note;
  severity: Severity;
}

/** Where a non-UUID source id went: the lead stores this as the row's external identifier. */
export interface ExternalId {
  resource: ResourceName;
  id: string;
  source: string;
  source_id: string;
}

export interface ImportResult {
  directory: Directory;
  report: ReportRow[];
  /** Provenance of rewritten ids (not part of HSDS; never exported). */
  externalIds: ExternalId[];
}

export interface ImportOptions {
  /**
   * Names the data source (e.g. `211-metro`). Non-UUID ids become UUID v5 of
   * (source, table, source id), so the same source re-imported yields the same ids.
   */
  source?: string;
  /** Any row problem (error) becomes a fatal HsdsImportError; nothing is imported. */
  strict?: boolean;
  /**
   * Coordinates out of range: `drop` (default) keeps the location without coordinates and warns;
   * `skip` treats the whole location row as a row problem. The official 3.0 examples carry
   * latitude 100 / longitude 101, so `skip` would reject them.
   */
  invalidCoordinates?: 'drop' | 'skip';
}

export type FatalCode =
  | 'unreadable'
  | 'unknown-format'
  | 'unparseable'
  | 'strict-row-problems';

/** A fatal import problem: the caller must change nothing. */
export class HsdsImportError extends Error {
  readonly code: FatalCode;
  readonly report: readonly ReportRow[];
  constructor(code: FatalCode, message: string, report: readonly ReportRow[] = []) {
    super(message);
    this.name = 'HsdsImportError';
    this.code = code;
    this.report = report;
  }
}
