// CSV decoding and parsing for HSDS tabular packages (RFC 4180), in one pass over the text.
//
// Hand-written rather than csv-parse so that a broken row is reported and skipped instead of
// failing the file: an unterminated quote swallows the rest of the file in a strict parser; here
// the row where the quote opened is reported and parsing resumes on the next line.
import type { ReportRow } from './model.ts';
import { note, said } from './report-notes.ts';

export type FileContents = string | Uint8Array;

/**
 * Decode file bytes: strip a UTF-8 BOM, read UTF-16 when it has a BOM, and fall back to
 * Windows-1252 (what Excel on Windows writes) when the bytes are not valid UTF-8.
 */
export function decodeText(
  contents: FileContents,
  file: string,
): { text: string; report: ReportRow[] } {
  if (typeof contents === 'string') {
    return { text: contents.charCodeAt(0) === 0xfeff ? contents.slice(1) : contents, report: [] };
  }
  const b = contents;
  if (b[0] === 0xff && b[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), report: [] };
  }
  if (b[0] === 0xfe && b[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), report: [] };
  }
  const body = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), report: [] };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(body),
      report: [
        {
          file,
          row: 0,
          field: '',
          ...said(note('notUtf8')),
          severity: 'warning',
        },
      ],
    };
  }
}

export interface CsvRecord {
  /** 1-based data row number (the header is row 0). */
  row: number;
  /** 1-based line of the file where the row starts (differs from row + 1 after multi-line values). */
  line: number;
  values: Record<string, string>;
}

export interface ParsedCsv {
  header: string[];
  records: CsvRecord[];
  report: ReportRow[];
}

/**
 * Parse CSV text with a header row. Rows with more fields than the header are reported as errors
 * and skipped; rows with fewer are padded with empty values and warned about (many exports drop
 * trailing empty columns). Returns `undefined` when there is no header at all.
 */
export function parseCsv(text: string, file: string): ParsedCsv | undefined {
  const report: ReportRow[] = [];
  const records: CsvRecord[] = [];
  // Each row becomes its record as soon as it is read: the fields of 100,000 rows kept until the
  // end outlived the young generation and cost the garbage collector more than the parsing.
  let header: string[] | undefined;
  let row = 0;
  const n = text.length;
  let i = 0;
  // Lines counted up to `counted`, incrementally: each row's first line for the report.
  let counted = 0;
  let lineNo = 1;
  while (i < n) {
    const fields: string[] = [];
    let field = '';
    let broken = false;
    const rowStart = i;
    for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < rowStart; nl = text.indexOf('\n', nl + 1)) lineNo++;
    counted = rowStart;
    const line = lineNo;
    for (;;) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      let c = text.charCodeAt(i);
      if (c === 34 /* " */ && field === '') {
        // Quoted field.
        let j = i + 1;
        let value = '';
        let closed = false;
        while (j < n) {
          const q = text.indexOf('"', j);
          if (q < 0) break;
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
            continue;
          }
          j = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          // Unterminated quote: report this row, resume after the line where it opened.
          broken = true;
          const eol = text.indexOf('\n', rowStart);
          i = eol < 0 ? n : eol + 1;
          fields.push(field);
          break;
        }
        field = value;
        i = j;
        // Text between the closing quote and the delimiter is kept literally (lenient).
        while (i < n) {
          c = text.charCodeAt(i);
          if (c === 44 || c === 10 || c === 13) break;
          field += text[i];
          i++;
        }
        continue;
      }
      if (c === 44 /* , */) {
        fields.push(field);
        field = '';
        i++;
        continue;
      }
      if (c === 10 || c === 13) {
        fields.push(field);
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        break;
      }
      // Unquoted run up to the next delimiter.
      let k = i;
      while (k < n) {
        const d = text.charCodeAt(k);
        if (d === 44 || d === 10 || d === 13) break;
        k++;
      }
      field += text.slice(i, k);
      i = k;
    }
    // Blank lines are not rows.
    if (!broken && fields.length === 1 && fields[0] === '') continue;
    if (header === undefined) {
      if (broken) return undefined;
      header = fields.map((h) => h.trim().toLowerCase());
      continue;
    }
    row++;
    if (broken) {
      report.push({
        file,
        row,
        line,
        field: '',
        ...said(note('rowSkipped', { why: note('unterminatedQuote') })),
        severity: 'error',
      });
      continue;
    }
    if (fields.length > header.length) {
      report.push({
        file,
        row,
        line,
        field: '',
        ...said(note('rowSkipped', { why: note('tooManyFields', { fields: fields.length, header: header.length }) })),
        severity: 'error',
      });
      continue;
    }
    if (fields.length < header.length) {
      report.push({
        file,
        row,
        line,
        field: '',
        ...said(note('tooFewFields', { fields: fields.length, header: header.length })),
        severity: 'warning',
      });
    }
    const values: Record<string, string> = {};
    for (let h = 0; h < header.length; h++) values[header[h]!] = fields[h] ?? '';
    records.push({ row, line, values });
  }
  if (header === undefined) return undefined;
  return { header, records, report };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value)
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** Write rows as CSV with the given columns (CRLF line ends, as RFC 4180 says). */
export function toCsvText(
  columns: readonly string[],
  rows: readonly Record<string, string | number | undefined>[],
): string {
  const lines = [columns.map(quote).join(',')];
  for (const r of rows) {
    lines.push(
      columns
        .map((c) => {
          const v = r[c];
          return v === undefined ? '' : quote(String(v));
        })
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
