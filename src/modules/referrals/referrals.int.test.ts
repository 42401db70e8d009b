import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { rowsOf } from '../../db/client.ts';
import { onPostgres } from '../../../test/harness/db.ts';
import { PART2_NOTICE, STATUSES, TRANSITIONS, type ReferralStatus } from './referrals.rules.ts';

let t: TestApp;
let now = new Date();
let admin: TestUser;
let peerUser: TestUser;
let otherPeer: TestUser;
let analyst: TestUser;
let stranger: TestUser;
let receiverAdmin: TestUser;
let maria: string; // participant of peerUser
let foreign: string; // participant of the stranger organization
let localService: string;
const CRISIS_LINE = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01'; // seeded 988 service
const CRISIS_ORG = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5b01';
let goalHousing: string;
let goalSud: string;

type Method = 'GET' | 'POST' | 'PUT';
const call = async (user: TestUser, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const anon = async (method: Method, url: string, payload?: unknown) => t.app.inject({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });

const today = () => now.toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
const dayOffset = (n: number) => {
  const d = new Date(`${today()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const body = (extra: Record<string, unknown> = {}, shared: Record<string, unknown> = {}) => ({
  participantId: maria,
  serviceId: localService,
  need: 'food',
  urgency: 'urgent',
  note: 'Maria prefers afternoons; she has a bus pass.',
  shared: { items: ['name', 'phone', 'note'], consent: { given: true, method: 'verbal' }, ...shared },
  ...extra,
});

const create = async (user = peerUser, extra: Record<string, unknown> = {}, shared: Record<string, unknown> = {}) => {
  const res = await call(user, 'POST', '/api/v1/referrals', body(extra, shared));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string; [k: string]: unknown };
};
const move = async (user: TestUser, id: string, status: string, reason?: string) =>
  call(user, 'POST', `/api/v1/referrals/${id}/status`, { status, ...(reason ? { reason } : {}) });
const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;

/** A path from draft to each state (through the sender's API, which may record the receiver's answers). */
const PATH: Record<ReferralStatus, ReferralStatus[]> = {
  draft: [],
  sent: ['sent'],
  received: ['sent', 'received'],
  accepted: ['sent', 'accepted'],
  declined: ['sent', 'declined'],
  'in-progress': ['sent', 'accepted', 'in-progress'],
  completed: ['sent', 'accepted', 'completed'],
  'not-completed': ['sent', 'accepted', 'not-completed'],
  cancelled: ['cancelled'],
};

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  admin = await createOrgWithUser(t, 'admin', 'Referring Agency');
  peerUser = await addUser(t, admin.orgId, 'peer');
  otherPeer = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  receiverAdmin = await createOrgWithUser(t, 'admin', 'Crisis Center On Peerbridge');
  const peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId })).json().id as string;
  await call(otherPeer, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: otherPeer.userId });
  const p = await call(admin, 'POST', '/api/v1/participants', {
    givenName: 'Maria',
    familyName: 'Lopez',
    birthDate: '1990-05-06',
    contact: { phone: '(312) 555-0100', email: 'maria@example.org' },
  });
  maria = p.json().id;
  expect((await call(admin, 'POST', `/api/v1/participants/${maria}/assignments`, { peerId, consent: { given: true, method: 'verbal' } })).statusCode).toBe(201);
  foreign = (await call(stranger, 'POST', '/api/v1/participants', { givenName: 'Other', familyName: 'Person' })).json().id;
  const plan = await call(peerUser, 'PUT', `/api/v1/participants/${maria}/plan`, {
    goals: [
      { text: 'Find a place of my own', lifeArea: 'housing' },
      { text: 'Stay on buprenorphine', lifeArea: 'substance use' },
    ],
  });
  expect(plan.statusCode, plan.body).toBe(200);
  goalHousing = plan.json().goals[0].id;
  goalSud = plan.json().goals[1].id;
  const svc = await call(admin, 'POST', '/api/v1/directory/local-services', { name: 'Westside Food Pantry', organizationName: 'Ashland Mutual Aid', categories: ['food'] });
  expect(svc.statusCode, svc.body).toBe(201);
  localService = svc.json().serviceId;
  // The receiving organization manages the 988 directory organization: referrals to it reach its inbox.
  await t.services.directory.addManager(systemActor('test'), receiverAdmin.orgId, CRISIS_ORG);
});
afterAll(async () => t?.close());

describe('create', () => {
  it('creates a draft with exactly the shared items, a default follow-up date, audited', async () => {
    const r = await create();
    expect(r).toMatchObject({
      status: 'draft',
      need: 'food',
      urgency: 'urgent',
      participant: { id: maria, displayName: 'Maria Lopez' },
      service: { id: localService, name: 'Westside Food Pantry', organizationName: 'Ashland Mutual Aid' },
      followUpOn: dayOffset(3),
      part2: false,
      part2Notice: null,
      receivingOrganization: null,
    });
    expect((r.shared as { items: unknown[] }).items).toEqual([
      { code: 'name', value: 'Maria Lopez', part2: false, withheld: null },
      { code: 'phone', value: '(312) 555-0100', part2: false, withheld: null },
      { code: 'note', value: 'Maria prefers afternoons; she has a bus pass.', part2: false, withheld: null },
    ]);
    expect((r.shared as { consent: { method: string } }).consent.method).toBe('verbal');
    expect((r.events as unknown[]).length).toBe(1);
    const audit = await call(admin, 'GET', `/api/v1/audit-events?entityId=${r.id}`);
    if (audit.statusCode === 200) expect(JSON.stringify(audit.json())).toContain('referral.create');
  });

  it('refuses bad input and stores nothing', async () => {
    const before = (await call(admin, 'GET', '/api/v1/referrals?pageSize=200')).json().total;
    const cases: Array<[Record<string, unknown>, Record<string, unknown>, string]> = [
      [{ need: 'money' }, {}, 'body.need'],
      [{}, { items: ['name', 'ssn'] }, 'body.shared.items.1'],
      [{}, { consent: { given: false, method: 'verbal' } }, 'body.shared.consent.given'],
      [{}, { items: [`goal:${crypto.randomUUID()}`] }, 'body.shared.items.0'],
      [{ followUpOn: dayOffset(-2) }, {}, 'body.followUpOn'],
      [{}, { items: ['sud-treatment'], sudTreatment: 'Buprenorphine since 2024 at Crossroads.' }, 'body.shared.part2Consent'],
      [{}, { items: [`goal:${crypto.randomUUID()}`, `goal:${goalHousing}`] }, 'body.shared.items.0'],
    ];
    for (const [extra, shared, field] of cases) {
      const res = await call(peerUser, 'POST', '/api/v1/referrals', body(extra, shared));
      expect(res.statusCode, JSON.stringify(extra) + JSON.stringify(shared)).toBe(400);
      expect(problemOf(res).errors?.map((e) => e.field)).toContain(field);
    }
    const unknownService = await call(peerUser, 'POST', '/api/v1/referrals', body({ serviceId: crypto.randomUUID() }));
    expect(unknownService.statusCode).toBe(404);
    expect((await call(admin, 'GET', '/api/v1/referrals?pageSize=200')).json().total).toBe(before);
  });

  it('answers text PostgreSQL cannot store and impossible years with a problem naming the field', async () => {
    const consent = { recipient: 'Ashland Mutual Aid', purpose: 'Food assistance intake', expiresOn: dayOffset(90), method: 'written', signedOn: today() };
    const part2 = (c: Record<string, unknown>) => body({}, { items: ['sud-treatment'], sudTreatment: 'MOUD', part2Consent: { ...consent, ...c } });
    const r = await create();
    const token = tokenOf((await move(peerUser, r.id, 'sent')).json().receiverLink);
    const cases: Array<[Promise<Awaited<ReturnType<typeof anon>>>, string]> = [
      [call(peerUser, 'POST', '/api/v1/referrals', body({ note: 'Call after 5\u0000pm' })), 'body.note'],
      [call(peerUser, 'POST', '/api/v1/referrals', part2({ recipient: 'Crossroads\u0000' })), 'body.shared.part2Consent.recipient'],
      [call(peerUser, 'POST', '/api/v1/referrals', part2({ signedOn: '0000-01-01' })), 'body.shared.part2Consent.signedOn'],
      [move(peerUser, r.id, 'accepted', 'by phone\u0000'), 'body.reason'],
      [call(peerUser, 'POST', `/api/v1/referrals/${r.id}/outcome`, { outcome: 'unknown', note: '\u0000' }), 'body.note'],
      [anon('POST', `/api/v1/referral-links/${token}/status`, { status: 'declined', reason: 'full\u0000' }), 'body.reason'],
      [call(admin, 'GET', `/api/v1/referrals/reports?from=0000-01-01&to=${today()}`), 'query.from'],
    ];
    for (const [pending, field] of cases) {
      const res = await pending;
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(problemOf(res).errors?.map((e) => e.field)).toContain(field);
    }
    // The last day a date can have is a period end like any other.
    expect((await call(admin, 'GET', `/api/v1/referrals/reports?from=${today()}&to=9999-12-31`)).statusCode).toBe(200);
    expect((await call(peerUser, 'GET', `/api/v1/referrals/${r.id}`)).json().status).toBe('sent');
  });

  it('shares Part 2 information only under a Part 2 consent, with the notice', async () => {
    const consent = { recipient: 'Ashland Mutual Aid', purpose: 'Food assistance intake', expiresOn: dayOffset(90), method: 'written', signedOn: today() };
    const deniedCreates = async () =>
      (await t.services.db.owner(async (tx) =>
        rowsOf<{ details: { fields?: string[] } }>(await tx.execute(sql`select details from audit_events where action = 'referral.create' and outcome = 'denied' and entity_id = ${maria} order by seq`)),
      )).map((e) => e.details.fields);
    const deniedBefore = (await deniedCreates()).length;
    const sudGoalOnly = await call(peerUser, 'POST', '/api/v1/referrals', body({}, { items: ['name', `goal:${goalSud}`] }));
    expect(sudGoalOnly.statusCode).toBe(400);
    expect(problemOf(sudGoalOnly).errors?.[0]?.field).toBe('body.shared.part2Consent');
    const expired = await call(peerUser, 'POST', '/api/v1/referrals', body({}, { items: ['sud-treatment'], sudTreatment: 'MOUD', part2Consent: { ...consent, expiresOn: today() } }));
    expect(expired.statusCode).toBe(400);
    expect(problemOf(expired).errors?.[0]?.field).toBe('body.shared.part2Consent.expiresOn');
    const noText = await call(peerUser, 'POST', '/api/v1/referrals', body({}, { items: ['sud-treatment'], part2Consent: consent }));
    expect(problemOf(noText).errors?.[0]?.field).toBe('body.shared.sudTreatment');
    // Refused for want of a Part 2 consent in force: a refused disclosure, audited as denied (the missing text is not).
    expect((await deniedCreates()).slice(deniedBefore)).toEqual([['body.shared.part2Consent'], ['body.shared.part2Consent.expiresOn']]);

    const r = await create(peerUser, {}, { items: ['name', `goal:${goalHousing}`, `goal:${goalSud}`, 'sud-treatment'], sudTreatment: 'Buprenorphine since 2024.', part2Consent: consent });
    expect(r.part2).toBe(true);
    expect(r.part2Notice).toBe(PART2_NOTICE);
    const shared = r.shared as { items: Array<{ code: string; part2: boolean; value: string | null }>; part2Consent: { recipient: string } };
    expect(shared.items.map((i) => [i.code.split(':')[0], i.part2])).toEqual([['name', false], ['goal', false], ['goal', true], ['sud-treatment', true]]);
    expect(shared.part2Consent.recipient).toBe('Ashland Mutual Aid');

    // The receiver sees the Part 2 items and the notice while the consent is in force...
    const sent = (await move(peerUser, r.id, 'sent')).json();
    const token = tokenOf(sent.receiverLink);
    const view = (await anon('GET', `/api/v1/referral-links/${token}`)).json();
    expect(view.part2Notice).toBe(PART2_NOTICE);
    expect(view.shared.find((i: { code: string }) => i.code === 'sud-treatment').value).toBe('Buprenorphine since 2024.');
    // ...and not after it expires (the link itself lasts 30 days; the consent 90).
    const saved = now;
    now = new Date(now.getTime() + 91 * 86_400_000);
    try {
      const later = await anon('GET', `/api/v1/referral-links/${token}`);
      expect(later.statusCode).toBe(410);
    } finally {
      now = saved;
    }
  });
});

describe('what is missing and what is withheld', () => {
  it('a field not on file is null with no withholding marker, to the sender and the receiver; only Part 2 withholding says so', async () => {
    // Maria has no address on file and no Part 2 consent applies: a food pantry must not read "Part 2".
    const r = await create(peerUser, {}, { items: ['name', 'address', 'pronouns'] });
    const item = (items: Array<{ code: string }>, code: string) => items.find((i) => i.code === code);
    expect(item((r.shared as { items: Array<{ code: string }> }).items, 'address')).toEqual({ code: 'address', value: null, part2: false, withheld: null });
    const token = tokenOf((await move(peerUser, r.id, 'sent')).json().receiverLink);
    const view = (await anon('GET', `/api/v1/referral-links/${token}`)).json();
    expect(item(view.shared, 'address')).toEqual({ code: 'address', value: null, part2: false, withheld: null });
    expect(item(view.shared, 'pronouns')).toEqual({ code: 'pronouns', value: null, part2: false, withheld: null });
    expect(view.part2Notice).toBeNull();

    // Part 2 information under a consent since withdrawn is withheld, and says why.
    const consent = { recipient: 'Ashland Mutual Aid', purpose: 'Intake', expiresOn: dayOffset(90), method: 'written', signedOn: today() };
    const p2 = await create(peerUser, {}, { items: ['name', 'address', 'sud-treatment'], sudTreatment: 'Methadone since 2023.', part2Consent: consent });
    const t2 = tokenOf((await move(peerUser, p2.id, 'sent')).json().receiverLink);
    expect(item((await anon('GET', `/api/v1/referral-links/${t2}`)).json().shared, 'sud-treatment')).toMatchObject({ value: 'Methadone since 2023.', withheld: null });
    await call(peerUser, 'POST', `/api/v1/referrals/${p2.id}/part2-consent/revoke`);
    const after = (await anon('GET', `/api/v1/referral-links/${t2}`)).json();
    expect(item(after.shared, 'sud-treatment')).toEqual({ code: 'sud-treatment', value: null, part2: true, withheld: 'part2-revoked' });
    expect(item(after.shared, 'address')).toEqual({ code: 'address', value: null, part2: false, withheld: null });
    const sender = (await call(peerUser, 'GET', `/api/v1/referrals/${p2.id}`)).json();
    expect(item(sender.shared.items, 'sud-treatment')).toMatchObject({ withheld: 'part2-revoked' });

    // A consent that expires later withholds it as expired.
    const exp = await create(peerUser, {}, { items: ['sud-treatment'], sudTreatment: 'MOUD.', part2Consent: { ...consent, expiresOn: dayOffset(2) } });
    const t3 = tokenOf((await move(peerUser, exp.id, 'sent')).json().receiverLink);
    const saved = now;
    now = new Date(now.getTime() + 3 * 86_400_000);
    try {
      expect(item((await anon('GET', `/api/v1/referral-links/${t3}`)).json().shared, 'sud-treatment')).toMatchObject({ value: null, withheld: 'part2-expired' });
    } finally {
      now = saved;
    }
  });
});

describe('how the receiver reaches the referring peer', () => {
  it('shows the contact the peer chose, their name and agency, and nothing more of the participant', async () => {
    const r = await create(peerUser, { referrerContact: '(312) 555-0199 ext. 4' });
    expect(r.referrerContact).toBe('(312) 555-0199 ext. 4');
    const token = tokenOf((await move(peerUser, r.id, 'sent')).json().receiverLink);
    const view = (await anon('GET', `/api/v1/referral-links/${token}`)).json();
    expect(view.referredBy).toEqual({ organizationName: 'Referring Agency', name: expect.any(String), contact: '(312) 555-0199 ext. 4' });
    expect(JSON.stringify(view)).not.toContain('maria@example.org');
    const none = await create();
    const t2 = tokenOf((await move(peerUser, none.id, 'sent')).json().receiverLink);
    expect((await anon('GET', `/api/v1/referral-links/${t2}`)).json().referredBy.contact).toBeNull();
    const bad = await call(peerUser, 'POST', '/api/v1/referrals', body({ referrerContact: 'x'.repeat(201) }));
    expect(problemOf(bad).errors?.[0]?.field).toBe('body.referrerContact');
  });
});

describe('withdrawing a Part 2 consent', () => {
  it('the participant withdraws it: the receiver no longer sees the Part 2 items, the rest stays; recorded once, by the sender, audited', async () => {
    const consent = { recipient: 'Ashland Mutual Aid', purpose: 'Food assistance intake', expiresOn: dayOffset(90), method: 'written', signedOn: today() };
    const r = await create(peerUser, {}, { items: ['name', 'sud-treatment'], sudTreatment: 'Methadone since 2023.', part2Consent: consent });
    const token = tokenOf((await move(peerUser, r.id, 'sent')).json().receiverLink);
    const valueOf = (view: { shared: Array<{ code: string; value: string | null }> }, code: string) => view.shared.find((i) => i.code === code)!.value;
    expect(valueOf((await anon('GET', `/api/v1/referral-links/${token}`)).json(), 'sud-treatment')).toBe('Methadone since 2023.');

    expect((await call(stranger, 'POST', `/api/v1/referrals/${r.id}/part2-consent/revoke`)).statusCode).toBe(404);
    expect((await call(analyst, 'POST', `/api/v1/referrals/${r.id}/part2-consent/revoke`)).statusCode).toBe(403);
    const withdrawn = await call(peerUser, 'POST', `/api/v1/referrals/${r.id}/part2-consent/revoke`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().shared.part2Consent.revokedAt).toBe(now.toISOString());

    const view = (await anon('GET', `/api/v1/referral-links/${token}`)).json();
    expect(valueOf(view, 'sud-treatment')).toBeNull();
    expect(valueOf(view, 'name')).toBe('Maria Lopez');
    expect(view.part2Notice).toBeNull();
    expect(JSON.stringify(view)).not.toContain('Methadone');
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/referrals/${r.id}/part2-consent/revoke`))).toMatchObject({ status: 409, code: 'no-part2-consent' });
    const plain = await create();
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/referrals/${plain.id}/part2-consent/revoke`))).toMatchObject({ status: 409, code: 'no-part2-consent' });

    const audit = await t.services.db.owner(async (tx) =>
      rowsOf<{ action: string; actor_id: string; outcome: string }>(await tx.execute(sql`select action, actor_id, outcome from audit_events where entity_id = ${r.id} and action like 'referral.part2%' order by seq`)),
    );
    // The refused attempts (404 to the stranger, 403 to the analyst) are audited as denied; the 409s change nothing and are not.
    expect(audit).toEqual([
      { action: 'referral.part2_consent.revoke', actor_id: stranger.userId, outcome: 'denied' },
      { action: 'referral.part2_consent.revoke', actor_id: analyst.userId, outcome: 'denied' },
      { action: 'referral.part2_consent.revoke', actor_id: peerUser.userId, outcome: 'success' },
    ]);
  });
});

describe('lifecycle', () => {
  it('sends with a receiver link; the receiver (no sign-in) sees only what was shared and accepts; the peer sees it', async () => {
    const r = await create();
    const sent = await move(peerUser, r.id, 'sent');
    expect(sent.statusCode, sent.body).toBe(200);
    const link = sent.json().receiverLink as string;
    expect(link).toMatch(/^http:\/\/localhost(:\d+)?\/r\/[A-Za-z0-9_-]{43}$/);
    expect(sent.json().link).toMatchObject({ state: 'active', uses: 0 });
    const token = tokenOf(link);

    const view = await anon('GET', `/api/v1/referral-links/${token}`);
    expect(view.statusCode, view.body).toBe(200);
    const v = view.json();
    expect(v.status).toBe('received');
    expect(v.shared.map((i: { code: string }) => i.code)).toEqual(['name', 'phone', 'note']);
    expect(JSON.stringify(v)).not.toContain(maria);
    expect(JSON.stringify(v)).not.toContain('1990-05-06');
    expect(JSON.stringify(v)).not.toContain('maria@example.org');
    expect(v.allowedMoves).toEqual(['accepted', 'declined']);
    expect(v.referredBy.organizationName).toBe('Referring Agency');

    const cancel = await anon('POST', `/api/v1/referral-links/${token}/status`, { status: 'cancelled' });
    expect(cancel.statusCode).toBe(403);
    expect(problemOf(cancel).code).toBe('not-a-receiver-move');
    const noReason = await anon('POST', `/api/v1/referral-links/${token}/status`, { status: 'declined' });
    expect(problemOf(noReason).errors?.[0]?.field).toBe('body.reason');
    const accepted = await anon('POST', `/api/v1/referral-links/${token}/status`, { status: 'accepted' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().allowedMoves).toEqual(['in-progress', 'completed', 'not-completed']);
    const again = await anon('POST', `/api/v1/referral-links/${token}/status`, { status: 'accepted' });
    expect(again.statusCode).toBe(409);

    const seen = (await call(peerUser, 'GET', `/api/v1/referrals/${r.id}`)).json();
    expect(seen.status).toBe('accepted');
    expect(seen.acceptedAt).not.toBeNull();
    expect(seen.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['draft', 'sent', 'received', 'accepted']);
    expect(seen.events[2].actor).toMatchObject({ kind: 'link', receiving: true });
    expect(seen.link.uses).toBe(2); // refused attempts are audited, not counted

    // Every use of the link is audited with actor kind "link".
    const rows = await t.services.db.owner(async (tx) => {
      const { sql } = await import('drizzle-orm');
      return (await tx.execute(sql`select action, actor_kind, outcome from audit_events where entity_id = ${r.id} order by seq`)) as unknown as { rows: Array<{ action: string; actor_kind: string; outcome: string }> };
    });
    const linkEvents = rows.rows.filter((e) => e.actor_kind === 'link');
    expect(linkEvents.map((e) => e.action)).toEqual(['referral.link.view', 'referral.link.refused', 'referral.link.refused', 'referral.link.status', 'referral.link.refused']);
    // Only the move that is not the receiver's (403) was a denied access; the missing reason (400) and the repeat (409) were not.
    expect(linkEvents.map((e) => e.outcome)).toEqual(['success', 'denied', 'success', 'success', 'success']);
  });

  it.each(STATUSES)('from %s every illegal move answers 409 and changes nothing', async (from) => {
    const r = await create();
    for (const step of PATH[from]) {
      const res = await move(peerUser, r.id, step, 'because');
      expect(res.statusCode, `${step}: ${res.body}`).toBe(200);
    }
    const illegal = STATUSES.filter((to) => !TRANSITIONS[from].includes(to));
    for (const to of illegal) {
      const res = await move(peerUser, r.id, to, 'because');
      expect(res.statusCode, `${from} -> ${to}`).toBe(409);
      expect(problemOf(res).code).toBe('illegal-transition');
    }
    const after = (await call(peerUser, 'GET', `/api/v1/referrals/${r.id}`)).json();
    expect(after.status).toBe(from);
    expect(after.events.length).toBe(PATH[from].length + 1);
  });

  it('requires a reason to decline or mark not completed', async () => {
    const r = await create();
    await move(peerUser, r.id, 'sent');
    const res = await move(peerUser, r.id, 'declined');
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).errors?.[0]?.field).toBe('body.reason');
    const ok = await move(peerUser, r.id, 'declined', 'No openings until next month');
    expect(ok.json()).toMatchObject({ status: 'declined', statusReason: 'No openings until next month' });
  });
});

describe('links', () => {
  it('revoked, expired, unknown and malformed links answer clear problems', async () => {
    const r = await create();
    const token = tokenOf((await move(peerUser, r.id, 'sent')).json().receiverLink);
    expect((await anon('GET', `/api/v1/referral-links/${token}`)).statusCode).toBe(200);
    const revoked = await call(peerUser, 'POST', `/api/v1/referrals/${r.id}/link/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().link.state).toBe('revoked');
    const gone = await anon('GET', `/api/v1/referral-links/${token}`);
    expect(gone.statusCode).toBe(410);
    expect(problemOf(gone).code).toBe('link-revoked');
    expect(problemOf(await anon('POST', `/api/v1/referral-links/${token}/status`, { status: 'accepted' })).code).toBe('link-revoked');
    expect((await call(peerUser, 'POST', `/api/v1/referrals/${r.id}/link/revoke`)).statusCode).toBe(409);
    const refusedUses = await t.services.db.owner(async (tx) =>
      rowsOf<{ outcome: string; details: { reason: string } }>(await tx.execute(sql`select outcome, details from audit_events where entity_id = ${r.id} and action = 'referral.link.refused' order by seq`)),
    );
    expect(refusedUses.map((e) => [e.outcome, e.details.reason])).toEqual([['denied', 'revoked'], ['denied', 'revoked']]);

    const fresh = await call(peerUser, 'POST', `/api/v1/referrals/${r.id}/link`);
    expect(fresh.statusCode).toBe(200);
    const token2 = tokenOf(fresh.json().receiverLink);
    expect((await anon('GET', `/api/v1/referral-links/${token2}`)).statusCode).toBe(200);

    const saved = now;
    now = new Date(now.getTime() + 31 * 86_400_000);
    try {
      const expired = await anon('GET', `/api/v1/referral-links/${token2}`);
      expect(expired.statusCode).toBe(410);
      expect(problemOf(expired).code).toBe('link-expired');
    } finally {
      now = saved;
    }
    const unknown = await anon('GET', `/api/v1/referral-links/${'A'.repeat(43)}`);
    expect(unknown.statusCode).toBe(404);
    expect(problemOf(unknown).code).toBe('link-not-found');
    expect(problemOf(await anon('GET', '/api/v1/referral-links/short')).code).toBe('link-not-found');
  });

  it('a receiving peer respite publishes its beds from the link page; a food pantry cannot; audited', async () => {
    const respite = (await call(admin, 'POST', '/api/v1/directory/local-services', { name: 'Second Story Peer Respite', categories: ['peer-respite'] })).json().serviceId as string;
    const r = await create(peerUser, { serviceId: respite, need: 'health' });
    const token = tokenOf((await move(peerUser, r.id, 'sent')).json().receiverLink);
    const view = (await anon('GET', `/api/v1/referral-links/${token}`)).json();
    expect(view.beds).toEqual({ current: null });
    const tooMany = await anon('PUT', `/api/v1/referral-links/${token}/beds`, { available: 6, total: 5 });
    expect(tooMany.statusCode).toBe(400);
    expect(problemOf(tooMany).errors?.[0]?.field).toMatch(/available/);
    const put = await anon('PUT', `/api/v1/referral-links/${token}/beds`, { available: 2, total: 5, note: 'Women’s room open' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().beds.current).toMatchObject({ available: 2, total: 5, note: 'Women’s room open', updatedAt: now.toISOString() });
    // staff see the same public figure, with its time
    const detail = (await call(peerUser, 'GET', `/api/v1/directory/services/${respite}`)).json();
    expect(detail.beds).toMatchObject({ available: 2, total: 5, updatedAt: now.toISOString() });
    const audit = await t.services.db.owner(async (tx) => tx.execute(sql`select actor_kind, details from audit_events where action = 'directory.beds.put' and entity_id = ${respite}`));
    expect((audit as unknown as { rows: { actor_kind: string; details: Record<string, unknown> }[] }).rows).toEqual([
      expect.objectContaining({ actor_kind: 'link', details: expect.objectContaining({ via: 'referral-link', referralId: r.id, available: 2 }) }),
    ]);

    const pantry = await create();
    const pantryToken = tokenOf((await move(peerUser, pantry.id, 'sent')).json().receiverLink);
    expect((await anon('GET', `/api/v1/referral-links/${pantryToken}`)).json().beds).toBeNull();
    const refused = await anon('PUT', `/api/v1/referral-links/${pantryToken}/beds`, { available: 1 });
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).code).toBe('no-beds');

    await call(peerUser, 'POST', `/api/v1/referrals/${r.id}/link/revoke`);
    expect(problemOf(await anon('PUT', `/api/v1/referral-links/${token}/beds`, { available: 0 })).code).toBe('link-revoked');
  });

  it('a link use refused for what it sent is audited too, and changes nothing', async () => {
    const r = await create();
    const token = tokenOf((await move(peerUser, r.id, 'sent')).json().receiverLink);
    const bogus = await anon('POST', `/api/v1/referral-links/${token}/status`, { status: 'done' });
    expect(bogus.statusCode).toBe(400);
    expect(problemOf(bogus).errors?.map((e) => e.field)).toContain('body.status');
    const beds = await anon('PUT', `/api/v1/referral-links/${token}/beds`, { available: -1 });
    expect(beds.statusCode).toBe(400);
    const audit = await t.services.db.owner(async (tx) =>
      rowsOf<{ action: string; details: { reason?: string } }>(await tx.execute(sql`select action, details from audit_events where entity_id = ${r.id} and actor_kind = 'link' order by seq`)),
    );
    expect(audit).toEqual([
      expect.objectContaining({ action: 'referral.link.refused', details: expect.objectContaining({ reason: 'validation-failed' }) }),
      expect.objectContaining({ action: 'referral.link.refused', details: expect.objectContaining({ reason: 'validation-failed' }) }),
    ]);
    expect((await call(peerUser, 'GET', `/api/v1/referrals/${r.id}`)).json()).toMatchObject({ status: 'sent', link: { uses: 0 } });
  });

  // Two connections at once: only the server has them (PGlite runs one transaction at a time).
  it.skipIf(!onPostgres)('a link revoked while one of its uses waits for the referral is refused, not acted on', async () => {
    const r = await create();
    const token = tokenOf((await move(peerUser, r.id, 'sent')).json().receiverLink);
    let answer: Promise<Awaited<ReturnType<typeof anon>>> | undefined;
    await t.services.db.owner(async (tx) => {
      // The sender's side holds the referral, as a revocation does, while the holder answers.
      await tx.execute(sql`select id from referrals where id = ${r.id} for update`);
      answer = anon('POST', `/api/v1/referral-links/${token}/status`, { status: 'accepted' });
      for (let i = 0; i < 100; i++) {
        const waiting = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from pg_locks where not granted and locktype = 'transactionid'`))[0]!.n;
        if (waiting > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await tx.execute(sql`update referral_links set revoked_at = now() where referral_id = ${r.id} and revoked_at is null`);
    });
    const res = await answer!;
    expect(problemOf(res)).toMatchObject({ status: 410, code: 'link-revoked' });
    expect((await call(peerUser, 'GET', `/api/v1/referrals/${r.id}`)).json().status).toBe('sent');
  });

  it('stop working when the referral is cancelled; the link length follows the organization setting', async () => {
    const r = await create();
    const token = tokenOf((await move(peerUser, r.id, 'sent')).json().receiverLink);
    await move(peerUser, r.id, 'cancelled');
    expect(problemOf(await anon('GET', `/api/v1/referral-links/${token}`)).code).toBe('link-revoked');
    expect((await call(peerUser, 'POST', `/api/v1/referrals/${r.id}/link`)).statusCode).toBe(409);
  });
});

describe('follow-up and outcome', () => {
  it('lists the peer’s follow-ups overdue first and takes the outcome once closed', async () => {
    const a = await create(peerUser, { urgency: 'routine' });
    const b = await create(peerUser, { urgency: 'emergent' });
    await move(peerUser, a.id, 'sent');
    await move(peerUser, b.id, 'sent');
    const saved = now;
    now = new Date(now.getTime() + 5 * 86_400_000);
    try {
      const res = await call(peerUser, 'GET', '/api/v1/referrals/follow-ups');
      expect(res.statusCode).toBe(200);
      const items = res.json().items as Array<{ id: string; overdue: boolean }>;
      const ia = items.findIndex((i) => i.id === a.id);
      const ib = items.findIndex((i) => i.id === b.id);
      expect(ib).toBeGreaterThanOrEqual(0);
      expect(ib).toBeLessThan(ia);
      expect(items[ib]!.overdue).toBe(true);
      expect(items[ia]!.overdue).toBe(false);
      expect(items.findIndex((i) => !i.overdue)).toBeGreaterThan(items.findLastIndex((i) => i.overdue));
      const overdue = (await call(peerUser, 'GET', '/api/v1/referrals?overdue=true&pageSize=200')).json();
      expect(overdue.items.map((i: { id: string }) => i.id)).toContain(b.id);
      expect(overdue.items.map((i: { id: string }) => i.id)).not.toContain(a.id);
      // overdue=false: every other referral (drafts and those without a due date too).
      const onTime = (await call(peerUser, 'GET', '/api/v1/referrals?overdue=false&pageSize=200')).json();
      expect(onTime.items.map((i: { id: string }) => i.id)).toContain(a.id);
      expect(onTime.items.map((i: { id: string }) => i.id)).not.toContain(b.id);
      expect(onTime.total + overdue.total).toBe((await call(peerUser, 'GET', '/api/v1/referrals?pageSize=200')).json().total);
      // Another peer has no follow-ups of Maria's.
      expect((await call(otherPeer, 'GET', '/api/v1/referrals/follow-ups')).json().items).toEqual([]);
    } finally {
      now = saved;
    }
    const early = await call(peerUser, 'POST', `/api/v1/referrals/${b.id}/outcome`, { outcome: 'need-met' });
    expect(early.statusCode).toBe(409);
    await move(peerUser, b.id, 'accepted');
    await move(peerUser, b.id, 'completed');
    const due = (await call(peerUser, 'GET', '/api/v1/referrals/follow-ups')).json().items.find((i: { id: string }) => i.id === b.id);
    expect(due).toMatchObject({ needsOutcome: true, followUpOn: today() });
    const done = await call(peerUser, 'POST', `/api/v1/referrals/${b.id}/outcome`, { outcome: 'need-met', note: 'Got a bed the same night.' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ outcome: 'need-met', outcomeNote: 'Got a bed the same night.' });
    expect((await call(peerUser, 'GET', '/api/v1/referrals/follow-ups')).json().items.map((i: { id: string }) => i.id)).not.toContain(b.id);
  });
});

describe('lists, roles and tenants', () => {
  it('filters the list; peers see only their participants’ referrals; analysts none', async () => {
    const list = await call(admin, 'GET', `/api/v1/referrals?participantId=${maria}&status=draft&need=food&pageSize=5`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.every((i: { status: string; need: string }) => i.status === 'draft' && i.need === 'food')).toBe(true);
    expect(list.json().pageSize).toBe(5);
    expect((await call(otherPeer, 'GET', '/api/v1/referrals')).json().total).toBe(0);
    const any = list.json().items[0].id as string;
    expect((await call(otherPeer, 'GET', `/api/v1/referrals/${any}`)).statusCode).toBe(404);
    expect((await call(otherPeer, 'POST', '/api/v1/referrals', body())).statusCode).toBe(404);
    expect((await call(analyst, 'GET', '/api/v1/referrals')).statusCode).toBe(403);
    expect((await call(analyst, 'GET', `/api/v1/referrals/${any}`)).statusCode).toBe(403);
  });

  it('another organization gets 404s and empty lists', async () => {
    const r = await create();
    expect((await call(stranger, 'GET', `/api/v1/referrals/${r.id}`)).statusCode).toBe(404);
    expect((await move(stranger, r.id, 'sent')).statusCode).toBe(404);
    expect((await call(stranger, 'POST', `/api/v1/referrals/${r.id}/link/revoke`)).statusCode).toBe(404);
    expect((await call(stranger, 'POST', `/api/v1/referrals/${r.id}/link`)).statusCode).toBe(404);
    expect((await call(stranger, 'POST', `/api/v1/referrals/${r.id}/outcome`, { outcome: 'unknown' })).statusCode).toBe(404);
    expect((await call(stranger, 'GET', '/api/v1/referrals')).json().total).toBe(0);
    expect((await call(stranger, 'GET', '/api/v1/referrals?box=inbox')).json().total).toBe(0);
    expect((await call(stranger, 'GET', '/api/v1/referrals/follow-ups')).json().items).toEqual([]);
    // Its own participant cannot be referred by us, nor ours by it; our local service is not its.
    expect((await call(peerUser, 'POST', '/api/v1/referrals', body({ participantId: foreign }))).statusCode).toBe(404);
    expect((await call(stranger, 'POST', '/api/v1/referrals', body())).statusCode).toBe(404);
    const report = (await call(stranger, 'GET', `/api/v1/referrals/reports?from=${dayOffset(-1)}&to=${dayOffset(1)}`)).json();
    expect(report.total.sent).toBe(0);
  });

  it('a referral cancelled before it was sent never reaches the receiving organization', async () => {
    const r = await create(peerUser, { serviceId: CRISIS_LINE, need: 'health' });
    expect((await move(peerUser, r.id, 'cancelled')).statusCode).toBe(200);
    expect((await call(receiverAdmin, 'GET', `/api/v1/referrals/${r.id}`)).statusCode).toBe(404);
    const inbox = (await call(receiverAdmin, 'GET', '/api/v1/referrals?box=inbox&pageSize=200')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).not.toContain(r.id);
    expect((await move(receiverAdmin, r.id, 'accepted')).statusCode).toBe(404);
    // Row-level security alone keeps it from the receiving organization (no service check involved).
    const seen = await t.services.db.tenant(receiverAdmin.orgId, async (tx) => ({
      referrals: rowsOf(await tx.execute(sql`select id from referrals where id = ${r.id}`)).length,
      events: rowsOf(await tx.execute(sql`select id from referral_events where referral_id = ${r.id}`)).length,
      moved: rowsOf(await tx.execute(sql`update referrals set status = 'accepted' where id = ${r.id} returning id`)).length,
    }));
    expect(seen).toEqual({ referrals: 0, events: 0, moved: 0 });
  });

  it('a receiving organization on the instance sees the referral in its inbox and answers it', async () => {
    const r = await create(peerUser, { serviceId: CRISIS_LINE, need: 'health' });
    expect(r.receivingOrganization).toBe('Crisis Center On Peerbridge');
    expect((await call(receiverAdmin, 'GET', `/api/v1/referrals/${r.id}`)).statusCode).toBe(404); // a draft is not sent
    expect((await call(receiverAdmin, 'GET', '/api/v1/referrals?box=inbox')).json().total).toBe(0);
    await move(peerUser, r.id, 'sent');
    const inbox = (await call(receiverAdmin, 'GET', '/api/v1/referrals?box=inbox')).json();
    expect(inbox.total).toBe(1);
    expect(inbox.items[0]).toMatchObject({ id: r.id, direction: 'received', participant: { id: null, displayName: 'Maria Lopez' } });
    const detail = (await call(receiverAdmin, 'GET', `/api/v1/referrals/${r.id}`)).json();
    expect(detail.shared.items.map((i: { code: string }) => i.code)).toEqual(['name', 'phone', 'note']);
    expect(detail.link).toBeNull();
    expect((await call(receiverAdmin, 'GET', `/api/v1/referrals?box=sent`)).json().total).toBe(0);
    expect((await move(receiverAdmin, r.id, 'cancelled')).statusCode).toBe(403);
    const accepted = await move(receiverAdmin, r.id, 'accepted');
    expect(accepted.statusCode, accepted.body).toBe(200);
    const seen = (await call(peerUser, 'GET', `/api/v1/referrals/${r.id}`)).json();
    expect(seen.status).toBe('accepted');
    expect(seen.events.at(-1).actor).toMatchObject({ kind: 'user', receiving: true });
    expect((await call(receiverAdmin, 'POST', `/api/v1/referrals/${r.id}/outcome`, { outcome: 'need-met' })).statusCode).toBe(403);
    expect((await call(stranger, 'GET', `/api/v1/referrals/${r.id}`)).statusCode).toBe(404);
  });
});

describe('reports', () => {
  it('completion rate and median time to acceptance by need, service and organization', async () => {
    const org = await createOrgWithUser(t, 'admin', 'Report Agency');
    const sup = await addUser(t, org.orgId, 'supervisor');
    const ana = await addUser(t, org.orgId, 'analyst');
    const peer = await addUser(t, org.orgId, 'peer');
    const pid = (await call(org, 'POST', '/api/v1/participants', { givenName: 'Rae', familyName: 'Stone' })).json().id as string;
    const svc = (await call(org, 'POST', '/api/v1/directory/local-services', { name: 'Harbor Shelter', organizationName: 'Harbor Housing' })).json().serviceId as string;
    const make = async (need: string, serviceId: string, steps: Array<[string, number]>) => {
      const res = await call(org, 'POST', '/api/v1/referrals', { participantId: pid, serviceId, need, urgency: 'routine', shared: { items: [], consent: { given: false, method: 'verbal' } } });
      expect(res.statusCode, res.body).toBe(201);
      const saved = now;
      for (const [status, hours] of steps) {
        now = new Date(saved.getTime() + hours * 3_600_000);
        expect((await move(org, res.json().id, status, 'reason')).statusCode).toBe(200);
      }
      now = saved;
    };
    await make('housing', svc, [['sent', 0], ['accepted', 2], ['completed', 10]]);
    await make('housing', svc, [['sent', 0], ['accepted', 6], ['not-completed', 10]]);
    await make('housing', svc, [['sent', 0], ['declined', 1]]);
    await make('food', CRISIS_LINE, [['sent', 0], ['accepted', 4], ['completed', 5]]);
    await make('food', CRISIS_LINE, []);
    const q = `from=${dayOffset(-1)}&to=${dayOffset(1)}`;
    expect((await call(peer, 'GET', `/api/v1/referrals/reports?${q}`)).statusCode).toBe(403);
    expect((await call(sup, 'GET', `/api/v1/referrals/reports?${q}`)).statusCode).toBe(200);
    const res = await call(ana, 'GET', `/api/v1/referrals/reports?${q}`);
    expect(res.statusCode).toBe(200);
    const rep = res.json();
    expect(rep.total).toMatchObject({ sent: 4, accepted: 3, completed: 2, declined: 1, notCompleted: 1, completionRate: 0.5, medianHoursToAcceptance: 4 });
    expect(rep.byNeed.find((g: { key: string }) => g.key === 'housing')).toMatchObject({ sent: 3, completionRate: 0.333, medianHoursToAcceptance: 4 });
    expect(rep.byService.find((g: { key: string }) => g.key === CRISIS_LINE)).toMatchObject({ label: '988 Suicide & Crisis Lifeline', sent: 1, completionRate: 1 });
    expect(rep.byOrganization.map((g: { label: string }) => g.label).sort()).toEqual(['988 Suicide & Crisis Lifeline', 'Harbor Housing']);
    const bad = await call(ana, 'GET', `/api/v1/referrals/reports?from=${dayOffset(1)}&to=${dayOffset(-1)}`);
    expect(bad.statusCode).toBe(400);
    const missing = await call(ana, 'GET', '/api/v1/referrals/reports');
    expect(missing.statusCode).toBe(400);
  });

  it('counts a referral on the organization’s day it was sent, not the UTC day', async () => {
    const org = await createOrgWithUser(t, 'admin', 'Evening Agency'); // America/New_York
    const pid = (await call(org, 'POST', '/api/v1/participants', { givenName: 'Lee', familyName: 'Park' })).json().id as string;
    const svc = (await call(org, 'POST', '/api/v1/directory/local-services', { name: 'Night Shelter' })).json().serviceId as string;
    const saved = now;
    try {
      // 23:30 on 15 January in New York is 04:30 UTC on the 16th.
      now = new Date('2026-01-16T04:30:00Z');
      const r = await call(org, 'POST', '/api/v1/referrals', { participantId: pid, serviceId: svc, need: 'housing', urgency: 'emergent', shared: { items: [], consent: { given: false, method: 'verbal' } } });
      expect(r.statusCode, r.body).toBe(201);
      expect((await move(org, r.json().id, 'sent')).statusCode).toBe(200);
      const sentOn = async (day: string) => (await call(org, 'GET', `/api/v1/referrals/reports?from=${day}&to=${day}`)).json().total.sent;
      expect(await sentOn('2026-01-15')).toBe(1);
      expect(await sentOn('2026-01-16')).toBe(0);
    } finally {
      now = saved;
    }
  });
});
