import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { rowsOf, type Tx } from '../../db/client.ts';

// Issue 19: a re-import of an unchanged source (the same files, source and options as the
// directory's latest import) reads no row and writes none, yet records its run and gives the same
// row report; anything that could make the stored rows differ from the files imports in full.
let t: TestApp;
const system = systemActor('test');
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const OLD = '2020-01-01T00:00:00Z';
const feed = (orgName: string, phones: string) => ({
  'organizations.csv': `id,name,description\n${U(1)},${orgName},An organization\n`,
  // ORG-9 is not in the file: a placeholder organization and a warning naming file and line
  'services.csv': `id,organization_id,name,description,status\n${U(11)},${U(1)},Pantry,Food,active\n${U(12)},ORG-9,Orphan Service,No organization,active\n`,
  'phones.csv': `id,service_id,number\n${phones}`,
});
const twoPhones = `${U(21)},${U(11)},(312) 555-0101\n${U(22)},${U(11)},(312) 555-0102\n`;

const owner = <T>(fn: (tx: Tx) => Promise<T>) => t.database.db.owner(fn);
const runs = async () => rowsOf<{ n: number }>(await owner((tx) => tx.execute(sql`select count(*)::int as n from directory_imports`)))[0]!.n;
const organizationName = async () =>
  rowsOf<{ name: string; pb_source: string }>(await owner((tx) => tx.execute(sql`select name, pb_source from hsds_organization where id = ${U(1)}::uuid`)))[0];
const phones = async () => rowsOf<{ id: string }>(await owner((tx) => tx.execute(sql`select id from hsds_phone where pb_source = 'unchanged-feed' order by id`))).map((r) => r.id);

describe('a re-import of an unchanged source', () => {
  it('records its run, with every row unchanged and the same row report, and writes nothing', async () => {
    const first = await t.services.directory.importDirectory(system, { files: feed('Harbor Org', twoPhones) }, { source: 'unchanged-feed' });
    expect(first.sourceUnchanged).toBeUndefined();
    expect(first.counts.service).toMatchObject({ inserted: 2 });
    expect(first.warnings).toBeGreaterThan(0);
    await owner((tx) => tx.execute(sql`update hsds_service set pb_modified_at = ${OLD}::timestamptz where pb_source = 'unchanged-feed'`));
    const before = await runs();

    // The same files as bytes (as the CLI reads them) or as text are the same source.
    const files = Object.fromEntries(Object.entries(feed('Harbor Org', twoPhones)).map(([k, v]) => [k, new TextEncoder().encode(v)]));
    const again = await t.services.directory.importDirectory(system, { files: feed('Harbor Org', twoPhones) }, { source: 'unchanged-feed' });
    expect(again.sourceUnchanged).toBe(true);
    expect(again.counts.service).toEqual({ inserted: 0, updated: 0, unchanged: 2, removed: 0 });
    expect(again.counts.phone).toEqual({ inserted: 0, updated: 0, unchanged: 2, removed: 0 });
    expect(again.servicesIndexed).toBe(0);
    expect(again.report).toEqual(first.report);
    expect(again.report.some((r) => r.file === 'services.csv' && r.line === 3)).toBe(true);
    expect([again.errors, again.warnings]).toEqual([first.errors, first.warnings]);
    expect(await runs()).toBe(before + 1);
    // The report is kept once per source, with its latest run: the runs before keep their counts only.
    const reports = rowsOf<{ n: number }>(await owner((tx) => tx.execute(sql`select count(*)::int as n from directory_imports where source = 'unchanged-feed' and report is not null`)));
    expect(reports[0]!.n).toBe(1);
    const touched = rowsOf<{ n: number }>(await owner((tx) => tx.execute(sql`select count(*)::int as n from hsds_service where pb_source = 'unchanged-feed' and pb_modified_at > ${OLD}::timestamptz`)));
    expect(touched[0]!.n).toBe(0);

    // bytes are decoded like text; a different representation is read in full once, then repeats
    expect((await t.services.directory.importDirectory(system, { files }, { source: 'unchanged-feed' })).counts.service).toMatchObject({ inserted: 0, updated: 0 });
    expect((await t.services.directory.importDirectory(system, { files }, { source: 'unchanged-feed' })).sourceUnchanged).toBe(true);
  });

  it('other options, or another source imported since, read the files again', async () => {
    const otherZone = await t.services.directory.importDirectory(system, { files: feed('Harbor Org', twoPhones) }, { source: 'unchanged-feed', defaultTimeZone: 'America/Denver' });
    expect(otherZone.sourceUnchanged).toBeUndefined();
    // Another source carries the same organization id (ids given as UUIDs are shared) and takes it over.
    await t.services.directory.importDirectory(system, { files: { 'organizations.csv': `id,name,description\n${U(1)},Other Name,Taken over\n` } }, { source: 'other-feed' });
    expect(await organizationName()).toEqual({ name: 'Other Name', pb_source: 'other-feed' });
    const back = await t.services.directory.importDirectory(system, { files: feed('Harbor Org', twoPhones) }, { source: 'unchanged-feed', defaultTimeZone: 'America/Denver' });
    expect(back.sourceUnchanged).toBeUndefined();
    expect(back.counts.organization).toMatchObject({ updated: 1 });
    expect(await organizationName()).toEqual({ name: 'Harbor Org', pb_source: 'unchanged-feed' });
  });

  it('after an unchanged re-import, a changed source removes what it removed', async () => {
    await t.services.directory.importDirectory(system, { files: feed('Harbor Org', twoPhones) }, { source: 'unchanged-feed', defaultTimeZone: 'America/Denver' });
    expect((await t.services.directory.importDirectory(system, { files: feed('Harbor Org', twoPhones) }, { source: 'unchanged-feed', defaultTimeZone: 'America/Denver' })).sourceUnchanged).toBe(true);
    const fewer = await t.services.directory.importDirectory(system, { files: feed('Harbor Org', `${U(21)},${U(11)},(312) 555-0101\n`) }, { source: 'unchanged-feed', defaultTimeZone: 'America/Denver' });
    expect(fewer.sourceUnchanged).toBeUndefined();
    expect(fewer.counts.phone).toMatchObject({ removed: 1 });
    expect(await phones()).toEqual([U(21)]);
  });

  it('a fatal problem still records no run', async () => {
    const before = await runs();
    const broken = { ...feed('Harbor Org', twoPhones), 'datapackage.json': '{ nope' };
    await expect(t.services.directory.importDirectory(system, { files: broken }, { source: 'unchanged-feed', defaultTimeZone: 'America/Denver' })).rejects.toMatchObject({ status: 422 });
    await expect(t.services.directory.importDirectory(system, { files: broken }, { source: 'unchanged-feed', defaultTimeZone: 'America/Denver' })).rejects.toMatchObject({ status: 422 });
    expect(await runs()).toBe(before);
  });
});
