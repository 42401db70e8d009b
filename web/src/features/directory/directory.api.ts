import { api } from '../../app/api';
import type { ReportNote } from './import-notes';

/** Peerbridge's directory categories (0005_directory.sql): crisis lines, warmlines and peer respites first. */
export const CATEGORIES = [
  'crisis-line',
  'warmline',
  'peer-respite',
  'shelter',
  'housing',
  'food',
  'detox',
  'moud',
  'mental-health',
  'substance-use',
  'transportation',
  'employment',
  'legal',
  'benefits',
  'health',
  'information-referral',
] as const;

export interface Beds {
  available: number;
  total: number | null;
  note: string | null;
  updatedAt: string;
}

/** `DirectorySearchResult` in the OpenAPI document. */
export interface SearchResult {
  serviceId: string;
  locationId: string | null;
  name: string;
  organizationName: string | null;
  distanceKm: number | null;
  openNow: boolean | null;
  stale: boolean;
  lastVerified: string | null;
  phone: string | null;
  languages: string[];
  eligibility: string | null;
  categories: string[];
  free: boolean;
  address: string | null;
  timeZone: string;
  local: boolean;
  beds: Beds | null;
}

export interface SearchQuery {
  q?: string;
  lat?: number;
  lon?: number;
  radiusKm?: number;
  /** Around the centre of the directory's own addresses with this postal code. */
  postalCode?: string;
  openNow?: boolean;
  language?: string;
  taxonomy?: string;
  free?: boolean;
  page: number;
  pageSize: number;
}

/** `DirectoryService` in the OpenAPI document. */
export interface ServiceDetail {
  serviceId: string;
  name: string;
  alternateName: string | null;
  description: string | null;
  organization: { id: string | null; name: string | null; website: string | null };
  url: string | null;
  email: string | null;
  status: string;
  categories: string[];
  phones: Array<{ number: string; extension: number | null; type: string | null; description: string | null }>;
  locations: Array<{ id: string | null; name: string | null; address: string | null; lat: number | null; lon: number | null; timeZone: string; openNow: boolean | null }>;
  schedules: Array<Record<string, unknown>>;
  languages: string[];
  eligibility: string | null;
  fees: string | null;
  free: boolean;
  applicationProcess: string | null;
  lastVerified: string | null;
  stale: boolean;
  openNow: boolean | null;
  beds: Beds | null;
  note: { body: string; updatedAt: string } | null;
  local: boolean;
  hsdsUrl: string | null;
}

export interface ImportReportRow {
  file: string;
  row: number;
  /** The line of the file where the row starts (CSV). */
  line?: number;
  field: string;
  /** The problem in English. */
  problem: string;
  /** The problem as a code and its values (import-notes.ts says it in the reader's language). */
  note?: ReportNote;
  severity: 'error' | 'warning';
}

export interface ImportSummary {
  importId: string;
  source: string;
  format: string;
  counts: Record<string, { inserted: number; updated: number; unchanged: number; removed: number }>;
  errors: number;
  warnings: number;
  servicesIndexed: number;
  report: ImportReportRow[];
  /** The files and options were those of the latest import: nothing was read or written again. */
  sourceUnchanged?: true;
}

/** `DirectoryImportRun` in the OpenAPI document: one run of the import history, from the command line or the import page. */
export interface ImportRun {
  id: string;
  source: string;
  format: string;
  startedAt: string;
  finishedAt: string;
  counts: ImportSummary['counts'];
  errors: number;
  warnings: number;
  /** cli: the command line (the nightly import, as the system); web: an operator on the import page. */
  ranFrom: 'cli' | 'web';
  /** Only the latest run of each source keeps its row report. */
  reportKept: boolean;
}

/** `DirectoryImportRunDetail`: a run with its row report, null when not kept (not its source's latest run). */
export interface ImportRunDetail extends ImportRun {
  report: ImportReportRow[] | null;
}

export const importRunKeys = {
  all: ['directory', 'imports'] as const,
  list: (limit: number) => ['directory', 'imports', 'list', limit] as const,
  run: (id: string) => ['directory', 'imports', 'run', id] as const,
};

const enc = encodeURIComponent;

export const searchDirectory = (q: SearchQuery) =>
  api<{ total: number; results: SearchResult[]; center?: { postalCode: string; lat: number; lon: number; radiusKm: number; source: 'zip-centroid' | 'directory' }; similarSpellings?: true }>('/directory/search', { query: { ...q } });

export const getService = (id: string) => api<ServiceDetail>(`/directory/services/${enc(id)}`);

/** HSDS 3.0 JSON in the body, or `{files}` for a tabular package (CSV files and datapackage.json). */
export const importDirectory = (body: unknown, opts: { strict?: boolean; source?: string }) =>
  api<ImportSummary>('/directory/imports', { method: 'POST', body, query: { strict: opts.strict ? 'true' : undefined, source: opts.source } });


/** The import history (instance operators): the latest runs, newest first. */
export const listImportRuns = (limit = 30) => api<{ runs: ImportRun[] }>('/directory/imports', { query: { limit } });

/** One run of the import history, with its row report when kept. */
export const getImportRun = (id: string) => api<ImportRunDetail>(`/directory/imports/${enc(id)}`);

/** A feed code and the category it stands for (`DirectoryCategoryMapping`). */
export interface CategoryMapping {
  code: string;
  category: string;
  note: string | null;
  builtin: boolean;
}

/** A feed code of imported services that no category covers (`DirectoryUnmappedCode`). */
export interface UnmappedCode {
  code: string;
  name: string;
  services: number;
}

/** The words of a category's need (`DirectoryCategoryWords`). */
export interface CategoryWords {
  category: string;
  words: string;
  builtin: boolean;
  /** The words Peerbridge ships for the need, which the operator can put back. */
  shippedWords: string | null;
}

export const categoryKeys = {
  all: ['directory', 'categories'] as const,
  map: ['directory', 'categories', 'map'] as const,
  unmapped: ['directory', 'categories', 'unmapped'] as const,
  words: ['directory', 'categories', 'words'] as const,
};

export const listCategoryMap = () => api<CategoryMapping[]>('/directory/category-map');
export const listUnmappedCodes = () => api<UnmappedCode[]>('/directory/category-map/unmapped');
export const putCategoryMapping = (body: { code: string; category: string; note?: string }) =>
  api<CategoryMapping & { servicesIndexed: number }>('/directory/category-map', { method: 'PUT', body });
export const removeCategoryMapping = (code: string) =>
  api<{ code: string; category: string; servicesIndexed: number }>(`/directory/category-map/${encodeURIComponent(code)}`, { method: 'DELETE' });
export const listCategoryWords = () => api<CategoryWords[]>('/directory/category-words');
export const putCategoryWords = (body: { category: string; words: string }) =>
  api<CategoryWords & { servicesIndexed: number; localEntriesIndexed: number }>('/directory/category-words', { method: 'PUT', body });
export const resetCategoryWords = (category: string) =>
  api<CategoryWords & { servicesIndexed: number; localEntriesIndexed: number }>(`/directory/category-words/${encodeURIComponent(category)}`, { method: 'DELETE' });
