import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { stableId } from './ids.ts';
import { TABLES, emptyDirectory } from './model.ts';
import { roundCoordinate } from './normalize.ts';
import type { Directory } from './model.ts';
import { readDirectory } from './read-directory.ts';
import { readHsds3Csv } from './read-hsds3-csv.ts';
import { readHsds3Json } from './read-hsds3-json.ts';
import { jsonExportCoverage, toHsds3Csv, toHsds3Json } from './write.ts';
import { hsdsDataDir } from '../../../test/harness/shared.ts';

const HSDS = hsdsDataDir();
const SCHEMA = join(HSDS, 'hsds-3.0-schema');
const load = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(SCHEMA, file), 'utf8'));

// The official schemas. The compiled service schema is self-contained (its `$ref`s point into its
// own `definitions`); the tabular rows are checked against both datapackage.json (types, formats,
// required columns) and the compiled schema's definition of that table, referenced across files
// by `$id`.
// Both packages are CommonJS; under NodeNext the class is the `default` of the default import.
const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...load('compiled_service_with_definitions.json'), $id: 'compiled_service.json' });
const validateService = ajv.getSchema('compiled_service.json')!;
const officialPackage = load('datapackage.json') as {
  resources: { name: string; path: string; schema: { fields: { name: string; type: string; format?: string; constraints?: { required?: boolean; enum?: string[] } }[] } }[];
};

// Frictionless Table Schema, as JSON Schema over a row whose empty cells are absent.
const TYPE: Record<string, object> = {
  string: { type: 'string' },
  number: { type: 'number' },
  date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  datetime: { type: 'string', format: 'date-time' },
  time: { type: 'string', pattern: '^\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})?$' },
};
const tableValidators = new Map(
  officialPackage.resources.map((r) => {
    const properties: Record<string, object> = {};
    const required: string[] = [];
    for (const f of r.schema.fields) {
      properties[f.name] = {
        ...TYPE[f.type],
        ...(f.format ? { format: f.format } : {}),
        ...(f.constraints?.enum ? { enum: f.constraints.enum } : {}),
      };
      if (f.constraints?.required) required.push(f.name);
    }
    const definition = r.name === 'service' ? 'compiled_service.json' : `compiled_service.json#/definitions/${r.name}`;
    const schema = { allOf: [{ type: 'object', properties, required, additionalProperties: false }, { $ref: definition }] };
    return [r.path, { fields: r.schema.fields, validate: ajv.compile(schema) }] as const;
  }),
);

function csvProblems(files: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [path, { fields, validate }] of tableValidators) {
    const text = files[path];
    if (text === undefined) {
      out.push(`${path}: missing`);
      continue;
    }
    const parsed = parseCsv(text, path)!;
    expect(parsed.header).toEqual(fields.map((f) => f.name));
    for (const rec of parsed.records) {
      const row: Record<string, unknown> = {};
      for (const f of fields) {
        const v = rec.values[f.name] ?? '';
        if (v === '') continue;
        row[f.name] = f.type === 'number' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
      }
      if (!validate(row)) out.push(`${path}:${rec.row} ${ajv.errorsText(validate.errors)}`);
    }
  }
  return out;
}

const byId = (d: Directory): Record<string, unknown[]> =>
  Object.fromEntries(Object.entries(d).map(([k, rows]) => [k, [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))]));

const sources = [
  join(HSDS, 'hsds-3.0-examples/service_full.json'),
  join(HSDS, 'hsds-3.0-examples/organization_full.json'),
  join(HSDS, 'hsds-3.0-examples/service_at_location_full.json'),
  join(HSDS, 'hsds-3.0-examples/csv'),
  join(HSDS, 'hsds-1.1-sample-datapackage/simple'),
  join(HSDS, 'hsds-1.1-sample-datapackage/all_resources'),
];

