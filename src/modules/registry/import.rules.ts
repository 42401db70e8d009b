import { parse } from 'csv-parse/sync';

/** One line an import could not take, or took with a guess: named by file line and column. */
export interface RowProblem {
  line: number;
  column?: string;
  severity: 'error' | 'warning';
  message: string;
}

/** A problem with the whole file: nothing is imported (the import changes nothing). */
export class FatalImportError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.file = file;
  }
}

/**
 * Text of an uploaded file: UTF-8 (a BOM is dropped). Bytes that are not UTF-8 text, or a NUL
 * byte, make the file unreadable: a fatal problem naming the file.
 */
export const decodeText = (file: string, bytes: Uint8Array): string => {
  if (bytes.includes(0)) throw new FatalImportError(file, 'this is not a text file (it contains binary data).');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new FatalImportError(file, 'this file is not UTF-8 text. Save it as CSV UTF-8 and try again.');
  }
};

/** Rows of a CSV as arrays of strings; a CSV that cannot be parsed is fatal. */
export const csvRows = (file: string, text: string): string[][] => {
  try {
    return parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (e) {
    throw new FatalImportError(file, `the CSV cannot be read (${(e as Error).message}).`);
  }
};

/** `2024-03-01`, `03/01/2024` or `3/1/2024` as an ISO date; null for empty; undefined when unreadable. */
export const parseDate = (raw: string | undefined): string | null | undefined => {
  const v = (raw ?? '').trim();
  if (v === '') return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  if (m) return validDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(v);
  if (m) return validDate(+m[3]!, +m[1]!, +m[2]!);
  return undefined;
};

const validDate = (y: number, mo: number, d: number): string | undefined => {
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return t.toISOString().slice(0, 10);
};

/** A number as the Census and HRSA write them; `-`, `(X)`, `*****`, `N`, `null` are "no figure". */
export const parseFigure = (raw: string | undefined): number | null => {
  const v = (raw ?? '').trim().replace(/,/g, '');
  if (v === '' || /^(-+|\(X\)|\*+|N|null|NA)$/i.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
