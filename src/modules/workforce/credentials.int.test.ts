import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { builtInRuleSet } from './credential-types.data.ts';

let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let otherPeerUser: TestUser;
let analyst: TestUser;
let stranger: TestUser;
let peerId: string;
let otherPeerId: string;

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');

const call = async (user: TestUser, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });

beforeAll(async () => {
  // A fixed "today" so cycles and statuses are known.
  t = await createTestApp({ clock: () => new Date('2026-01-20T15:00:00Z') });
  admin = await createOrgWithUser(t, 'admin', 'Workforce Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  otherPeerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId })).json().id;
  otherPeerId = (await call(otherPeerUser, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: otherPeerUser.userId })).json().id;
});
afterAll(() => t?.close());

describe('credential types', () => {
  it('lists every shipped rule set with its citations; an admin adds one, a supervisor may not, a version never changes', async () => {
    const list = (await call(peerUser, 'GET', '/api/v1/credential-types')).json().items;
    expect(list.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['mi-cpss', 'mi-cprc', 'pa-cps', 'pa-crs', 'ga-cps', 'oh-prs', 'ct-rss', 'mt-cbhpss', 'icrc-pr', 'mha-ncps', 'youth-peer', 'pa-cfrs']));
    expect(list.find((r: { code: string }) => r.code === 'ga-cps').citations.grace).toMatchObject({ confidence: 'V', checked: '2026-12-06' });
    const own = { ...builtInRuleSet('pa-cps')!, code: 'county-peer', version: '1', name: 'County peer credential' };
    expect((await call(supervisor, 'POST', '/api/v1/credential-types', own)).statusCode).toBe(403);
    const res = await call(admin, 'POST', '/api/v1/credential-types', own);
    expect(res.statusCode).toBe(201);
    expect(problemOf(await call(admin, 'POST', '/api/v1/credential-types', own))).toMatchObject({ status: 409, errors: [{ field: 'body.version' }] });
    expect(problemOf(await call(admin, 'POST', '/api/v1/credential-types', { ...own, code: 'pa-cps' }))).toMatchObject({ status: 409, errors: [{ field: 'body.code' }] });
    expect((await call(stranger, 'GET', '/api/v1/credential-types')).json().items.some((r: { code: string }) => r.code === 'county-peer')).toBe(false);
  });
});