describe('exports validate against the official HSDS 3.0 schemas', () => {
  it('the schema rejects what it should (the validator is live)', () => {
    const ok = readDirectory(sources[0]!).directory;
    const service = toHsds3Json(ok)[0]!;
    expect(validateService(service)).toBe(true);
    expect(validateService({ ...service, status: undefined })).toBe(false);
    expect(validateService({ ...service, id: '12' })).toBe(false);
    const csv = toHsds3Csv(ok);
    expect(csvProblems({ ...csv, 'services.csv': csv['services.csv']!.replace(/,active,/, ',open,') })).not.toEqual([]);
  });

  it.each(sources)('%s: JSON export is valid compiled services', (source) => {
    const json = toHsds3Json(readDirectory(source).directory);
    expect(json.length).toBeGreaterThan(0);
    for (const s of json) expect(validateService(s), ajv.errorsText(validateService.errors)).toBe(true);
  });

  it.each(sources)('%s: CSV export is a valid 3.0 tabular package', (source) => {
    const files = toHsds3Csv(readDirectory(source).directory);
    expect(csvProblems(files)).toEqual([]);
    const dp = JSON.parse(files['datapackage.json']!) as { resources: { name: string; path: string }[] };
    expect(dp.resources.map((r) => [r.name, r.path])).toEqual(officialPackage.resources.map((r) => [r.name, r.path]));
  });
});

describe('round trips', () => {
  it.each(sources)('%s: import(export CSV) gives back the directory', (source) => {
    const x = readDirectory(source).directory;
    const back = readHsds3Csv(toHsds3Csv(x));
    expect(back.report.filter((r) => r.severity === 'error')).toEqual([]);
    expect(back.directory).toEqual(x);
  });

  it.each(sources)('%s: import(export JSON) gives back what the JSON carries', (source) => {
    const x = readDirectory(source).directory;
    const back = readHsds3Json(JSON.stringify(toHsds3Json(x)));
    expect(back.report.filter((r) => r.severity === 'error')).toEqual([]);
    expect(byId(back.directory)).toEqual(byId(jsonExportCoverage(x)));
  });

  it('the JSON of a service-shaped source carries all of it', () => {
    const x = readDirectory(sources[0]!).directory;
    expect(jsonExportCoverage(x)).toEqual(x);
  });

  it('holds for generated directories (CSV exactly, JSON for what it carries), and both validate', () => {
    fc.assert(
      fc.property(directoryArb, (x) => {
        const csv = toHsds3Csv(x);
        expect(readHsds3Csv(csv).directory).toEqual(x);
        expect(csvProblems(csv)).toEqual([]);
        const json = toHsds3Json(x);
        for (const s of json) expect(validateService(s), ajv.errorsText(validateService.errors)).toBe(true);
        expect(byId(readHsds3Json(JSON.stringify(json)).directory)).toEqual(byId(jsonExportCoverage(x)));
      }),
      { numRuns: 60 },
    );
  });
});

