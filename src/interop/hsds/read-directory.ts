// The one entry point for `peerbridge directory import PATH`: read a file or folder from disk,
// tell the format, dispatch to the right reader. Everything fatal (unreadable path, unknown
// format, unparseable file, strict-mode row problems) throws HsdsImportError before anything is
// returned, so the caller can change nothing.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeText } from './csv.ts';
import { HsdsImportError, TABLES } from './model.ts';
import type { ImportOptions, ImportResult } from './model.ts';
import { jsonItems, readHsds3Json } from './read-hsds3-json.ts';
import { readHsds3Csv } from './read-hsds3-csv.ts';
import type { FileSet } from './read-hsds3-csv.ts';
import { LEGACY_ONLY_FILES, readHsdsLegacyCsv } from './read-legacy-csv.ts';

export type HsdsFormat = 'hsds3-json' | 'hsds3-csv' | 'hsds-legacy-csv';

const HSDS3_ONLY_FILES = new Set(
  TABLES.map((t) => t.path).filter((p) => !['organizations.csv', 'programs.csv', 'services.csv', 'locations.csv', 'phones.csv', 'contacts.csv', 'funding.csv', 'service_areas.csv', 'required_documents.csv', 'languages.csv', 'metadata.csv', 'meta_table_descriptions.csv', 'service_at_location.csv', 'taxonomies.csv'].includes(p)),
);

/**
 * Tell the format of a set of files (pure). A single `.json` file other than datapackage.json is
 * HSDS 3.0 JSON when it holds an object, array or Page; a folder is a 3.0 package when its
 * datapackage.json says version 3 or it has 3.0-only tables (addresses.csv, schedules.csv ...),
 * and a 1.x/2.x package when it has the old tables (physical_addresses.csv, regular_schedules.csv
 * ...) or its datapackage.json says version 1 or 2.
 */
export function detectFormatOfFiles(files: FileSet): HsdsFormat | undefined {
  const names = Object.keys(files);
  const jsonFiles = names.filter((n) => n.toLowerCase().endsWith('.json') && n !== 'datapackage.json');
  const csvFiles = names.filter((n) => n.toLowerCase().endsWith('.csv'));
  if (csvFiles.length === 0 && jsonFiles.length === 1) {
    try {
      const doc: unknown = JSON.parse(decodeText(files[jsonFiles[0]!]!, jsonFiles[0]!).text);
      return jsonItems(doc) ? 'hsds3-json' : undefined;
    } catch {
      return undefined;
    }
  }
  if (csvFiles.length === 0) return undefined;
  const legacy = csvFiles.some((n) => LEGACY_ONLY_FILES.includes(n));
  const v3 = csvFiles.some((n) => HSDS3_ONLY_FILES.has(n));
  if (legacy !== v3) return legacy ? 'hsds-legacy-csv' : 'hsds3-csv';
  const dp = files['datapackage.json'];
  if (dp !== undefined) {
    try {
      const doc = JSON.parse(decodeText(dp, 'datapackage.json').text) as { version?: unknown };
      const major = String(doc.version ?? '').trim().charAt(0);
      if (major === '3') return 'hsds3-csv';
      if (major === '1' || major === '2') return 'hsds-legacy-csv';
    } catch {
      // fall through
    }
  }
  if (legacy && v3) return undefined;
  // Only the tables both layouts share (organizations, services ...): read them as legacy, which
  // accepts the same columns and fills what 3.0 added.
  return csvFiles.includes('services.csv') || csvFiles.includes('organizations.csv')
    ? 'hsds-legacy-csv'
    : undefined;
}

/** Read a file, or every .csv/.json file in a folder (not recursive), as a FileSet. */
export function readFiles(path: string): FileSet {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new HsdsImportError('unreadable', `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    if (!isDir) return { [basename(path)]: readFileSync(path) };
    const files: Record<string, Uint8Array> = {};
    for (const name of readdirSync(path)) {
      if (!/\.(csv|json)$/i.test(name)) continue;
      const full = join(path, name);
      if (!statSync(full).isFile()) continue;
      files[name] = readFileSync(full);
    }
    return files;
  } catch (e) {
    throw new HsdsImportError('unreadable', `cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Tell the format of a path on disk or of a FileSet; throws when it is not HSDS. */
export function detectFormat(pathOrFiles: string | FileSet): HsdsFormat {
  const files = typeof pathOrFiles === 'string' ? readFiles(pathOrFiles) : pathOrFiles;
  const format = detectFormatOfFiles(files);
  if (!format) {
    const where = typeof pathOrFiles === 'string' ? pathOrFiles : 'the given files';
    throw new HsdsImportError(
      'unknown-format',
      `${where} is not HSDS: expected an HSDS 3.0 JSON file, or a folder with an HSDS 3.0 or 1.x/2.x tabular data package`,
    );
  }
  return format;
}

/** Dispatch a FileSet to the reader of its format. */
export function readFileSet(files: FileSet, options: ImportOptions = {}): ImportResult & { format: HsdsFormat } {
  const format = detectFormat(files);
  if (format === 'hsds3-json') {
    const name = Object.keys(files).find((n) => n.toLowerCase().endsWith('.json') && n !== 'datapackage.json')!;
    return { format, ...readHsds3Json(files[name]!, { ...options, file: name }) };
  }
  if (format === 'hsds3-csv') return { format, ...readHsds3Csv(files, options) };
  return { format, ...readHsdsLegacyCsv(files, options) };
}

/**
 * Read an HSDS file or folder from disk. `source` defaults to the file or folder name; pass a
 * fixed one (e.g. the feed's name) so ids stay stable wherever the export is saved.
 */
export function readDirectory(path: string, options: ImportOptions = {}): ImportResult & { format: HsdsFormat } {
  const files = readFiles(path);
  return readFileSet(files, { ...options, source: options.source ?? basename(path.replace(/[\\/]+$/, '')) });
}
