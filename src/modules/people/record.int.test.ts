import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/** A participant's record (issue 17): GET /api/v1/participants/{id}/timeline. */
let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let otherPeerUser: TestUser;
let analyst: TestUser;
let stranger: TestUser;
let ana: string;
let foreign: string;
let peerId: string;
const notes: string[] = [];

type Method = 'GET' | 'POST' | 'PUT';
const call = async (user: TestUser, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });

interface Entry {
  id: string;
  kind: string;
  at: string;
  [k: string]: unknown;
}
const timeline = async (user: TestUser, id: string, q = '') => call(user, 'GET', `/api/v1/participants/${id}/timeline${q}`);
const all = async (user: TestUser, id: string, limit: number) => {
  const items: Entry[] = [];
  let next: string | null = null;
  let pages = 0;
  do {
    const res = await timeline(user, id, `?limit=${limit}${next ? `&before=${next}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Entry[]; next: string | null };
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    next = body.next;
    pages++;
  } while (next && pages < 50);
  return { items, pages };
};

const daysAgo = (n: number, hour = 15) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - n);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Record Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  otherPeerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId })).json().id;
  await call(otherPeerUser, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: otherPeerUser.userId });
  ana = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ana', familyName: 'Reyes' })).json().id;
  foreign = (await call(stranger, 'POST', '/api/v1/participants', { givenName: 'Other', familyName: 'Person' })).json().id;
  const assigned = await call(supervisor, 'POST', `/api/v1/participants/${ana}/assignments`, { peerId, consent: { given: true, method: 'verbal' } });
  expect(assigned.statusCode, assigned.body).toBe(201);
  expect((await call(peerUser, 'PUT', `/api/v1/participants/${ana}/plan`, { goals: [{ text: 'Find a job', lifeArea: 'employment' }] })).statusCode).toBe(200);
  expect((await call(peerUser, 'PUT', `/api/v1/participants/${ana}/plan`, { goals: [{ text: 'Find a job', lifeArea: 'employment' }, { text: 'Keep my apartment', lifeArea: 'housing' }] })).statusCode).toBe(200);
  // Sessions 1 to 5 days ago; three of them at the same instant (paging must not lose a tie).
  for (const [n, hour] of [[5, 15], [4, 15], [3, 15], [3, 15], [3, 15], [1, 10]] as const) {
    const res = await call(peerUser, 'POST', '/api/v1/encounters', {
      participantId: ana,
      type: 'individual',
      modality: 'in-person',
      startedAt: daysAgo(n, hour),
      durationMinutes: 30 + n,
      activities: ['shared-lived-experience'],
      narrative: 'Talked about the job search.',
    });
    expect(res.statusCode, res.body).toBe(201);
    notes.push(res.json().id);
  }
  expect((await call(peerUser, 'POST', `/api/v1/encounters/${notes[0]}/sign`)).statusCode).toBe(200);
  const svc = await call(admin, 'POST', '/api/v1/directory/local-services', { name: 'Westside Food Pantry', organizationName: 'Ashland Mutual Aid', categories: ['food'] });
  expect(svc.statusCode, svc.body).toBe(201);
  const ref = await call(peerUser, 'POST', '/api/v1/referrals', {
    participantId: ana,
    serviceId: svc.json().serviceId,
    need: 'food',
    urgency: 'routine',
    note: '',
    shared: { items: ['name'], consent: { given: true, method: 'verbal' } },
  });
  expect(ref.statusCode, ref.body).toBe(201);
  const payer = await call(admin, 'POST', '/api/v1/payers', { name: 'State Medicaid', type: 'medicaid', ratePerUnit: 1750 });
  expect((await call(admin, 'POST', `/api/v1/participants/${ana}/coverages`, { payerId: payer.json().id, memberId: 'MCD1', startDate: '2025-01-01' })).statusCode).toBe(201);
});
afterAll(() => t?.close());

