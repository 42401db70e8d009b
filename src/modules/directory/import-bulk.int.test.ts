import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { rowsOf, type Tx } from '../../db/client.ts';

// Its own database: the bulk path only runs for tables that are (nearly) empty when the import starts.
let t: TestApp;
const system = systemActor('test');
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

// One full batch of services (the bulk path's threshold), each with a phone and a location.
const N = 10_000;
const files = (orgDescription: string) => ({
  'organizations.csv': `id,name,description\n1,Bulk Org,${orgDescription}\n`,
  'services.csv': 'id,organization_id,name,description,status\n' + Array.from({ length: N }, (_, i) => `${i + 1},1,Bulk Service ${i + 1},Meals número ${i % 7},active`).join('\n') + '\n',
  'locations.csv': 'id,organization_id,name,latitude,longitude\n1,1,Bulk site,41.9,-87.65\n',
  'services_at_location.csv': 'id,service_id,location_id\n' + Array.from({ length: N }, (_, i) => `${i + 1},${i + 1},1`).join('\n') + '\n',
  'phones.csv': 'id,service_id,number\n' + Array.from({ length: N }, (_, i) => `${i + 1},${i + 1},(312) 555-${String(i).padStart(4, '0')}`).join('\n') + '\n',
});

const owner = <T>(fn: (tx: Tx) => Promise<T>) => t.database.db.owner(fn);
const indexes = () =>
  owner(async (tx) =>
    rowsOf<{ oid: number; def: string }>(
      await tx.execute(sql`select i.indexrelid::int as oid, pg_get_indexdef(i.indexrelid) as def from pg_index i
        where i.indrelid in ('hsds_service'::regclass, 'hsds_service_at_location'::regclass, 'hsds_phone'::regclass, 'hsds_organization'::regclass,
          'directory_search'::regclass)
        order by 2`),
    ),
  );
const searchRows = () =>
  owner(async (tx) =>
    rowsOf<{ n: number; digest: string }>(
      await tx.execute(sql`select count(*)::int as n, md5(string_agg(t::text, '|' order by entry_id)) as digest from (select entry_id, service_id,
        location_id, name, organization_name, description, terms, categories, taxonomy_term_ids, languages, free, status, lat, lon, postal_code,
        address, time_zone, phone, eligibility, last_verified, schedules, search_text, tsv from directory_search) t`),
    ),
  );

describe('bulk first import', () => {
  it('loads empty tables without their indexes, builds the same indexes again, and a re-import updates in place', async () => {
    const before = await indexes();
    const [seeded] = await searchRows();
    const first = await t.services.directory.importDirectory(system, { files: files('Many services') }, { source: 'bulk-feed' });
    expect(first.counts.service).toMatchObject({ inserted: N });
    expect(first.counts.phone).toMatchObject({ inserted: N });
    const after = await indexes();
    // The same definitions, built again (new index oids) for the tables of N rows only.
    expect(after.map((i) => i.def)).toEqual(before.map((i) => i.def));
    const rebuilt = after.filter((i) => !before.some((b) => b.oid === i.oid)).map((i) => i.def);
    expect(rebuilt.some((d) => d.includes('hsds_service_pkey'))).toBe(true);
    expect(rebuilt.some((d) => d.includes('hsds_phone_service_id_idx'))).toBe(true);
    // The search rows of N services went into a table of the few seeded examples: its indexes too.
    expect(rebuilt.filter((d) => d.includes('ON public.directory_search')).length).toBe(before.filter((d) => d.def.includes('ON public.directory_search')).length);
    expect(rebuilt.some((d) => d.includes('directory_search_tsv_idx'))).toBe(true);
    // One organization: below the threshold, its table keeps its indexes.
    expect(rebuilt.some((d) => d.includes('hsds_organization'))).toBe(false);
    const [rows] = await searchRows();
    expect(rows!.n).toBe(seeded!.n + N);

    // The organization changed, so every service's search rows are rebuilt: the same rows.
    const again = await t.services.directory.importDirectory(system, { files: files('Still many services') }, { source: 'bulk-feed' });
    expect(again.counts.organization).toMatchObject({ updated: 1 });
    expect(again.counts.service).toMatchObject({ inserted: 0, updated: 0, unchanged: N });
    expect(again.counts.phone).toMatchObject({ inserted: 0, unchanged: N, removed: 0 });
    expect(await searchRows()).toEqual([rows]);
    expect((await indexes()).map((i) => i.oid)).toEqual(after.map((i) => i.oid));
  });

  it('a transaction that dropped indexes and did not build them again does not commit', async () => {
    const dropped = t.database.db.tenant(null, async (tx) => {
      const [r] = rowsOf<{ dropped: boolean }>(await tx.execute(sql`select pb_directory_unindex('hsds_funding') as dropped`));
      expect(r!.dropped).toBe(true);
    });
    // On a server the driver's error names the failed commit and carries the database's as cause.
    const error = await dropped.then(
      () => null,
      (e: Error) => e,
    );
    expect((error?.cause as Error | undefined)?.message ?? error?.message).toMatch(/without its indexes/);
    const [n] = await owner(async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from pg_indexes where tablename = 'hsds_funding'`)));
    expect(n!.n).toBeGreaterThan(0);
  });

  it('never executes index definitions the application role wrote', async () => {
    // The application role may create temporary tables: one named like the owner's list of
    // dropped indexes must not get its contents executed by the owner.
    const planted = t.database.db.tenant(null, async (tx) => {
      await tx.execute(sql`create temp table pb_unindexed (table_name text, index_def text, constraint_name text, constraint_def text)`);
      await tx.execute(sql`insert into pb_unindexed values ('hsds_funding', 'drop table hsds_service', null, null)`);
      await tx.execute(sql`select pb_directory_reindex('hsds_funding')`);
    });
    const error = await planted.then(
      () => null,
      (e: Error) => e,
    );
    expect((error?.cause as Error | undefined)?.message ?? error?.message).toMatch(/not the directory owner's table/);
    const [n] = await owner(async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from hsds_service`)));
    expect(n!.n).toBeGreaterThan(0);
  });

  it('only a nearly empty HSDS or search table loses its indexes', async () => {
    // Both hold the N services of the first test by now; the lexicon is no bulk table at all.
    const results = await t.database.db.tenant(null, async (tx) =>
      rowsOf<{ service: boolean; search: boolean; words: boolean }>(
        await tx.execute(
          sql`select pb_directory_unindex('hsds_service') as service, pb_directory_unindex('directory_search') as search, pb_directory_unindex('directory_words') as words`,
        ),
      ),
    );
    expect(results).toEqual([{ service: false, search: false, words: false }]);
  });
});
