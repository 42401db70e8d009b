import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

// Self-completion links and mandated reports (issue 20). The clock moves so a link can expire.
let now = Date.now();
let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let otherPeerUser: TestUser;
let analyst: TestUser;
let ana: string;

const call = async (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: user ? { authorization: user.auth } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
const phq9 = (values: number[]) => Object.fromEntries(values.map((v, i) => [`phq9.${i + 1}`, v]));
const issue = async (lang: 'en' | 'es' = 'es', instrument = 'phq-9') => {
  const res = await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessment-links`, { instrument, lang });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; url: string; token: string; expiresAt: string };
};
const count = async (table: 'assessments' | 'safety_followups') =>
  t.database.db.tenant(admin.orgId, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

beforeAll(async () => {
  t = await createTestApp({ clock: () => new Date(now) });
  admin = await createOrgWithUser(t, 'admin', 'Links Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  otherPeerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  const peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId })).json().id;
  await call(otherPeerUser, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: otherPeerUser.userId });
  ana = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ana', familyName: 'Example', birthDate: '1985-04-02' })).json().id;
  expect((await call(admin, 'POST', `/api/v1/participants/${ana}/assignments`, { peerId, consent: { given: true } })).statusCode).toBe(201);
});
afterAll(() => t?.close());

describe('self-completion links', () => {
  it('issues a link whose page shows the questions in Spanish and nothing about the person; answers are stored as self and spend it', async () => {
    const link = await issue('es');
    expect(link.url).toMatch(/^https?:\/\/.+\/a\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(link.expiresAt) - now).toBe(7 * 86_400_000);
    const stored = await t.database.db.tenant(admin.orgId, async (tx) => rowsOf<{ token_hash: string }>(await tx.execute(sql`select token_hash from assessment_links where id = ${link.id}::uuid`))[0]!);
    expect(stored.token_hash).not.toContain(link.token);

    const form = await call(null, 'GET', `/api/v1/assessment-links/${link.token}`);
    expect(form.statusCode).toBe(200);
    const body = form.json();
    expect(body).toMatchObject({ organization: 'Links Agency', lang: 'es', instrument: { code: 'phq-9', translation: 'validated' } });
    expect(body.instrument.items).toHaveLength(9);
    expect(body.instrument.items[0].answers[0].label).toMatch(/Ningún día/i);
    expect(JSON.stringify(body)).not.toMatch(/Ana|Example|1985|Rosa/);

    const before = await count('safety_followups');
    const sent = await call(null, 'POST', `/api/v1/assessment-links/${link.token}`, { answers: phq9([1, 1, 0, 0, 0, 0, 0, 0, 1]) });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({ saved: true, complete: true, safety: true });
    expect(await count('safety_followups')).toBe(before + 1);
    const list = (await call(peerUser, 'GET', `/api/v1/participants/${ana}/assessments`)).json().items;
    expect(list[0]).toMatchObject({ instrument: 'phq-9', mode: 'self', total: 3, recordedBy: null, flags: expect.arrayContaining(['self-harm-thoughts']) });
    expect(list[0].safetyFollowupId).toEqual(expect.any(String));
    const open = (await call(peerUser, 'GET', '/api/v1/safety-followups?status=open')).json().items;
    expect(open.map((f: { assessmentId: string }) => f.assessmentId)).toContain(list[0].id);

    // Spent: neither the form nor a second answer, and nothing more is stored.
    const n = await count('assessments');
    expect(problemOf(await call(null, 'GET', `/api/v1/assessment-links/${link.token}`))).toMatchObject({ status: 410, code: 'link-spent' });
    expect(problemOf(await call(null, 'POST', `/api/v1/assessment-links/${link.token}`, { answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]) }))).toMatchObject({ status: 410, code: 'link-spent' });
    expect(await count('assessments')).toBe(n);
    const links = (await call(peerUser, 'GET', `/api/v1/participants/${ana}/assessment-links`)).json().items;
    expect(links.find((l: { id: string }) => l.id === link.id)).toMatchObject({ state: 'spent', assessmentId: list[0].id });
  });

  it('refuses a revoked, an expired and a wrong token with a clear problem, storing nothing and naming no one', async () => {
    const n = await count('assessments');
    const revoked = await issue('en');
    expect((await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessment-links/${revoked.id}/revoke`)).json()).toMatchObject({ state: 'revoked' });
    const r = problemOf(await call(null, 'POST', `/api/v1/assessment-links/${revoked.token}`, { answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]) }));
    expect(r).toMatchObject({ status: 410, code: 'link-revoked' });
    expect(JSON.stringify(r)).not.toMatch(/Ana|Links Agency/);

    const expiring = await issue('en');
    now += 7 * 86_400_000;
    try {
      expect(problemOf(await call(null, 'GET', `/api/v1/assessment-links/${expiring.token}`))).toMatchObject({ status: 410, code: 'link-expired' });
      expect(problemOf(await call(null, 'POST', `/api/v1/assessment-links/${expiring.token}`, { answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]) }))).toMatchObject({ status: 410, code: 'link-expired' });
    } finally {
      now -= 7 * 86_400_000;
    }
    const wrong = 'A'.repeat(43);
    expect(problemOf(await call(null, 'GET', `/api/v1/assessment-links/${wrong}`))).toMatchObject({ status: 404, code: 'link-not-found' });
    expect(problemOf(await call(null, 'GET', '/api/v1/assessment-links/short'))).toMatchObject({ status: 404, code: 'link-not-found' });
    expect(await count('assessments')).toBe(n);

    // Every refused use is in the trail, under the link holder.
    const events = await t.database.db.tenant(admin.orgId, async (tx) =>
      rowsOf<{ action: string; outcome: string }>(await tx.execute(sql`select action, outcome from audit_events where action like 'assessment_link.%.refused'`)),
    );
    expect(events.filter((e) => e.outcome === 'denied').length).toBeGreaterThanOrEqual(3);
  });

  it('answers out of range store nothing and leave the link usable; then it works', async () => {
    const link = await issue('en', 'gad-7');
    const bad = problemOf(await call(null, 'POST', `/api/v1/assessment-links/${link.token}`, { answers: { 'gad7.1': 9 } }));
    expect(bad.status).toBe(400);
    expect(bad.errors!.map((e: { field: string }) => e.field)).toContain('body.answers.gad7.1');
    const ok = await call(null, 'POST', `/api/v1/assessment-links/${link.token}`, { answers: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((i) => [`gad7.${i}`, 1])) });
    expect(ok.json()).toEqual({ saved: true, complete: true, safety: false });
  });

  it('only staff who may open the participant issue links; analysts and other peers cannot', async () => {
    expect((await call(analyst, 'POST', `/api/v1/participants/${ana}/assessment-links`, { instrument: 'phq-9', lang: 'en' })).statusCode).toBe(403);
    expect((await call(otherPeerUser, 'POST', `/api/v1/participants/${ana}/assessment-links`, { instrument: 'phq-9', lang: 'en' })).statusCode).toBe(404);
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessment-links`, { instrument: 'nope', lang: 'en' }))).toMatchObject({ status: 404, errors: [{ field: 'body.instrument' }] });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessment-links`, { instrument: 'phq-9', lang: 'fr' }))).toMatchObject({ status: 400, errors: [{ field: 'body.lang' }] });
  });
});

