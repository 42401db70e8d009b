import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { rowsOf, type Tx } from '../../db/client.ts';

// A re-import compares the staged feed with the stored rows (mergeStagedRows): values of every
// column type change or stay, rows come and go, and a row of another source is taken over.
let t: TestApp;
const system = systemActor('test');
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const owner = <T>(fn: (tx: Tx) => Promise<T>) => t.database.db.owner(fn);
const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const OLD = '2020-01-01T00:00:00Z';

const feed = (o: { s1: string; phones: string; services: string; orgs: string }) => ({
  'organizations.csv': `id,name,description,year_incorporated\n${o.orgs}`,
  'services.csv': `id,organization_id,name,description,status,minimum_age,assured_date,fees_description\n${o.s1}${o.services}`,
  'phones.csv': `id,service_id,number,extension\n${o.phones}`,
});
const orgs = `${U(1)},Types Org,Every type,1999\n${U(2)},Second Org,"Quoted, ""text""",2001.5\n`;
const first = feed({
  orgs,
  s1: `${U(11)},${U(1)},First Service,"Line one\nline two",active,18,2025-01-02,Free\n`,
  services: `${U(12)},${U(1)},Kept Service,Stays the same,active,,2024-12-31,\n${U(13)},${U(2)},Dropped Service,Leaves the feed,active,65,,Sliding scale\n${U(15)},${U(1)},Fee Service,Only its fees change,active,,,Free\n`,
  phones: `${U(21)},${U(11)},(312) 555-0101,7\n${U(22)},${U(12)},(312) 555-0102,\n${U(23)},${U(13)},(312) 555-0103,\n`,
});
const second = feed({
  orgs,
  // every column type of the first service changes: uuid, text, number, date, null <-> value
  s1: `${U(11)},${U(2)},First Service Renamed,"Line one\nline three",inactive,17.5,2026-03-04,\n`,
  services: `${U(12)},${U(1)},Kept Service,Stays the same,active,,2024-12-31,\n${U(14)},${U(1)},New Service,Arrives,active,0,2026-01-01,Free\n${U(15)},${U(1)},Fee Service,Only its fees change,active,,,\n`,
  phones: `${U(21)},${U(11)},(312) 555-0101,7\n${U(24)},${U(14)},(312) 555-0104,12\n`,
});

const services = () =>
  owner(async (tx) =>
    rowsOf<Record<string, unknown>>(
      await tx.execute(sql`select id, organization_id, name, description, status, minimum_age, assured_date::text as assured_date, fees_description,
        pb_source, pb_modified_at > ${OLD}::timestamptz as touched from hsds_service where id = any(${`{${[11, 12, 13, 14, 15].map(U).join(',')}}`}::uuid[]) order by id`),
    ),
  );

