import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { ACTIVITIES } from './caseload.schemas.ts';

/** The notes list (issue 17): a peer's mine/drafts/returned, a supervisor's team/by peer/unsigned past N days; audited. */
let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let rosa: TestUser;
let james: TestUser;
let analyst: TestUser;
let stranger: TestUser;
let rosaPeer: string;
let jamesPeer: string;
let ana: string;
let cal: string;

const call = async (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
const note = (participantId: string, startedAt: string, extra: Record<string, unknown> = {}) => ({
  participantId,
  startedAt,
  durationMinutes: 30,
  narrative: 'Worked on the housing application together.',
  activities: ['resource-linkage'],
  ...extra,
});
const ids = (res: { json: () => { items: Array<{ id: string }> } }) => res.json().items.map((i) => i.id);

const notes: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Notes Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  rosa = await addUser(t, admin.orgId, 'peer');
  james = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  rosaPeer = (await call(rosa, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: rosa.userId })).json().id;
  jamesPeer = (await call(james, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: james.userId })).json().id;
  ana = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ana', preferredName: 'Annie', familyName: 'Reyes', birthDate: '1985-04-02' })).json().id;
  cal = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Cal', familyName: 'Moss', birthDate: '1990-01-02' })).json().id;
  await call(admin, 'POST', `/api/v1/participants/${ana}/assignments`, { peerId: rosaPeer, consent: { given: true } });
  await call(admin, 'POST', `/api/v1/participants/${cal}/assignments`, { peerId: jamesPeer, consent: { given: true } });

  const make = async (user: TestUser, name: string, participantId: string, startedAt: string, extra: Record<string, unknown> = {}) => {
    const res = await call(user, 'POST', '/api/v1/encounters', note(participantId, startedAt, extra));
    expect(res.statusCode).toBe(201);
    notes[name] = res.json().id;
  };
  await make(rosa, 'rosaSigned', ana, daysAgo(6));
  await make(rosa, 'rosaReturned', ana, daysAgo(5));
  await make(rosa, 'rosaOldDraft', ana, daysAgo(4.5));
  await make(rosa, 'rosaNewDraft', ana, daysAgo(0.1));
  await make(james, 'jamesSigned', cal, daysAgo(3));
  await make(james, 'jamesOldDraft', cal, daysAgo(3.5));
  for (const n of ['rosaSigned', 'rosaReturned']) expect((await call(rosa, 'POST', `/api/v1/encounters/${notes[n]}/sign`)).statusCode).toBe(200);
  expect((await call(james, 'POST', `/api/v1/encounters/${notes.jamesSigned}/sign`)).statusCode).toBe(200);
  expect((await call(supervisor, 'POST', `/api/v1/encounters/${notes.rosaReturned}/return`, { comment: 'Add the next step.' })).statusCode).toBe(200);
});
afterAll(() => t?.close());

