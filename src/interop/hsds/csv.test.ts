import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv, toCsvText } from './csv.ts';

describe('CSV parsing', () => {
  it('reads quoted fields with commas, doubled quotes, newlines and CRLF', () => {
    const parsed = parseCsv('id,name\r\n1,"Food, ""Fresh""\nPantry"\r\n2,Shelter\r\n', 'x.csv')!;
    expect(parsed.records).toEqual([
      { row: 1, line: 2, values: { id: '1', name: 'Food, "Fresh"\nPantry' } },
      // The value of row 1 spans two lines: row 2 starts on line 4, as an editor shows it.
      { row: 2, line: 4, values: { id: '2', name: 'Shelter' } },
    ]);
    expect(parsed.report).toEqual([]);
  });

  it('reports an unterminated quote on its row and keeps reading the next lines', () => {
    const parsed = parseCsv('id,name\n1,"Broken\n2,Fine\n3,Also fine\n', 'services.csv')!;
    expect(parsed.report).toEqual([
      {
        file: 'services.csv',
        row: 1,
        line: 2,
        field: '',
        problem: 'unterminated quoted field; row skipped',
        note: { code: 'rowSkipped', values: { why: { code: 'unterminatedQuote' } } },
        severity: 'error',
      },
    ]);
    expect(parsed.records.map((r) => r.values['id'])).toEqual(['2', '3']);
  });

  it('skips rows with too many fields and pads rows with too few', () => {
    const parsed = parseCsv('id,name,email\n1,a,b,c\n2,b\n', 'x.csv')!;
    expect(parsed.report.map((r) => [r.row, r.severity])).toEqual([
      [1, 'error'],
      [2, 'warning'],
    ]);
    expect(parsed.records).toEqual([{ row: 2, line: 3, values: { id: '2', name: 'b', email: '' } }]);
  });

  it('has no header in an empty file', () => expect(parseCsv('', 'x.csv')).toBeUndefined());

  it('round-trips any table through toCsvText', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '\n', '\r\n', ' ', '1', '漢') });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { maxLength: 8 }), (rows) => {
        const text = toCsvText(['a', 'b'], rows.map(([a, b]) => ({ a, b })));
        const parsed = parseCsv(text, 'x.csv')!;
        const expected = rows.map(([a, b]) => ({ a, b }));
        expect(parsed.records.map((r) => r.values)).toEqual(expected);
      }),
    );
  });
});

describe('decoding', () => {
  it('strips a UTF-8 BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('id\n1\n')]);
    expect(decodeText(bytes, 'x.csv')).toEqual({ text: 'id\n1\n', report: [] });
  });

  it('falls back to Windows-1252 with a warning when the bytes are not UTF-8', () => {
    // "Café" as Excel on Windows writes it: é is 0xE9.
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9]);
    const decoded = decodeText(bytes, 'organizations.csv');
    expect(decoded.text).toBe('Café');
    expect(decoded.report).toEqual([
      expect.objectContaining({ file: 'organizations.csv', row: 0, severity: 'warning' }),
    ]);
  });
});
