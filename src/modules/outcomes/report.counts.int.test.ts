import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/**
 * The program report's counts (one statement per report, issue 20), exact figures (an admin's
 * unsuppressed export) on a worked example: group sessions count once per group and once in the
 * total, a person seen before the period is not new, a discharged person counts as discharged,
 * and referrals count for the people served.
 */
let t: TestApp;
let admin: TestUser;
let peerUser: TestUser;
const now = new Date('2026-03-15T18:00:00Z');
const ids: Record<string, string> = {};

const call = async (user: TestUser, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const session = async (participants: string[], startedAt: string, durationMinutes: number, program: string) => {
  const e = await call(peerUser, 'POST', '/api/v1/encounters', {
    ...(participants.length === 1 ? { participantId: participants[0] } : { participantIds: participants, type: 'group' }),
    modality: 'in-person',
    startedAt,
    durationMinutes,
    program,
    activities: ['shared-lived-experience'],
    narrative: 'Talked about the week.',
  });
  expect(e.statusCode, e.body).toBe(201);
  expect((await call(peerUser, 'POST', `/api/v1/encounters/${e.json().id}/sign`)).statusCode).toBe(200);
};
const report = async (by?: string) =>
  (await call(admin, 'GET', `/api/v1/reports/program?from=2026-02-01&to=2026-03-31&suppression=off${by ? `&by=${by}` : ''}`)).json();

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  admin = await createOrgWithUser(t, 'admin', 'Counting Agency');
  peerUser = await addUser(t, admin.orgId, 'peer');
  const peer = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId, maxCaseload: 30 })).json().id;
  for (const [name, language] of [['ana', 'es'], ['ben', 'en'], ['cal', 'es'], ['dee', 'en']] as const) {
    ids[name] = (await call(admin, 'POST', '/api/v1/participants', { givenName: name, familyName: 'Test', languages: [language] })).json().id;
    expect((await call(admin, 'POST', `/api/v1/participants/${ids[name]}/assignments`, { peerId: peer, consent: { given: true, method: 'verbal' } })).statusCode).toBe(201);
  }
  await t.database.db.tenant(admin.orgId, (tx) => tx.execute(sql`update assignments set assigned_at = '2026-01-02T15:00:00Z'`));
  // Ana was seen in January (before the period): not new in it.
  await session([ids.ana!], '2026-01-10T15:00:00Z', 30, 'substance-use');
  // In the period: a group of Ana and Cal (both Spanish), a group of Ben and Cal, one session for Dee.
  await session([ids.ana!, ids.cal!], '2026-02-10T15:00:00Z', 60, 'substance-use');
  await session([ids.ben!, ids.cal!], '2026-03-01T15:00:00Z', 90, 'mental-health');
  await session([ids.dee!], '2026-03-02T15:00:00Z', 45, 'mental-health');
  // Dee's care ended in the period.
  const assignment = (await call(admin, 'GET', `/api/v1/participants/${ids.dee}`)).json().currentAssignment.id as string;
  const ended = await call(admin, 'POST', `/api/v1/assignments/${assignment}/end`, { endedBy: 'program', reason: 'Completed the program goals.', returnToWaitlist: false });
  expect(ended.statusCode, ended.body).toBe(200);
  // The database stamps the end with its own clock: the test sets the date, inside the period.
  await t.database.db.tenant(admin.orgId, (tx) => tx.execute(sql`update assignments set ended_at = '2026-03-10T15:00:00Z' where participant_id = ${ids.dee}`));
});
afterAll(() => t?.close());

describe('the program report counts', () => {
  it('counts the whole program once: people, new people, discharged, sessions and minutes', async () => {
    const r = await report();
    expect(r.groups).toEqual([]);
    expect(r.totals).toMatchObject({ served: 4, newPeople: 3, discharged: 1, encounters: 3, hours: 3.3, encountersPerPerson: 0.8 });
  });

  it('by language: a group session counts once in each group it reaches and once in the total', async () => {
    const r = await report('language');
    const by = Object.fromEntries(r.groups.map((g: { key: string }) => [g.key, g]));
    // Spanish: Ana and Cal, their group (60) and Ben and Cal's (90). English: Ben and Dee, Ben and Cal's group (90) and Dee's (45).
    expect(by.es).toMatchObject({ served: 2, newPeople: 1, discharged: 0, encounters: 2, hours: 2.5 });
    expect(by.en).toMatchObject({ served: 2, newPeople: 2, discharged: 1, encounters: 2, hours: 2.3 });
    expect(r.totals).toMatchObject({ served: 4, newPeople: 3, discharged: 1, encounters: 3, hours: 3.3 });
  });

  it('by program: each session in its program, a person in each program they were served in', async () => {
    const r = await report('program');
    const by = Object.fromEntries(r.groups.map((g: { key: string }) => [g.key, g]));
    expect(by['substance-use']).toMatchObject({ served: 2, encounters: 1, hours: 1 });
    expect(by['mental-health']).toMatchObject({ served: 3, encounters: 2, hours: 2.3 });
    expect(r.totals).toMatchObject({ served: 4, encounters: 3 });
  });
});