// --- a generator of normalized directories -------------------------------------------------
const text = fc
  .string({ unit: fc.constantFrom('a', 'B', ' ', ',', '"', '\n', 'é', 'ñ', '漢', '1', '-', "'"), minLength: 1, maxLength: 12 })
  .filter((s) => s.trim() === s && s !== '');
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
// Coordinates as a normalized directory holds them: to 7 decimal places (roundCoordinate).
const coord = (max: number): fc.Arbitrary<number> => fc.double({ min: -max, max, noNaN: true }).map(roundCoordinate);
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`);
const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
const uid = (kind: string, n: number): string => stableId('gen', kind, String(n));

const directoryArb: fc.Arbitrary<Directory> = fc
  .record({
    orgs: fc.array(fc.record({ name: text, description: text, year: maybe(fc.integer({ min: 1800, max: 2030 })) }), { minLength: 1, maxLength: 3 }),
    services: fc.array(
      fc.record({
        org: fc.nat(),
        name: text,
        status: fc.constantFrom('active', 'inactive', 'defunct', 'temporarily closed'),
        description: maybe(text),
        minimum_age: maybe(fc.integer({ min: 0, max: 99 })),
        withProgram: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    locations: fc.array(
      fc.record({ org: fc.nat(), type: fc.constantFrom('physical', 'postal', 'virtual'), name: maybe(text), lat: maybe(coord(90)), lon: coord(180) }),
      { maxLength: 3 },
    ),
    links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
    phones: fc.array(fc.record({ service: fc.nat(), number: fc.stringMatching(/^[2-9]\d{2}-\d{3}-\d{4}$/), ext: maybe(fc.integer({ min: 1, max: 9999 })) }), { maxLength: 3 }),
    schedules: fc.array(
      fc.record({ service: fc.nat(), byday: fc.subarray(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], { minLength: 1 }), opens: time, closes: time }),
      { maxLength: 3 },
    ),
    terms: fc.array(fc.record({ name: text, description: text, code: maybe(text) }), { maxLength: 2 }),
    attributes: fc.array(fc.tuple(fc.nat(), fc.nat(), maybe(text)), { maxLength: 3 }),
  })
  .map((g) => {
    const d = emptyDirectory();
    g.orgs.forEach((o, i) => d.organizations.push(clean({ id: uid('org', i), name: o.name, description: o.description, year_incorporated: o.year })));
    g.services.forEach((s, i) => {
      const org = uid('org', s.org % g.orgs.length);
      let program_id: string | undefined;
      if (s.withProgram) {
        program_id = uid('program', i);
        d.programs.push({ id: program_id, organization_id: org, name: s.name, description: 'Program' });
      }
      d.services.push(clean({ id: uid('service', i), organization_id: org, program_id, name: s.name, description: s.description, status: s.status, minimum_age: s.minimum_age }));
    });
    g.locations.forEach((l, i) =>
      d.locations.push(
        clean({ id: uid('location', i), location_type: l.type, organization_id: uid('org', l.org % g.orgs.length), name: l.name, latitude: l.lat, longitude: l.lat === undefined ? undefined : l.lon }),
      ),
    );
    if (g.services.length > 0 && g.locations.length > 0) {
      const seen = new Set<string>();
      g.links.forEach(([s, l], i) => {
        const key = `${s % g.services.length}/${l % g.locations.length}`;
        if (seen.has(key)) return;
        seen.add(key);
        d.service_at_location.push({ id: uid('sal', i), service_id: uid('service', s % g.services.length), location_id: uid('location', l % g.locations.length) });
        d.addresses.push({ id: uid('address', i), location_id: uid('location', l % g.locations.length), address_1: '1 Main St', city: 'Seattle', state_province: 'WA', postal_code: '98101', country: 'US', address_type: 'physical' });
      });
    }
    if (g.services.length > 0) {
      g.phones.forEach((p, i) => d.phones.push(clean({ id: uid('phone', i), service_id: uid('service', p.service % g.services.length), number: p.number, extension: p.ext })));
      g.schedules.forEach((s, i) =>
        d.schedules.push({ id: uid('schedule', i), service_id: uid('service', s.service % g.services.length), freq: 'WEEKLY', byday: s.byday.join(','), opens_at: s.opens, closes_at: s.closes }),
      );
    }
    if (g.terms.length > 0) d.taxonomies.push({ id: uid('taxonomy', 0), name: 'Taxonomy', description: 'Terms' });
    g.terms.forEach((t, i) => d.taxonomy_terms.push(clean({ id: uid('term', i), name: t.name, description: t.description, code: t.code, taxonomy_id: uid('taxonomy', 0) })));
    if (g.services.length > 0 && g.terms.length > 0) {
      g.attributes.forEach(([s, t, value], i) =>
        d.attributes.push(clean({ id: uid('attribute', i), link_id: uid('service', s % g.services.length), link_entity: 'service', link_type: 'service_taxonomy', taxonomy_term_id: uid('term', t % g.terms.length), value })),
      );
    }
    return d;
  });

it('covers every table of the model', () => {
  expect(TABLES).toHaveLength(21);
});
