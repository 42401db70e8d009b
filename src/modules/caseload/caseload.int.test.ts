import { sql } from 'drizzle-orm';
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
let otherPeerId: string;
let ana: string; // assigned to peerUser
let ben: string; // assigned to peerUser
let cal: string; // assigned to otherPeerUser
let foreign: string; // participant of the other organization

const call = async (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { authorization: user.auth, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
const dayOffset = (n: number) => {
  const d = new Date(`${today()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const participant = async (user: TestUser, givenName: string) => {
  const res = await call(user, 'POST', '/api/v1/participants', { givenName, familyName: 'Example', birthDate: '1985-04-02' });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
};
const assign = async (participantId: string, peer: string) => {
  const res = await call(admin, 'POST', `/api/v1/participants/${participantId}/assignments`, { peerId: peer, consent: { given: true } });
  expect(res.statusCode).toBe(201);
};

const note = (participantId: string, extra: Record<string, unknown> = {}) => ({
  participantId,
  type: 'individual',
  modality: 'in-person',
  startedAt: hoursAgo(2),
  durationMinutes: 30,
  narrative: 'Talked about the job search; she named her persistence as a strength.',
  activities: ['shared-lived-experience'],
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Caseload Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  otherPeerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId })).json().id;
  otherPeerId = (await call(otherPeerUser, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: otherPeerUser.userId })).json().id;
  ana = await participant(admin, 'Ana');
  ben = await participant(admin, 'Ben');
  cal = await participant(admin, 'Cal');
  foreign = await participant(stranger, 'Faraway');
  await assign(ana, peerId);
  await assign(ben, peerId);
  await assign(cal, otherPeerId);
});
afterAll(() => t?.close());

describe('recovery plans', () => {
  let goalId: string;

  it('starts empty (version 0) and saves goals in the participant\'s words, with agreement and a review date', async () => {
    const empty = await call(peerUser, 'GET', `/api/v1/participants/${ana}/plan`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ version: 0, goals: [], agreement: null });
    const res = await call(peerUser, 'PUT', `/api/v1/participants/${ana}/plan`, {
      goals: [{ text: 'I want my own apartment by winter', lifeArea: 'housing', steps: [{ text: 'Apply for housing voucher', targetDate: dayOffset(30) }] }],
      strengths: ['persistent', 'good with people'],
      supports: [{ name: 'Sister', kind: 'person' }],
      reviewEveryDays: 60,
      agreement: { method: 'verbal', agreedOn: today() },
      expectedVersion: 0,
    });
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan).toMatchObject({ version: 1, strengths: ['persistent', 'good with people'], nextReviewOn: dayOffset(60), reviewDue: false });
    expect(plan.agreement).toMatchObject({ agreedBy: 'participant', method: 'verbal', agreedOn: today(), recordedBy: peerUser.userId, version: 1 });
    expect(plan.goals[0]).toMatchObject({ text: 'I want my own apartment by winter', status: 'active', steps: [{ status: 'not-started' }] });
    goalId = plan.goals[0].id;
  });

  it('keeps every version; a stale editor gets 409 and an unknown goal id 400, storing nothing', async () => {
    const current = (await call(peerUser, 'GET', `/api/v1/participants/${ana}/plan`)).json();
    const updated = await call(peerUser, 'PUT', `/api/v1/participants/${ana}/plan`, {
      goals: [{ ...current.goals[0], steps: [{ ...current.goals[0].steps[0], status: 'in-progress' }] }, { text: 'Reconnect with my daughter' }],
      strengths: current.strengths,
      supports: current.supports,
      reviewEveryDays: 60,
      expectedVersion: 1,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().version).toBe(2);
    expect(updated.json().goals[0].id).toBe(goalId);
    expect(updated.json().agreement.version).toBe(1);
    const stale = await call(peerUser, 'PUT', `/api/v1/participants/${ana}/plan`, { goals: [], expectedVersion: 1 });
    expect(problemOf(stale)).toMatchObject({ status: 409, code: 'plan-changed' });
    const unknown = await call(peerUser, 'PUT', `/api/v1/participants/${ana}/plan`, { goals: [{ id: crypto.randomUUID(), text: 'x' }] });
    expect(problemOf(unknown).errors?.[0]?.field).toBe('body.goals.0.id');
    const history = (await call(peerUser, 'GET', `/api/v1/participants/${ana}/plan/history`)).json();
    expect(history.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history.items[0].changedFields).toContain('goals');
  });

  it('is another organization\'s secret (404), hidden from a peer not assigned (404) and from analysts (403)', async () => {
    expect((await call(stranger, 'GET', `/api/v1/participants/${ana}/plan`)).statusCode).toBe(404);
    expect((await call(stranger, 'PUT', `/api/v1/participants/${ana}/plan`, { goals: [] })).statusCode).toBe(404);
    expect((await call(stranger, 'GET', `/api/v1/participants/${ana}/plan/history`)).statusCode).toBe(404);
    expect((await call(otherPeerUser, 'GET', `/api/v1/participants/${ana}/plan`)).statusCode).toBe(404);
    expect((await call(analyst, 'GET', `/api/v1/participants/${ana}/plan`)).statusCode).toBe(403);
  });

  it('feeds the note defaults: active goals, templates in the caller\'s language, now', async () => {
    const res = await call(peerUser, 'GET', `/api/v1/encounters/defaults?participantId=${ana}`, undefined, { 'accept-language': 'es-MX,es;q=0.9' });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ durationMinutes: 30, type: 'individual', modality: 'in-person', placeOfService: '11', peerId });
    expect(d.goals.map((g: { text: string }) => g.text)).toEqual(['I want my own apartment by winter', 'Reconnect with my daughter']);
    expect(d.templates.individual).toMatch(/Fortalezas/);
    // A new note starts with no activity ticked (issue 17: it started with all seven).
    expect(d.activities).toEqual([]);
    expect(Math.abs(Date.parse(d.startedAt) - Date.now())).toBeLessThan(120_000);
    expect((await call(stranger, 'GET', `/api/v1/encounters/defaults?participantId=${ana}`)).statusCode).toBe(404);
  });
});

describe('session notes', () => {
  let draftId: string;

  it('a peer starts a draft for an assigned participant: 201 with its billing (no coverage yet)', async () => {
    const plan = (await call(peerUser, 'GET', `/api/v1/participants/${ana}/plan`)).json();
    const res = await call(peerUser, 'POST', '/api/v1/encounters', note(ana, { goalIds: [plan.goals[0].id], activities: ['shared-lived-experience', 'recovery-planning'], followUpOn: dayOffset(7) }));
    expect(res.statusCode).toBe(201);
    const e = res.json();
    draftId = e.id;
    expect(e).toMatchObject({ status: 'draft', participantId: ana, peerId, durationMinutes: 30, placeOfService: '11', voided: false, cosignRequired: false });
    expect(e.billing).toMatchObject({ billable: false, reason: 'no-coverage', payerId: null });
    expect(e.billing.explanation).toMatch(/No coverage/);
    expect(e.billingByParticipant).toHaveLength(1);
  });

  it('saves the draft as the peer types (PATCH) and the next defaults remember the last duration', async () => {
    const res = await call(peerUser, 'PATCH', `/api/v1/encounters/${draftId}`, { durationMinutes: 38, narrative: 'Updated narrative with strengths.' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ durationMinutes: 38, narrative: 'Updated narrative with strengths.', status: 'draft' });
    expect((await call(peerUser, 'GET', '/api/v1/encounters/defaults')).json().durationMinutes).toBe(38);
  });

  it('keeps narratives, next steps and addenda encrypted at rest; the API answers the text', async () => {
    const text = 'Marisol talked about her sister and the shelter on 5th Street.';
    const e = (await call(peerUser, 'POST', '/api/v1/encounters', note(ben, { narrative: text, nextSteps: 'Call the shelter Monday.' }))).json();
    expect(e).toMatchObject({ narrative: text, nextSteps: 'Call the shelter Monday.' });
    await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/sign`);
    await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/addenda`, { text: 'Her sister is Ana Ruiz.' });
    const stored = await t.database.db.tenant(admin.orgId, async (tx) => {
      const row = (await tx.execute(sql`select narrative, next_steps from encounters where id = ${e.id}::uuid`)) as unknown as { rows: Array<{ narrative: string; next_steps: string }> };
      const add = (await tx.execute(sql`select text from encounter_addenda where encounter_id = ${e.id}::uuid`)) as unknown as { rows: Array<{ text: string }> };
      return { ...row.rows[0]!, addendum: add.rows[0]!.text };
    });
    for (const sealed of [stored.narrative, stored.next_steps, stored.addendum]) {
      expect(sealed).toMatch(/^v1\./);
      expect(sealed).not.toMatch(/Marisol|shelter|Ana Ruiz/);
    }
    const back = (await call(peerUser, 'GET', `/api/v1/encounters/${e.id}`)).json();
    expect(back).toMatchObject({ narrative: text, nextSteps: 'Call the shelter Monday.', addenda: [{ text: 'Her sister is Ana Ruiz.' }] });
  });

  it('refuses bad input with clear problems and stores nothing', async () => {
    const before = (await call(admin, 'GET', '/api/v1/encounters')).json().total;
    const cases: Array<[unknown, number, string]> = [
      [note(ana, { durationMinutes: undefined, endedAt: hoursAgo(3) }), 400, 'body.endedAt'],
      [note(ana, { durationMinutes: 0 }), 400, 'body.durationMinutes'],
      [note(ana, { durationMinutes: 1441 }), 400, 'body.durationMinutes'],
      [note(ana, { durationMinutes: undefined }), 400, 'body.durationMinutes'],
      [note(foreign), 404, 'body.participantId'],
      [{ ...note(ana), participantId: undefined, participantIds: [ana, ben] }, 400, 'body.participantIds'],
      [note(ana, { goalIds: [crypto.randomUUID()] }), 400, 'body.goalIds.0'],
      [note(ana, { followUpOn: dayOffset(-30) }), 400, 'body.followUpOn'],
    ];
    for (const [body, status, field] of cases) {
      const res = await call(peerUser, 'POST', '/api/v1/encounters', body);
      const p = problemOf(res);
      expect(p.status, JSON.stringify(body)).toBe(status);
      expect(p.errors?.map((e) => e.field)).toContain(field);
    }
    // A peer cannot write for a participant who is not theirs (looks absent), nor as another peer.
    expect(problemOf(await call(peerUser, 'POST', '/api/v1/encounters', note(cal))).status).toBe(404);
    expect(problemOf(await call(peerUser, 'POST', '/api/v1/encounters', note(ana, { peerId: otherPeerId }))).status).toBe(403);
    expect((await call(admin, 'GET', '/api/v1/encounters')).json().total).toBe(before);
  });

  it('an end time sets the duration; a group note takes several participants and bills each', async () => {
    const start = hoursAgo(5);
    const end = new Date(Date.parse(start) + 45 * 60_000).toISOString();
    const ended = await call(peerUser, 'POST', '/api/v1/encounters', { ...note(ana), startedAt: start, durationMinutes: undefined, endedAt: end });
    expect(ended.json().durationMinutes).toBe(45);
    const group = await call(peerUser, 'POST', '/api/v1/encounters', { ...note(ana), participantId: undefined, participantIds: [ana, ben], type: 'group' });
    expect(group.statusCode).toBe(201);
    expect(group.json().participantIds).toEqual([ana, ben]);
    expect(group.json().billingByParticipant.map((b: { participantId: string }) => b.participantId)).toEqual([ana, ben]);
  });

  it('signing attests the note; afterwards edits answer 409 and nothing changes', async () => {
    const denied = await call(supervisor, 'POST', `/api/v1/encounters/${draftId}/sign`);
    expect(problemOf(denied).status).toBe(403);
    const signed = await call(peerUser, 'POST', `/api/v1/encounters/${draftId}/sign`);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', signedBy: peerUser.userId, cosignRequired: false });
    expect(signed.json().attestation).toBe(
      'I attest that I provided this service as documented (38 minutes; place of service: 11 · Office; activities: Shared lived experience, Recovery planning) and that this note is accurate and complete.',
    );
    const edit = await call(peerUser, 'PATCH', `/api/v1/encounters/${draftId}`, { narrative: 'changed' });
    expect(problemOf(edit)).toMatchObject({ status: 409, code: 'encounter-signed' });
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/encounters/${draftId}/sign`)).status).toBe(409);
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${draftId}`)).json().narrative).toBe('Updated narrative with strengths.');
  });

  it('an addendum corrects a signed note and keeps the original', async () => {
    const res = await call(peerUser, 'POST', `/api/v1/encounters/${draftId}/addenda`, { text: 'Correction: the session was at the library.' });
    expect(res.statusCode).toBe(201);
    expect(res.json().addenda).toHaveLength(1);
    expect(res.json().narrative).toBe('Updated narrative with strengths.');
    const draft = (await call(peerUser, 'POST', '/api/v1/encounters', note(ben))).json();
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/encounters/${draft.id}/addenda`, { text: 'x' })).code).toBe('not-signed');
    expect((await call(peerUser, 'POST', `/api/v1/encounters/${draft.id}/sign`, {})).statusCode).toBe(200);
  });

  it('deletes an unsigned draft for its author only; a signed note answers 409 and stays', async () => {
    const draft = (await call(peerUser, 'POST', '/api/v1/encounters', note(ana, { narrative: 'Half-written' }))).json();
    // Not the author: another peer (404, cannot see it), a supervisor (403); another organization 404.
    expect(problemOf(await call(otherPeerUser, 'DELETE', `/api/v1/encounters/${draft.id}`)).status).toBe(404);
    expect(problemOf(await call(supervisor, 'DELETE', `/api/v1/encounters/${draft.id}`)).status).toBe(403);
    expect(problemOf(await call(stranger, 'DELETE', `/api/v1/encounters/${draft.id}`)).status).toBe(404);
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${draft.id}`)).statusCode).toBe(200);

    const gone = await call(peerUser, 'DELETE', `/api/v1/encounters/${draft.id}`);
    expect(gone.statusCode).toBe(204);
    expect(gone.body).toBe('');
    expect(problemOf(await call(peerUser, 'GET', `/api/v1/encounters/${draft.id}`)).status).toBe(404);
    expect(problemOf(await call(peerUser, 'DELETE', `/api/v1/encounters/${draft.id}`)).status).toBe(404);
    const audit = (await call(admin, 'GET', `/api/v1/audit-events?entityId=${draft.id}`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toContain('encounter.delete_draft');

    const signed = await call(peerUser, 'DELETE', `/api/v1/encounters/${draftId}`);
    expect(problemOf(signed)).toMatchObject({ status: 409, code: 'encounter-signed' });
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${draftId}`)).json().narrative).toBe('Updated narrative with strengths.');
    // The database refuses it too, whatever the code path (its participations go first).
    await expect(
      t.database.db.tenant(admin.orgId, async (tx) => {
        await tx.execute(sql`delete from encounter_participants where encounter_id = ${draftId}::uuid`);
        await tx.execute(sql`delete from encounters where id = ${draftId}::uuid`);
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/signed encounter .* cannot be deleted/) } });
  });

  it('a signed note is voided by a supervisor, never by a peer', async () => {
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/encounters/${draftId}/void`, { reason: 'wrong person' })).status).toBe(403);
    const res = await call(supervisor, 'POST', `/api/v1/encounters/${draftId}/void`, { reason: 'Entered for the wrong participant' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ voided: true, void: { reason: 'Entered for the wrong participant', resubmit: false }, billing: { reason: 'voided' } });
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/encounters/${draftId}/void`, { reason: 'again' })).code).toBe('already-voided');
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/encounters/${draftId}/void`, { reason: 'x', resubmit: true })).status).toBe(409);
  });

  it('lists with filters, scoped for peers, audited; other organizations see nothing', async () => {
    const mine = (await call(peerUser, 'GET', `/api/v1/encounters?participantId=${ana}`)).json();
    expect(mine.total).toBeGreaterThanOrEqual(3);
    expect((await call(otherPeerUser, 'GET', `/api/v1/encounters?participantId=${ana}`)).json().total).toBe(0);
    expect((await call(peerUser, 'GET', '/api/v1/encounters?status=voided')).json().total).toBe(1);
    const range = await call(admin, 'GET', `/api/v1/encounters?from=${dayOffset(1)}&to=${dayOffset(0)}`);
    expect(problemOf(range).errors?.[0]?.field).toBe('query.to');
    expect((await call(stranger, 'GET', '/api/v1/encounters')).json().total).toBe(0);
    expect((await call(stranger, 'GET', `/api/v1/encounters/${draftId}`)).statusCode).toBe(404);
    expect((await call(stranger, 'PATCH', `/api/v1/encounters/${draftId}`, { narrative: 'x' })).statusCode).toBe(404);
    expect((await call(stranger, 'POST', `/api/v1/encounters/${draftId}/sign`)).statusCode).toBe(404);
    expect((await call(stranger, 'POST', `/api/v1/encounters/${draftId}/addenda`, { text: 'x' })).statusCode).toBe(404);
    expect((await call(stranger, 'POST', `/api/v1/encounters/${draftId}/cosign`)).statusCode).toBe(404);
    expect((await call(stranger, 'POST', `/api/v1/encounters/${draftId}/return`, { comment: 'x' })).statusCode).toBe(404);
    expect((await call(stranger, 'POST', `/api/v1/encounters/${draftId}/void`, { reason: 'x' })).statusCode).toBe(404);
    expect((await call(stranger, 'GET', '/api/v1/review-queue')).json().total).toBe(0);
    expect((await call(otherPeerUser, 'GET', `/api/v1/encounters/${draftId}`)).statusCode).toBe(404);
    expect((await call(analyst, 'GET', '/api/v1/encounters')).statusCode).toBe(403);
    const audit = (await call(admin, 'GET', `/api/v1/audit-events?entityId=${draftId}`)).json();
    const actions = audit.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['encounter.create', 'encounter.update', 'encounter.sign', 'encounter.read', 'encounter.addendum', 'encounter.void']));
  });
});

describe('supervisor review', () => {
  it('with co-signature required for all notes, a signed note waits in the queue; return, addendum, co-sign', async () => {
    expect((await call(peerUser, 'PUT', '/api/v1/caseload/settings', { cosign: { all: true } })).statusCode).toBe(403);
    const set = await call(admin, 'PUT', '/api/v1/caseload/settings', { cosign: { all: true } });
    expect(set.json()).toEqual({ cosign: { all: true, newPeerMonths: null, billing: false }, startWithLastActivities: false });
    expect((await call(stranger, 'GET', '/api/v1/caseload/settings')).json().cosign.all).toBe(false);

    const e = (await call(peerUser, 'POST', '/api/v1/encounters', note(ben, { followUpOn: today() }))).json();
    const signed = (await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/sign`)).json();
    expect(signed.cosignRequired).toBe(true);
    const queue = (await call(supervisor, 'GET', '/api/v1/review-queue')).json();
    expect(queue.items.map((i: { id: string }) => i.id)).toContain(e.id);
    expect((await call(peerUser, 'GET', '/api/v1/review-queue')).statusCode).toBe(403);

    expect(problemOf(await call(supervisor, 'POST', `/api/v1/encounters/${e.id}/return`, {})).errors?.[0]?.field).toBe('body.comment');
    const returned = await call(supervisor, 'POST', `/api/v1/encounters/${e.id}/return`, { comment: 'Please add what Ben chose as his next step.' });
    expect(returned.json()).toMatchObject({ status: 'returned', returnComment: 'Please add what Ben chose as his next step.' });
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/encounters/${e.id}/return`, { comment: 'again' })).code).toBe('already-returned');
    expect((await call(supervisor, 'GET', '/api/v1/review-queue')).json().items.map((i: { id: string }) => i.id)).not.toContain(e.id);

    // The peer sees returned notes first.
    const list = (await call(peerUser, 'GET', '/api/v1/encounters')).json();
    expect(list.items[0].id).toBe(e.id);
    const day = (await call(peerUser, 'GET', '/api/v1/my-day')).json();
    expect(day.returned.map((r: { id: string }) => r.id)).toEqual([e.id]);
    expect(day.returned[0].returnComment).toMatch(/next step/);

    const fixed = await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/addenda`, { text: 'Ben chose to call the clinic on Monday.' });
    expect(fixed.json()).toMatchObject({ status: 'signed' });
    expect(fixed.json().reviews.map((r: { action: string }) => r.action)).toEqual(['returned', 'resubmitted']);

    expect(problemOf(await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/cosign`)).status).toBe(403);
    const cosigned = await call(supervisor, 'POST', `/api/v1/encounters/${e.id}/cosign`, { comment: 'Thank you' });
    expect(cosigned.json()).toMatchObject({ status: 'cosigned', cosignedBy: supervisor.userId });
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/encounters/${e.id}/cosign`)).code).toBe('already-cosigned');
    expect(problemOf(await call(peerUser, 'PATCH', `/api/v1/encounters/${e.id}`, { narrative: 'x' })).status).toBe(409);
    await call(admin, 'PUT', '/api/v1/caseload/settings', { cosign: { all: false } });
  });

  it('peers in their first months need a co-signature when the setting says so', async () => {
    await call(admin, 'PUT', '/api/v1/caseload/settings', { cosign: { newPeerMonths: 6 } });
    const e = (await call(peerUser, 'POST', '/api/v1/encounters', note(ana))).json();
    expect((await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/sign`)).json().cosignRequired).toBe(true);
    await call(admin, 'PUT', '/api/v1/caseload/settings', { cosign: {} });
    const later = (await call(peerUser, 'POST', '/api/v1/encounters', note(ana))).json();
    expect((await call(peerUser, 'POST', `/api/v1/encounters/${later.id}/sign`)).json().cosignRequired).toBe(false);
    expect((await call(supervisor, 'POST', `/api/v1/encounters/${later.id}/cosign`, {})).statusCode).toBe(200);
  });
});

describe("the peer's day", () => {
  it('shows the caseload with overdue follow-ups first, today\'s contacts, drafts and returned notes; audited', async () => {
    // Dee's only note, two days ago, set a follow-up for yesterday: overdue. Ben's latest note set
    // one for today. Ana's latest note set none.
    const dee = await participant(admin, 'Dee');
    await assign(dee, peerId);
    const twoDaysAgo = new Date(`${dayOffset(-2)}T17:00:00Z`).toISOString();
    const old = await call(peerUser, 'POST', '/api/v1/encounters', note(dee, { startedAt: twoDaysAgo, followUpOn: dayOffset(-1) }));
    expect(old.statusCode).toBe(201);
    const draft = (await call(peerUser, 'POST', '/api/v1/encounters', note(ana, { startedAt: hoursAgo(1) }))).json();

    const res = await call(peerUser, 'GET', '/api/v1/my-day');
    expect(res.statusCode).toBe(200);
    const day = res.json();
    expect(day.date).toBe(today());
    expect(day.peer).toEqual({ id: peerId, displayName: 'Rosa Delgado' });
    expect(day.caseload.map((c: { participantId: string }) => c.participantId)).toEqual([dee, ben, ana]);
    expect(day.caseload[0]).toMatchObject({ nextFollowUpOn: dayOffset(-1), followUpOverdue: true });
    expect(day.caseload[1]).toMatchObject({ nextFollowUpOn: today(), followUpOverdue: false });
    expect(day.caseload[2]).toMatchObject({ nextFollowUpOn: null, followUpOverdue: false });
    for (const c of day.caseload) expect(c.lastContactAt).not.toBeNull();
    expect(day.plannedToday.map((p: { participantId: string }) => p.participantId)).toEqual([ben]);
    expect(day.drafts.map((d: { id: string }) => d.id)).toContain(draft.id);
    expect(day.drafts[0].participants[0]).toEqual({ id: ana, displayName: 'Ana' });
    const audit = (await call(admin, 'GET', '/api/v1/audit-events?action=caseload.my_day')).json();
    expect(audit.total).toBeGreaterThan(0);
  });

  it('answers an empty day for a user without a peer profile and 403 for analysts; another organization sees its own', async () => {
    const day = (await call(supervisor, 'GET', '/api/v1/my-day')).json();
    expect(day).toMatchObject({ peer: null, caseload: [], drafts: [] });
    expect((await call(analyst, 'GET', '/api/v1/my-day')).statusCode).toBe(403);
    expect((await call(stranger, 'GET', '/api/v1/my-day')).json().caseload).toEqual([]);
  });
});

describe('the attestation stored with a signed note', () => {
  // It names the note's minutes, place of service and activities as recorded (issue 17).
  const EN = 'I attest that I provided this service as documented (30 minutes; place of service: 11 · Office; activities: Shared lived experience) and that this note is accurate and complete.';
  const ES =
    'Declaro que presté este servicio tal como está documentado (30 minutos; lugar del servicio: 11 · Oficina; actividades: Experiencia vivida compartida) y que esta nota es exacta y completa.';
  const draft = async () => (await call(peerUser, 'POST', '/api/v1/encounters', note(ana))).json().id as string;
  const sign = (id: string, body?: unknown, headers: Record<string, string> = {}) => call(peerUser, 'POST', `/api/v1/encounters/${id}/sign`, body, headers);

  it('is the statement in the language the note was signed in (English unless asked)', async () => {
    expect((await sign(await draft())).json().attestation).toBe(EN);
    const es = await sign(await draft(), {}, { 'accept-language': 'es-US,es;q=0.9,en;q=0.5' });
    expect(es.statusCode).toBe(200);
    expect(es.json().attestation).toBe(ES);
  });

  it('is exactly the statement the signer was shown when the client sends it, and never another text', async () => {
    const shown = await sign(await draft(), { attestation: ES });
    expect(shown.statusCode).toBe(200);
    expect(shown.json().attestation).toBe(ES);
    expect((await sign(await draft(), { attestation: EN }, { 'accept-language': 'es' })).json().attestation).toBe(EN);

    const id = await draft();
    const refused = await sign(id, { attestation: 'I attest to nothing in particular.' });
    expect(problemOf(refused)).toMatchObject({ status: 400, errors: [{ field: 'body.attestation' }] });
    // The statement as shown before the note changed (45 minutes now, at home) no longer names it.
    expect((await call(peerUser, 'PATCH', `/api/v1/encounters/${id}`, { durationMinutes: 45, placeOfService: '12' })).statusCode).toBe(200);
    expect(problemOf(await sign(id, { attestation: EN }))).toMatchObject({ status: 400, errors: [{ field: 'body.attestation' }] });
    // The statement of before issue 17, naming no facts, is refused too.
    expect(problemOf(await sign(id, { attestation: 'I attest that I provided this service as documented and that this note is accurate and complete.' })).status).toBe(400);
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${id}`)).json()).toMatchObject({ status: 'draft', attestation: null });
    const now = await sign(id, { attestation: EN.replace('30 minutes', '45 minutes').replace('11 · Office', '12 · Home') });
    expect(now.statusCode).toBe(200);
  });
});

