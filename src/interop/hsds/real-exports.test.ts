import { describe, expect, it } from 'vitest';
import { stableId } from './ids.ts';
import type { ImportResult, ReportRow } from './model.ts';
import { readFileSet } from './read-directory.ts';
import { binaryGarbage, realExport, realExportZip } from './county-211-export.ts';

// Issue 19: what real 211 exports do, one package per case (county-211-export.ts).
const read = (files: Record<string, Uint8Array | string>) => readFileSet(files, { source: 'county-211' });
const line = (r: ReportRow) => `${r.severity} ${r.file}:${r.line ?? r.row} ${r.field}: ${r.problem}`;
const findIn = (r: ImportResult, file: RegExp, field: string) => r.report.filter((x) => file.test(x.file) && x.field === field);
const sid = (id: string) => stableId('county-211', 'service', id);

describe('a broken package is a fatal problem that names the file', () => {
  it('datapackage.json that is not JSON', () => {
    expect(() => read(realExport({ override: { 'datapackage.json': '{"name": "export", resources: [' } }))).toThrow(
      expect.objectContaining({ code: 'unparseable', message: expect.stringMatching(/^datapackage\.json: not valid JSON/) }),
    );
  });

  it('a CSV file of binary garbage', () => {
    expect(() => read(realExport({ folder: 'data', override: { 'services.csv': binaryGarbage() } }))).toThrow(
      expect.objectContaining({ code: 'unparseable', message: expect.stringMatching(/^data\/services\.csv: not a text file in a known encoding/) }),
    );
  });

  it('a .zip that is not an archive, and a package with no usable table', () => {
    expect(() => read({ 'export.zip': binaryGarbage() })).toThrow(expect.objectContaining({ code: 'unreadable', message: expect.stringContaining('export.zip') }));
    expect(() => read({ 'services.csv': 'Name;Phone;Hours\nHarbor;555;9-5\n' })).toThrow(expect.objectContaining({ code: 'unknown-format' }));
  });
});

describe('packages as people receive them', () => {
  const plain = read(realExport());
  const counts = (r: ImportResult) => Object.fromEntries(Object.entries(r.directory).map(([k, v]) => [k, (v as unknown[]).length]));

  it('a .zip with the CSV files in data/ under names in another case, in Windows-1252, reads like the plain folder', () => {
    const zipped = read(realExportZip({ folder: 'data', upperCaseNames: true, encoding: 'windows-1252' }));
    expect(counts(zipped)).toEqual(counts(plain));
    expect(zipped.directory.services.find((s) => s.name === 'Harbor Food Pantry')!.description).toContain('niños');
    // The report names the files as the sender has them, with the line of each row.
    expect(zipped.report.map(line)).toContainEqual(expect.stringMatching(/^warning county-211-export\.zip:data\/Services\.csv:5 organization_id: /));
    expect(zipped.report).toContainEqual(expect.objectContaining({ file: 'county-211-export.zip:data/Services.csv', problem: expect.stringContaining('Windows-1252') }));
  });

  it('a UTF-8 BOM is not part of the first column name', () => {
    const bom = read(realExport({ encoding: 'utf8-bom' }));
    expect(counts(bom)).toEqual(counts(plain));
  });
});

describe('what real exports carry', () => {
  const r = read(realExport());
  const d = r.directory;

  it('child rows that reuse their service id are kept, with one warning per file', () => {
    const langs = d.languages.filter((l) => l.service_id === sid('SVC-2')).map((l) => l.code).sort();
    expect(langs).toEqual(['en', 'es', 'ht']);
    const warnings = r.report.filter((x) => x.file === 'languages.csv' && x.field === 'id' && /reuse an id/.test(x.problem));
    expect(warnings).toHaveLength(1);
    expect(r.report.filter((x) => x.file === 'languages.csv' && x.severity === 'error')).toEqual([]);
    // Stable: the same file gives the same ids again.
    expect(read(realExport()).directory.languages.map((l) => l.id)).toEqual(d.languages.map((l) => l.id));
  });

  it('a service whose organization is missing hangs from a placeholder organization marked incomplete', () => {
    const detox = d.services.find((s) => s.name === 'Hope Detox')!;
    const org = d.organizations.find((o) => o.id === detox.organization_id)!;
    expect(org).toMatchObject({ name: 'Organization ORG-404 (not in the export)', description: expect.stringMatching(/^Incomplete/) });
    expect(findIn(r, /services\.csv/, 'organization_id')).toEqual([expect.objectContaining({ row: 4, line: 5, severity: 'warning' })]);
    // An organization with an empty name keeps its services, under a placeholder name.
    expect(d.services.find((s) => s.name === 'Tenant Legal Clinic')).toBeDefined();
    expect(d.organizations.find((o) => o.name.startsWith('Organization ORG-3'))).toBeDefined();
  });

  it('never keeps phones or taxonomy links of services that are not in the export', () => {
    expect(d.phones.map((p) => p.number).sort()).toEqual(['(312) 555-0101', '(312) 555-0199']);
    expect(d.attributes.every((a) => d.services.some((s) => s.id === a.link_id))).toBe(true);
    expect(findIn(r, /phones\.csv/, 'service_id')).toEqual([expect.objectContaining({ row: 3, severity: 'error' })]);
    expect(findIn(r, /services_taxonomy\.csv/, 'service_id').concat(findIn(r, /services_taxonomy\.csv/, 'link_id'))).toHaveLength(1);
  });

  it('AIRS codes are kept as given', () => {
    expect(d.taxonomy_terms.map((t) => t.code).sort()).toEqual(['BD-1800.2000', 'BH-1800.8500', 'FT-3200', 'PH-6500.1500', 'RP-1400.8000', 'RX-8470.1700']);
  });

  it('9:00am-5:00 is nine to five with a warning; 9:00-5:00 is reported and has no hours', () => {
    const pantry = d.schedules.filter((s) => s.service_id === sid('SVC-1'));
    expect(pantry.map((s) => [s.byday, s.opens_at, s.closes_at])).toEqual([
      ['MO', '09:00:00', '17:00:00'],
      ['TU', '09:00:00', '17:00:00'],
    ]);
    expect(findIn(r, /regular_schedules\.csv/, 'closes_at').map((x) => [x.row, x.severity])).toEqual([
      [1, 'warning'],
      [2, 'warning'],
      [3, 'warning'],
    ]);
    const clinic = d.schedules.find((s) => s.service_id === sid('SVC-3'))!;
    expect(clinic.opens_at).toBeUndefined();
    expect(clinic.closes_at).toBeUndefined();
    expect(clinic.notes).toBe('9:00-5:00');
  });

  it('states in capitals; a placeholder street line is not a street address', () => {
    expect(d.addresses.map((a) => a.state_province)).toEqual(['IL', 'IL', 'IL']);
    expect(d.addresses.find((a) => a.city === 'Chicago' && a.postal_code === '60607' && a.address_1 !== '1200 S Halsted St')!.address_1).toBe('');
    expect(findIn(r, /physical_addresses\.csv/, 'address_1')).toEqual([expect.objectContaining({ row: 2, line: 3, severity: 'warning' })]);
  });

  it('taxonomy terms without a description (1.x has none) take their name, reported once for the file', () => {
    expect(d.taxonomy_terms.every((t) => t.description === t.name)).toBe(true);
    const described = findIn(r, /taxonomy\.csv/, 'description');
    expect(described).toEqual([expect.objectContaining({ row: 1, severity: 'warning', problem: expect.stringMatching(/^6 rows have no description/) })]);
  });
});
