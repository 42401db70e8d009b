import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { rowsOf } from '../../db/client.ts';
import { REAL_EXPORT_TABLES, realExport } from '../../interop/hsds/county-211-export.ts';
import { CATEGORY_TAXONOMY_ID } from './directory.repo.ts';

// Issue 19: a re-import rebuilds the search rows of the services its changes reach (through an
// organization, a location's address, a phone, a schedule, a language, a taxonomy term), not the
// whole directory's; and the rows it leaves are exactly those a full rebuild gives.
let t: TestApp;
const system = systemActor('test');
const SOURCE = 'county-211';
const TZ = 'America/Chicago';
beforeAll(async () => {
  t = await createTestApp();
  const r = await t.services.directory.importDirectory(system, { files: realExport() }, { source: SOURCE, defaultTimeZone: TZ });
  expect(r.servicesIndexed).toBe(5);
});
afterAll(() => t?.close());

/** The search rows of the feed's services, as a search reads them. */
const searchRows = async () =>
  rowsOf<{ row: Record<string, unknown> }>(
    await t.database.db.owner((tx) =>
      tx.execute(sql`select to_jsonb(d) - 'modified_at' as row from directory_search d
        where d.service_id in (select id from hsds_service where pb_source = ${SOURCE}) order by d.entry_id`),
    ),
  ).map((r): Record<string, unknown> => ({ ...r.row, schedules: sortedById(r.row['schedules']) }));
/** The refresh aggregates a service's schedule rows in no set order. */
const sortedById = (rows: unknown) => [...(rows as { id: string }[])].sort((a, b) => a.id.localeCompare(b.id));
/** The same rows rebuilt from scratch for every service of the feed. */
const rebuiltRows = async () => {
  await t.database.db.owner((tx) =>
    tx.execute(sql`select pb_directory_refresh(array(select id from hsds_service where pb_source = ${SOURCE}), ${TZ}, ${CATEGORY_TAXONOMY_ID}::uuid)`),
  );
  return searchRows();
};
const reimport = (changes: Record<string, [string, string][]>) => {
  const tables = { ...REAL_EXPORT_TABLES };
  for (const [file, edits] of Object.entries(changes)) {
    for (const [from, to] of edits) {
      expect(tables[file], `${file} has ${from}`).toContain(from);
      tables[file] = tables[file]!.replace(from, to);
    }
  }
  return t.services.directory.importDirectory(system, { files: realExport({ override: tables }) }, { source: SOURCE, defaultTimeZone: TZ });
};
const serviceNamesIndexed = async (importStartedAfter: string) =>
  rowsOf<{ name: string }>(
    await t.database.db.owner((tx) =>
      tx.execute(sql`select s.name from directory_search d join hsds_service s on s.id = d.service_id
        where d.modified_at > ${importStartedAfter}::timestamptz order by s.name`),
    ),
  ).map((r) => r.name);

describe('a re-import rebuilds the search rows its changes reach', () => {
  it('a location address and a schedule: only the service there', async () => {
    const before = new Date().toISOString();
    const r = await reimport({
      'physical_addresses.csv': [['50 W Washington St,Chicago,ILLINOIS,60602', '51 W Washington St,Chicago,ILLINOIS,60603']],
      'regular_schedules.csv': [['SCH-3,SVC-3,Monday,9:00,5:00', 'SCH-3,SVC-3,Monday,9:00am,5:00pm']],
    });
    expect(r.servicesIndexed).toBe(1);
    expect(await serviceNamesIndexed(before)).toEqual(['Tenant Legal Clinic']);
    const rows = await searchRows();
    expect(rows.find((x) => x['name'] === 'Tenant Legal Clinic')).toMatchObject({ postal_code: '60603' });
    expect(rows).toEqual(await rebuiltRows());
  });

  it('an organization, a phone moved between services, a taxonomy term and a language: the services they feed', async () => {
    const before = new Date().toISOString();
    const r = await reimport({
      'organizations.csv': [['ORG-1,Harbor Food Bank,', 'ORG-1,Harbor Food Network,']],
      'phones.csv': [['PH-1,SVC-1,(312) 555-0101', 'PH-1,SVC-3,(312) 555-0101']],
      'taxonomy.csv': [['BD-1800.2000,Food Pantries,', 'BD-1800.2000,Food Pantries and Cupboards,']],
      'languages.csv': [['\r\nSVC-2,SVC-2,English', '']],
      'physical_addresses.csv': [['50 W Washington St,Chicago,ILLINOIS,60602', '51 W Washington St,Chicago,ILLINOIS,60603']],
      'regular_schedules.csv': [['SCH-3,SVC-3,Monday,9:00,5:00', 'SCH-3,SVC-3,Monday,9:00am,5:00pm']],
    });
    // ORG-1 runs the pantry and the crisis line; the phone leaves the pantry for the clinic; the
    // term is the pantry's; the shelter lost a language. Hope Detox is untouched.
    expect(r.servicesIndexed).toBe(4);
    expect(await serviceNamesIndexed(before)).toEqual(['Harbor Crisis Line', 'Harbor Food Pantry', 'Maison Espoir Shelter', 'Tenant Legal Clinic']);
    const rows = await searchRows();
    expect(rows.find((x) => x['name'] === 'Harbor Crisis Line')).toMatchObject({ organization_name: 'Harbor Food Network' });
    expect(rows.find((x) => x['name'] === 'Tenant Legal Clinic')).toMatchObject({ phone: '(312) 555-0101' });
    expect(rows.find((x) => x['name'] === 'Harbor Food Pantry')).toMatchObject({ phone: null });
    expect(rows.find((x) => x['name'] === 'Maison Espoir Shelter')!['languages']).not.toContain('english');
    expect(rows).toEqual(await rebuiltRows());
  });
});