describe('activities: a note names only what happened (issue 17)', () => {
  it('signing needs at least one activity: 400 naming activities, nothing signed', async () => {
    const e = (await call(peerUser, 'POST', '/api/v1/encounters', note(ana, { activities: [] }))).json();
    const refused = await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/sign`);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(refused)).toMatchObject({ status: 400, errors: [{ field: 'body.activities' }] });
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${e.id}`)).json()).toMatchObject({ status: 'draft', signedAt: null, attestation: null });
    expect((await call(peerUser, 'PATCH', `/api/v1/encounters/${e.id}`, { activities: ['transport'] })).statusCode).toBe(200);
    expect((await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/sign`)).json()).toMatchObject({ status: 'signed', activities: ['transport'] });
  });

  it('a new note starts with none ticked, or with what the peer chose last for this participant when the organization asks', async () => {
    const e = (await call(peerUser, 'POST', '/api/v1/encounters', note(ben, { activities: ['resource-linkage', 'advocacy'], startedAt: hoursAgo(0.5) }))).json();
    expect((await call(peerUser, 'GET', `/api/v1/encounters/defaults?participantId=${ben}`)).json().activities).toEqual([]);
    const on = await call(admin, 'PUT', '/api/v1/caseload/settings', { cosign: {}, startWithLastActivities: true });
    expect(on.json().startWithLastActivities).toBe(true);
    expect((await call(peerUser, 'GET', `/api/v1/encounters/defaults?participantId=${ben}`)).json().activities).toEqual(['resource-linkage', 'advocacy']);
    // Another peer's notes, or none with this participant, start with none.
    expect((await call(otherPeerUser, 'GET', `/api/v1/encounters/defaults?participantId=${cal}`)).json().activities).toEqual([]);
    expect((await call(peerUser, 'GET', '/api/v1/encounters/defaults')).json().activities).toEqual([]);
    await call(admin, 'PUT', '/api/v1/caseload/settings', { cosign: {} });
    expect((await call(peerUser, 'GET', `/api/v1/encounters/defaults?participantId=${ben}`)).json().activities).toEqual([]);
    await call(peerUser, 'DELETE', `/api/v1/encounters/${e.id}`);
  });
});

describe('the returned-note loop (issue 17)', () => {
  it('a returned note that needed no co-signature, once corrected, waits in the queue unbillable until a supervisor accepts it', async () => {
    // Billable without co-signature: Medicaid covers Ana, the peer is certified, the settings ask for none.
    await call(admin, 'PUT', '/api/v1/caseload/settings', { cosign: {} });
    const payer = (await call(admin, 'POST', '/api/v1/payers', { name: 'Loop Medicaid', type: 'medicaid', ratePerUnit: 1800 })).json();
    expect((await call(admin, 'POST', `/api/v1/participants/${ana}/coverages`, { payerId: payer.id, memberId: 'LOOP-1', startDate: '2020-01-01' })).statusCode).toBe(201);
    expect((await call(admin, 'PATCH', `/api/v1/peers/${peerId}`, { certifications: [{ type: 'CPS', issuer: 'State board', number: 'L-1', expiresOn: '2099-12-31' }] })).statusCode).toBe(200);

    const e = (await call(peerUser, 'POST', '/api/v1/encounters', note(ana))).json();
    const signed = (await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/sign`)).json();
    expect(signed).toMatchObject({ cosignRequired: false, billing: { billable: true } });
    const queueIds = async () => (await call(supervisor, 'GET', '/api/v1/review-queue?pageSize=200')).json().items.map((i: { id: string }) => i.id);
    expect(await queueIds()).not.toContain(e.id);

    const returned = (await call(supervisor, 'POST', `/api/v1/encounters/${e.id}/return`, { comment: 'Say what Ana chose to do next.' })).json();
    expect(returned).toMatchObject({ status: 'returned', billing: { billable: false, reason: 'awaiting-cosign' } });

    const fixed = (await call(peerUser, 'POST', `/api/v1/encounters/${e.id}/addenda`, { text: 'Ana chose to call the housing office on Monday.' })).json();
    // Back in the queue, and not billable until accepted (it was billable at once before the fix).
    expect(fixed).toMatchObject({ status: 'signed', cosignRequired: true, billing: { billable: false, reason: 'awaiting-cosign' } });
    expect(await queueIds()).toContain(e.id);

    const accepted = (await call(supervisor, 'POST', `/api/v1/encounters/${e.id}/cosign`, {})).json();
    expect(accepted).toMatchObject({ status: 'cosigned', billing: { billable: true } });
    expect(await queueIds()).not.toContain(e.id);
    expect(accepted.reviews.map((r: { action: string }) => r.action)).toEqual(['returned', 'resubmitted', 'cosigned']);
  });
});
