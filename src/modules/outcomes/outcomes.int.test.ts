import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let otherPeerUser: TestUser;
let analyst: TestUser;
let stranger: TestUser;
let peerId: string;
let ana: string; // assigned to peerUser
let cal: string; // assigned to otherPeerUser
let foreign: string;

const call = async (user: TestUser, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });

const phq9 = (values: number[]) => Object.fromEntries(values.map((v, i) => [`phq9.${i + 1}`, v]));
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const participant = async (user: TestUser, givenName: string) => {
  const res = await call(user, 'POST', '/api/v1/participants', { givenName, familyName: 'Example', birthDate: '1985-04-02' });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
};
const assign = async (participantId: string, peer: string) => {
  expect((await call(admin, 'POST', `/api/v1/participants/${participantId}/assignments`, { peerId: peer, consent: { given: true } })).statusCode).toBe(201);
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Outcomes Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  otherPeerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId })).json().id;
  const otherPeerId = (await call(otherPeerUser, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: otherPeerUser.userId })).json().id;
  ana = await participant(admin, 'Ana');
  cal = await participant(admin, 'Cal');
  foreign = await participant(stranger, 'Faraway');
  await assign(ana, peerId);
  await assign(cal, otherPeerId);
});
afterAll(() => t?.close());

describe('instruments', () => {
  it('lists the built-in instruments with their Spanish status, and serves one version whole', async () => {
    const list = await call(peerUser, 'GET', '/api/v1/instruments');
    expect(list.statusCode).toBe(200);
    const codes = list.json().items.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['barc-10', 'phq-9', 'gad-7', 'peer-satisfaction']));
    expect(list.json().items.find((i: { code: string }) => i.code === 'barc-10').spanish).toBe('not-validated');
    const phq = await call(peerUser, 'GET', '/api/v1/instruments/phq-9?version=1');
    expect(phq.statusCode).toBe(200);
    expect(phq.json()).toMatchObject({ code: 'phq-9', version: '1', builtIn: true, loinc: { panel: '44249-1', total: '44261-6' } });
    expect(phq.json().items).toHaveLength(9);
  });

  it('answers an unknown instrument or version with a problem naming the field', async () => {
    expect(problemOf(await call(peerUser, 'GET', '/api/v1/instruments/nope'))).toMatchObject({ status: 404, errors: [{ field: 'params.code' }] });
    expect(problemOf(await call(peerUser, 'GET', '/api/v1/instruments/phq-9?version=7'))).toMatchObject({ status: 404, errors: [{ field: 'query.version' }] });
  });

  it('lets an admin publish an organization instrument; a published version never changes; others cannot see it', async () => {
    const scale = {
      code: 'state-functional',
      version: '1',
      title: { en: 'State functional scale' },
      instructions: { en: 'Rate each area.' },
      licence: 'State of Example, public domain',
      citation: 'Example Department of Health 2026',
      translations: {},
      answerSets: { level: [{ value: 1, label: { en: 'Low' } }, { value: 2, label: { en: 'Medium' } }, { value: 3, label: { en: 'High' } }] },
      items: [{ id: 'sf.1', text: { en: 'Housing' }, answerSet: 'level' }, { id: 'sf.2', text: { en: 'Work' }, answerSet: 'level' }],
      scales: [{ code: 'total', label: { en: 'Total' }, items: ['sf.1', 'sf.2'], method: 'sum' }],
      bands: {},
      flags: [],
      higherIsBetter: true,
    };
    expect((await call(peerUser, 'POST', '/api/v1/instruments', scale)).statusCode).toBe(403);
    const res = await call(admin, 'POST', '/api/v1/instruments', scale);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'state-functional', builtIn: false });
    expect(problemOf(await call(admin, 'POST', '/api/v1/instruments', scale))).toMatchObject({ status: 409, code: 'instrument-version-published', errors: [{ field: 'body.version' }] });
    expect(problemOf(await call(admin, 'POST', '/api/v1/instruments', { ...scale, code: 'phq-9' }))).toMatchObject({ status: 409, errors: [{ field: 'body.code' }] });
    expect(problemOf(await call(admin, 'POST', '/api/v1/instruments', { ...scale, version: '2', scales: [{ ...scale.scales[0], items: ['sf.1', 'sf.9'] }] }))).toMatchObject({
      status: 400,
      errors: [{ field: 'body.scales.0.items.1' }],
    });
    expect((await call(admin, 'POST', '/api/v1/instruments', { ...scale, version: '2', items: [...scale.items, { id: 'sf.3', text: { en: 'Health' }, answerSet: 'level' }] })).statusCode).toBe(201);
    const v2 = await call(peerUser, 'GET', '/api/v1/instruments/state-functional');
    expect(v2.json()).toMatchObject({ version: '2' });
    expect((await call(peerUser, 'GET', '/api/v1/instruments/state-functional?version=1')).json().items).toHaveLength(2);
    expect((await call(stranger, 'GET', '/api/v1/instruments/state-functional')).statusCode).toBe(404);
    // Answers keep the version they were given on.
    const a = await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessments`, { instrument: 'state-functional', version: '1', answers: { 'sf.1': 2, 'sf.2': 3 }, administeredAt: minutesAgo(5), mode: 'peer-administered' });
    expect(a.json()).toMatchObject({ version: '1', total: 5, complete: true });
  });
});

describe('assessments', () => {
  it('scores a PHQ-9 by the published rules and lists it, audited', async () => {
    const res = await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessments`, { instrument: 'phq-9', answers: phq9([2, 2, 2, 1, 1, 1, 1, 1, 0]), administeredAt: minutesAgo(30), mode: 'peer-administered' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ instrument: 'phq-9', version: '1', total: 11, band: 'moderate', complete: true, flags: ['phq-2-positive'], safetyFollowupId: null });
    expect(res.json().subscales).toEqual([{ code: 'phq-2', score: 4, band: null, prorated: false }]);
    const list = await call(peerUser, 'GET', `/api/v1/participants/${ana}/assessments?instrument=phq-9`);
    expect(list.json().items[0]).toMatchObject({ id: res.json().id, total: 11 });
    const audit = await call(admin, 'GET', `/api/v1/audit-events?entityId=${ana}&pageSize=50`);
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['assessment.create', 'assessment.list']));
  });

  it('stores a response with a missing required item as incomplete, without a total', async () => {
    const res = await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessments`, { instrument: 'gad-7', answers: { 'gad7.1': 1, 'gad7.2': 2 }, administeredAt: minutesAgo(20), mode: 'phone' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ complete: false, total: null, band: null });
    expect(res.json().missing).toEqual(['gad7.3', 'gad7.4', 'gad7.5', 'gad7.6', 'gad7.7']);
  });

  it('refuses answers out of range, unknown items, future times and unknown instruments, naming the field and storing nothing', async () => {
    const before = (await call(peerUser, 'GET', `/api/v1/participants/${ana}/assessments`)).json().items.length;
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessments`, { instrument: 'phq-9', answers: { 'phq9.1': 4 }, administeredAt: minutesAgo(1), mode: 'self' }))).toMatchObject({
      status: 400,
      errors: [{ field: 'body.answers.phq9.1' }],
    });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessments`, { instrument: 'phq-9', answers: { 'phq9.12': 1 }, administeredAt: minutesAgo(1), mode: 'self' }))).toMatchObject({
      errors: [{ field: 'body.answers.phq9.12' }],
    });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessments`, { instrument: 'phq-9', answers: {}, administeredAt: new Date(Date.now() + 86_400_000).toISOString(), mode: 'self' }))).toMatchObject({
      errors: [{ field: 'body.administeredAt' }],
    });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessments`, { instrument: 'nope', answers: {}, administeredAt: minutesAgo(1), mode: 'self' }))).toMatchObject({
      status: 404,
      errors: [{ field: 'body.instrument' }],
    });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessments`, { instrument: 'phq-9', version: '9', answers: {}, administeredAt: minutesAgo(1), mode: 'self' }))).toMatchObject({
      status: 404,
      errors: [{ field: 'body.version' }],
    });
    expect((await call(peerUser, 'GET', `/api/v1/participants/${ana}/assessments`)).json().items).toHaveLength(before);
  });

  it("keeps a peer to their own participants, analysts out, and another organization's participant hidden", async () => {
    const body = { instrument: 'phq-9', answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]), administeredAt: minutesAgo(1), mode: 'self' };
    expect((await call(peerUser, 'POST', `/api/v1/participants/${cal}/assessments`, body)).statusCode).toBe(404);
    expect((await call(peerUser, 'GET', `/api/v1/participants/${cal}/assessments`)).statusCode).toBe(404);
    expect((await call(analyst, 'GET', `/api/v1/participants/${ana}/assessments`)).statusCode).toBe(403);
    expect((await call(admin, 'POST', `/api/v1/participants/${foreign}/assessments`, body)).statusCode).toBe(404);
    const denied = await call(admin, 'GET', '/api/v1/audit-events?outcome=denied&pageSize=100');
    expect(denied.json().items.some((e: { action: string; entityId: string }) => e.action === 'assessment.create' && e.entityId === cal)).toBe(true);
  });
});

