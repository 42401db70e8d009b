// The one entry point for `peerbridge directory import PATH`: read a file or folder from disk,
// tell the format, dispatch to the right reader. Everything fatal (unreadable path, unknown
// format, unparseable file, strict-mode row problems) throws HsdsImportError before anything is
// returned, so the caller can change nothing.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { openPackage, withOrigins } from './package.ts';
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

/**
 * Read a file, or every .csv/.json/.zip file in a folder and its subfolders (a package's CSV files
 * are often in `data/`), as a FileSet keyed by the path inside the folder.
 */
export function readFiles(path: string): FileSet {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new HsdsImportError('unreadable', `cannot read ${path}: ${(e as Error).message}`);
  }
  if (!isDir) {
    try {
      return { [basename(path)]: readFileSync(path) };
    } catch (e) {
      throw new HsdsImportError('unreadable', `cannot read ${path}: ${(e as Error).message}`);
    }
  }
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string, prefix: string, depth: number): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === '__MACOSX') continue;
      const full = join(dir, name);
      let stat;
      try {
        stat = statSync(full);
      } catch (e) {
        throw new HsdsImportError('unreadable', `cannot read ${full}: ${(e as Error).message}`);
      }
      if (stat.isDirectory()) {
        if (depth < 3) walk(full, `${prefix}${name}/`, depth + 1);
        continue;
      }
      if (!/\.(csv|json|zip)$/i.test(name) || !stat.isFile()) continue;
      try {
        files[prefix + name] = readFileSync(full);
      } catch (e) {
        throw new HsdsImportError('unreadable', `cannot read ${full}: ${(e as Error).message}`);
      }
    }
  };
  try {
    walk(path, '', 0);
  } catch (e) {
    if (e instanceof HsdsImportError) throw e;
    throw new HsdsImportError('unreadable', `cannot read ${path}: ${(e as Error).message}`);
  }
  return files;
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

/**
 * Dispatch a FileSet to the reader of its format. The package is opened first (archives expanded,
 * names matched whatever their case or folder, text decoded; see package.ts), and the report names
 * each file as the sender named it.
 */
export function readFileSet(input: FileSet, options: ImportOptions = {}): ImportResult & { format: HsdsFormat } {
  const pkg = openPackage(input);
  const files = pkg.files;
  const named = (message: string) => {
    for (const [key, path] of pkg.origin) if (message.startsWith(`${key}:`)) return path + message.slice(key.length);
    return message;
  };
  try {
    if (Object.keys(files).length === 0) {
      throw new HsdsImportError('unknown-format', 'no .csv or .json file in the package; nothing imported');
    }
    const format = detectFormat(files);
    let result: ImportResult;
    if (format === 'hsds3-json') {
      const name = Object.keys(files).find((n) => n.endsWith('.json') && n !== 'datapackage.json')!;
      result = readHsds3Json(files[name]!, { ...options, file: name });
    } else if (format === 'hsds3-csv') result = readHsds3Csv(files, options);
    else result = readHsdsLegacyCsv(files, options);
    return { format, ...result, report: [...pkg.report, ...withOrigins(result.report, pkg.origin)] };
  } catch (e) {
    if (e instanceof HsdsImportError) {
      throw new HsdsImportError(e.code, named(e.message), withOrigins([...e.report], pkg.origin));
    }
    throw e;
  }
}

/**
 * Read an HSDS file or folder from disk. `source` defaults to the file or folder name; pass a
 * fixed one (e.g. the feed's name) so ids stay stable wherever the export is saved.
 */
export function readDirectory(path: string, options: ImportOptions = {}): ImportResult & { format: HsdsFormat } {
  const files = readFiles(path);
  return readFileSet(files, { ...options, source: options.source ?? basename(path.replace(/[\\/]+$/, '')) });
}