describe('source ids', () => {
  it('each non-UUID source id finds its row, through re-imports', async () => {
    const external = async () =>
      rowsOf<{ source_id: string; name: string }>(
        await t.database.db.owner((tx) =>
          tx.execute(sql`select e.source_id, s.name from hsds_external_ids e join hsds_service s on s.id = e.id where e.source = ${SOURCE} order by e.source_id`),
        ),
      );
    expect(await external()).toEqual([
      { source_id: 'SVC-1', name: 'Harbor Food Pantry' },
      { source_id: 'SVC-2', name: 'Maison Espoir Shelter' },
      { source_id: 'SVC-3', name: 'Tenant Legal Clinic' },
      { source_id: 'SVC-4', name: 'Hope Detox' },
      { source_id: 'SVC-5', name: 'Harbor Crisis Line' },
    ]);
    const count = async () => rowsOf<{ n: number }>(await t.database.db.owner((tx) => tx.execute(sql`select count(*)::int as n from hsds_external_ids where source = ${SOURCE}`)))[0]!.n;
    const n = await count();
    expect(n).toBeGreaterThan(20);
    await t.services.directory.importDirectory(system, { files: realExport() }, { source: SOURCE, defaultTimeZone: TZ });
    expect(await count()).toBe(n);
    expect((await external()).map((e) => e.source_id)).toEqual(['SVC-1', 'SVC-2', 'SVC-3', 'SVC-4', 'SVC-5']);
  });
});

// Sources share ids given as UUIDs: an import that only renames an organization another source's
// services hang from re-indexes those services, so a search shows the new name.
describe('an import that brings only an organization other sources use', () => {
  it("re-indexes the other source's services that hang from it", async () => {
    const org = '0b6f5a52-8c1e-4c7a-9d2e-3f4a5b6c7d01';
    const service = '0b6f5a52-8c1e-4c7a-9d2e-3f4a5b6c7d02';
    const first = await t.services.directory.importDirectory(
      system,
      {
        files: {
          'organizations.csv': `id,name,description\n${org},Lakeside Mutual Aid,Neighbors feeding neighbors\n`,
          'services.csv': `id,organization_id,name,description,status\n${service},${org},Lakeside Community Fridge,Free food any time,active\n`,
        },
      },
      { source: 'lakeside', defaultTimeZone: TZ },
    );
    expect(first.errors, JSON.stringify(first.report)).toBe(0);
    const renamed = await t.services.directory.importDirectory(
      system,
      { files: { 'organizations.csv': `id,name,description\n${org},Lakeside Food Collective,Neighbors feeding neighbors\n` } },
      { source: 'county-roster', defaultTimeZone: TZ },
    );
    expect(renamed.servicesIndexed).toBe(1);
    const [row] = rowsOf<{ organization_name: string }>(
      await t.database.db.owner((tx) => tx.execute(sql`select organization_name from directory_search where service_id = ${service}::uuid`)),
    );
    expect(row!.organization_name).toBe('Lakeside Food Collective');
  });
});