describe('re-import of a stored feed', () => {
  it('updates changed rows only, inserts new ones, removes dropped ones, keeps types and nulls, takes over rows of another source', async () => {
    // Another source carried the second organization with the same values first.
    const other = await t.services.directory.importDirectory(system, { files: { 'organizations.csv': `id,name,description,year_incorporated\n${U(2)},Second Org,"Quoted, ""text""",2001.5\n` } }, { source: 'other-feed' });
    expect(other.counts.organization).toMatchObject({ inserted: 1 });
    const a = await t.services.directory.importDirectory(system, { files: first }, { source: 'types-feed' });
    expect(a.errors, JSON.stringify(a.report)).toBe(0);
    expect(a.counts.organization).toMatchObject({ inserted: 1, updated: 0, unchanged: 1 });
    expect(a.counts.service).toMatchObject({ inserted: 4, updated: 0, unchanged: 0 });
    await owner((tx) => tx.execute(sql`update hsds_service set pb_modified_at = ${OLD}::timestamptz where pb_source = 'types-feed'`));
    await owner((tx) => tx.execute(sql`update hsds_phone set pb_modified_at = ${OLD}::timestamptz where pb_source = 'types-feed'`));
    // The built-in entries (988, 211) are protected rows that nothing changes (0030): age the feeds' own.
    await owner((tx) => tx.execute(sql`update hsds_organization set pb_modified_at = ${OLD}::timestamptz where pb_source is distinct from 'peerbridge'`));

    const b = await t.services.directory.importDirectory(system, { files: second }, { source: 'types-feed' });
    expect(b.errors, JSON.stringify(b.report)).toBe(0);
    expect(b.counts.organization).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, removed: 0 });
    expect(b.counts.service).toMatchObject({ inserted: 1, updated: 2, unchanged: 1, removed: 0 });
    expect(b.counts.phone).toMatchObject({ inserted: 1, updated: 0, unchanged: 1, removed: 2 });

    expect(await services()).toEqual([
      { id: U(11), organization_id: U(2), name: 'First Service Renamed', description: 'Line one\nline three', status: 'inactive', minimum_age: 17.5, assured_date: '2026-03-04', fees_description: null, pb_source: 'types-feed', touched: true },
      { id: U(12), organization_id: U(1), name: 'Kept Service', description: 'Stays the same', status: 'active', minimum_age: null, assured_date: '2024-12-31', fees_description: null, pb_source: 'types-feed', touched: false },
      // services are kept when a feed drops them (referrals may point at them)
      { id: U(13), organization_id: U(2), name: 'Dropped Service', description: 'Leaves the feed', status: 'active', minimum_age: 65, assured_date: null, fees_description: 'Sliding scale', pb_source: 'types-feed', touched: false },
      { id: U(14), organization_id: U(1), name: 'New Service', description: 'Arrives', status: 'active', minimum_age: 0, assured_date: '2026-01-01', fees_description: 'Free', pb_source: 'types-feed', touched: true },
      // only a value becoming null
      { id: U(15), organization_id: U(1), name: 'Fee Service', description: 'Only its fees change', status: 'active', minimum_age: null, assured_date: null, fees_description: null, pb_source: 'types-feed', touched: true },
    ]);
    const phones = await owner(async (tx) =>
      rowsOf<Record<string, unknown>>(await tx.execute(sql`select id, number, extension, pb_modified_at > ${OLD}::timestamptz as touched from hsds_phone where pb_source = 'types-feed' order by id`)),
    );
    expect(phones).toEqual([
      { id: U(21), number: '(312) 555-0101', extension: 7, touched: false },
      { id: U(24), number: '(312) 555-0104', extension: 12, touched: true },
    ]);
    // the organization another source carried moved to this one, its values (and pb_modified_at) unchanged
    const taken = await owner(async (tx) =>
      rowsOf<Record<string, unknown>>(await tx.execute(sql`select description, year_incorporated, pb_source, pb_modified_at > ${OLD}::timestamptz as touched from hsds_organization where id = ${U(2)}::uuid`)),
    );
    expect(taken).toEqual([{ description: 'Quoted, "text"', year_incorporated: 2001.5, pb_source: 'types-feed', touched: false }]);

    // the same feed again: nothing written
    const c = await t.services.directory.importDirectory(system, { files: second }, { source: 'types-feed' });
    for (const [table, n] of Object.entries(c.counts)) expect(n, table).toMatchObject({ inserted: 0, updated: 0, removed: 0 });
    expect(c.servicesIndexed).toBe(0);
  });

  it('moves the progress bar to the end, table by table, when the rows are stored already', async () => {
    // (a second source: the same source with the same files again is an unchanged re-import, below)
    for (const source of ['progress-feed', 'progress-feed-again']) {
      const calls: Array<[number, number]> = [];
      await t.services.directory.importDirectory(system, { files: first }, { source, onProgress: (done, total) => calls.push([done, total]) });
      // 2 organizations, 4 services, 3 phones; every id is stored (by the test above, then by this loop)
      expect(calls[0]).toEqual([0, 9]);
      expect(calls.at(-1)).toEqual([9, 9]);
      expect(calls.map(([done]) => done)).toEqual([0, 2, 6, 9]);
    }
    // the same files of the same source again: nothing to write, the bar goes from start to end
    const calls: Array<[number, number]> = [];
    const again = await t.services.directory.importDirectory(system, { files: first }, { source: 'progress-feed-again', onProgress: (done, total) => calls.push([done, total]) });
    expect(again.sourceUnchanged).toBe(true);
    expect(calls).toEqual([[0, 9], [9, 9]]);
  });
});
