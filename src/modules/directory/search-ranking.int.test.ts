// Staff search computes word similarity only for the matches that can still reach the page
// (search.repo.ts, searchEntries), and a search by words alone keeps the public directory's ranking
// of a query while the directory stays the same (issue 19). Here, over a directory whose matches
// rank in many steps, every page must be exactly the page of the plain ranking: every match's full
// relevance computed, one row per service at its nearest location, the organization's own local
// services among them, best score first (ties by name, then id).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { rowsOf } from '../../db/client.ts';
import { stableId } from '../../interop/hsds/ids.ts';
import { emptyDirectory } from '../../interop/hsds/model.ts';
import { toHsds3Csv } from '../../interop/hsds/write.ts';

const WORDS = ['food', 'pantry', 'shelter', 'housing', 'clinic', 'health', 'mental', 'recovery', 'peer', 'center', 'community', 'legal', 'aid', 'kitchen'];
const CENTRE = { lat: 41.8781, lon: -87.6298 };

/** mulberry32: the same directory every run. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const rnd = seeded(7);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]!).join(' ');
  const d = emptyDirectory();
  const id = (table: string, i: number) => stableId('ranking', table, String(i));
  for (let o = 0; o < 20; o++) d.organizations.push({ id: id('organization', o), name: `${words(2)} network ${o}`, description: 'Test organization.' });
  for (let i = 0; i < 400; i++) {
    const sid = id('service', i);
    // Names of one to four words and descriptions of up to twelve: ranks spread over many values.
    d.services.push({ id: sid, organization_id: id('organization', i % 20), name: words(1 + (i % 4)), description: words(Math.floor(rnd() * 12)), status: 'active' });
    // Two locations for some services: the result is the nearer one.
    for (let k = 0; k < 1 + (i % 3 === 0 ? 1 : 0); k++) {
      const lid = id('location', i * 2 + k);
      d.locations.push({ id: lid, location_type: 'physical', organization_id: id('organization', i % 20), name: `site ${i}.${k}`, latitude: Math.round((CENTRE.lat + (rnd() - 0.5) * 0.6) * 1e5) / 1e5, longitude: Math.round((CENTRE.lon + (rnd() - 0.5) * 0.6) * 1e5) / 1e5 });
      d.service_at_location.push({ id: id('sal', i * 2 + k), service_id: sid, location_id: lid });
    }
  }
  await t.services.directory.importDirectory(systemActor('test'), { files: toHsds3Csv(d) }, { source: 'ranking', defaultTimeZone: 'America/Chicago' });
});
afterAll(() => t?.close());

/**
 * The plain ranking of every match, as service ids (a local service: its own id), with the local
 * services `orgId` sees (row-level security) when given.
 */
const plainRanking = async (q: string, point?: { lat: number; lon: number; radiusKm: number }, orgId: string | null = null) => {
  const distance = point ? sql`pb_distance_km(${point.lat}, ${point.lon}, e.lat, e.lon)` : sql`null::double precision`;
  const within = point ? sql`and pb_distance_km(${point.lat}, ${point.lon}, e.lat, e.lon) <= ${point.radiusKm}` : sql``;
  const score = point ? sql`x.relevance / (1 + coalesce(x.distance_km, 10) / 10)` : sql`x.relevance`;
  const matches = (from: string, id: string) => sql`
    select ${sql.raw(id)} as service_id, e.name, ${distance} as distance_km,
      (ts_rank_cd(e.tsv, websearch_to_tsquery('english', pb_search_norm(${q})) || websearch_to_tsquery('spanish', pb_search_norm(${q})))
        + word_similarity(pb_search_norm(${q}), e.search_text))::double precision as relevance
    from ${sql.raw(from)} e
    where e.tsv @@ (websearch_to_tsquery('english', pb_search_norm(${q})) || websearch_to_tsquery('spanish', pb_search_norm(${q}))) ${within}`;
  const rows = await t.services.db.tenant(orgId, async (tx) =>
    rowsOf<{ service_id: string }>(
      await tx.execute(sql`
        select x.service_id from (
          select distinct on (m.service_id) m.* from (
            ${matches('directory_search', 'e.service_id')} union all ${matches('directory_local_services', 'e.id')}
          ) m order by m.service_id, m.distance_km nulls last) x
        order by ${score} desc, x.name, x.service_id`),
    ),
  );
  return rows.map((r) => r.service_id);
};

const searchPages = async (q: string, pageSize: number, point?: { lat: number; lon: number; radiusKm: number }, actor = systemActor('test')) => {
  const ids: string[] = [];
  const totals = new Set<number>();
  for (let page = 1; ; page++) {
    const r = await t.services.directory.search(actor, { q, page, pageSize, ...(point ?? {}) });
    totals.add(r.total);
    ids.push(...r.results.map((x) => x.serviceId));
    if (r.results.length < pageSize) break;
  }
  // Every page gives the same total.
  expect(totals.size).toBe(1);
  return { ids, total: [...totals][0] };
};

