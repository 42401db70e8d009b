import type { ImportReportRow } from './directory.api';

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break; a text starting
 * with = + - @ tab or carriage return gets a leading quote, so a spreadsheet never runs a value
 * quoted from an export as a formula (OWASP "CSV Injection"; the server's csvCell, core/csv-cell.ts).
 */
export const csvCell = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Errors (rows left out) before warnings (rows kept, changed as said), each group in report order. */
export const errorsBeforeWarnings = (rows: readonly ImportReportRow[]): ImportReportRow[] => [
  ...rows.filter((r) => r.severity === 'error'),
  ...rows.filter((r) => r.severity !== 'error'),
];

/**
 * The whole row report as CSV, errors first, with the columns of the command line's `--report`
 * (file,row,line,field,severity,problem) so one spreadsheet reads both; the problem as `say`
 * words it (the reader's language).
 */
export const reportCsv = (rows: readonly ImportReportRow[], say: (r: ImportReportRow) => string): string =>
  [
    'file,row,line,field,severity,problem',
    ...errorsBeforeWarnings(rows).map((r) =>
      [r.file, r.row, r.line ?? '', r.field, r.severity, say(r)].map(csvCell).join(','),
    ),
  ].join('\r\n') + '\r\n';

/** A report file's name: the feed and the day, e.g. county-211-report-2026-12-06.csv. */
export const reportFileName = (source: string, day: string): string =>
  `${source.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'import'}-report-${day}.csv`;
