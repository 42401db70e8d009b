import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/**
 * Assessment schedules per program (issue 20), on PGlite and PostgreSQL: an admin sets
 * "recovery-coaching" to BARC-10 at intake (within 14 days) and at day 30 (± 7); twelve people
 * whose first session is in that program follow it, a thirteenth with no program session follows
 * the SUPRT pattern. Due points reach the participant's list, My day's count and the dashboard's
 * follow-up rate; bad schedules are refused naming the field, with nothing stored.
 */
let t: TestApp;
let admin: TestUser;
let peerUser: TestUser;
let now = new Date('2026-01-03T15:00:00Z');
const people: string[] = [];
let cal = '';

const call = async (user: TestUser, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const barc10 = (v: number) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`barc10.${i + 1}`, v]));
const assess = async (p: string, at: string) => {
  const res = await call(admin, 'POST', `/api/v1/participants/${p}/assessments`, { instrument: 'barc-10', answers: barc10(4), administeredAt: at, mode: 'peer-administered' });
  expect(res.statusCode, res.body).toBe(201);
};
const due = async (p: string) => (await call(admin, 'GET', `/api/v1/participants/${p}/assessments/due`)).json();
const schedule = {
  intake: { instruments: ['barc-10'], windowDays: 14 },
  fixed: [{ day: 30, instruments: ['barc-10'], windowBefore: 7, windowAfter: 7 }],
  discharge: { instruments: ['barc-10'], windowDays: 30 },
  suprt: false,
};
const put = (user: TestUser, body: unknown, program = 'recovery-coaching') => call(user, 'PUT', `/api/v1/assessment-schedules/${program}`, body);

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  admin = await createOrgWithUser(t, 'admin', 'Schedule Agency');
  peerUser = await addUser(t, admin.orgId, 'peer');
  const peer = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId, maxCaseload: 30 })).json().id;
  for (let i = 0; i < 13; i++) {
    const p = (await call(admin, 'POST', '/api/v1/participants', { givenName: i === 12 ? 'Cal' : `P${i}`, familyName: 'Test' })).json().id as string;
    expect((await call(admin, 'POST', `/api/v1/participants/${p}/assignments`, { peerId: peer, consent: { given: true, method: 'verbal' } })).statusCode).toBe(201);
    if (i === 12) cal = p;
    else people.push(p);
  }
  // Everyone starts on 2 January (the database stamps a match with its own clock).
  await t.database.db.tenant(admin.orgId, (tx) => tx.execute(sql`update assignments set assigned_at = '2026-01-02T15:00:00Z'`));
  for (const p of people) {
    const e = await call(peerUser, 'POST', '/api/v1/encounters', {
      participantId: p,
      type: 'individual',
      modality: 'in-person',
      startedAt: '2026-01-03T13:00:00Z',
      durationMinutes: 30,
      program: 'recovery-coaching',
      narrative: 'First meeting; talked about what recovery means to them.',
      activities: ['shared-lived-experience'],
    });
    expect(e.statusCode, e.body).toBe(201);
    expect((await call(peerUser, 'POST', `/api/v1/encounters/${e.json().id}/sign`)).statusCode).toBe(200);
  }
});
afterAll(() => t?.close());