describe('same-day safety follow-up', () => {
  let followupId: string;

  it('opens one at once for PHQ-9 item 9 at 1 or more, whatever the total, due by the end of the day', async () => {
    const res = await call(peerUser, 'POST', `/api/v1/participants/${ana}/assessments`, { instrument: 'phq-9', answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 1]), administeredAt: minutesAgo(2), mode: 'self' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ total: 1, band: 'minimal', flags: ['self-harm-thoughts'] });
    followupId = res.json().safetyFollowupId;
    expect(followupId).toMatch(/^[0-9a-f-]{36}$/);

    const mine = await call(peerUser, 'GET', '/api/v1/safety-followups?status=open');
    expect(mine.statusCode).toBe(200);
    const f = mine.json().items.find((i: { id: string }) => i.id === followupId);
    expect(f).toMatchObject({ participantId: ana, participantName: 'Ana', peerId, reason: 'phq-9:self-harm-thoughts', status: 'open', overdue: false });
    const dueIn = Date.parse(f.dueBy) - Date.now();
    expect(dueIn).toBeGreaterThan(0);
    expect(dueIn).toBeLessThanOrEqual(25 * 3_600_000);
  });

  it('shows it to supervisors, not to another peer, and refuses closing by that peer', async () => {
    expect((await call(supervisor, 'GET', '/api/v1/safety-followups?status=open')).json().items.map((i: { id: string }) => i.id)).toContain(followupId);
    expect((await call(otherPeerUser, 'GET', '/api/v1/safety-followups')).json().items.map((i: { id: string }) => i.id)).not.toContain(followupId);
    expect((await call(otherPeerUser, 'POST', `/api/v1/safety-followups/${followupId}/close`, { action: 'contacted' })).statusCode).toBe(404);
    expect((await call(stranger, 'POST', `/api/v1/safety-followups/${followupId}/close`, { action: 'contacted' })).statusCode).toBe(404);
  });

  it('is closed with what was done, once, audited', async () => {
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/safety-followups/${followupId}/close`, { action: 'hugged' }))).toMatchObject({ status: 400 });
    const closed = await call(supervisor, 'POST', `/api/v1/safety-followups/${followupId}/close`, { action: 'safety-plan-reviewed', note: 'Reviewed her safety plan together; she will call 988 if the thoughts return.' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', action: 'safety-plan-reviewed', closedBy: supervisor.userId });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/safety-followups/${followupId}/close`, { action: 'contacted' }))).toMatchObject({ status: 409, code: 'followup-closed' });
    expect((await call(peerUser, 'GET', '/api/v1/safety-followups?status=open')).json().items.map((i: { id: string }) => i.id)).not.toContain(followupId);
    const audit = await call(admin, 'GET', `/api/v1/audit-events?entityId=${ana}&pageSize=100`);
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['safety_followup.open', 'safety_followup.close']));
  });
});

