import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/**
 * The organization's SUPRT follow-up rate on the director's dashboard (issue 20): twelve people
 * start in January, ten are reassessed inside the 180-day window; the rate for August (when
 * the windows close) is 10/12 against the 80% target, and a small cohort's figures are hidden.
 */
let t: TestApp;
let admin: TestUser;
let peerUser: TestUser;
let analyst: TestUser;
let now = new Date('2026-01-02T15:00:00Z');

const call = async (user: TestUser, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const phq9 = (v: number) => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9.${i + 1}`, i === 8 ? 0 : v]));
const barc10 = (v: number) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`barc10.${i + 1}`, v]));
const assess = async (p: string, at: string) => {
  for (const [instrument, answers] of [['phq-9', phq9(1)], ['barc-10', barc10(4)]] as const) {
    const res = await call(admin, 'POST', `/api/v1/participants/${p}/assessments`, { instrument, answers, administeredAt: at, mode: 'peer-administered' });
    expect(res.statusCode, res.body).toBe(201);
  }
};
const rate = async (user: TestUser, from: string, to: string) => call(user, 'GET', `/api/v1/dashboard/follow-up?from=${from}&to=${to}`);

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  admin = await createOrgWithUser(t, 'admin', 'Follow-up Agency');
  peerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  const peer = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId, maxCaseload: 30 })).json().id;
  const people: string[] = [];
  for (let i = 0; i < 15; i++) {
    const p = (await call(admin, 'POST', '/api/v1/participants', { givenName: `P${i}`, familyName: 'Test' })).json().id as string;
    expect((await call(admin, 'POST', `/api/v1/participants/${p}/assignments`, { peerId: peer, consent: { given: true, method: 'verbal' } })).statusCode).toBe(201);
    people.push(p);
  }
  // Baseline on 5 January; reassessment due 180 days on (4 July), window 4 June to 3 August.
  // The first service: the database stamps a match with its own clock, so the test sets the date.
  await t.database.db.tenant(admin.orgId, (tx) => tx.execute(sql`update assignments set assigned_at = '2026-01-02T15:00:00Z'`));
  const late = sql.join(people.slice(12).map((p) => sql`${p}::uuid`), sql`, `);
  await t.database.db.tenant(admin.orgId, (tx) => tx.execute(sql`update assignments set assigned_at = '2026-02-09T15:00:00Z' where participant_id in (${late})`));
  now = new Date('2026-01-06T15:00:00Z');
  for (const p of people.slice(0, 12)) await assess(p, '2026-01-05T15:00:00Z');
  // Three more have a baseline on 10 February (window closes 8 September); none is reassessed.
  now = new Date('2026-02-11T15:00:00Z');
  for (const p of people.slice(12)) await assess(p, '2026-02-10T15:00:00Z');
  now = new Date('2026-07-10T15:00:00Z');
  for (const p of people.slice(0, 10)) await assess(p, '2026-07-01T15:00:00Z');
  now = new Date('2026-09-20T15:00:00Z');
});
afterAll(() => t?.close());

describe('the follow-up rate', () => {
  it('counts reassessments whose window closed in the period: completed inside it over due', async () => {
    const res = await rate(admin, '2026-08-01', '2026-08-31');
    expect(res.statusCode, res.body).toBe(200);
    // Two instruments per point: 20 of 24 reassessments.
    expect(res.json()).toMatchObject({ completed: 20, due: 24, rate: 83.3, target: 80, suppression: { applied: true, k: 11 } });
    // Windows still open or closing later are not due yet.
    expect((await rate(admin, '2026-01-01', '2026-07-31')).json()).toMatchObject({ completed: 0, due: 0, rate: null });
  });

  it('hides a small count and its rate; analysts read it, peers get 403', async () => {
    const res = await rate(analyst, '2026-09-01', '2026-09-30');
    expect(res.statusCode, res.body).toBe(200);
    // 0 of 6: zero is shown, 6 is not, and neither is the rate (P2, P3).
    expect(res.json()).toMatchObject({ completed: 0, due: '<11', rate: null });
    expect((await rate(analyst, '2026-08-01', '2026-09-30')).json()).toMatchObject({ completed: 20, due: 30, rate: 66.7 });
    expect(problemOf(await rate(peerUser, '2026-08-01', '2026-08-31')).status).toBe(403);
    const bad = problemOf(await rate(admin, '2026-09-01', '2026-08-01'));
    expect(bad.status).toBe(400);
  });
});
