import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUuid, stableId } from './ids.ts';
import { HsdsImportError } from './model.ts';
import type { ImportResult, ReportRow } from './model.ts';
import { detectFormat, readDirectory, readFiles } from './read-directory.ts';
import { readHsds3Csv } from './read-hsds3-csv.ts';
import { readHsds3Json } from './read-hsds3-json.ts';
import { readHsdsLegacyCsv } from './read-legacy-csv.ts';
import { hsdsDataDir } from '../../../test/harness/shared.ts';

// The reference files live beside the repository (CI clones it with shared/ next to it).
const HSDS = hsdsDataDir();
const examples = join(HSDS, 'hsds-3.0-examples');
const legacy = join(HSDS, 'hsds-1.1-sample-datapackage');

const errors = (r: ImportResult): ReportRow[] => r.report.filter((x) => x.severity === 'error');
const problems = (r: ImportResult): string[] => r.report.map((x) => `${x.severity} ${x.file}:${x.row} ${x.field}: ${x.problem}`);
const count = (r: ImportResult): Record<string, number> =>
  Object.fromEntries(Object.entries(r.directory).filter(([, v]) => v.length > 0).map(([k, v]) => [k, v.length]));

describe('official HSDS 3.0 examples', () => {
  it.each([
    'service_full.json',
    'organization_full.json',
    'service_at_location_full.json',
    'location.json',
    'taxonomy_term.json',
    'taxonomy.json',
    'service_list.json',
    'organization_list.json',
    'service_at_location_list.json',
    'taxonomy_list.json',
    'taxonomy_term_list.json',
  ])('%s imports with no errors', (file) => {
    const r = readDirectory(join(examples, file));
    expect(r.format).toBe('hsds3-json');
    expect(errors(r)).toEqual([]);
    for (const rows of Object.values(r.directory)) for (const row of rows) expect(isUuid(row.id)).toBe(true);
  });

  it('service_full.json flattens every nested table with its foreign keys', () => {
    const r = readDirectory(join(examples, 'service_full.json'));
    const d = r.directory;
    const service = d.services[0]!;
    expect(count(r)).toMatchObject({ services: 1, organizations: 1, locations: 1, service_at_location: 1, taxonomies: 1 });
    expect(service.organization_id).toBe(d.organizations[0]!.id);
    expect(service.program_id).toBe(d.programs[0]!.id);
    expect(d.programs[0]!.organization_id).toBe(d.organizations[0]!.id);
    expect(d.service_at_location[0]).toMatchObject({ service_id: service.id, location_id: d.locations[0]!.id });
    // One phone, nested in five places, is one row carrying all five links (as phones.csv has it).
    expect(d.phones).toHaveLength(1);
    expect(d.phones[0]).toMatchObject({
      service_id: service.id,
      organization_id: d.organizations[0]!.id,
      location_id: d.locations[0]!.id,
      contact_id: d.contacts[0]!.id,
      service_at_location_id: d.service_at_location[0]!.id,
      number: '+44 1234 234567',
      extension: 100,
    });
    expect(d.languages[0]).toMatchObject({ phone_id: d.phones[0]!.id, service_id: service.id, location_id: d.locations[0]!.id });
    expect(d.attributes[0]).toMatchObject({ link_id: service.id, taxonomy_term_id: d.taxonomy_terms[0]!.id });
    expect(d.taxonomy_terms[0]!.taxonomy_id).toBe(d.taxonomies[0]!.id);
    expect(d.metadata[0]!.resource_id).toBe(service.id);
  });

  it('warns about what the example itself gets wrong', () => {
    const r = readDirectory(join(examples, 'service_full.json'));
    expect(problems(r).sort()).toEqual([
      'warning service_full.json:1 attributes[0].taxonomy_term.parent_id: refers to taxonomy_term "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2", which is not in this import; link removed',
      'warning service_full.json:1 organization.parent_organization_id: refers to organization "cd09a387-91f4-4555-94ec-e799c35344cd", which is not in this import; link removed',
      'warning service_full.json:1 phones[0].number: quotes around the number removed',
      'warning service_full.json:1 service_at_locations[0].location.latitude: latitude 100 outside -90..90; coordinates dropped',
    ].sort());
    expect(r.directory.locations[0]!.latitude).toBeUndefined();
  });

  it('the CSV package imports with no errors; its dangling links are warned about', () => {
    const r = readDirectory(join(examples, 'csv'));
    expect(r.format).toBe('hsds3-csv');
    expect(errors(r)).toEqual([]);
    expect(Object.keys(count(r))).toHaveLength(21);
    const fields = r.report.map((x) => `${x.file} ${x.field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'locations.csv latitude',
        'locations.csv organization_id',
        'contacts.csv service_at_location_id',
        'taxonomy_terms.csv taxonomy_id',
        'attributes.csv link_id',
        'phones.csv number',
      ]),
    );
    expect(r.report.every((x) => x.severity === 'warning' && x.row === 1)).toBe(true);
  });

  it('the JSON and CSV forms of the example give the same service', () => {
    const a = readDirectory(join(examples, 'service_full.json')).directory.services[0];
    const b = readDirectory(join(examples, 'csv')).directory.services[0];
    expect(a).toEqual(b);
  });
});

describe('HSDS 1.1 sample packages', () => {
  it('simple imports with no errors', () => {
    const r = readDirectory(join(legacy, 'simple'));
    expect(r.format).toBe('hsds-legacy-csv');
    expect(errors(r)).toEqual([]);
    expect(count(r)).toMatchObject({ organizations: 10, services: 13, locations: 10, service_at_location: 13, phones: 5 });
    // Its metadata.csv logs changes to rows that are not in the package, and lacks previous values.
    expect(new Set(r.report.map((x) => `${x.file} ${x.field}`))).toEqual(
      new Set(['metadata.csv previous_value', 'metadata.csv resource_id']),
    );
  });

  it('all_resources imports with no errors and maps the old tables onto 3.0', () => {
    const r = readDirectory(join(legacy, 'all_resources'));
    expect(errors(r)).toEqual([]);
    const d = r.directory;
    expect(count(r)).toMatchObject({ organizations: 10, services: 13, addresses: 2, schedules: 4, languages: 8, accessibility: 1, taxonomy_terms: 1, taxonomies: 1 });
    expect(d.addresses.map((a) => a.address_type).sort()).toEqual(['physical', 'postal']);
    const regular = d.schedules.filter((s) => s.byday);
    expect(regular.map((s) => [s.byday, s.opens_at, s.closes_at, s.freq])).toEqual([
      ['MO', '09:00:00', '17:00:00', 'WEEKLY'],
      ['TU', '09:00:00', '17:00:00', 'WEEKLY'],
      ['WE', '09:00:00', '17:00:00', 'WEEKLY'],
    ]);
    // The holiday row reuses a regular schedule's id; it still becomes its own closure row.
    expect(d.schedules.find((s) => !s.byday)).toMatchObject({ valid_from: '2019-12-24', valid_to: '2019-12-26', description: 'Closed' });
    const helpline = d.services.find((s) => s.name === 'Never Homeless Helpline')!;
    expect(helpline.eligibility_description).toBe('adult');
    expect(helpline.fees_description).toBe('Payment accepted: cash, credit card');
    expect(d.languages.filter((l) => l.phone_id === '3733e828-58e5-4ff5-9dc6-ae24f92a0f56').map((l) => l.code)).toEqual(['en', 'es']);
    expect(d.organizations[0]!.website).toBe('http://example.com');
    expect(d.taxonomy_terms[0]).toMatchObject({ name: 'Taxonomy A', description: 'Taxonomy A', taxonomy: 'AIRS', taxonomy_id: d.taxonomies[0]!.id });
    // The program's id is 34 hex digits, not a UUID: it gets a stable one and keeps its source id.
    expect(r.externalIds).toContainEqual(
      { resource: 'program', id: d.programs[0]!.id, source: 'all_resources', source_id: '7c92d010-1b0a-11e9-b56e-0800200c9a' },
    );
  });
});

// A messy 211-style export in the 1.x layout.
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
function messy(overrides: Record<string, string> = {}): Record<string, Uint8Array> {
  const files: Record<string, string> = {
    'organizations.csv': 'id,name,description,url\n1,Harbor House ,Shelter and meals,www.harborhouse.org\n2,,No name here,\n',
    'services.csv': 'id,organization_id,name,description,status\n10,1,Night Shelter,Beds,Active\n11,1,Meals,,\n12,2,,Has no name,active\n13,99,Lost,Unknown org,active\n',
    'locations.csv': 'id,organization_id,name,latitude,longitude\n100,1,Main,47.6,-122.3\n101,1,Nowhere,123.4,-122.3\n',
    'services_at_location.csv': 'id,service_id,location_id\n,10,100\n1001,12,100\n',
    'phones.csv': 'id,service_id,number,type\n500,10,555-1234 ext. 12,voice\n501,12,555-9999,voice\n',
    'physical_addresses.csv': 'id,location_id,address_1,city,state_province,postal_code,country\n700,100,1 Main St,Seattle,WA  ,98101,\n701,100,2 Main St,Seattle,WA,,US\n',
    'regular_schedules.csv': 'id,service_id,weekday,opens_at,closes_at\n800,10,Monday,8:00am,5:30 PM\n801,10,tue,8am,17:30\n802,10,MO,by appointment,\n',
  };
  const out: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries({ ...files, ...overrides })) out[k] = enc(v);
  return out;
}

describe('messy real-world input', () => {
  const r = readHsdsLegacyCsv(messy(), { source: '211-test' });
  const d = r.directory;
  const find = (file: string, row: number, field: string): ReportRow | undefined =>
    r.report.find((x) => x.file === file && x.row === row && x.field === field);

  it('turns integer ids into stable UUIDs and keeps the source ids', () => {
    expect(d.organizations[0]!.id).toBe(stableId('211-test', 'organization', '1'));
    expect(d.services[0]!.organization_id).toBe(d.organizations[0]!.id);
    expect(r.externalIds).toContainEqual({ resource: 'service', id: d.services[0]!.id, source: '211-test', source_id: '10' });
  });

  it('gives an empty id a stable id derived from the row, with a warning', () => {
    expect(find('services_at_location.csv', 1, 'id')?.severity).toBe('warning');
    expect(d.service_at_location.filter((x) => x.service_id === d.services[0]!.id)).toHaveLength(1);
  });

  it('trims trailing spaces and fixes URLs, status case and blank countries', () => {
    expect(d.organizations[0]).toMatchObject({ name: 'Harbor House', website: 'http://www.harborhouse.org' });
    expect(d.services.find((s) => s.name === 'Night Shelter')!.status).toBe('active');
    expect(d.addresses[0]).toMatchObject({ state_province: 'WA', country: 'US' });
    expect(find('physical_addresses.csv', 1, 'country')).toMatchObject({ severity: 'warning', problem: 'blank country; US assumed' });
  });

  it('reads clock times and weekday names into HSDS 3.0 schedules', () => {
    expect(d.schedules.map((s) => [s.byday, s.opens_at, s.closes_at])).toEqual([
      ['MO', '08:00:00', '17:30:00'],
      ['TU', '08:00:00', '17:30:00'],
      ['MO', undefined, undefined],
    ]);
    expect(d.schedules[2]!.notes).toBe('by appointment');
    expect(find('regular_schedules.csv', 3, 'opens_at')?.severity).toBe('warning');
  });

  it('moves a phone extension out of the number', () => {
    expect(d.phones[0]).toMatchObject({ number: '555-1234', extension: 12 });
    expect(find('phones.csv', 1, 'number')?.severity).toBe('warning');
  });

  it('skips a row missing a required field and names the field', () => {
    expect(find('services.csv', 3, 'name')).toMatchObject({ severity: 'error', problem: 'missing required field name; row skipped' });
    // An organization without a name is not worth its services: it gets a placeholder name.
    expect(find('organizations.csv', 2, 'name')).toMatchObject({ severity: 'warning' });
    expect(d.organizations[1]!.name).toBe('Organization 2 (name missing in the export)');
    expect(find('physical_addresses.csv', 2, 'postal_code')?.severity).toBe('error');
    expect(d.addresses).toHaveLength(1);
  });

  it('skips rows whose parent was skipped, all the way down', () => {
    expect(find('services_at_location.csv', 2, 'service_id')).toMatchObject({ severity: 'error' });
    expect(find('phones.csv', 2, 'service_id')).toMatchObject({ severity: 'error' });
    expect(find('services.csv', 4, 'organization_id')).toMatchObject({ severity: 'warning', problem: expect.stringContaining('placeholder organization') });
    expect(d.services.map((s) => s.name)).toEqual(['Night Shelter', 'Meals', 'Lost']);
    expect(d.phones).toHaveLength(1);
  });

  it('reports coordinates out of range, and can skip the row instead', () => {
    expect(find('locations.csv', 2, 'latitude')).toMatchObject({ severity: 'warning' });
    expect(d.locations[1]!.latitude).toBeUndefined();
    const skipping = readHsdsLegacyCsv(messy(), { source: '211-test', invalidCoordinates: 'skip' });
    expect(skipping.report.find((x) => x.file === 'locations.csv' && x.row === 2 && x.field === 'latitude')?.severity).toBe('error');
    expect(skipping.directory.locations).toHaveLength(1);
  });

  it('re-importing the same source gives the same ids', () => {
    const again = readHsdsLegacyCsv(messy(), { source: '211-test' });
    expect(again.directory).toEqual(d);
  });

  it('strict mode turns row problems into a fatal error carrying the report', () => {
    expect(() => readHsdsLegacyCsv(messy(), { source: '211-test', strict: true })).toThrow(HsdsImportError);
    try {
      readHsdsLegacyCsv(messy(), { strict: true });
    } catch (e) {
      expect((e as HsdsImportError).code).toBe('strict-row-problems');
      expect((e as HsdsImportError).report.length).toBeGreaterThan(0);
    }
  });

  it('reports a broken CSV row and keeps the rest of the file', () => {
    const broken = readHsdsLegacyCsv(
      messy({ 'services.csv': 'id,organization_id,name,status\n10,1,"Night Shelter,active\n11,1,Meals,active\n' }),
      { source: 's' },
    );
    expect(broken.report).toContainEqual(expect.objectContaining({ file: 'services.csv', row: 1, severity: 'error' }));
    expect(broken.directory.services.map((s) => s.name)).toEqual(['Meals']);
  });

  it('reads a Windows-1252 file with a warning', () => {
    const files = messy();
    files['organizations.csv'] = new Uint8Array([...enc('id,name,description\n1,Caf'), 0xe9, ...enc(' Amistad,Meals\n')]);
    const w = readHsdsLegacyCsv(files, { source: 's' });
    expect(w.directory.organizations[0]!.name).toBe('Café Amistad');
    expect(w.report).toContainEqual(expect.objectContaining({ file: 'organizations.csv', row: 0, severity: 'warning' }));
  });

  it('3.0 CSV: a required enum outside its list skips the row', () => {
    const v3 = readHsds3Csv({
      'organizations.csv': 'id,name,description\n1,Org,Desc\n',
      'services.csv': 'id,organization_id,name,status\n2,1,Svc,maybe\n3,1,Svc 2,Temporarily_Closed\n',
    });
    expect(v3.report).toContainEqual(expect.objectContaining({ file: 'services.csv', row: 1, field: 'status', severity: 'error' }));
    expect(v3.directory.services.map((s) => s.status)).toEqual(['temporarily closed']);
  });

  it('3.0 CSV: a duplicate id is a row problem', () => {
    const v3 = readHsds3Csv({ 'organizations.csv': 'id,name,description\n1,A,a\n1,B,b\n' });
    expect(v3.report).toContainEqual(expect.objectContaining({ row: 2, field: 'id', severity: 'error' }));
  });
});

describe('fatal problems', () => {
  it('an unreadable path', () => {
    expect(() => readDirectory('/nonexistent/hsds')).toThrow(expect.objectContaining({ code: 'unreadable' }));
  });

  it('an unknown format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsds-'));
    writeFileSync(join(dir, 'people.csv'), 'a,b\n1,2\n');
    expect(() => readDirectory(dir)).toThrow(expect.objectContaining({ code: 'unknown-format' }));
    expect(() => readDirectory(join(examples, 'base.json'))).toThrow(expect.objectContaining({ code: 'unknown-format' }));
  });

  it('a JSON file that does not parse', () => {
    expect(() => readHsds3Json('{"id": ', { file: 'bad.json' })).toThrow(expect.objectContaining({ code: 'unparseable' }));
  });

  it('detectFormat tells the three formats apart', () => {
    expect(detectFormat(join(examples, 'service_full.json'))).toBe('hsds3-json');
    expect(detectFormat(join(examples, 'csv'))).toBe('hsds3-csv');
    expect(detectFormat(join(legacy, 'simple'))).toBe('hsds-legacy-csv');
    expect(detectFormat(readFiles(join(legacy, 'all_resources')))).toBe('hsds-legacy-csv');
  });
});
