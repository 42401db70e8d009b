import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { serviceDateOf } from '../billing/billing.rules.ts';
import { addDays } from './schedule.rules.ts';
import { reportDay } from './exports.routes.ts';
import { SUPRT_COLUMNS } from './suprt.export.ts';

// Exports of the outcomes work (issue 20): the SUPRT-style client-level CSV and the program report's PDF.
// Assignments take the database's time: the test runs on today, in the organization's default zone (New York).
const NOW = new Date();
const TODAY = serviceDateOf(NOW.toISOString(), 'America/New_York');
let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let analyst: TestUser;
let ana: string;

const get = (user: TestUser, url: string, accept?: string) => t.app.inject({ method: 'GET', url, headers: { authorization: user.auth, ...(accept ? { accept } : {}) } });

beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  admin = await createOrgWithUser(t, 'admin', 'Exports Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: { authorization: admin.auth }, payload });
  const peerId = (await t.app.inject({ method: 'POST', url: '/api/v1/peers', headers: { authorization: peerUser.auth }, payload: { displayName: 'Rosa', userId: peerUser.userId } })).json().id;
  ana = (await post('/api/v1/participants', { givenName: 'Ana', familyName: 'Example', birthDate: '1985-04-02' })).json().id;
  expect((await post(`/api/v1/participants/${ana}/assignments`, { peerId, consent: { given: true } })).statusCode).toBe(201);
  const barc = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`barc10.${i + 1}`, 4]));
  expect((await post(`/api/v1/participants/${ana}/assessments`, { instrument: 'barc-10', answers: barc, administeredAt: NOW.toISOString(), mode: 'peer-administered' })).statusCode).toBe(201);
});
afterAll(() => t?.close());

describe('SUPRT-style client-level CSV', () => {
  it('has the documented columns and one row per point with its window and status', async () => {
    const res = await get(supervisor, '/api/v1/reports/suprt.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`suprt-client-level-${TODAY}.csv`);
    const [header, ...lines] = res.body.trimEnd().split('\r\n');
    expect(header!.split(',')).toEqual([...SUPRT_COLUMNS]);
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [SUPRT_COLUMNS[i], v])));
    expect(rows).toContainEqual({
      client_id: ana,
      episode: '1',
      episode_start: TODAY,
      episode_end: '',
      point: 'baseline',
      sequence: '0',
      instrument: 'barc-10',
      window_start: TODAY,
      window_end: addDays(TODAY, 30),
      status: 'completed',
      completed_on: TODAY,
      in_window: 'Y',
      counts_for_follow_up_rate: 'N',
      as_of: TODAY,
    });
    expect(rows.find((r) => r.point === 'baseline' && r.instrument === 'phq-9')).toMatchObject({ status: 'open', in_window: 'N', completed_on: '' });
    // Reassessment 180 days after the baseline as given, ± 30 days.
    expect(rows.find((r) => r.point === 'reassessment' && r.instrument === 'barc-10')).toMatchObject({ window_start: addDays(TODAY, 150), window_end: addDays(TODAY, 210), status: 'upcoming' });
  });

  it('is client-level: not for peers or analysts', async () => {
    expect((await get(peerUser, '/api/v1/reports/suprt.csv')).statusCode).toBe(403);
    expect((await get(analyst, '/api/v1/reports/suprt.csv')).statusCode).toBe(403);
  });
});

describe('the program report as a PDF', () => {
  it('is a PDF with the agency, the period and the suppression rule, by path and by Accept', async () => {
    for (const res of [
      await get(admin, '/api/v1/reports/program.pdf?from=2026-01-01&to=2026-03-02&by=language'),
      await get(analyst, '/api/v1/reports/program?from=2026-01-01&to=2026-03-02', 'application/pdf'),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const bytes = res.rawPayload;
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
      expect(bytes.toString('latin1')).toContain('Exports Agency');
    }
    expect((await get(peerUser, '/api/v1/reports/program.pdf?from=2026-01-01&to=2026-03-02')).statusCode).toBe(403);
  });
});

describe("the day a report PDF is made", () => {
  it("is the organization's day: 02:30 UTC on March 1 is still February 28 in New York", async () => {
    const evening = await createTestApp({ clock: () => new Date('2026-03-01T02:30:00Z') });
    try {
      const boss = await createOrgWithUser(evening, 'admin', 'Evening Agency');
      const actor = { kind: 'user' as const, userId: boss.userId, orgId: boss.orgId, role: 'admin' as const, via: 'session' as const, sourceIp: null };
      expect(await reportDay(evening.services, actor)).toBe('2026-02-28');
    } finally {
      await evening.close();
    }
  });
});