describe('assessment schedules per program', () => {
  it('an admin sets a program\'s schedule; staff read it with the programs sessions name', async () => {
    const res = await put(admin, { ...schedule, fixed: [...schedule.fixed] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ program: 'recovery-coaching', ...schedule, updatedBy: admin.userId });
    const list = (await call(peerUser, 'GET', '/api/v1/assessment-schedules')).json();
    expect(list.programs).toHaveLength(1);
    expect(list.programsInUse).toEqual([{ program: 'recovery-coaching', sessions: 12 }]);
    expect(list.suprt).toMatchObject({ baselineDays: 30, reassessmentDays: 180 });
    expect(problemOf(await put(peerUser, schedule)).status).toBe(403);
  });

  it.each([
    ['an unknown instrument', { ...schedule, intake: { instruments: ['barc-10', 'no-such'], windowDays: 14 } }, 'body.intake.instruments.1'],
    ['a negative day', { ...schedule, fixed: [{ day: -30, instruments: ['barc-10'], windowBefore: 7, windowAfter: 7 }] }, 'body.fixed.0.day'],
    ['a negative window', { ...schedule, fixed: [{ day: 30, instruments: ['barc-10'], windowBefore: -1, windowAfter: 7 }] }, 'body.fixed.0.windowBefore'],
    ['a day twice', { ...schedule, fixed: [...schedule.fixed, { day: 30, instruments: ['phq-9'], windowBefore: 0, windowAfter: 0 }] }, 'body.fixed.1.day'],
    ['a window opening inside the intake window', { ...schedule, fixed: [{ day: 20, instruments: ['barc-10'], windowBefore: 7, windowAfter: 7 }] }, 'body.fixed.0.windowBefore'],
    ['overlapping windows', { ...schedule, fixed: [...schedule.fixed, { day: 45, instruments: ['phq-9'], windowBefore: 8, windowAfter: 7 }] }, 'body.fixed.1.windowBefore'],
  ])('refuses %s naming the field, storing nothing', async (_what, body, field) => {
    const p = problemOf(await put(admin, body));
    expect(p.status).toBe(400);
    expect(p.errors?.map((e) => e.field)).toEqual([field]);
    expect((await call(admin, 'GET', '/api/v1/assessment-schedules')).json().programs[0]).toMatchObject(schedule);
  });

  it('refuses a program code that is not one', async () => {
    expect(problemOf(await put(admin, schedule, 'Recovery Coaching!')).errors?.map((e) => e.field)).toEqual(['path.program']);
  });

  it("puts the program's points on the participant's list, My day and the follow-up rate", async () => {
    const d = await due(people[0]!);
    expect(d.programs).toEqual(['recovery-coaching']);
    expect(d.points).toEqual([
      { episode: 0, kind: 'intake', sequence: 0, instrument: 'barc-10', windowStart: '2026-01-02', windowEnd: '2026-01-16', status: 'open', completedOn: null, program: 'recovery-coaching' },
      { episode: 0, kind: 'day', sequence: 30, instrument: 'barc-10', windowStart: '2026-01-25', windowEnd: '2026-02-08', status: 'upcoming', completedOn: null, program: 'recovery-coaching' },
    ]);
    // Cal has no session in a program: the SUPRT pattern, baseline open.
    expect((await due(cal)).points[0]).toMatchObject({ kind: 'baseline', status: 'open', program: null });
    const myDay = async () => (await call(peerUser, 'GET', '/api/v1/dashboard/summary')).json().metrics.find((m: { id: string }) => m.id === 'assessmentsDue').count;
    expect(await myDay()).toBe(13);

    now = new Date('2026-01-06T15:00:00Z');
    for (const p of people) await assess(p, '2026-01-05T15:00:00Z');
    expect(await myDay()).toBe(1);
    // Day 30 opens on 25 January; eleven of twelve answer on its 30th.
    now = new Date('2026-01-26T15:00:00Z');
    expect(await myDay()).toBe(13);
    now = new Date('2026-01-31T15:00:00Z');
    for (const p of people.slice(0, 11)) await assess(p, '2026-01-30T15:00:00Z');
    now = new Date('2026-02-20T15:00:00Z');
    expect((await due(people[0]!)).followUp).toEqual({ completed: 1, due: 1, rate: 100, target: 80 });
    expect((await due(people[11]!)).points[1]).toMatchObject({ kind: 'day', status: 'missed' });
    const rate = (await call(admin, 'GET', '/api/v1/dashboard/follow-up?from=2026-02-01&to=2026-02-28')).json();
    expect(rate).toMatchObject({ completed: 11, due: 12, rate: 91.7 });
  });

  it('removing the schedule returns its participants to the SUPRT pattern', async () => {
    const res = await call(admin, 'DELETE', '/api/v1/assessment-schedules/recovery-coaching');
    expect(res.statusCode, res.body).toBe(204);
    const d = await due(people[0]!);
    expect(d.programs).toEqual([]);
    expect([...new Set(d.points.map((p: { kind: string }) => p.kind))]).toEqual(['baseline', 'reassessment', 'annual']);
    expect(problemOf(await call(admin, 'DELETE', '/api/v1/assessment-schedules/recovery-coaching')).status).toBe(404);
    const events = await t.database.db.tenant(admin.orgId, async (tx) => rowsOf<{ action: string }>(await tx.execute(sql`select action from audit_events where action like 'assessment_schedule.%' order by occurred_at`)));
    expect(events.map((e) => e.action)).toEqual(['assessment_schedule.set', 'assessment_schedule.remove']);
  });
});