describe('staff search ranking', () => {
  for (const q of ['food pantry', 'shelter', 'health center', 'peer recovery kitchen']) {
    it(`pages through "${q}" exactly as the plain ranking orders every match, with and without a point`, async () => {
      const plain = await plainRanking(q);
      expect(plain.length).toBeGreaterThan(20);
      for (const pageSize of [1, 7, 50]) {
        const paged = await searchPages(q, pageSize);
        expect(paged.ids).toEqual(plain);
        expect(paged.total).toBe(plain.length);
      }
      const point = { ...CENTRE, radiusKm: 15 };
      const near = await plainRanking(q, point);
      expect(near.length).toBeGreaterThan(10);
      const pagedNear = await searchPages(q, 7, point);
      expect(pagedNear.ids).toEqual(near);
      expect(pagedNear.total).toBe(near.length);
    });
  }
});

describe('staff search by words alone (issue 19: the ranking is kept while the directory stays the same)', () => {
  const extra = (name: string, description: string) => {
    const d = emptyDirectory();
    d.organizations.push({ id: stableId('ranking-extra', 'organization', '0'), name: 'Extra network', description: 'Test organization.' });
    d.services.push({ id: stableId('ranking-extra', 'service', '0'), organization_id: stableId('ranking-extra', 'organization', '0'), name, description, status: 'active' });
    return t.services.directory.importDirectory(systemActor('test'), { files: toHsds3Csv(d) }, { source: 'ranking-extra', defaultTimeZone: 'America/Chicago' });
  };

  it('page 2 continues page 1 with no gap and no repeat, and a re-import is seen by the next search', async () => {
    const plain = await plainRanking('kitchen');
    const page = (n: number) => t.services.directory.search(systemActor('test'), { q: 'kitchen', page: n, pageSize: 20 });
    const [one, two] = [await page(1), await page(2)];
    expect([...one.results, ...two.results].map((r) => r.serviceId)).toEqual(plain.slice(0, 40));
    expect(two.total).toBe(plain.length);

    // A service the next import adds, renames, then removes: each search after an import ranks the
    // directory as it is now, never as it was when the words were first searched.
    await extra('Saffron kitchen kitchen', 'Kitchen, kitchen and saffron kitchen.');
    const added = await t.services.directory.search(systemActor('test'), { q: 'kitchen', page: 1, pageSize: 20 });
    expect(added.total).toBe(plain.length + 1);
    expect(added.results.map((r) => r.serviceId)).toEqual((await plainRanking('kitchen')).slice(0, 20));
    expect((await t.services.directory.search(systemActor('test'), { q: 'saffron', page: 1, pageSize: 20 })).results.map((r) => r.name)).toEqual(['Saffron kitchen kitchen']);

    await extra('Cumin pantry', 'Dry goods.');
    const renamed = await t.services.directory.search(systemActor('test'), { q: 'saffron', page: 1, pageSize: 20 });
    expect(renamed.results.map((r) => r.name)).not.toContain('Saffron kitchen kitchen');
    expect(renamed.results.map((r) => r.name)).not.toContain('Cumin pantry');
    const back = await t.services.directory.search(systemActor('test'), { q: 'kitchen', page: 2, pageSize: 20 });
    expect(back.total).toBe(plain.length);
    expect(back.results.map((r) => r.serviceId)).toEqual(plain.slice(20, 40));
  });

  it("ranks the organization's own local services among the public ones, for that organization only", async () => {
    const { identity, directory } = t.services;
    const org = await identity.createOrganization(systemActor('test'), { name: 'Ranking Agency', timeZone: 'America/Chicago' });
    const other = await identity.createOrganization(systemActor('test'), { name: 'Other Agency', timeZone: 'America/Chicago' });
    const mine = systemActor('test', org.id);
    // Searched once before the local services exist: the public ranking is then kept.
    const before = await searchPages('shelter housing', 50, undefined, mine);
    for (const [name, description] of [
      ['Shelter housing shelter desk', 'Shelter and housing help, shelter beds.'],
      ['Housing corner', 'Shelter referrals.'],
    ] as const) {
      await directory.createLocalService(mine, { name, description, organizationName: 'Ranking Agency', categories: [], languages: [], free: false, schedules: [] });
    }
    const plainMine = await plainRanking('shelter housing', undefined, org.id);
    expect(plainMine.length).toBe(before.ids.length + 2);
    for (const pageSize of [1, 7, 50]) {
      const paged = await searchPages('shelter housing', pageSize, undefined, mine);
      expect(paged.ids).toEqual(plainMine);
      expect(paged.total).toBe(plainMine.length);
    }
    const theirs = await searchPages('shelter housing', 50, undefined, systemActor('test', other.id));
    expect(theirs.ids).toEqual(before.ids);
  });
});
