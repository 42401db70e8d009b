import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';

let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let otherSupervisor: TestUser;
let peer: TestUser;
let otherPeer: TestUser;
let analyst: TestUser;
let peerId: string;
let checkInId: string;

const call = async (user: TestUser, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const proqol = (v: number) => Object.fromEntries(Array.from({ length: 30 }, (_, i) => [String(i + 1), v]));

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Wellbeing Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  otherSupervisor = await addUser(t, admin.orgId, 'supervisor');
  peer = await addUser(t, admin.orgId, 'peer');
  otherPeer = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  peerId = (await call(peer, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peer.userId })).json().id;
  await call(otherPeer, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: otherPeer.userId });
});
afterAll(() => t?.close());

describe('wellbeing stays the peer\'s own', () => {
  it('scores a check-in as published and answers the peer with their own scores and the ProQOL credit', async () => {
    const res = await call(peer, 'POST', '/api/v1/wellbeing/check-ins', { instrument: 'proqol-5', answers: proqol(5) });
    expect(res.statusCode).toBe(201);
    checkInId = res.json().id;
    expect(res.json().scores).toEqual([
      { code: 'compassion-satisfaction', score: 50, band: 'high' },
      { code: 'burnout', score: 30, band: 'moderate' },
      { code: 'secondary-traumatic-stress', score: 50, band: 'high' },
    ]);
    expect(res.json().credit).toContain('proqol.org');
    const bad = await call(peer, 'POST', '/api/v1/wellbeing/check-ins', { instrument: 'cbi', answers: { '1': 30 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.answers.1');
    const own = await call(peer, 'GET', '/api/v1/wellbeing/check-ins');
    expect(own.json().items).toHaveLength(1);
    expect(own.json().band).toBe('high');
  });

  it.each([
    ['admin', () => admin],
    ['supervisor', () => supervisor],
    ['another peer', () => otherPeer],
    ['analyst', () => analyst],
  ])('shows the %s none of the answers or scores, on every endpoint', async (_role, who) => {
    const user = who();
    const urls = ['/api/v1/wellbeing/check-ins', '/api/v1/wellbeing/shared', '/api/v1/wellbeing/team', '/api/v1/audit-events?limit=200', `/api/v1/audit-events?entityId=${peer.userId}`, '/api/v1/supervision-sessions', '/api/v1/reports/program?from=2020-01-01&to=2030-12-31'];
    for (const url of urls) {
      const res = await call(user, 'GET', url);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.body, url).not.toContain(checkInId);
      expect(res.body, url).not.toMatch(/secondary-traumatic-stress|compassion-satisfaction|"answers":\{"1"/);
    }
    expect((await call(user, 'GET', '/api/v1/wellbeing/check-ins')).json().items).toEqual([]);
  });

  it('writes audit entries without answers or scores', async () => {
    const res = await call(admin, 'GET', '/api/v1/audit-events?limit=200');
    const entries = (res.json().items as Array<{ action: string; details: unknown }>).filter((e) => e.action.startsWith('wellbeing.'));
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toMatch(/answers|scores|burnout|proqol/);
  });

  it('shares only a band, or a request for a check-in, when the peer chooses, and takes it back', async () => {
    expect((await call(supervisor, 'GET', '/api/v1/wellbeing/shared')).json().items).toEqual([]);
    await call(peer, 'PUT', '/api/v1/wellbeing/sharing', { shareBand: true, askCheckin: true });
    const shared = (await call(supervisor, 'GET', '/api/v1/wellbeing/shared')).json().items;
    expect(shared).toEqual([expect.objectContaining({ userId: peer.userId, name: 'Rosa Delgado', band: 'high', askCheckin: true })]);
    expect(Object.keys(shared[0]).sort()).toEqual(['askCheckin', 'band', 'name', 'since', 'userId']);
    expect((await call(peer, 'GET', '/api/v1/wellbeing/shared')).statusCode).toBe(403);
    await call(peer, 'PUT', '/api/v1/wellbeing/sharing', { shareBand: false, askCheckin: false });
    expect((await call(supervisor, 'GET', '/api/v1/wellbeing/shared')).json().items).toEqual([]);
  });

  it('withholds team figures when nobody has checked in yet (suppressed, not an empty table)', async () => {
    const empty = await createOrgWithUser(t, 'admin', 'Quiet Agency');
    const res = (await call(empty, 'GET', '/api/v1/wellbeing/team')).json();
    expect(res).toMatchObject({ suppressed: true, scales: [], suppression: { k: 11 } });
  });

  it('shows team figures only from 11 contributors, never to peers', async () => {
    const under = (await call(analyst, 'GET', '/api/v1/wellbeing/team')).json();
    expect(under).toMatchObject({ contributors: '<11', suppressed: true, scales: [] });
    expect((await call(peer, 'GET', '/api/v1/wellbeing/team')).statusCode).toBe(403);
    for (let i = 0; i < 10; i++) {
      const u = await addUser(t, admin.orgId, 'peer');
      expect((await call(u, 'POST', '/api/v1/wellbeing/check-ins', { instrument: 'pulse', answers: { '1': 3 + (i % 2) } })).statusCode).toBe(201);
    }
    const team = (await call(admin, 'GET', '/api/v1/wellbeing/team')).json();
    expect(team).toMatchObject({ contributors: 11, suppressed: false, suppression: { k: 11 } });
    // The pulse had 10 people: under k, its mean is hidden; ProQOL had one: hidden.
    expect(team.scales.find((s: { scale: string }) => s.scale === 'pulse:pulse')).toMatchObject({ contributors: '<11', mean: null });
    expect(team.scales.find((s: { scale: string }) => s.scale === 'proqol-5:burnout')).toMatchObject({ contributors: '<11', mean: null });
  });
});

describe('supervision', () => {
  it('records a session; its notes are seen by the supervisor who held it and the peer only', async () => {
    const s = await call(supervisor, 'POST', '/api/v1/supervision-sessions', { peerId, heldOn: '2026-01-05', minutes: 60, kind: 'individual', topics: ['secondary-trauma', 'boundaries'], notes: 'Talked about a hard week', followUps: [{ text: 'Check in Friday', dueOn: null }] });
    expect(s.statusCode).toBe(201);
    expect((await call(peer, 'POST', '/api/v1/supervision-sessions', { peerId, heldOn: '2026-01-05', minutes: 60, kind: 'individual' })).statusCode).toBe(403);
    expect((await call(supervisor, 'POST', '/api/v1/supervision-sessions', { peerId, heldOn: '2026-01-05', minutes: 0, kind: 'individual' })).json().errors[0].field).toBe('body.minutes');
    const mine = (await call(peer, 'GET', '/api/v1/supervision-sessions')).json().items;
    expect(mine[0]).toMatchObject({ notes: 'Talked about a hard week', notesVisible: true });
    for (const other of [admin, otherSupervisor]) {
      const items = (await call(other, 'GET', `/api/v1/supervision-sessions?peerId=${peerId}`)).json().items;
      expect(items[0]).toMatchObject({ minutes: 60, notes: null, notesVisible: false });
    }
    expect((await call(otherPeer, 'GET', `/api/v1/supervision-sessions?peerId=${peerId}`)).statusCode).toBe(404);
    const due = (await call(supervisor, 'GET', '/api/v1/supervision/due')).json();
    expect(due.items.find((d: { peerId: string }) => d.peerId === peerId)).toMatchObject({ totalHours: 1 });
    const intensity = await call(peer, 'GET', `/api/v1/peers/${peerId}/intensity`);
    expect(intensity.statusCode).toBe(200);
    expect(intensity.json().weeks).toHaveLength(8);
    expect((await call(supervisor, 'GET', '/api/v1/workforce/intensity')).json().items.length).toBeGreaterThanOrEqual(2);
  });
});

describe("supervision's today is the organization's", () => {
  it("takes a session held this morning in Auckland, and counts one on December 31 in December's hours that evening in New York", async () => {
    // 20:00 UTC on December 6 is 9 am on December 7 in Auckland.
    let now = new Date('2026-12-06T20:00:00Z');
    const at = await createTestApp({ clock: () => now });
    try {
      const send = (user: TestUser, method: 'GET' | 'POST', url: string, payload?: object) => at.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload ? { payload } : {}) });
      const peerOf = async (user: TestUser) => (await send(user, 'POST', '/api/v1/peers', { displayName: 'Dee Cember' })).json().id as string;
      const auckland = await at.services.identity.createOrganization(systemActor('test'), { name: 'Auckland Peers', timeZone: 'Pacific/Auckland' });
      const kiwi = await addUser(at, auckland.id, 'admin');
      const morning = await send(kiwi, 'POST', '/api/v1/supervision-sessions', { peerId: await peerOf(kiwi), heldOn: '2026-12-07', minutes: 45, kind: 'group' });
      expect(morning.statusCode, morning.body).toBe(201);

      // 02:30 UTC on January 1 is 9:30 pm on December 31 in New York (the default zone).
      now = new Date('2027-01-01T02:30:00Z');
      const boss = await createOrgWithUser(at, 'admin', 'New York Peers');
      const nyPeer = await peerOf(boss);
      const evening = await send(boss, 'POST', '/api/v1/supervision-sessions', { peerId: nyPeer, heldOn: '2026-12-31', minutes: 60, kind: 'individual' });
      expect(evening.statusCode, evening.body).toBe(201);
      const due = (await send(boss, 'GET', '/api/v1/supervision/due')).json();
      expect(due.month).toBe('2026-12');
      expect(due.items.find((d: { peerId: string }) => d.peerId === nyPeer)).toMatchObject({ minutesThisMonth: 60, due: false });
    } finally {
      await at.close();
    }
  });
});