describe('mandated reports on a note', () => {
  let noteId: string;
  beforeAll(async () => {
    const res = await call(peerUser, 'POST', '/api/v1/encounters', {
      participantId: ana,
      type: 'individual',
      modality: 'in-person',
      startedAt: new Date(now - 2 * 3_600_000).toISOString(),
      durationMinutes: 30,
      narrative: 'Talked about the week.',
      activities: ['shared-lived-experience'],
    });
    expect(res.statusCode).toBe(201);
    noteId = res.json().id;
  });

  it("the note's peer records one but cannot read it back; supervisors and admins read it; each step audited", async () => {
    const rec = await call(peerUser, 'POST', `/api/v1/encounters/${noteId}/mandated-reports`, {
      what: 'Suspected neglect of a child in the home',
      reportedTo: 'State child abuse hotline, ref 4471',
      reportedAt: new Date(now - 3_600_000).toISOString(),
    });
    expect(rec.statusCode).toBe(201);
    expect(JSON.stringify(rec.json())).not.toMatch(/neglect|hotline/);
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${noteId}/mandated-reports`)).statusCode).toBe(403);
    expect((await call(otherPeerUser, 'GET', `/api/v1/encounters/${noteId}/mandated-reports`)).statusCode).toBe(403);
    expect((await call(analyst, 'GET', `/api/v1/encounters/${noteId}/mandated-reports`)).statusCode).toBe(403);
    for (const reader of [supervisor, admin]) {
      const list = await call(reader, 'GET', `/api/v1/encounters/${noteId}/mandated-reports`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([expect.objectContaining({ what: 'Suspected neglect of a child in the home', reportedTo: 'State child abuse hotline, ref 4471', recordedBy: peerUser.userId })]);
    }
    // Another peer cannot record on a note that is not theirs; what was reported is sealed at rest.
    expect((await call(otherPeerUser, 'POST', `/api/v1/encounters/${noteId}/mandated-reports`, { what: 'x', reportedTo: 'y', reportedAt: new Date(now).toISOString() })).statusCode).toBe(404);
    const stored = await t.database.db.tenant(admin.orgId, async (tx) => rowsOf<{ what: string; reported_to: string }>(await tx.execute(sql`select what, reported_to from mandated_reports`)));
    expect(stored[0]!.what).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toMatch(/neglect|hotline/);
    const events = await t.database.db.tenant(admin.orgId, async (tx) =>
      rowsOf<{ action: string; outcome: string }>(await tx.execute(sql`select action, outcome from audit_events where action like 'mandated_report.%' order by seq`)),
    );
    expect(events).toEqual(
      expect.arrayContaining([
        { action: 'mandated_report.record', outcome: 'success' },
        { action: 'mandated_report.read', outcome: 'denied' },
        { action: 'mandated_report.read', outcome: 'success' },
      ]),
    );
  });

  it('refuses a report dated in the future or without what was reported, naming the field', async () => {
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/encounters/${noteId}/mandated-reports`, { what: 'x', reportedTo: 'y', reportedAt: new Date(now + 86_400_000).toISOString() }))).toMatchObject({
      status: 400,
      errors: [{ field: 'body.reportedAt' }],
    });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/encounters/${noteId}/mandated-reports`, { what: ' ', reportedTo: 'y', reportedAt: new Date(now).toISOString() })).errors![0]!.field).toBe('body.what');
  });
});

describe('the program report stays correct on writes (results are reused only while the data is unchanged)', () => {
  it('a newly signed session moves the next report, and the same report twice agrees', async () => {
    const day = new Date(now).toISOString().slice(0, 10);
    const q = `/api/v1/reports/program?from=${day.slice(0, 4)}-01-01&to=${day}&suppression=off`;
    const first = (await call(admin, 'GET', q)).json();
    expect((await call(admin, 'GET', q)).json()).toEqual(first);
    const e = (
      await call(peerUser, 'POST', '/api/v1/encounters', {
        participantId: ana,
        type: 'individual',
        modality: 'in-person',
        startedAt: new Date(now - 3_600_000).toISOString(),
        durationMinutes: 45,
        narrative: 'First meeting.',
        activities: ['shared-lived-experience'],
      })
    ).json();
    // A draft is not a session yet: the report is unchanged until the note is signed.
    expect((await call(admin, 'GET', q)).json().totals).toEqual(first.totals);
    const signed = await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    const after = (await call(admin, 'GET', q)).json();
    expect(after.totals.served).toBe(first.totals.served + 1);
    expect(after.totals.encounters).toBe(first.totals.encounters + 1);
  });
});