describe('the timeline', () => {
  it('holds sessions, plan versions, the referral, the match and (admins) the coverage, newest first', async () => {
    const res = await timeline(admin, ana, '?limit=100');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Entry[]; next: string | null; kinds: string[] };
    expect(body.next).toBeNull();
    expect(body.kinds).toEqual(['coverage', 'match', 'plan', 'referral', 'session']);
    const count = (k: string) => body.items.filter((i) => i.kind === k).length;
    expect([count('session'), count('plan'), count('referral'), count('match'), count('coverage')]).toEqual([6, 2, 1, 1, 1]);
    const ats = body.items.map((i) => i.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    const signed = body.items.find((i) => i.kind === 'session' && i.encounterId === notes[0]);
    expect(signed).toMatchObject({ status: 'signed', durationMinutes: 35, activities: ['shared-lived-experience'], peer: 'Rosa Delgado', voided: false });
    expect(body.items.find((i) => i.kind === 'match')).toMatchObject({ event: 'assigned', peer: { id: peerId, displayName: 'Rosa Delgado' } });
    expect(body.items.find((i) => i.kind === 'referral')).toMatchObject({ need: 'food', status: 'draft', serviceName: 'Westside Food Pantry', overdue: false });
    expect(body.items.filter((i) => i.kind === 'plan').map((i) => i.version)).toEqual([2, 1]);
    expect(body.items.find((i) => i.kind === 'coverage')).toMatchObject({ payer: 'State Medicaid', startDate: '2025-01-01' });
    // Nothing of the note's narrative or the referral's shared items travels in the timeline.
    expect(res.body).not.toContain('job search');
  });

  it('pages by cursor: every entry once, in the same order, ties at one instant included', async () => {
    const whole = (await timeline(admin, ana, '?limit=100')).json().items as Entry[];
    for (const limit of [1, 2, 3, 5]) {
      const { items, pages } = await all(admin, ana, limit);
      expect(items.map((i) => i.id)).toEqual(whole.map((i) => i.id));
      expect(pages).toBe(Math.ceil(whole.length / limit));
    }
  });

  it('an ended match is a second entry', async () => {
    const other = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ben', familyName: 'Ortiz' })).json().id;
    const a = (await call(admin, 'POST', `/api/v1/participants/${other}/assignments`, { peerId, consent: { given: true, method: 'verbal' } })).json();
    expect((await call(admin, 'POST', `/api/v1/assignments/${a.id}/end`, { endedBy: 'participant', reason: 'Moved away', returnToWaitlist: true })).statusCode).toBe(200);
    const items = (await timeline(supervisor, other)).json().items as Entry[];
    expect(items.map((i) => [i.kind, i.event])).toEqual([
      ['match', 'ended'],
      ['match', 'assigned'],
    ]);
    expect(items[0]).toMatchObject({ endedBy: 'participant' });
  });

  it('a supervisor and the assigned peer see it without coverage; other peers, analysts and other organizations do not', async () => {
    for (const user of [supervisor, peerUser]) {
      const body = (await timeline(user, ana, '?limit=100')).json() as { items: Entry[]; kinds: string[] };
      expect(body.kinds).not.toContain('coverage');
      expect(body.items.some((i) => i.kind === 'coverage')).toBe(false);
      expect(body.items.filter((i) => i.kind === 'session')).toHaveLength(6);
    }
    expect(problemOf(await timeline(otherPeerUser, ana)).status).toBe(404);
    expect(problemOf(await timeline(analyst, ana)).status).toBe(403);
    expect(problemOf(await timeline(admin, foreign)).status).toBe(404);
    expect(problemOf(await timeline(stranger, ana)).status).toBe(404);
  });

  it('a cursor that is not one answers 400 naming query.before', async () => {
    const res = await timeline(admin, ana, '?before=not-a-cursor');
    expect(problemOf(res)).toMatchObject({ status: 400, errors: [{ field: 'query.before' }] });
    const forged = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'secrets', 'x'])).toString('base64url');
    expect(problemOf(await timeline(admin, ana, `?before=${forged}`)).errors?.[0]?.field).toBe('query.before');
  });

  it('every read is audited, refused ones as denied, and the trail finds them by the participant', async () => {
    await timeline(peerUser, ana);
    await timeline(otherPeerUser, ana);
    const res = await call(admin, 'GET', `/api/v1/audit-events?action=participant.timeline_read&participantId=${ana}&pageSize=100`);
    expect(res.statusCode, res.body).toBe(200);
    const events = res.json().items as Array<{ actor: { id: string } | null; outcome: string; entityId: string; details: { encounterIds?: string[] } }>;
    expect(events.every((e) => e.entityId === ana)).toBe(true);
    expect(events.some((e) => e.actor?.id === peerUser.userId && e.outcome === 'success' && (e.details.encounterIds?.length ?? 0) > 0)).toBe(true);
    expect(events.some((e) => e.actor?.id === otherPeerUser.userId && e.outcome === 'denied')).toBe(true);
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/api/v1/participants/{id}/timeline'].get).toBeDefined();
    expect(doc.paths['/api/v1/dashboard/summary'].get).toBeDefined();
  });
});
