import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/** The home page's numbers (issue 17): GET /api/v1/dashboard/summary against seeded data. */
let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let otherPeerUser: TestUser;
let analyst: TestUser;
let stranger: TestUser;
let rosa: string;
let james: string;
let now = new Date();

type Method = 'GET' | 'POST' | 'PUT';
const call = async (user: TestUser, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const summary = async (user: TestUser) => {
  const res = await call(user, 'GET', '/api/v1/dashboard/summary');
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { scope: string; date: string; metrics: Array<{ id: string; count: number }>; caseloads: null | { peers: number; active: number; capacity: number; full: number; items: Array<{ peerId: string; active: number; maxCaseload: number }> } };
  return { ...body, n: Object.fromEntries(body.metrics.map((m) => [m.id, m.count])) as Record<string, number> };
};
const participant = async (name: string) => (await call(admin, 'POST', '/api/v1/participants', { givenName: name, familyName: 'Test' })).json().id as string;
const assign = async (p: string, peerId: string) =>
  expect((await call(admin, 'POST', `/api/v1/participants/${p}/assignments`, { peerId, consent: { given: true, method: 'verbal' } })).statusCode).toBe(201);
const note = async (user: TestUser, p: string, startedAt: string) => {
  const res = await call(user, 'POST', '/api/v1/encounters', {
    participantId: p,
    type: 'individual',
    modality: 'phone',
    startedAt,
    durationMinutes: 20,
    activities: ['shared-lived-experience'],
    narrative: 'Checked in by phone.',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  admin = await createOrgWithUser(t, 'admin', 'Dashboard Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  otherPeerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  rosa = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId, maxCaseload: 2 })).json().id;
  james = (await call(otherPeerUser, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: otherPeerUser.userId, maxCaseload: 10 })).json().id;
  // Rosa: 2 of 2 (full); James: 1 of 10; two people wait.
  const [a, b, c] = [await participant('Ana'), await participant('Ben'), await participant('Cal')];
  await participant('Dee');
  await participant('Eve');
  await assign(a, rosa);
  await assign(b, rosa);
  await assign(c, james);
  // Another organization's numbers never count here.
  await call(stranger, 'POST', '/api/v1/participants', { givenName: 'Other', familyName: 'Person' });
});
afterAll(() => t?.close());

describe('the dashboard summary', () => {
  it("counts the organization's caseloads against capacity, fullest first, and the waitlist", async () => {
    for (const user of [admin, supervisor]) {
      const s = await summary(user);
      expect(s.scope).toBe(user === admin ? 'organization' : 'team');
      expect(s.caseloads).toMatchObject({ peers: 2, active: 3, capacity: 12, full: 1 });
      expect(s.caseloads!.items.map((i) => [i.peerId, i.active, i.maxCaseload])).toEqual([
        [rosa, 2, 2],
        [james, 1, 10],
      ]);
      expect(s.n.waitlist).toBe(2);
    }
  });

  it('counts notes waiting for co-signature and returned, as the review queue and notes lists hold them', async () => {
    const before = await summary(supervisor);
    expect([before.n.cosignWaiting, before.n.returned]).toEqual([0, 0]);
    expect((await call(admin, 'PUT', '/api/v1/caseload/settings', { cosign: { all: true } })).statusCode).toBe(200);
    const ana = (await call(admin, 'GET', '/api/v1/participants?q=Ana')).json().items[0].id;
    const ids = [await note(peerUser, ana, daysAgo(1)), await note(peerUser, ana, daysAgo(2)), await note(peerUser, ana, daysAgo(3))];
    for (const id of ids) expect((await call(peerUser, 'POST', `/api/v1/encounters/${id}/sign`)).statusCode).toBe(200);
    expect((await call(supervisor, 'POST', `/api/v1/encounters/${ids[0]}/return`, { comment: 'Say which goal this worked on.' })).statusCode).toBe(200);
    const queue = (await call(supervisor, 'GET', '/api/v1/review-queue')).json().total;
    const s = await summary(supervisor);
    expect(s.n.cosignWaiting).toBe(queue);
    expect(s.n.cosignWaiting).toBe(2);
    expect(s.n.returned).toBe(1);
  });

  it('counts referrals waiting on a receiver and overdue follow-ups', async () => {
    const svc = (await call(admin, 'POST', '/api/v1/directory/local-services', { name: 'Westside Food Pantry', categories: ['food'] })).json().serviceId;
    const ben = (await call(admin, 'GET', '/api/v1/participants?q=Ben')).json().items[0].id;
    const refer = async (urgency = 'routine') => {
      const res = await call(peerUser, 'POST', '/api/v1/referrals', {
        participantId: ben,
        serviceId: svc,
        need: 'food',
        urgency,
        note: '',
        shared: { items: ['name'], consent: { given: true, method: 'verbal' } },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const sent = await refer();
    const overdue = await refer('emergent'); // follow up tomorrow: overdue three days on
    await refer(); // a draft waits on no one
    expect((await call(peerUser, 'POST', `/api/v1/referrals/${sent}/status`, { status: 'sent' })).statusCode).toBe(200);
    expect((await call(peerUser, 'POST', `/api/v1/referrals/${overdue}/status`, { status: 'sent' })).statusCode).toBe(200);
    const today = now;
    now = new Date(today.getTime() + 3 * 86_400_000);
    const s = await summary(admin);
    expect(s.n.referralsAwaitingReceiver).toBe(2);
    expect(s.n.referralFollowUpsOverdue).toBe(1);
    const listed = (await call(admin, 'GET', '/api/v1/referrals?overdue=true')).json().total;
    expect(s.n.referralFollowUpsOverdue).toBe(listed);
    const mine = await summary(peerUser);
    expect(mine.n.referralFollowUpsMine).toBe(1);
    expect((await summary(otherPeerUser)).n.referralFollowUpsMine).toBe(0);
    now = today;
  });

  it("a peer's own day: sessions today, drafts and returned notes, never the team's", async () => {
    const cal = (await call(admin, 'GET', '/api/v1/participants?q=Cal')).json().items[0].id;
    await note(otherPeerUser, cal, new Date(now.getTime() - 60_000).toISOString());
    const s = await summary(otherPeerUser);
    // Cal is on this peer's caseload with no baseline yet: one person with a check-in due (issue 20).
    expect(s.scope).toBe('peer');
    expect(s.caseloads).toBeNull();
    expect(s.n).toEqual({ sessionsToday: 1, drafts: 1, returnedMine: 0, referralFollowUpsMine: 0, assessmentsDue: 1 });
    const r = await summary(peerUser);
    expect(r.n.returnedMine).toBe(1);
    expect(r.n.drafts).toBe(0);
  });

  it('analysts get 403; every read is audited', async () => {
    expect(problemOf(await call(analyst, 'GET', '/api/v1/dashboard/summary')).status).toBe(403);
    const events = (await call(admin, 'GET', '/api/v1/audit-events?action=dashboard.summary')).json();
    expect(events.total).toBeGreaterThan(0);
  });
});