describe('the notes list', () => {
  it("a peer's own notes: mine (newest first), drafts and returned; never another peer's", async () => {
    const mine = await call(rosa, 'GET', '/api/v1/notes?view=mine');
    expect(mine.statusCode).toBe(200);
    expect(ids(mine)).toEqual([notes.rosaNewDraft, notes.rosaOldDraft, notes.rosaReturned, notes.rosaSigned]);
    const first = mine.json().items[3];
    expect(first).toMatchObject({
      status: 'signed',
      participants: [{ id: ana, displayName: 'Annie' }],
      peer: { id: rosaPeer, displayName: 'Rosa Delgado' },
      durationMinutes: 30,
      billable: false,
      billingReason: 'no-coverage',
      voided: false,
    });
    expect(first.serviceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ids(await call(rosa, 'GET', '/api/v1/notes?view=drafts'))).toEqual([notes.rosaOldDraft, notes.rosaNewDraft]);
    const returned = (await call(rosa, 'GET', '/api/v1/notes?view=returned')).json();
    expect(returned.items.map((i: { id: string }) => i.id)).toEqual([notes.rosaReturned]);
    expect(returned.items[0]).toMatchObject({ status: 'returned', returnComment: 'Add the next step.', billable: false });
    expect(ids(await call(james, 'GET', '/api/v1/notes'))).toEqual([notes.jamesSigned, notes.jamesOldDraft]);
  });

  it('pages: total, page and page size', async () => {
    const p1 = (await call(rosa, 'GET', '/api/v1/notes?view=mine&pageSize=3')).json();
    expect(p1).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(p1.items).toHaveLength(3);
    const p2 = (await call(rosa, 'GET', '/api/v1/notes?view=mine&pageSize=3&page=2')).json();
    expect(p2.items.map((i: { id: string }) => i.id)).toEqual([notes.rosaSigned]);
  });

  it("supervisors: the team's notes, one peer's, and drafts unsigned past N days", async () => {
    const team = (await call(supervisor, 'GET', '/api/v1/notes?view=team')).json();
    expect(team.total).toBe(6);
    expect(ids(await call(supervisor, 'GET', `/api/v1/notes?view=team&peerId=${jamesPeer}`))).toEqual([notes.jamesSigned, notes.jamesOldDraft]);
    // Unsigned more than 2 days after the session (the default), oldest first; the fresh draft is not late.
    expect(ids(await call(supervisor, 'GET', '/api/v1/notes?view=unsigned'))).toEqual([notes.rosaOldDraft, notes.jamesOldDraft]);
    expect(ids(await call(supervisor, 'GET', '/api/v1/notes?view=unsigned&days=4'))).toEqual([notes.rosaOldDraft]);
    expect(ids(await call(supervisor, 'GET', '/api/v1/notes?view=unsigned&days=0'))).toHaveLength(3);
    expect(ids(await call(supervisor, 'GET', `/api/v1/notes?view=unsigned&days=1&peerId=${rosaPeer}`))).toEqual([notes.rosaOldDraft]);
    expect(ids(await call(admin, 'GET', '/api/v1/notes?view=returned'))).toEqual([notes.rosaReturned]);
  });

  it('refuses what a role may not read, and bad input names the field', async () => {
    expect(problemOf(await call(rosa, 'GET', '/api/v1/notes?view=team')).status).toBe(403);
    expect(problemOf(await call(rosa, 'GET', '/api/v1/notes?view=unsigned')).status).toBe(403);
    expect(problemOf(await call(rosa, 'GET', `/api/v1/notes?view=mine&peerId=${jamesPeer}`)).status).toBe(403);
    expect(problemOf(await call(analyst, 'GET', '/api/v1/notes')).status).toBe(403);
    expect(problemOf(await call(supervisor, 'GET', '/api/v1/notes?view=unsigned&days=-1')).errors?.[0]?.field).toBe('query.days');
    expect(problemOf(await call(supervisor, 'GET', '/api/v1/notes?view=everything')).errors?.[0]?.field).toBe('query.view');
    expect((await call(stranger, 'GET', '/api/v1/notes?view=team')).json()).toMatchObject({ total: 0, items: [] });
    // A supervisor without a peer profile has no notes of their own.
    expect((await call(supervisor, 'GET', '/api/v1/notes?view=mine')).json().total).toBe(0);
  });

  it('every read is audited with the ids shown, and refusals as denied', async () => {
    await call(supervisor, 'GET', `/api/v1/notes?view=team&peerId=${jamesPeer}`);
    const events = (await call(admin, 'GET', '/api/v1/audit-events?action=encounter.list&pageSize=100')).json().items as Array<{
      actor: { id: string } | null;
      details: { view?: string; ids?: string[] };
      outcome?: string;
    }>;
    const read = events.find((e) => e.actor?.id === supervisor.userId && e.details.view === 'team' && e.details.ids?.length === 2);
    expect(read?.details.ids).toEqual([notes.jamesSigned, notes.jamesOldDraft]);
    expect(events.some((e) => e.actor?.id === rosa.userId && e.details.view === 'team' && e.outcome === 'denied')).toBe(true);
  });
});

describe('peerbridge notes check-activities (read only)', () => {
  it('counts signed notes and drafts carrying every activity, per organization, and changes nothing', async () => {
    const all = [...ACTIVITIES];
    const signedAll = (await call(rosa, 'POST', '/api/v1/encounters', note(ana, daysAgo(1), { activities: all }))).json().id as string;
    expect((await call(rosa, 'POST', `/api/v1/encounters/${signedAll}/sign`)).statusCode).toBe(200);
    const draftAll = (await call(james, 'POST', '/api/v1/encounters', note(cal, daysAgo(1), { activities: all }))).json().id as string;
    // Six of the seven is not the whole list.
    await call(james, 'POST', '/api/v1/encounters', note(cal, daysAgo(1), { activities: all.slice(1) }));
    // Inside the organization (row-level security binds the owner too): every note's id, status and last change.
    const snapshot = async () =>
      JSON.stringify(
        ((await t.services.db.tenant(admin.orgId, (tx) => tx.execute(sql`select id, status, updated_at::text as at from encounters order by id`))) as unknown as { rows: unknown[] }).rows,
      );
    const before = await snapshot();
    expect(before).toContain(signedAll);
    const check = await t.services.notes.checkActivities();
    expect(check).toMatchObject({ activities: 7, signed: 1, drafts: 1 });
    expect(check.organizations).toEqual([{ orgId: admin.orgId, name: 'Notes Agency', signed: 1, drafts: 1, signedIds: [signedAll], draftIds: [draftAll] }]);
    const after = await snapshot();
    expect(after).toEqual(before);
  });
});
