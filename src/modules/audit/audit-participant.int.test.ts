import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/** "Who opened this person's record" (issue 17): the audit trail by participant id, and by name for admins. */
let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let stranger: TestUser;
let ana: string;
let ben: string;
let anaNote: string;
let strangerAna: string;

type Method = 'GET' | 'POST';
const call = async (user: TestUser, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });
interface Event {
  action: string;
  actor: { id: string } | null;
  entityType: string | null;
  entityId: string | null;
  details: Record<string, unknown>;
}
const trail = async (user: TestUser, q: string) => {
  const res = await call(user, 'GET', `/api/v1/audit-events?pageSize=200&${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: Event[] };
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Audit Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  const peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa', userId: peerUser.userId })).json().id;
  ana = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ana', familyName: 'Reyes', preferredName: 'Annie' })).json().id;
  ben = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ben', familyName: 'Ortiz' })).json().id;
  strangerAna = (await call(stranger, 'POST', '/api/v1/participants', { givenName: 'Ana', familyName: 'Reyes' })).json().id;
  await call(admin, 'POST', `/api/v1/participants/${ana}/assignments`, { peerId, consent: { given: true, method: 'verbal' } });
  anaNote = (
    await call(peerUser, 'POST', '/api/v1/encounters', {
      participantId: ana,
      type: 'individual',
      modality: 'phone',
      startedAt: new Date(Date.now() - 3_600_000).toISOString(),
      durationMinutes: 20,
      activities: ['shared-lived-experience'],
      narrative: 'Checked in.',
    })
  ).json().id;
  // Reads of Ana's record by several people, and of Ben's by the supervisor.
  await call(supervisor, 'GET', `/api/v1/participants/${ana}`);
  await call(supervisor, 'GET', `/api/v1/encounters/${anaNote}`);
  await call(peerUser, 'GET', `/api/v1/participants/${ana}/timeline`);
  await call(supervisor, 'GET', `/api/v1/participants/${ben}`);
  await call(supervisor, 'GET', '/api/v1/participants?q=Reyes');
});
afterAll(() => t?.close());

describe('the audit trail by participant', () => {
  it("by id: the participant's reads, their notes' reads and the lists that showed them, nobody else's", async () => {
    const { items } = await trail(admin, `participantId=${ana}`);
    const seen = items.map((e) => `${e.actor?.id === supervisor.userId ? 'supervisor' : e.actor?.id === peerUser.userId ? 'peer' : 'admin'} ${e.action}`);
    expect(seen).toEqual(
      expect.arrayContaining(['supervisor participant.read', 'supervisor encounter.read', 'peer participant.timeline_read', 'supervisor participant.list', 'peer encounter.create', 'admin participant.create']),
    );
    // Ben's read is not Ana's.
    expect(items.some((e) => e.action === 'participant.read' && e.entityId === ben)).toBe(false);
    const benOnly = await trail(admin, `participantId=${ben}`);
    expect(benOnly.items.some((e) => e.entityId === ana)).toBe(false);
    expect(benOnly.items.some((e) => e.action === 'participant.read' && e.entityId === ben)).toBe(true);
  });

  it('combines with the other filters (action, actor)', async () => {
    const { items } = await trail(admin, `participantId=${ana}&action=participant.read&actorId=${supervisor.userId}`);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ action: 'participant.read', entityId: ana });
  });

  it('by name for admins: resolved to the organization\'s ids server-side; the trail keeps no names', async () => {
    const byName = await trail(admin, 'participantName=annie');
    const byId = await trail(admin, `participantId=${ana}`);
    // The lookup itself is audited (as a search), so compare the events both found.
    const ids = (r: { items: Array<Event & { id?: string }> }) => new Set(r.items.filter((e) => e.action !== 'participant.search').map((e) => (e as { id: string }).id));
    expect([...ids(byId)].every((id) => ids(byName).has(id))).toBe(true);
    expect((await trail(admin, 'participantName=Ana Reyes')).total).toBeGreaterThan(0);
    // Nobody is so named here: nothing at all (not the whole trail).
    expect((await trail(admin, 'participantName=Zelda')).total).toBe(0);
    // Another organization's "Ana Reyes" is not this one's.
    const theirs = await trail(stranger, 'participantName=Reyes');
    expect(theirs.items.every((e) => e.entityId !== ana)).toBe(true);
    expect(theirs.items.some((e) => e.entityId === strangerAna)).toBe(true);
    const everything = JSON.stringify((await trail(admin, '')).items);
    expect(everything).not.toContain('Reyes');
    expect(everything).not.toContain('Annie');
  });

  it('a search by name is audited, and only admins may read the trail', async () => {
    const searches = await trail(admin, 'action=participant.search');
    expect(searches.items.some((e) => (e.details.ids as string[]).includes(ana))).toBe(true);
    expect(problemOf(await call(supervisor, 'GET', `/api/v1/audit-events?participantId=${ana}`)).status).toBe(403);
    expect(problemOf(await call(supervisor, 'GET', '/api/v1/audit-events?participantName=Ana')).status).toBe(403);
    expect(problemOf(await call(admin, 'GET', '/api/v1/audit-events?participantId=nope')).errors?.[0]?.field).toBe('query.participantId');
  });
});
