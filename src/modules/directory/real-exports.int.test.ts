import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../../../test/harness/db.ts';
import { createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { rowsOf } from '../../db/client.ts';
import { binaryGarbage, realExport, realExportZip, REAL_EXPORT_TABLES } from '../../interop/hsds/county-211-export.ts';

// Issue 19: a real-shaped 211 package (county-211-export.ts) through the importer and staff
// search, on PGlite and PostgreSQL. A Monday night in Chicago: 23:00 CDT.
const NIGHT = new Date('2026-06-02T04:00:00Z');
let t: TestApp;
let peer: TestUser;
const system = systemActor('test');
beforeAll(async () => {
  t = await createTestApp({ clock: () => NIGHT });
  peer = await createOrgWithUser(t, 'peer', 'Real Export Agency');
  // Another agency: a change of a need's words writes each agency's own entries once (0055).
  await createOrgWithUser(t, 'admin', 'Neighbouring Agency');
});
afterAll(() => t?.close());

const imports = async () => rowsOf<{ n: number }>(await t.database.db.owner((tx) => tx.execute(sql`select count(*)::int as n from directory_imports`)))[0]!.n;
const search = async (query: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/directory/search?${query}`, headers: { authorization: peer.auth } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; results: { name: string; address: string | null; openNow: boolean | null; languages: string[]; categories: string[] }[] };
};
// The package's own services (the built-in national lines, 988 and 211, answer some searches too).
const OURS = new Set(['Harbor Food Pantry', 'Harbor Grocery Pantry', 'Maison Espoir Shelter', 'Tenant Legal Clinic', 'Hope Detox', 'Harbor Crisis Line']);
const names = async (query: string) => (await search(`${query}&pageSize=100`)).results.map((r) => r.name).filter((n) => OURS.has(n)).sort();

describe('a broken package changes nothing and records no import', () => {
  it('invalid datapackage.json or a binary CSV: a 422 naming the file, no import recorded', async () => {
    const before = await imports();
    for (const files of [realExport({ override: { 'datapackage.json': '{ nope' } }), realExport({ folder: 'data', override: { 'services.csv': binaryGarbage() } })]) {
      await expect(t.services.directory.importDirectory(system, { files }, { source: 'county-211' })).rejects.toMatchObject({
        status: 422,
        message: expect.stringMatching(/^(datapackage\.json|data\/services\.csv): /),
      });
    }
    expect(await imports()).toBe(before);
    expect(await names('q=harbor')).toEqual([]);
  });
});

describe('a real-shaped 211 export, zipped, in data/, names in capitals, Windows-1252', () => {
  beforeAll(async () => {
    const r = await t.services.directory.importDirectory(system, { files: realExportZip({ folder: 'data', upperCaseNames: true, encoding: 'windows-1252' }) }, { source: 'county-211', defaultTimeZone: 'America/Chicago' });
    expect(r.counts.service!.inserted).toBe(5);
  });

  it('languages survive: Spanish and Haitian Creole find the shelter', async () => {
    expect(await names('language=es')).toEqual(['Maison Espoir Shelter']);
    expect(await names('language=ht')).toEqual(['Maison Espoir Shelter']);
  });

  it('AIRS codes map to Peerbridge categories', async () => {
    expect(await names('taxonomy=food')).toEqual(['Harbor Food Pantry']);
    expect(await names('taxonomy=shelter')).toEqual(['Maison Espoir Shelter']);
    expect(await names('taxonomy=substance-use')).toEqual(['Hope Detox']);
    expect(await names('taxonomy=crisis-line')).toEqual(['Harbor Crisis Line']);
    expect(await names('taxonomy=legal')).toEqual(['Tenant Legal Clinic']);
  });

  it('a need is found by its words in Spanish too, in imported entries and the agency\'s own', async () => {
    // The export names and describes these in English; their AIRS codes say what need they meet.
    expect(await names('q=comida')).toEqual(['Harbor Food Pantry']);
    expect(await names('q=albergue')).toEqual(['Maison Espoir Shelter']);
    expect(await names('q=adicciones')).toEqual(['Hope Detox']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/directory/local-services',
      headers: { authorization: peer.auth },
      payload: { name: 'Eastside Church Pantry', categories: ['food'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const found = (await search('q=comida&pageSize=100')).results.map((r) => r.name);
    expect(found).toContain('Eastside Church Pantry');
    expect(found).toContain('Harbor Food Pantry');
  });

  it('the service of a missing organization is found, under its placeholder organization', async () => {
    const res = await search('q=detox');
    expect(res.results.map((r) => r.name)).toEqual(['Hope Detox']);
  });

  it('a confidential address shows no street; a nonsense schedule is not open at night', async () => {
    const shelter = (await search('q=maison')).results[0]!;
    expect(shelter.address).toBe('Chicago, IL 60607');
    const clinic = (await search('q=tenant')).results[0]!;
    expect(clinic.openNow).not.toBe(true);
    expect(await names('openNow=true&q=tenant')).toEqual([]);
  });

  it('an operator sees the codes no category covers, maps one, and its services are found by their need', async () => {
    const unmapped = (auth: string) => t.app.inject({ method: 'GET', url: '/api/v1/directory/category-map/unmapped', headers: { authorization: auth } });
    expect((await unmapped(peer.auth)).statusCode).toBe(403);
    expect(await t.services.directory.categoryMap.unmapped(system)).toEqual([{ code: 'PH-6500.1500', name: 'Tenant Support Groups', services: 1 }]);
    expect(await names('taxonomy=housing')).toEqual(['Maison Espoir Shelter']);
    // A category search does not know is refused, naming the field, and changes nothing.
    await expect(t.services.directory.categoryMap.add(system, { code: 'PH-6500', category: 'peer-support' })).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'body.category', message: expect.stringContaining('housing') }],
    });
    await expect(t.services.directory.categoryWords.put(system, { category: 'fod', words: 'food' })).rejects.toMatchObject({ status: 400, errors: [{ field: 'body.category' }] });
    expect((await t.services.directory.categoryMap.list()).some((m) => m.code === 'PH-6500')).toBe(false);
    expect((await t.services.directory.categoryWords.list()).some((w) => w.category === 'fod')).toBe(false);
    // The section maps the code under it too (PH-6500.1500).
    expect(await t.services.directory.categoryMap.add(system, { code: 'PH-6500', category: 'housing' }, 'America/Chicago')).toMatchObject({ servicesIndexed: 1 });
    expect(await t.services.directory.categoryMap.unmapped(system)).toEqual([]);
    expect(await names('taxonomy=housing')).toEqual(['Maison Espoir Shelter', 'Tenant Legal Clinic']);
  });

  it('an operator removes a mapping made by mistake; its services lose the need and the code is listed again', async () => {
    await t.services.directory.categoryMap.add(system, { code: 'PH-6500', category: 'food' }, 'America/Chicago');
    expect(await names('taxonomy=food')).toContain('Tenant Legal Clinic');
    expect(await t.services.directory.categoryMap.remove(system, 'ph-6500', 'America/Chicago')).toEqual({ code: 'PH-6500', category: 'food', servicesIndexed: 1 });
    expect(await names('taxonomy=food')).not.toContain('Tenant Legal Clinic');
    expect((await t.services.directory.categoryMap.list()).some((m) => m.code === 'PH-6500')).toBe(false);
    expect(await t.services.directory.categoryMap.unmapped(system)).toEqual([{ code: 'PH-6500.1500', name: 'Tenant Support Groups', services: 1 }]);
    // A built-in mapping is changed, not removed; a code no mapping names is not found; neither changes anything.
    const builtin = (await t.services.directory.categoryMap.list()).find((m) => m.builtin)!;
    await expect(t.services.directory.categoryMap.remove(system, builtin.code)).rejects.toMatchObject({ status: 409 });
    await expect(t.services.directory.categoryMap.remove(system, 'ZZ-9999')).rejects.toMatchObject({ status: 404 });
    expect((await t.services.directory.categoryMap.list()).some((m) => m.code === builtin.code && m.builtin)).toBe(true);
    // Mapped to the right need again.
    await t.services.directory.categoryMap.add(system, { code: 'PH-6500', category: 'housing' }, 'America/Chicago');
    expect(await names('taxonomy=housing')).toEqual(['Maison Espoir Shelter', 'Tenant Legal Clinic']);
  });

  it('an admin maps another code, and the services carrying it are found at once', async () => {
    expect(await names('taxonomy=benefits')).toEqual([]);
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/directory/category-map', headers: { authorization: peer.auth }, payload: { code: 'FT-3200', category: 'benefits' } });
    expect(res.statusCode).toBe(403);
    const added = await t.services.directory.categoryMap.add(system, { code: 'ft-3200', category: 'benefits', note: 'Legal counseling, as benefits help' }, 'America/Chicago');
    expect(added).toMatchObject({ code: 'FT-3200', category: 'benefits', servicesIndexed: 1 });
    expect(await names('taxonomy=benefits')).toEqual(['Tenant Legal Clinic']);
    expect((await t.services.directory.categoryMap.list()).find((m) => m.code === 'FT-3200')).toMatchObject({ builtin: false });
  });

  it('an operator adds words to a need, and imported and local entries are found by them at once', async () => {
    // Haitian Creole for food: the export's callers speak it (its shelter lists language=ht).
    expect((await search('q=manje&pageSize=100')).results.map((r) => r.name)).toEqual([]);
    const put = (auth: string, payload: object) => t.app.inject({ method: 'PUT', url: '/api/v1/directory/category-words', headers: { authorization: auth }, payload });
    expect((await put(peer.auth, { category: 'food', words: 'food manje' })).statusCode).toBe(403);
    const bad = await put(peer.auth, { category: 'food', words: '=cmd()' });
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.map((e) => e.field)).toEqual(['body.words']);
    const food = (await t.services.directory.categoryWords.list()).find((w) => w.category === 'food')!;
    expect(food).toMatchObject({ builtin: true, words: expect.stringContaining('comida') });
    const changed = await t.services.directory.categoryWords.put(system, { category: 'food', words: `${food.words}   manje` }, 'America/Chicago');
    expect(changed).toMatchObject({ builtin: false, servicesIndexed: 1, localEntriesIndexed: 1, words: `${food.words} manje` });
    const found = (await search('q=manje&pageSize=100')).results.map((r) => r.name).sort();
    expect(found).toEqual(['Eastside Church Pantry', 'Harbor Food Pantry']);
    // The words it had are kept: Spanish still finds both.
    expect((await search('q=comida&pageSize=100')).results.map((r) => r.name).sort()).toEqual(['Eastside Church Pantry', 'Harbor Food Pantry']);
  });

  it("an operator puts a need's words back to Peerbridge's: the added word no longer finds anything", async () => {
    const food = (await t.services.directory.categoryWords.list()).find((w) => w.category === 'food')!;
    expect(food).toMatchObject({ builtin: false, words: expect.stringContaining('manje') });
    const reset = (auth: string, category: string) => t.app.inject({ method: 'DELETE', url: `/api/v1/directory/category-words/${category}`, headers: { authorization: auth } });
    expect((await reset(peer.auth, 'food')).statusCode).toBe(403);
    const back = await t.services.directory.categoryWords.reset(system, 'food', 'America/Chicago');
    expect(back).toMatchObject({ category: 'food', builtin: true, words: food.shippedWords, servicesIndexed: 1, localEntriesIndexed: 1 });
    expect(back.words).not.toContain('manje');
    expect((await search('q=manje&pageSize=100')).results.map((r) => r.name)).toEqual([]);
    expect((await search('q=comida&pageSize=100')).results.map((r) => r.name).sort()).toEqual(['Eastside Church Pantry', 'Harbor Food Pantry']);
    // A need search does not know is refused naming it, and nothing changes.
    await expect(t.services.directory.categoryWords.reset(system, 'fod')).rejects.toMatchObject({ status: 400, errors: [{ field: 'path.category' }] });
  });

  it('a re-import removes what the source removed', async () => {
    const fewer = {
      ...REAL_EXPORT_TABLES,
      'languages.csv': ['id,service_id,language', 'SVC-2,SVC-2,Spanish', 'SVC-1,SVC-1,English'].join('\r\n'),
      'phones.csv': ['id,service_id,number,type', 'PH-1,SVC-1,(312) 555-0101,voice'].join('\r\n'),
    };
    const r = await t.services.directory.importDirectory(system, { files: realExport({ override: fewer }) }, { source: 'county-211', defaultTimeZone: 'America/Chicago' });
    expect(r.counts.language).toMatchObject({ removed: 2 });
    expect(r.counts.phone).toMatchObject({ removed: 1 });
    expect(await names('language=ht')).toEqual([]);
    expect(await names('language=es')).toEqual(['Maison Espoir Shelter']);
  });
});

// Readers keep their answers during a re-import (issue 19): the import rewrites the search rows in
// its own transaction, so a search meanwhile sees the previous data. PostgreSQL only (PGlite runs
// one statement at a time). The re-import is held open before it records itself by a lock on
// directory_imports taken from another connection.
describe.runIf(onPostgres)('a search during a re-import', () => {
  it('answers from the previous data, then from the new', async () => {
    const lock = new pg.Client({ connectionString: t.database.url! });
    await lock.connect();
    try {
      await lock.query('begin');
      await lock.query('lock table directory_imports in exclusive mode');
      const renamed = { ...REAL_EXPORT_TABLES, 'services.csv': REAL_EXPORT_TABLES['services.csv']!.replace('Harbor Food Pantry', 'Harbor Grocery Pantry') };
      const running = t.services.directory.importDirectory(system, { files: realExport({ override: renamed }) }, { source: 'county-211', defaultTimeZone: 'America/Chicago' });
      // Wait until the import waits on the lock (its search rows are rewritten by then).
      let importer: number | undefined;
      for (let i = 0; i < 600 && importer === undefined; i++) {
        const waiting = await lock.query(`select l.pid from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'directory_imports' and not l.granted`);
        importer = waiting.rows[0]?.pid as number | undefined;
        if (importer === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      expect(importer).toBeDefined();
      // It holds no lock a reader of the directory would wait for (only ACCESS EXCLUSIVE blocks a
      // SELECT) on any table of the directory.
      const blocking = await lock.query(
        `select c.relname, l.mode from pg_locks l join pg_class c on c.oid = l.relation
         where l.pid = $1 and l.granted and c.relpersistence = 'p' and l.mode = 'AccessExclusiveLock'`,
        [importer],
      );
      expect(blocking.rows).toEqual([]);
      const started = performance.now();
      expect(await names('q=pantry')).toEqual(['Harbor Food Pantry']);
      expect(performance.now() - started).toBeLessThan(5000);
      await lock.query('commit');
      await running;
      expect(await names('q=pantry')).toEqual(['Harbor Grocery Pantry']);
    } finally {
      await lock.end();
    }
  });
});