describe('credentials and CE', () => {
  it('records credentials with statuses from the rule set, verification and evidence checked by content', async () => {
    const ga = await call(supervisor, 'POST', `/api/v1/peers/${peerId}/credentials`, {
      type: 'ga-cps',
      number: 'GA-1001',
      issuedOn: '2024-04-02',
      expiresOn: '2025-12-31',
      verification: { how: 'GMHCN online registry' },
      evidence: [{ name: 'card.png', content: PNG }],
    });
    expect(ga.statusCode).toBe(201);
    // 2026-01-20: past Georgia's free grace (15 Jan), inside the late-fee period (to 31 Jan).
    expect(ga.json()).toMatchObject({ status: 'grace', statusReason: 'grace-late-fee', lateFee: true, graceEndsOn: '2026-01-31', verification: { by: supervisor.userId, how: 'GMHCN online registry' }, evidence: [{ mediaType: 'image/png' }] });
    const mi = await call(peerUser, 'POST', `/api/v1/peers/${peerId}/credentials`, { type: 'mi-cpss', number: 'MI-77', issuedOn: '2025-03-17' });
    expect(mi.json()).toMatchObject({ status: 'active', issuedOn: '2025-03-17', expiresOn: '2027-02-28', verification: { by: null } });
    const list = await call(peerUser, 'GET', `/api/v1/peers/${peerId}/credentials`);
    expect(list.json().items.map((c: { type: string }) => c.type)).toEqual(['ga-cps', 'mi-cpss']);
    const file = await call(peerUser, 'GET', `/api/v1/workforce-files/${ga.json().evidence[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(Buffer.from(PNG, 'base64'))).toBe(true);
  });

  it('refuses bad input naming the field and stores nothing', async () => {
    const before = (await call(peerUser, 'GET', `/api/v1/peers/${peerId}/credentials`)).json().items.length;
    expect(problemOf(await call(admin, 'POST', `/api/v1/peers/${otherPeerId}/credentials`, { type: 'mi-cpss', number: 'MI-77', issuedOn: '2025-03-17' }))).toMatchObject({ status: 409, errors: [{ field: 'body.number' }] });
    const fake = Buffer.from('MZ this is not a pdf even if it is called one').toString('base64');
    expect(problemOf(await call(admin, 'POST', `/api/v1/peers/${peerId}/credentials`, { type: 'pa-cps', number: 'PA-1', issuedOn: '2025-01-01', evidence: [{ name: 'proof.pdf', content: fake }] }))).toMatchObject({ status: 400, errors: [{ field: 'body.evidence.0.content' }] });
    const big = Buffer.alloc(2 * 1024 * 1024 + 10, 0x20);
    big.write('%PDF-1.4');
    expect(problemOf(await call(admin, 'POST', `/api/v1/peers/${peerId}/credentials`, { type: 'pa-cps', number: 'PA-1', issuedOn: '2025-01-01', evidence: [{ name: 'big.pdf', content: big.toString('base64') }] })).errors![0]!.field).toMatch(/^body\.evidence\.0\.content/);
    expect(problemOf(await call(admin, 'POST', `/api/v1/peers/${peerId}/credentials`, { type: 'no-such', number: 'X-1', issuedOn: '2025-01-01' }))).toMatchObject({ errors: [{ field: 'body.type' }] });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/peers/${peerId}/credentials`, { type: 'pa-cps', number: 'PA-2', issuedOn: '2025-01-01', verification: { how: 'self' } }))).toMatchObject({ errors: [{ field: 'body.verification' }] });
    expect((await call(peerUser, 'GET', `/api/v1/peers/${peerId}/credentials`)).json().items.length).toBe(before);

    const ce = { title: 'Ethics in peer work', provider: 'State training', completedOn: '2025-06-10', hours: 6, topics: ['ethics'], format: 'in-person' };
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/peers/${peerId}/ce`, { ...ce, hours: -1 }))).toMatchObject({ errors: [{ field: 'body.hours' }] });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/peers/${peerId}/ce`, { ...ce, hours: 25 }))).toMatchObject({ errors: [{ field: 'body.hours' }] });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/peers/${peerId}/ce`, { ...ce, topics: ['astrology'] }))).toMatchObject({ errors: [{ field: 'body.topics.0' }] });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/peers/${peerId}/ce`, { ...ce, completedOn: '2019-01-01' }))).toMatchObject({ errors: [{ field: 'body.completedOn' }] });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/peers/${peerId}/ce`, { ...ce, completedOn: '2026-03-01' }))).toMatchObject({ errors: [{ field: 'body.completedOn' }] });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/peers/${peerId}/ce`, { ...ce, certificate: { name: 'c.pdf', content: Buffer.from('plain text').toString('base64') } }))).toMatchObject({ errors: [{ field: 'body.certificate.content' }] });
    expect((await call(peerUser, 'GET', `/api/v1/peers/${peerId}/ce`)).json().items).toEqual([]);
  });

  it('records CE, refuses a day past 24 hours, and shows progress per cycle and how one course counts toward each credential', async () => {
    const ok = await call(peerUser, 'POST', `/api/v1/peers/${peerId}/ce`, { title: 'Ethics in peer work', provider: 'State training', completedOn: '2025-06-10', hours: 6, topics: ['ethics'], format: 'in-person', certificate: { name: 'cert.pdf', content: PDF } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().certificate).toMatchObject({ mediaType: 'application/pdf' });
    expect(ok.json().countsToward).toEqual([
      expect.objectContaining({ credentialType: 'ga-cps', counted: true, hours: 6 }),
      expect.objectContaining({ credentialType: 'mi-cpss', counted: true, hours: 6 }),
    ]);
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/peers/${peerId}/ce`, { title: 'Long day', provider: 'X', completedOn: '2025-06-10', hours: 19, format: 'in-person' }))).toMatchObject({ errors: [{ field: 'body.hours' }] });
    const p = await call(supervisor, 'GET', `/api/v1/peers/${peerId}/ce/progress?on=2025-07-01`);
    expect(p.statusCode).toBe(200);
    expect(p.json().cycles).toEqual([
      expect.objectContaining({ credentialType: 'ga-cps', start: '2025-01-01', end: '2025-12-31', hoursDone: 6, hoursRequired: 12, topics: [], daysLeft: 183, status: 'on-track' }),
      expect.objectContaining({ credentialType: 'mi-cpss', start: '2025-03-01', end: '2027-02-28', hoursDone: 6, hoursRequired: 32, status: 'on-track' }),
    ]);
    expect(problemOf(await call(peerUser, 'GET', `/api/v1/peers/${peerId}/ce/progress?on=2025-13-01`))).toMatchObject({ errors: [{ field: 'query.on' }] });
  });

  it('shows a peer only their own records; analysts and other organizations see none', async () => {
    expect((await call(otherPeerUser, 'GET', `/api/v1/peers/${peerId}/credentials`)).statusCode).toBe(404);
    expect((await call(otherPeerUser, 'GET', `/api/v1/peers/${peerId}/ce/progress`)).statusCode).toBe(404);
    expect((await call(analyst, 'GET', `/api/v1/peers/${peerId}/ce`)).statusCode).toBe(403);
    expect((await call(stranger, 'GET', `/api/v1/peers/${peerId}/credentials`)).statusCode).toBe(404);
  });
});

describe('reminders and calendars', () => {
  it('shows the peer the end of grace on My day, records each nightly reminder once, and serves the calendar feed by its secret address', async () => {
    const mine = (await call(peerUser, 'GET', '/api/v1/workforce/reminders')).json().items;
    expect(mine).toEqual([expect.objectContaining({ credentialType: 'ga-cps', kind: 'grace-ends', about: '2026-01-31', daysLeft: 11, status: 'grace' })]);
    const first = await t.services.reminders.nightly('2026-01-20');
    expect(first.credentials).toBeGreaterThanOrEqual(2);
    const again = await t.services.reminders.nightly('2026-01-20');
    expect(again.sent).toBe(0);
    const feed = await call(peerUser, 'POST', '/api/v1/workforce/calendar-feed');
    expect(feed.statusCode).toBe(201);
    const path = new URL(feed.json().url).pathname;
    const ics = await t.app.inject({ method: 'GET', url: path });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VCALENDAR');
    expect(ics.body).toContain('last day of grace');
    expect((await t.app.inject({ method: 'GET', url: path.replace(/[^/]{6}$/, 'AAAAAA') })).statusCode).toBe(404);
    await call(peerUser, 'POST', '/api/v1/workforce/calendar-feed');
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
  });
  it('gives supervisors and admins the team credential calendar, not peers or analysts', async () => {
    const cal = await call(supervisor, 'GET', '/api/v1/workforce/credential-calendar?from=2025-12-01&to=2027-03-01');
    expect(cal.statusCode).toBe(200);
    expect(cal.json().items.map((e: { kind: string; on: string }) => `${e.kind}@${e.on}`)).toEqual(expect.arrayContaining(['expires@2025-12-31', 'grace-ends@2026-01-31', 'expires-in-90@2026-11-30']));
    expect((await call(peerUser, 'GET', '/api/v1/workforce/credential-calendar?from=2025-12-01&to=2026-03-01')).statusCode).toBe(403);
    expect((await call(analyst, 'GET', '/api/v1/workforce/credential-calendar?from=2025-12-01&to=2026-03-01')).statusCode).toBe(403);
    expect(problemOf(await call(admin, 'GET', '/api/v1/workforce/credential-calendar?from=2026-03-01&to=2026-01-01'))).toMatchObject({ errors: [{ field: 'query.to' }] });
  });
});

describe("a credential's day is the organization's", () => {
  it('a credential valid through February 28 is still valid that evening in New York, when the UTC day is March 1', async () => {
    // 02:30 UTC on March 1 is 9:30 pm on February 28 in New York, the organization's zone.
    const evening = await createTestApp({ clock: () => new Date('2026-03-01T02:30:00Z') });
    try {
      const boss = await createOrgWithUser(evening, 'admin', 'Evening Agency');
      const peer = (await evening.app.inject({ method: 'POST', url: '/api/v1/peers', headers: { authorization: boss.auth }, payload: { displayName: 'Eve Ning' } })).json().id;
      const res = await evening.app.inject({
        method: 'POST',
        url: `/api/v1/peers/${peer}/credentials`,
        headers: { authorization: boss.auth },
        payload: { type: 'pa-cps', number: 'PA-EVE', issuedOn: '2024-02-28', expiresOn: '2026-02-28' },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ status: 'active' });
      const list = await evening.app.inject({ url: `/api/v1/peers/${peer}/credentials`, headers: { authorization: boss.auth } });
      expect(list.json().items[0]).toMatchObject({ status: 'active' });
      const progress = await evening.app.inject({ url: `/api/v1/peers/${peer}/ce/progress`, headers: { authorization: boss.auth } });
      expect(progress.json()).toMatchObject({ on: '2026-02-28' });
    } finally {
      await evening.close();
    }
  });

  it('takes a course completed this morning in Auckland, while the UTC day is still yesterday', async () => {
    // 20:00 UTC on December 6 is 9 am on December 7 in Auckland.
    const morning = await createTestApp({ clock: () => new Date('2026-12-06T20:00:00Z') });
    try {
      const auckland = await morning.services.identity.createOrganization(systemActor('test'), { name: 'Auckland Peers', timeZone: 'Pacific/Auckland' });
      const boss = await addUser(morning, auckland.id, 'admin');
      const send = (url: string, payload: object) => morning.app.inject({ method: 'POST', url, headers: { authorization: boss.auth }, payload });
      const peer = (await send('/api/v1/peers', { displayName: 'Aroha Morning' })).json().id;
      const course = { title: 'Boundaries', provider: 'Te Pou', hours: 3, topics: ['ethics'], format: 'live-online' };
      const today = await send(`/api/v1/peers/${peer}/ce`, { ...course, completedOn: '2026-12-07' });
      expect(today.statusCode, today.body).toBe(201);
      expect(problemOf(await send(`/api/v1/peers/${peer}/ce`, { ...course, completedOn: '2026-12-08' }))).toMatchObject({ errors: [{ field: 'body.completedOn', message: 'The course date is in the future' }] });
    } finally {
      await morning.close();
    }
  });
});
