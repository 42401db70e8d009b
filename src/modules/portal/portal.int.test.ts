import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { rowsOf } from '../../db/client.ts';

/** Issue 23: the public request, the intake queue and the participant's portal, end to end over HTTP. */

let t: TestApp;
let now = new Date('2026-03-02T15:00:00Z');
const tick = (ms: number) => (now = new Date(now.getTime() + ms));
let admin: TestUser;
let peerUser: TestUser;
let stranger: TestUser;
let ana: string;
let ben: string;
let rosaPeerId: string;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const call = async (user: TestUser, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });

const count = async (orgId: string, table: string) =>
  t.database.db.tenant(orgId, async (tx) => Number(rowsOf<{ n: string }>(await tx.execute(sql.raw(`select count(*) as n from ${table}`)))[0]!.n));

/** The page's question, answered as a person would, a few seconds later. */
const question = async (lang: 'en' | 'es' = 'en') => {
  const org = (await t.app.inject({ method: 'GET', url: `/api/v1/public/organizations/harbor?lang=${lang}` })).json() as { challenge: { question: string; token: string } };
  const [a, b] = org.challenge.question.match(/\d+/g)!.map(Number);
  tick(3000);
  return { token: org.challenge.token, answer: String(a! + b!) };
};
const request = async (body: Record<string, unknown>, challenge?: { token: string; answer: string }) =>
  t.app.inject({ method: 'POST', url: '/api/v1/public/organizations/harbor/peer-requests', payload: { challenge: challenge ?? (await question()), ...body } });

