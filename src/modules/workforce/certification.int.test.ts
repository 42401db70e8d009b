import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let analyst: TestUser;
let stranger: TestUser;
let peerId: string;
let now = new Date('2026-03-02T15:00:00Z');

const call = async (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: user ? { authorization: user.auth } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

const criminalHistory = {
  code: 'criminal-history',
  title: { en: 'Criminal history review', es: 'Revisión de antecedentes penales' },
  explanation: { en: 'Some offences within 5 years need the board to review.', es: 'Algunos delitos en los últimos 5 años requieren revisión de la junta.' },
  source: { source: 'Test Board policy 4.2', checked: '2026-01-15', confidence: 'V' },
};

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  admin = await createOrgWithUser(t, 'admin', 'Certification Board');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Ana Ruiz', userId: peerUser.userId })).json().id;
});
afterAll(() => t?.close());

describe('the road to certification', () => {
  let mi: { id: string };
  let icrc: { id: string };

  it('sets up pipelines from templates with the body\'s own eligibility rules and their source; bad input names the field', async () => {
    expect((await call(supervisor, 'POST', '/api/v1/certification/pipelines', { template: 'mi-cpss', code: 'mi', name: 'Michigan' })).statusCode).toBe(403);
    const res = await call(admin, 'POST', '/api/v1/certification/pipelines', { template: 'mi-cpss', code: 'mi', name: 'Michigan CPSS', eligibility: [criminalHistory] });
    expect(res.statusCode).toBe(201);
    mi = res.json();
    expect(res.json().steps.map((s: { code: string }) => s.code)).toEqual(['written-application', 'references', 'phone-interview', 'training', 'fee', 'exam', 'code-of-ethics']);
    expect(res.json().eligibility.map((r: { code: string }) => r.code)).toEqual(['age-18', 'diploma-or-ged', 'criminal-history']);
    expect(res.json().eligibility[2].source.source).toBe('Test Board policy 4.2');
    icrc = (await call(admin, 'POST', '/api/v1/certification/pipelines', { template: 'icrc-pr', code: 'icrc', name: 'IC&RC Peer Recovery' })).json();
    expect(problemOf(await call(admin, 'POST', '/api/v1/certification/pipelines', { template: 'mi-cpss', code: 'mi', name: 'Again' }))).toMatchObject({ status: 409, errors: [{ field: 'body.code' }] });
    expect(problemOf(await call(admin, 'POST', '/api/v1/certification/pipelines', { code: 'own', name: 'Own' }))).toMatchObject({ status: 400, errors: [{ field: 'body.steps' }] });
    const noSource = { ...criminalHistory, source: { source: '', checked: '2026-01-15', confidence: 'V' } };
    const p = problemOf(await call(admin, 'POST', '/api/v1/certification/pipelines', { template: 'mi-cpss', code: 'mi2', name: 'x', eligibility: [noSource] }));
    expect(p.status).toBe(400);
    expect(p.errors?.[0]?.field).toMatch(/^body\.eligibility\.0\.source\.source/);
    expect((await call(stranger, 'GET', '/api/v1/certification/pipelines')).json().items).toEqual([]);
  });

  it('moves an applicant through the Michigan steps; references come from one-time links answered without an account', async () => {
    const created = await call(supervisor, 'POST', '/api/v1/certification/applicants', { pipelineId: mi.id, name: 'Ana Ruiz', lang: 'es', peerId });
    expect(created.statusCode).toBe(201);
    const a = created.json();
    expect(a.currentStep).toBe('written-application');
    expect(a.steps[1].missing).toEqual({ references: 2 });
    now = new Date('2026-03-05T15:00:00Z');
    const app1 = await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/written-application`, { status: 'done' });
    expect(app1.json().currentStep).toBe('references');
    expect(app1.json().steps[0]).toMatchObject({ code: 'written-application', complete: true, days: 3 });
    // Done on the references step while they are missing: refused, saying what is missing.
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/references`, { status: 'done' }))).toMatchObject({ status: 400, errors: [{ field: 'body.status', message: 'Still missing: 2 references' }] });
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/nope`, { status: 'done' }))).toMatchObject({ status: 400, errors: [{ field: 'params.step' }] });

    const links = [];
    for (const name of ['Dr. Lee', 'Pat Moreno']) {
      const l = await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/references`, { refereeName: name, lang: 'es' });
      expect(l.statusCode).toBe(201);
      expect(l.json().url).toContain(`/ref/${l.json().token}`);
      links.push(l.json().token as string);
    }
    const form = await call(null, 'GET', `/api/v1/reference-requests/${links[0]}`);
    expect(form.statusCode).toBe(200);
    expect(form.json()).toMatchObject({ applicantName: 'Ana Ruiz', refereeName: 'Dr. Lee', lang: 'es', pipelineName: 'Michigan CPSS' });
    expect(form.json()).not.toHaveProperty('email');
    // Bad answers store nothing and name the field; the link stays usable.
    expect(problemOf(await call(null, 'POST', `/api/v1/reference-requests/${links[0]}`, { knownYears: -1, capacity: 'Supervisor', recommend: 'yes', comments: '', confirm: true }))).toMatchObject({ status: 400, errors: [{ field: 'body.knownYears' }] });
    const answer = { knownYears: 4, capacity: 'Clinical supervisor', recommend: 'yes', comments: 'Reliable and kind.', confirm: true };
    expect((await call(null, 'POST', `/api/v1/reference-requests/${links[0]}`, answer)).statusCode).toBe(200);
    expect(problemOf(await call(null, 'POST', `/api/v1/reference-requests/${links[0]}`, answer))).toMatchObject({ status: 410, code: 'link-spent' });
    expect(problemOf(await call(null, 'GET', `/api/v1/reference-requests/${'x'.repeat(43)}`))).toMatchObject({ status: 404 });
    let detail = (await call(supervisor, 'GET', `/api/v1/certification/applicants/${a.id}`)).json();
    expect(detail.currentStep).toBe('references');
    expect(detail.steps[1].missing).toEqual({ references: 1 });
    now = new Date('2026-03-12T15:00:00Z');
    await call(null, 'POST', `/api/v1/reference-requests/${links[1]}`, { ...answer, recommend: 'with-reservations' });
    detail = (await call(supervisor, 'GET', `/api/v1/certification/applicants/${a.id}`)).json();
    expect(detail.currentStep).toBe('phone-interview');
    expect(detail.steps[1]).toMatchObject({ complete: true, status: 'done', days: 7 });
    expect(detail.references.map((r: { state: string }) => r.state)).toEqual(['spent', 'spent']);

    // An expired link is refused.
    const old = (await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/references`, { refereeName: 'Late', lang: 'en' })).json();
    now = new Date('2026-03-27T15:00:00Z');
    expect(problemOf(await call(null, 'GET', `/api/v1/reference-requests/${old.token}`))).toMatchObject({ status: 410, code: 'link-expired' });

    // The audit trail records issue, view, answer and refusals, as the link holder.
    const trail = (await call(admin, 'GET', '/api/v1/audit-events?limit=200')).json().items.map((e: { action: string }) => e.action);
    expect(trail).toEqual(expect.arrayContaining(['reference_request.issue', 'reference_request.view', 'reference_request.answer', 'reference_request.answer.refused', 'reference_request.view.refused']));
  });

  it('records eligibility as the body\'s rule with its source and reason: never silent, the applicant sees which rule and why', async () => {
    const a = (await call(supervisor, 'POST', '/api/v1/certification/applicants', { pipelineId: mi.id, name: 'Ben Ortiz', lang: 'en', peerId })).json();
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/eligibility`, { rule: 'years-in-recovery', outcome: 'does-not-meet', reason: 'x' }))).toMatchObject({ status: 400, errors: [{ field: 'body.rule' }] });
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/eligibility`, { rule: 'criminal-history', outcome: 'does-not-meet', reason: '' }))).toMatchObject({ status: 400, errors: [{ field: 'body.reason' }] });
    const r = await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/eligibility`, { rule: 'criminal-history', outcome: 'does-not-meet', reason: 'A 2024 offence needs the board\'s review first.' });
    expect(r.json().held).toBe(true);
    // The applicant (a peer of the agency) reads their own application: the rule, its source and why.
    const own = (await call(peerUser, 'GET', `/api/v1/certification/applicants/${a.id}`)).json();
    expect(own.eligibility.find((e: { code: string }) => e.code === 'criminal-history')).toMatchObject({ outcome: 'does-not-meet', reason: "A 2024 offence needs the board's review first.", source: { source: 'Test Board policy 4.2' } });
    // The applicant is not removed: still in the pipeline at their step, marked held.
    const list = (await call(supervisor, 'GET', `/api/v1/certification/applicants?pipelineId=${mi.id}&step=written-application`)).json();
    expect(list.items.find((x: { id: string }) => x.id === a.id)).toMatchObject({ held: true, currentStep: 'written-application' });
  });

  it('a peer reads their own applications at /certification/me: steps done and missing, the rule that holds them with its source and why', async () => {
    const mine = (await call(peerUser, 'GET', '/api/v1/certification/me')).json();
    expect(mine.items.length).toBeGreaterThan(0);
    const own = mine.items.find((x: { name: string }) => x.name === 'Ben Ortiz');
    expect(own).toMatchObject({ name: 'Ben Ortiz', pipelineName: 'Michigan CPSS', held: true, currentStep: 'written-application' });
    expect(own.steps[0]).toMatchObject({ code: 'written-application', complete: false });
    expect(own.eligibility.find((e: { code: string }) => e.code === 'criminal-history')).toMatchObject({ outcome: 'does-not-meet', reason: "A 2024 offence needs the board's review first.", source: { source: 'Test Board policy 4.2' } });
    // Nobody else's application, whatever the role: a supervisor who is no applicant has none.
    expect((await call(supervisor, 'GET', '/api/v1/certification/me')).json().items).toEqual([]);
    expect((await call(stranger, 'GET', '/api/v1/certification/me')).json().items).toEqual([]);
    expect((await call(null, 'GET', '/api/v1/certification/me')).statusCode).toBe(401);
  });

  it('withdraws an unanswered reference link: the referee is told it was withdrawn; an answered one stays; audited', async () => {
    const a = (await call(supervisor, 'POST', '/api/v1/certification/applicants', { pipelineId: mi.id, name: 'Eli Stone', lang: 'en' })).json();
    const open = (await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/references`, { refereeName: 'Withdrawn Referee', lang: 'en' })).json();
    const answered = (await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/references`, { refereeName: 'Answered Referee', lang: 'en' })).json();
    expect((await call(null, 'POST', `/api/v1/reference-requests/${answered.token}`, { knownYears: 2, capacity: 'Coworker', recommend: 'yes', comments: '', confirm: true })).statusCode).toBe(200);
    // Peers and analysts may not; another organization does not find it; a reference of another applicant is not this one's.
    expect((await call(peerUser, 'POST', `/api/v1/certification/applicants/${a.id}/references/${open.id}/revoke`)).statusCode).toBe(403);
    expect((await call(analyst, 'POST', `/api/v1/certification/applicants/${a.id}/references/${open.id}/revoke`)).statusCode).toBe(403);
    expect(problemOf(await call(stranger, 'POST', `/api/v1/certification/applicants/${a.id}/references/${open.id}/revoke`))).toMatchObject({ status: 404 });
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/certification/applicants/${peerId}/references/${open.id}/revoke`))).toMatchObject({ status: 404 });
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/references/not-a-uuid/revoke`))).toMatchObject({ status: 400, errors: [{ field: 'path.refId' }] });
    const res = await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/references/${open.id}/revoke`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: open.id, state: 'revoked' });
    expect((await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/references/${open.id}/revoke`)).json().revokedAt).toBe(res.json().revokedAt);
    expect(problemOf(await call(null, 'GET', `/api/v1/reference-requests/${open.token}`))).toMatchObject({ status: 410, code: 'link-revoked' });
    const spent = await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/references/${answered.id}/revoke`);
    expect(spent.headers['content-type']).toContain('application/problem+json');
    expect(problemOf(spent)).toMatchObject({ status: 409, code: 'reference-answered' });
    const detail = (await call(supervisor, 'GET', `/api/v1/certification/applicants/${a.id}`)).json();
    expect(detail.references.map((r: { refereeName: string; state: string }) => [r.refereeName, r.state])).toEqual([['Withdrawn Referee', 'revoked'], ['Answered Referee', 'spent']]);
    // One withdrawal audited as done (the second call changed nothing); the refusals audited as denied.
    const trail = (await call(admin, 'GET', '/api/v1/audit-events?limit=300')).json().items.filter((e: { action: string }) => e.action === 'reference_request.revoke');
    expect(trail.filter((e: { outcome: string }) => e.outcome === 'success')).toHaveLength(1);
    expect(trail.filter((e: { outcome: string }) => e.outcome !== 'success').length).toBeGreaterThanOrEqual(2);
  });

  it('counts IC&RC hours by domain; done only when every domain is met; the board counts by step', async () => {
    const a = (await call(supervisor, 'POST', '/api/v1/certification/applicants', { pipelineId: icrc.id, name: 'Cal Nguyen' })).json();
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/experience`, { hours: { total: -5 } }))).toMatchObject({ status: 400, errors: [{ field: 'body.hours.total' }] });
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/education`, { hours: { cooking: 5 } }))).toMatchObject({ status: 400, errors: [{ field: 'body.hours.cooking' }] });
    expect((await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/experience`, { hours: { total: 500 } })).json().currentStep).toBe('education');
    const edu = await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/education`, { hours: { advocacy: 10, 'mentoring-education': 10, 'recovery-wellness': 20, ethics: 6 } });
    expect(edu.json().steps[1]).toMatchObject({ complete: false, missing: { ethics: 10 } });
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/education`, { status: 'done' }))).toMatchObject({ errors: [{ field: 'body.status', message: 'Still missing: 10 ethics' }] });
    expect((await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/education`, { hours: { ethics: 16 } })).json().currentStep).toBe('supervision');
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/supervision`, { status: 'waived' }))).toMatchObject({ errors: [{ field: 'body.note' }] });
    await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/supervision`, { hours: { total: 25 } });
    expect((await call(supervisor, 'POST', `/api/v1/certification/applicants/${a.id}/steps/exam`, { status: 'done' })).json().currentStep).toBe('certified');
    const b = (await call(supervisor, 'POST', '/api/v1/certification/applicants', { pipelineId: icrc.id, name: 'Dee Park' })).json();
    expect(b.currentStep).toBe('experience');
    const board = (await call(analyst, 'GET', `/api/v1/certification/pipelines/${icrc.id}`)).json();
    expect(board.total).toBe(2);
    expect(board.certified).toBe(1);
    expect(board.steps.find((s: { code: string }) => s.code === 'experience')).toMatchObject({ count: 1, completedCount: 1 });
    expect(board.steps.every((s: { medianDays: number | null }) => s.medianDays !== null)).toBe(true);
    // Analysts see counts, not applicants; a peer sees neither the board nor others' applications.
    expect((await call(analyst, 'GET', `/api/v1/certification/applicants/${a.id}`)).statusCode).toBe(403);
    expect((await call(peerUser, 'GET', '/api/v1/certification/pipelines')).statusCode).toBe(403);
    expect((await call(peerUser, 'GET', `/api/v1/certification/applicants/${a.id}`)).statusCode).toBe(404);
    expect((await call(stranger, 'GET', `/api/v1/certification/applicants/${a.id}`)).statusCode).toBe(404);
    const page = (await call(supervisor, 'GET', `/api/v1/certification/applicants?pipelineId=${icrc.id}&limit=1`)).json();
    expect(page.items).toHaveLength(1);
    expect(page.nextOffset).toBe(1);
    expect(problemOf(await call(supervisor, 'GET', `/api/v1/certification/applicants?pipelineId=${icrc.id}&step=bogus`))).toMatchObject({ errors: [{ field: 'query.step' }] });
  });
});
