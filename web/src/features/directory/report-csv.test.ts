import { describe, expect, it } from 'vitest';
import type { ImportReportRow } from './directory.api';
import { reportCsv, reportFileName } from './report-csv';

const row = (r: Partial<ImportReportRow>): ImportReportRow => ({ file: 'services.csv', row: 1, field: 'name', problem: 'p', severity: 'warning', ...r });

describe('the row report as a CSV download', () => {
  it('lists every row, errors first, with the command line columns and the problem as said', () => {
    const rows = Array.from({ length: 700 }, (_, i) => row({ row: i + 1, line: i + 2, severity: i === 650 ? 'error' : 'warning', problem: `problem ${i}` }));
    const lines = reportCsv(rows, (r) => `dicho: ${r.problem}`).trimEnd().split('\r\n');
    expect(lines).toHaveLength(701);
    expect(lines[0]).toBe('file,row,line,field,severity,problem');
    expect(lines[1]).toBe('services.csv,651,652,name,error,dicho: problem 650');
    expect(lines[2]).toBe('services.csv,1,2,name,warning,dicho: problem 0');
  });

  it('quotes commas, quotes and line breaks, and keeps a value that looks like a formula as text', () => {
    const [, line] = reportCsv([row({ file: 'phones.csv', field: 'number', problem: '"=HYPERLINK(""x"")", not a phone\nnumber' })], (r) => r.problem).split('\r\n');
    expect(line).toBe('phones.csv,1,,number,warning,"""=HYPERLINK(""""x"""")"", not a phone\nnumber"');
    const [, formula] = reportCsv([row({ field: '=cmd|calc', problem: '@SUM(A1)' })], (r) => r.problem).split('\r\n');
    expect(formula).toBe("services.csv,1,,'=cmd|calc,warning,'@SUM(A1)");
  });

  it('names the file after the feed and the day', () => {
    expect(reportFileName('county-211', '2026-12-06')).toBe('county-211-report-2026-12-06.csv');
    expect(reportFileName('Cook County / 211', '2026-12-06')).toBe('Cook-County-211-report-2026-12-06.csv');
    expect(reportFileName('//', '2026-12-06')).toBe('import-report-2026-12-06.csv');
  });
});