/** Signs in to the portal with a link's token; answers the cookie and CSRF token. */
const portalSignIn = async (url: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { token: url.split('/p/')[1] } });
  expect(res.statusCode, res.body).toBe(201);
  const cookie = res.cookies.find((c) => c.name === 'pb_portal')!;
  return { cookie: `pb_portal=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken, path: cookie.path };
};
const asParticipant = (s: { cookie: string; csrf: string }, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const invite = async (participantId: string) => {
  const res = await call(peerUser, 'POST', `/api/v1/participants/${participantId}/portal-invitations`);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { url: string; expiresAt: string };
};

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  admin = await createOrgWithUser(t, 'admin', 'Harbor Peer Center');
  peerUser = await addUser(t, admin.orgId, 'peer');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  const settings = await call(admin, 'PUT', '/api/v1/organization/public-intake', { slug: 'harbor', enabled: true, fields: ['name', 'safeTimes', 'language', 'experiences', 'gender', 'modality', 'place'], phone: '(312) 555-0199', responseDays: 2 });
  expect(settings.statusCode, settings.body).toBe(200);
  rosaPeerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId, languages: ['en', 'es'], genderIdentity: 'woman', livedExperience: [{ code: 'substance-use.opioids', useForMatching: true, showToParticipants: true }, { code: 'life.incarceration', useForMatching: true, showToParticipants: false }] })).json().id;
  ana = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ana', familyName: 'Ruiz' })).json().id;
  ben = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ben', familyName: 'Okafor' })).json().id;
  for (const p of [ana, ben]) expect((await call(admin, 'POST', `/api/v1/participants/${p}/assignments`, { peerId: rosaPeerId, consent: { given: true, method: 'verbal' } })).statusCode).toBe(201);
  expect((await call(peerUser, 'PUT', `/api/v1/participants/${ana}/plan`, { goals: [{ text: 'Get my own apartment by summer', lifeArea: 'housing' }], strengths: ['I keep going'] })).statusCode).toBe(200);
});
afterAll(async () => t?.close());

describe('the public page and request', () => {
  it('names the organization, what it asks and the crisis lines; an unknown slug is a 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/public/organizations/harbor?lang=es' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ name: 'Harbor Peer Center', phone: '(312) 555-0199', responseDays: 2 });
    expect(body.crisisLines.map((c: { number: string }) => c.number)).toEqual(['988', '211', '911']);
    expect(body.challenge.question).toMatch(/^¿Cuánto es \d más \d\?$/);
    expect(problemOf(await t.app.inject({ method: 'GET', url: '/api/v1/public/organizations/nowhere' })).status).toBe(404);
  });

  it('stores a request with only a phone and answers its reference and nothing else', async () => {
    const before = await count(admin.orgId, 'peer_requests');
    const res = await request({ contact: { phone: '312-555-0142', byText: true } });
    expect(res.statusCode, res.body).toBe(201);
    expect(Object.keys(res.json())).toEqual(['reference']);
    expect(res.json().reference).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await count(admin.orgId, 'peer_requests')).toBe(before + 1);
  });

  it('refuses a request with no way to reach the person, naming the field, and stores nothing', async () => {
    const before = await count(admin.orgId, 'peer_requests');
    const res = await request({ contact: {}, name: 'Jo', experiences: ['life.homelessness'] });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).errors?.[0]?.field).toBe('body.contact');
    expect(await count(admin.orgId, 'peer_requests')).toBe(before);
  });

  it('refuses a wrong answer to the question, and a filled honeypot stores nothing while looking accepted', async () => {
    const c = await question();
    const wrong = await request({ contact: { phone: '3125550100' } }, { token: c.token, answer: String(Number(c.answer) + 1) });
    expect(problemOf(wrong).errors?.[0]?.field).toBe('body.challenge.answer');
    const before = await count(admin.orgId, 'peer_requests');
    const bot = await request({ contact: { phone: '3125550100' }, website: 'http://spam.example' });
    expect(bot.statusCode).toBe(201);
    expect(await count(admin.orgId, 'peer_requests')).toBe(before);
  });

  it('keeps a script in free text as text: the queue answers it as written, the page escapes it', async () => {
    tick(3_600_000); // a fresh hour for this address
    const script = '<script>alert(1)</script>';
    const res = await request({ contact: { phone: '(773) 555-0111', safeTimes: `after 5 ${script}` }, name: script });
    expect(res.statusCode, res.body).toBe(201);
    const queue = (await call(admin, 'GET', '/api/v1/peer-requests')).json().items as Array<{ reference: string; name: string; contact: { safeTimes: string } }>;
    const mine = queue.find((q) => q.reference === res.json().reference)!;
    expect(mine.name).toBe(script);
    expect(mine.contact.safeTimes).toBe(`after 5 ${script}`);
    // The HTML form shown again after a problem escapes what the person wrote.
    const page = await t.app.inject({ method: 'POST', url: '/o/harbor/find-a-peer', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `lang=en&name=${encodeURIComponent(script)}&answer=1&token=x` });
    expect(page.statusCode).toBe(400);
    expect(page.body).not.toContain(script);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('takes the no-JavaScript form in Spanish and answers a confirmation page with the reference and what happens next', async () => {
    tick(3_600_000);
    const html = (await t.app.inject({ method: 'GET', url: '/o/harbor/find-a-peer?lang=es' })).body;
    expect(html).toContain('<html lang="es">');
    expect(html).not.toContain('<script');
    const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
    const [a, b] = /¿Cuánto es (\d) más (\d)\?/.exec(html)!.slice(1).map(Number);
    tick(5000);
    const form = new URLSearchParams({ lang: 'es', phone: '773 555 0123', byText: '1', language: 'es', gender: 'woman', modality: 'phone', place: '60608', token, answer: String(a! + b!) });
    form.append('experiences', 'substance-use.opioids');
    const res = await t.app.inject({ method: 'POST', url: '/o/harbor/find-a-peer', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).toContain('Su número de referencia');
    expect(res.body).toMatch(/enviarle un texto en 2 días hábiles/);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('lets the agency site frame only the embeddable variant', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/o/harbor/find-a-peer' });
    expect(plain.headers['x-frame-options']).toBe('DENY');
    const embed = await t.app.inject({ method: 'GET', url: '/o/harbor/find-a-peer?embed=1' });
    expect(embed.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(embed.headers['x-frame-options']).toBeUndefined();
  });

  it('refuses a flood from one address with 429 and stores nothing more', async () => {
    tick(3_600_000);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await request({ contact: { email: `flood${i}@example.org` } })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

describe('the intake queue', () => {
  it('turns a Spanish request into a prefilled participant and answers the top matches', async () => {
    const queue = (await call(admin, 'GET', '/api/v1/peer-requests?status=new&lang=es')).json().items as Array<{ id: string; language: string | null; experiences: Array<{ label: string }> }>;
    const spanish = queue.find((q) => q.language === 'es')!;
    expect(spanish.experiences[0]!.label).toMatch(/Opioides/);
    const res = await call(admin, 'POST', `/api/v1/peer-requests/${spanish.id}/intake?lang=es`, {});
    expect(res.statusCode, res.body).toBe(201);
    const { participantId, matches } = res.json();
    expect(matches[0].peer.id).toBe(rosaPeerId);
    const p = (await call(admin, 'GET', `/api/v1/participants/${participantId}`)).json();
    expect(p.languages).toEqual(['es']);
    expect(p.contact).toMatchObject({ phone: '773 555 0123', okToText: true });
    expect(p.preferences.livedExperience).toEqual([{ code: 'substance-use.opioids', importance: 'preferred' }]);
    expect(problemOf(await call(admin, 'POST', `/api/v1/peer-requests/${spanish.id}/intake`, {})).status).toBe(409);
  });

  it('is for supervisors and admins only, and shows another organization nothing', async () => {
    expect((await call(peerUser, 'GET', '/api/v1/peer-requests')).statusCode).toBe(403);
    expect((await call(stranger, 'GET', '/api/v1/peer-requests')).json().items).toEqual([]);
  });
});

describe('our peers', () => {
  it('shows a peer only with a bio they approved, and only the experiences they chose to show', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/organizations/harbor/peers' })).json().items).toEqual([]);
    expect((await call(peerUser, 'PUT', '/api/v1/peers/me/public-bio', { bio: 'I have been where you are. <b>Recovery</b> is possible.', approved: true })).statusCode).toBe(200);
    const items = (await t.app.inject({ method: 'GET', url: '/api/v1/public/organizations/harbor/peers?lang=en' })).json().items;
    expect(items).toEqual([{ displayName: 'Rosa Delgado', pronouns: null, languages: ['en', 'es'], experiences: ['Opioids (like heroin, fentanyl or pills)'], bio: 'I have been where you are. <b>Recovery</b> is possible.' }]);
    const page = (await t.app.inject({ method: 'GET', url: '/o/harbor/peers' })).body;
    expect(page).toContain('&lt;b&gt;Recovery&lt;/b&gt;');
    expect(page).not.toMatch(/Jail or prison/);
  });
});

describe('the portal', () => {
  let anaSession: { cookie: string; csrf: string; path: string | undefined };

  it('signs in once with the invitation link; the same link again, an unknown one and an expired one answer alike', async () => {
    const { url, expiresAt } = await invite(ana);
    expect(new Date(expiresAt).getTime() - now.getTime()).toBe(7 * 86_400_000);
    anaSession = await portalSignIn(url);
    expect(anaSession.path).toBe('/api/v1/portal');
    const reused = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { token: url.split('/p/')[1] } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { token: 'x'.repeat(43) } });
    const old = await invite(ben);
    tick(8 * 86_400_000);
    const expired = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { token: old.url.split('/p/')[1] } });
    for (const r of [reused, unknown, expired]) {
      expect(r.statusCode).toBe(410);
      expect({ code: problemOf(r).code, detail: problemOf(r).detail }).toEqual({ code: 'link-not-valid', detail: 'This link does not work any more. Ask your peer for a new one.' });
    }
    anaSession = await portalSignIn((await invite(ana)).url);
  });

  it('shows the participant their peer, plan and record; never another person\'s', async () => {
    const me = await asParticipant(anaSession, 'GET', '/api/v1/portal/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ firstName: 'Ana', organization: { name: 'Harbor Peer Center' }, peer: { displayName: 'Rosa Delgado', email: peerUser.email } });
    const plan = (await asParticipant(anaSession, 'GET', '/api/v1/portal/plan')).json();
    expect(plan.plan.goals[0].text).toBe('Get my own apartment by summer');
    // Ben's session sees Ben only.
    const benSession = await portalSignIn((await invite(ben)).url);
    expect((await asParticipant(benSession, 'GET', '/api/v1/portal/me')).json().firstName).toBe('Ben');
    expect((await asParticipant(benSession, 'GET', '/api/v1/portal/plan')).json().plan).toBeNull();
    // A portal session is no staff credential: the staff API does not open Ana's record for it.
    for (const url of [`/api/v1/participants/${ana}`, `/api/v1/participants/${ben}`, '/api/v1/peer-requests']) {
      expect((await asParticipant(benSession, 'GET', url)).statusCode).toBe(401);
    }
    // Without the cookie, nothing.
    expect(problemOf(await t.app.inject({ method: 'GET', url: '/api/v1/portal/me' })).status).toBe(401);
  });

  it('takes a suggested plan change and a correction as tasks staff see', async () => {
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/portal/corrections', headers: { cookie: anaSession.cookie }, payload: { text: 'x' } });
    expect(noCsrf.statusCode).toBe(403);
    expect((await asParticipant(anaSession, 'POST', '/api/v1/portal/plan/suggestions', { text: 'Add: go back to school' })).statusCode).toBe(201);
    const c = await asParticipant(anaSession, 'POST', '/api/v1/portal/corrections', { text: 'My birth date is wrong' });
    expect(c.statusCode, c.body).toBe(201);
    expect(problemOf(await asParticipant(anaSession, 'POST', '/api/v1/portal/corrections', { text: '  ' })).errors?.[0]?.field).toBe('body.text');
    const tasks = (await call(admin, 'GET', '/api/v1/portal-requests?status=open')).json().items as Array<{ id: string; kind: string; text: string; participantName: string }>;
    expect(tasks.map((x) => [x.kind, x.text, x.participantName])).toEqual([
      ['plan-change', 'Add: go back to school', 'Ana Ruiz'],
      ['correction', 'My birth date is wrong', 'Ana Ruiz'],
    ]);
    expect((await asParticipant(anaSession, 'GET', '/api/v1/portal/plan')).json().suggestions[0].text).toBe('Add: go back to school');
    expect((await call(admin, 'POST', `/api/v1/portal-requests/${tasks[1]!.id}/done`)).statusCode).toBe(204);
  });

  it('lists every consent and takes a referral\'s sharing consent back, explaining the effect', async () => {
    const svc = (await call(admin, 'POST', '/api/v1/directory/local-services', { name: 'Westside Food Pantry', organizationName: 'Ashland Mutual Aid', categories: ['food'] })).json().serviceId;
    const ref = await call(peerUser, 'POST', '/api/v1/referrals', { participantId: ana, serviceId: svc, need: 'food', urgency: 'routine', note: '', shared: { items: ['name'], consent: { given: true, method: 'verbal' } } });
    expect(ref.statusCode, ref.body).toBe(201);
    expect((await call(peerUser, 'POST', `/api/v1/referrals/${ref.json().id}/status`, { status: 'sent' })).statusCode).toBe(200);
    const consents = (await asParticipant(anaSession, 'GET', '/api/v1/portal/consents')).json().items as Array<{ kind: string; referralId: string | null; canRevoke: boolean; state: string }>;
    expect(consents.map((c) => [c.kind, c.state, c.canRevoke])).toEqual([
      ['peer-support', 'in-force', false],
      ['referral-sharing', 'in-force', true],
    ]);
    const referrals = (await asParticipant(anaSession, 'GET', '/api/v1/portal/referrals')).json().items;
    expect(referrals).toMatchObject([{ service: 'Westside Food Pantry', status: 'sent' }]);
    const revoked = await asParticipant(anaSession, 'POST', '/api/v1/portal/consents/revoke?lang=es', { kind: 'referral-sharing', referralId: ref.json().id });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().effect).toMatch(/el enlace que enviamos a este lugar deja de funcionar/);
    expect((await call(peerUser, 'GET', `/api/v1/referrals/${ref.json().id}`)).json().link.state).toBe('revoked');
    expect((await asParticipant(anaSession, 'POST', '/api/v1/portal/consents/revoke', { kind: 'referral-sharing', referralId: ref.json().id })).statusCode).toBe(409);
    // Ben cannot take back Ana's consent: the same 404 as for no consent at all.
    const benSession = await portalSignIn((await invite(ben)).url);
    expect((await asParticipant(benSession, 'POST', '/api/v1/portal/consents/revoke', { kind: 'part2', referralId: ref.json().id })).statusCode).toBe(404);
  });

  it('tells who opened the record, in plain words', async () => {
    await call(peerUser, 'GET', `/api/v1/participants/${ana}`);
    const log = (await asParticipant(anaSession, 'GET', '/api/v1/portal/access-log?lang=en')).json().items as Array<{ who: string; whoKind: string; what: string }>;
    expect(log.some((l) => l.who === 'Rosa Delgado (peer)' && l.what === 'looked at your record')).toBe(true);
    expect(log.some((l) => l.whoKind === 'you' && l.what === 'signed in to this portal')).toBe(true);
    expect(log.every((l) => !/@/.test(l.who))).toBe(true);
  });

  it('ends a session after 15 quiet minutes and on sign-out', async () => {
    const s = await portalSignIn((await invite(ana)).url);
    tick(16 * 60_000);
    expect((await asParticipant(s, 'GET', '/api/v1/portal/me')).statusCode).toBe(401);
    const s2 = await portalSignIn((await invite(ana)).url);
    expect((await asParticipant(s2, 'DELETE', '/api/v1/portal/session')).statusCode).toBe(204);
    expect((await asParticipant(s2, 'GET', '/api/v1/portal/me')).statusCode).toBe(401);
  });
});

export type { LightMyRequestResponse };
