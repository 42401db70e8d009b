// Reader for an HSDS 3.0 tabular data package: `datapackage.json` plus one CSV per table
// (hsds-3.0-schema/datapackage.json names them: organizations.csv, services.csv, ...).
// Each file is decoded and parsed once; rows go to the shared engine (build.ts).
import { buildDirectory } from './build.ts';
import type { RawRow } from './build.ts';
import { decodeText, parseCsv } from './csv.ts';
import type { FileContents } from './csv.ts';
import { HsdsImportError, TABLES } from './model.ts';
import { canonicalName } from './package.ts';
import type { ImportOptions, ImportResult, ReportRow, ResourceName } from './model.ts';
import { note, said } from './report-notes.ts';

/** A package as file name (relative to the package folder) -> contents. */
export type FileSet = Readonly<Record<string, FileContents>>;

/** Read a CSV file into header + records, reporting encoding and row problems. */
export function readCsvFile(
  files: FileSet,
  path: string,
  report: ReportRow[],
  lines?: Map<string, number[]>,
): { header: string[]; records: { row: number; line: number; values: Record<string, string> }[] } | undefined {
  const contents = files[path];
  if (contents === undefined) return undefined;
  const decoded = decodeText(contents, path);
  report.push(...decoded.report);
  const parsed = parseCsv(decoded.text, path);
  if (!parsed) {
    throw new HsdsImportError('unparseable', `${path}: no CSV header row could be read`);
  }
  report.push(...parsed.report);
  if (lines) {
    const byRow: number[] = [1];
    for (const r of parsed.records) byRow[r.row] = r.line;
    lines.set(path, byRow);
  }
  return parsed;
}

/** Each report row of a CSV row gets the line it starts on (readCsvFile's `lines`). */
export function addLines(report: ReportRow[], lines: ReadonlyMap<string, number[]>): void {
  for (const r of report) {
    if (r.line !== undefined || r.row <= 0) continue;
    const line = lines.get(r.file)?.[r.row];
    if (line !== undefined) r.line = line;
  }
}

/**
 * A table file none of whose columns is a column of its table (a spreadsheet saved under the
 * name, a header lost) is no table: reported as an error of the whole file, and not read.
 */
export function usableHeader(path: string, header: readonly string[], known: ReadonlySet<string>, report: ReportRow[]): boolean {
  if (header.some((h) => known.has(h))) return true;
  report.push({ file: path, row: 0, field: '', ...said(note('noKnownColumn', { columns: header.slice(0, 5).join(', ') || 'empty' })), severity: 'error' });
  return false;
}

/** Warn once per file about non-empty columns HSDS 3.0 does not define (they are not imported). */
export function reportUnknownColumns(
  path: string,
  header: readonly string[],
  known: ReadonlySet<string>,
  records: readonly { values: Record<string, string> }[],
  report: ReportRow[],
): void {
  for (const column of header) {
    if (known.has(column)) continue;
    if (!records.some((r) => (r.values[column] ?? '').trim() !== '')) continue;
    report.push({
      file: path,
      row: 0,
      field: column,
      ...said(note('unknownColumn', { column })),
      severity: 'warning',
    });
  }
}

/** Resource name -> file path, from datapackage.json when present, else the 3.0 defaults. */
function resourcePaths(files: FileSet, report: ReportRow[]): Map<ResourceName, string> {
  const paths = new Map<ResourceName, string>(TABLES.map((t) => [t.resource, t.path]));
  const dp = files['datapackage.json'];
  if (dp === undefined) return paths;
  try {
    const doc = JSON.parse(decodeText(dp, 'datapackage.json').text) as {
      resources?: { name?: string; path?: string }[];
    };
    for (const r of doc.resources ?? []) {
      const t = TABLES.find((x) => x.resource === r.name);
      if (t && typeof r.path === 'string') paths.set(t.resource, canonicalName(r.path));
    }
  } catch {
    report.push({
      file: 'datapackage.json',
      row: 0,
      field: '',
      ...said(note('datapackageInvalid')),
      severity: 'warning',
    });
  }
  return paths;
}

export function readHsds3Csv(files: FileSet, options: ImportOptions = {}): ImportResult {
  const report: ReportRow[] = [];
  const paths = resourcePaths(files, report);
  const raw: RawRow[] = [];
  const lines = new Map<string, number[]>();
  let tablesFound = 0;
  for (const t of TABLES) {
    const path = paths.get(t.resource)!;
    const parsed = readCsvFile(files, path, report, lines);
    if (!parsed) continue;
    const known = new Set(t.fields.map((f) => f.name));
    if (!usableHeader(path, parsed.header, known, report)) continue;
    tablesFound++;
    reportUnknownColumns(path, parsed.header, known, parsed.records, report);
    for (const r of parsed.records) {
      raw.push({ resource: t.resource, file: path, row: r.row, prefix: '', values: r.values });
    }
  }
  if (tablesFound === 0) {
    throw new HsdsImportError('unknown-format', 'no usable HSDS 3.0 CSV table in the package; nothing imported', report);
  }
  const result = buildDirectory(raw, { ...options, duplicates: 'error' }, report);
  addLines(result.report, lines);
  return result;
}
