import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { rowsOf } from '../../db/client.ts';
import { addDays, remindersOf } from './credential.rules.ts';
import { eventsOf } from './reminders.service.ts';
import { ruleSetCatalog } from './credentials.service.ts';
import * as repo from './workforce.repo.ts';

/**
 * The team calendar and the nightly pass read credentials by expiry window in SQL (issue 21
 * figures). They must say exactly what the pure rules say over every credential: same events,
 * same order across pages, same reminders recorded.
 */
let t: TestApp;
let admin: TestUser;
const TODAY = '2026-01-20';
const TYPES = ['mi-cpss', 'pa-cps', 'ga-cps', 'oh-prs', 'ct-rss', 'mt-cbhpss', 'icrc-pr', 'mha-ncps'];

const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: admin.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });

beforeAll(async () => {
  t = await createTestApp({ clock: () => new Date(`${TODAY}T15:00:00Z`) });
  admin = await createOrgWithUser(t, 'admin', 'Calendar Agency');
  await addUser(t, admin.orgId, 'supervisor');
  // 48 credentials over 8 rule sets, expiring from 60 days ago to a year on (some in grace, some lapsed).
  for (let i = 0; i < 48; i++) {
    const peerId = (await call('POST', '/api/v1/peers', { displayName: `Peer ${String(i).padStart(2, '0')}` })).json().id;
    const expiresOn = addDays(TODAY, -60 + i * 9);
    const type = TYPES[i % TYPES.length]!;
    const res = await call('POST', `/api/v1/peers/${peerId}/credentials`, { type, number: `N-${i}`, issuedOn: addDays(expiresOn, -700), expiresOn });
    expect(res.statusCode, res.body).toBe(201);
  }
}, 120_000);
afterAll(() => t?.close());

describe('credential calendar and nightly pass in SQL', () => {
  it('pages the calendar in order and says what the pure rules say, for every window', async () => {
    const { catalog, creds, names } = await t.services.db.tenant(admin.orgId, async (tx) => ({
      catalog: await ruleSetCatalog(tx),
      creds: await repo.allCredentials(tx),
      names: new Map((await repo.activePeers(tx)).map((p) => [p.id, p.displayName])),
    }));
    for (const [from, to] of [
      ['2025-11-01', '2026-02-28'],
      [TODAY, addDays(TODAY, 30)],
      ['2026-06-01', '2027-03-31'],
    ] as const) {
      const expected = eventsOf(catalog, creds, names, from, to, TODAY).map((e) => `${e.on}|${e.peerName}|${e.kind}|${e.about}|${e.status}`);
      const got: string[] = [];
      let offset: number | null = 0;
      while (offset !== null) {
        const page: { items: Array<{ on: string; peerName: string; kind: string; about: string; status: string }>; nextOffset: number | null } = (await call('GET', `/api/v1/workforce/credential-calendar?from=${from}&to=${to}&limit=7&offset=${offset}`)).json();
        got.push(...page.items.map((e: { on: string; peerName: string; kind: string; about: string; status: string }) => `${e.on}|${e.peerName}|${e.kind}|${e.about}|${e.status}`));
        offset = page.nextOffset;
      }
      expect(got.length).toBeGreaterThan(0);
      // Same events; within a day the SQL orders by peer then kind, as eventsOf's stable sort keeps insertion: compare as sorted sets and check day order.
      expect([...got].sort()).toEqual([...expected].sort());
      expect(got.map((g) => g.slice(0, 10))).toEqual([...got.map((g) => g.slice(0, 10))].sort());
    }
  });

  it('records on a night exactly the reminders the rules say are due in the last week, once', async () => {
    const on = '2026-02-10';
    const { catalog, creds } = await t.services.db.tenant(admin.orgId, async (tx) => ({ catalog: await ruleSetCatalog(tx), creds: await repo.allCredentials(tx) }));
    const expected = creds
      .flatMap((c) => {
        const rules = catalog.filter((x) => x.rules.code === c.typeCode && x.rules.version === c.typeVersion).at(-1)!.rules;
        return remindersOf(rules, c.expiresOn)
          .filter((r) => r.on <= on && r.on > addDays(on, -7))
          .map((r) => `${c.id}|${r.kind}|${r.about}`);
      })
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const first = await t.services.reminders.nightly(on);
    expect(first.sent).toBe(expected.length);
    expect(first.credentials).toBe(48);
    const stored = await t.services.db.tenant(admin.orgId, async (tx) =>
      rowsOf<{ k: string }>(await tx.execute(sql`select credential_id || '|' || kind || '|' || to_char(about, 'YYYY-MM-DD') as k from credential_reminders where sent_on = ${on}::date order by 1`)).map((r) => r.k),
    );
    expect(stored.sort()).toEqual(expected);
    expect((await t.services.reminders.nightly(on)).sent).toBe(0);
  });
});