describe('assessments due', () => {
  it('lists the SUPRT points with their windows: a baseline given today is completed, one not given is open', async () => {
    const res = await call(peerUser, 'GET', `/api/v1/participants/${ana}/assessments/due`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.schedule).toMatchObject({ baselineDays: 30, reassessmentDays: 180, instruments: ['barc-10', 'phq-9'] });
    const baseline = (instrument: string) => body.points.find((p: { kind: string; instrument: string }) => p.kind === 'baseline' && p.instrument === instrument);
    expect(baseline('phq-9')).toMatchObject({ status: 'completed', windowStart: body.asOf, completedOn: body.asOf });
    expect(baseline('barc-10')).toMatchObject({ status: 'open', completedOn: null });
    expect(body.followUp).toEqual({ completed: 0, due: 0, rate: null, target: 80 });
    expect((await call(peerUser, 'GET', `/api/v1/participants/${cal}/assessments/due`)).statusCode).toBe(404);
  });
});

describe('the program report', () => {
  const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'America/New_York' });

  it('counts people served, sessions and hours, suppresses small cells by default and states its rules', async () => {
    // Two signed sessions for Ana: one person served (a small cell).
    for (const minutes of [30, 60]) {
      const draft = await call(peerUser, 'POST', '/api/v1/encounters', {
        participantId: ana,
        type: 'individual',
        modality: 'in-person',
        startedAt: minutesAgo(240),
        durationMinutes: minutes,
        activities: ['shared-lived-experience'],
        narrative: 'Talked about the week.',
      });
      expect(draft.statusCode).toBe(201);
      expect((await call(peerUser, 'POST', `/api/v1/encounters/${draft.json().id}/sign`, { attest: true })).statusCode).toBe(200);
    }
    const from = `${today().slice(0, 4)}-01-01`;
    const res = await call(supervisor, 'GET', `/api/v1/reports/program?from=${from}&to=${today()}&by=language`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.suppression).toMatchObject({ applied: true, k: 11, rounded: false });
    expect(r.suppression.ruleVersion).toMatch(/P1-P11/);
    expect(r.totals).toMatchObject({ served: '<11', encounters: null, hours: null, encountersPerPerson: null });
    expect(r.groups.every((g: { served: unknown }) => g.served === '<11' || g.served === null || g.served === 0)).toBe(true);

    // The exact figures are an admin's own permission, audited as an unsuppressed export.
    expect((await call(supervisor, 'GET', `/api/v1/reports/program?from=${from}&to=${today()}&suppression=off`)).statusCode).toBe(403);
    const exact = await call(admin, 'GET', `/api/v1/reports/program?from=${from}&to=${today()}&suppression=off`);
    expect(exact.json().totals).toMatchObject({ served: 1, encounters: 2, hours: 1.5, encountersPerPerson: 2 });
    const audit = await call(admin, 'GET', '/api/v1/audit-events?action=report.unsuppressed_export');
    expect(audit.json().items.length).toBeGreaterThan(0);
    expect((await call(peerUser, 'GET', `/api/v1/reports/program?from=${from}&to=${today()}`)).statusCode).toBe(403);
  });

  it('answers CSV with its suppression stated, and refuses a period that ends before it starts', async () => {
    const csv = await t.app.inject({ method: 'GET', url: `/api/v1/reports/program?from=2026-01-01&to=${today()}&by=gender`, headers: { authorization: analyst.auth, accept: 'text/csv' } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toMatch(/^# Outcomes Agency; 2026-01-01 to .*; suppression k=11/);
    expect(csv.body).toContain('group,people_served');
    expect(csv.body).toMatch(/\r\nTotal,<11,/);
    expect(problemOf(await call(admin, 'GET', '/api/v1/reports/program?from=2026-05-01&to=2026-04-01'))).toMatchObject({ status: 400, errors: [{ field: 'query.to' }] });
    expect((await call(stranger, 'GET', `/api/v1/reports/program?from=2026-01-01&to=${today()}&suppression=off`)).json().totals.served).toBe(0);
  });
});
