// A package as people receive it (issue 19): a .zip archive, CSV files in a `data/` subfolder, a
// datapackage.json naming paths in another case than the files on disk, text in Windows-1252 or
// with a UTF-8 BOM. openPackage turns any of these into the flat FileSet the readers take (lower
// case file names, decoded text) and says, for each name, where the file came from, so the row
// report names the file the sender has.
//
// Everything that makes the package unusable is fatal here, before any reader runs: an archive
// that cannot be opened, a JSON file that is not JSON, a CSV file that is not text in a known
// encoding. A fatal problem throws HsdsImportError naming the file; the caller changes nothing.
import { unzipSync } from 'fflate';
import { decodeText } from './csv.ts';
import type { FileContents } from './csv.ts';
import { HsdsImportError } from './model.ts';
import type { ReportRow } from './model.ts';
import { note, said } from './report-notes.ts';

export interface OpenedPackage {
  /** Lower-case base name -> decoded text. */
  files: Record<string, string>;
  /** Lower-case base name -> the path the sender used (`export.zip:data/Services.csv`). */
  origin: Map<string, string>;
  /** Package-level warnings (encoding fallbacks, files ignored), named by their origin. */
  report: ReportRow[];
}

const baseName = (path: string) => path.replace(/\\/g, '/').split('/').pop() ?? path;
/** The readers' name for a file: its base name in lower case (paths in a package differ in case). */
export const canonicalName = (path: string) => baseName(path).trim().toLowerCase();

/**
 * Characters no text CSV has: NUL and the C0/C1 controls other than tab, CR, LF (a Windows-1252
 * decode turns only its five undefined bytes into C1 controls). A few may be stray; more than 1 in
 * 200 characters, or any NUL, is a binary file.
 */
const looksBinary = (text: string): boolean => {
  if (text.includes('\u0000')) return true;
  let controls = 0;
  const n = Math.min(text.length, 1_000_000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  return controls > n / 200;
};

const isZip = (name: string, contents: FileContents) =>
  name.toLowerCase().endsWith('.zip') || (typeof contents !== 'string' && contents[0] === 0x50 && contents[1] === 0x4b && contents[2] === 0x03 && contents[3] === 0x04);

/** Expand archives: every .csv/.json member, named `archive.zip:path/in/archive`. */
const expandArchives = (files: Readonly<Record<string, FileContents>>): [string, FileContents][] => {
  const out: [string, FileContents][] = [];
  for (const [name, contents] of Object.entries(files)) {
    if (!isZip(name, contents)) {
      out.push([name, contents]);
      continue;
    }
    const bytes = typeof contents === 'string' ? new TextEncoder().encode(contents) : contents;
    let members: Record<string, Uint8Array>;
    try {
      members = unzipSync(bytes, { filter: (f) => /\.(csv|json)$/i.test(f.name) && !/(^|\/)(__MACOSX|\.)/.test(f.name) });
    } catch (e) {
      throw new HsdsImportError('unreadable', `${name}: not a readable .zip archive (${(e as Error).message})`);
    }
    for (const [member, data] of Object.entries(members)) out.push([`${name}:${member}`, data]);
  }
  return out;
};

/** Depth of a path (`data/services.csv` is 1): the shallowest copy of a name wins. */
const depth = (path: string) => path.replace(/^[^:]*:/, '').split(/[\\/]/).length - 1;

export function openPackage(input: Readonly<Record<string, FileContents>>): OpenedPackage {
  const report: ReportRow[] = [];
  const files: Record<string, string> = {};
  const origin = new Map<string, string>();
  const entries = expandArchives(input)
    .filter(([name]) => /\.(csv|json)$/i.test(name))
    .sort((a, b) => depth(a[0]) - depth(b[0]) || (a[0] < b[0] ? -1 : 1));
  for (const [path, contents] of entries) {
    const key = canonicalName(path);
    if (origin.has(key)) {
      report.push({ file: path, row: 0, field: '', ...said(note('fileNamedTwice', { name: key, other: String(origin.get(key)) })), severity: 'warning' });
      continue;
    }
    const decoded = decodeText(contents, path);
    if (looksBinary(decoded.text)) {
      throw new HsdsImportError('unparseable', `${path}: not a text file in a known encoding (UTF-8, UTF-16 or Windows-1252); nothing imported`);
    }
    if (key.endsWith('.json')) {
      try {
        JSON.parse(decoded.text);
      } catch (e) {
        throw new HsdsImportError('unparseable', `${path}: not valid JSON (${(e as Error).message}); nothing imported`);
      }
    }
    report.push(...decoded.report);
    files[key] = decoded.text;
    origin.set(key, path);
  }
  return { files, origin, report };
}

/** The report with each file named as the sender named it. */
export const withOrigins = (report: ReportRow[], origin: ReadonlyMap<string, string>): ReportRow[] => {
  for (const r of report) r.file = origin.get(r.file) ?? r.file;
  return report;
};
