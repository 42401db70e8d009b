import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { pdfText } from '../../../test/harness/pdf.ts';

/**
 * Issue 23: the record as a printable PDF in the person's language, strengths first, from the
 * same records as $everything: the person's own from the portal (their notes' words, the Part 2
 * goal, the redisclosure notice), staff's from the participant's record (Part 2 only as for the
 * Bundle), audited, and never another person's.
 */

let t: TestApp;
let admin: TestUser;
let peerUser: TestUser;
let otherPeer: TestUser;
let analyst: TestUser;
let stranger: TestUser;
let lucia: string;
let ben: string;

type Method = 'GET' | 'POST' | 'PUT';
const call = async (user: TestUser, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const portalSession = async (participantId: string) => {
  const inv = await call(peerUser, 'POST', `/api/v1/participants/${participantId}/portal-invitations`);
  expect(inv.statusCode, inv.body).toBe(201);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { token: (inv.json() as { url: string }).url.split('/p/')[1] } });
  expect(res.statusCode, res.body).toBe(201);
  return `pb_portal=${res.cookies.find((c) => c.name === 'pb_portal')!.value}`;
};
const pdfOf = (res: { statusCode: number; body: string; headers: Record<string, unknown>; rawPayload: Buffer }) => {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return pdfText(res.rawPayload);
};
const ownPdf = async (cookie: string, query = '') => pdfOf(await t.app.inject({ method: 'GET', url: `/api/v1/portal/record.pdf${query}`, headers: { cookie } }));

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Harbor Peer Center');
  peerUser = await addUser(t, admin.orgId, 'peer');
  otherPeer = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  const peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId, languages: ['en', 'es'] })).json().id;
  await call(otherPeer, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: otherPeer.userId });
  lucia = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Lucía', familyName: 'Pérez', birthDate: '1988-02-03', languages: ['es'] })).json().id;
  ben = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ben', familyName: 'Okafor', languages: ['en'] })).json().id;
  for (const p of [lucia, ben]) expect((await call(admin, 'POST', `/api/v1/participants/${p}/assignments`, { peerId, consent: { given: true, method: 'verbal' } })).statusCode).toBe(201);
  const plan = await call(peerUser, 'PUT', `/api/v1/participants/${lucia}/plan`, {
    goals: [
      { text: 'Tener mi propio apartamento antes del verano', lifeArea: 'housing', steps: [{ text: 'Pedir el vale de vivienda', status: 'done' }] },
      { text: 'Seguir con la buprenorfina', lifeArea: 'substance use', steps: [] },
    ],
    strengths: ['No me rindo nunca'],
    supports: [{ name: 'Mi hermana Carmen', kind: 'person' }],
  });
  expect(plan.statusCode, plan.body).toBe(200);
  const note = await call(peerUser, 'POST', '/api/v1/encounters', {
    participantId: lucia, type: 'individual', modality: 'phone', startedAt: hoursAgo(30), durationMinutes: 45,
    narrative: 'Hablamos de mi casero y del vale.', nextSteps: 'Llamar a la oficina de vivienda.', activities: ['shared-lived-experience'],
  });
  expect(note.statusCode, note.body).toBe(201);
  expect((await call(peerUser, 'POST', `/api/v1/encounters/${note.json().id}/sign`, {})).statusCode).toBe(200);
  const svc = await call(admin, 'POST', '/api/v1/directory/local-services', { name: 'Clínica Crossroads', organizationName: 'Crossroads', categories: ['health'] });
  const ref = await call(peerUser, 'POST', '/api/v1/referrals', {
    participantId: lucia, serviceId: svc.json().serviceId, need: 'treatment', urgency: 'routine', note: '',
    shared: {
      items: ['name', 'sud-treatment'], sudTreatment: 'Buprenorfina desde 2024', consent: { given: true, method: 'verbal' },
      part2Consent: { recipient: 'Clínica Crossroads', purpose: 'Continuar el tratamiento', expiresOn: inDays(200), method: 'written', signedOn: inDays(-1) },
    },
  });
  expect(ref.statusCode, ref.body).toBe(201);
  const phq = await call(peerUser, 'POST', `/api/v1/participants/${lucia}/assessments`, {
    instrument: 'phq-9', answers: { 'phq9.1': 1, 'phq9.2': 2, 'phq9.3': 1, 'phq9.4': 0, 'phq9.5': 1, 'phq9.6': 0, 'phq9.7': 1, 'phq9.8': 0, 'phq9.9': 0 }, administeredAt: hoursAgo(5), mode: 'peer-administered',
  });
  expect(phq.statusCode, phq.body).toBe(201);
});
afterAll(() => t?.close());

describe('the record as a printable PDF', () => {
  it("gives the person their own record in Spanish, strengths first, with their notes' words and the Part 2 notice", async () => {
    const text = await ownPdf(await portalSession(lucia));
    for (const words of [
      'Mi expediente', 'Lucía Pérez', 'Expediente de Harbor Peer Center',
      'Lo que usted hace bien', 'No me rindo nunca', 'Mi hermana Carmen',
      'Su par', 'Rosa Delgado', 'Tener mi propio apartamento antes del verano', 'Pedir el vale de vivienda (hecho)', 'Área de vida: Vivienda',
      'Seguir con la buprenorfina', 'Reuniones', 'Apoyo entre pares, uno a uno', 'Hablamos de mi casero y del vale.', 'Por teléfono',
      'Controles a lo largo del tiempo', 'PHQ-9', 'Lugares a los que le referimos', 'Clínica Crossroads (Crossroads)', 'Tratamiento', 'Todavía no enviado',
      'Permisos que usted dio', 'Apoyo entre pares con Rosa Delgado', 'Compartir registros sobre consumo de sustancias con Clínica Crossroads (42 CFR Parte 2)',
      '42 CFR Parte 2', 'protected by federal confidentiality rules (42 CFR part 2)',
      'Quién abrió su expediente', 'Rosa Delgado (par)', 'Página 1 de',
    ]) expect(text, words).toContain(words);
    // Strengths first, then the peer, the plan, the meetings; who opened it last.
    const at = (s: string) => text.indexOf(s);
    expect(at('Lo que usted hace bien')).toBeLessThan(at('Su par'));
    expect(at('Su par')).toBeLessThan(at('Su plan de recuperación'));
    expect(at('Su plan de recuperación')).toBeLessThan(at('Reuniones'));
    expect(at('Reuniones')).toBeLessThan(at('Quién abrió su expediente'));
    // English when asked.
    const en = await ownPdf(await portalSession(lucia), '?lang=en');
    expect(en).toContain('What you are good at');
    expect(en).toContain('Peer support, one to one');
  });

  it('never gives one participant another\'s record, and nothing without a session', async () => {
    const text = await ownPdf(await portalSession(ben));
    expect(text).toContain('My record');
    expect(text).toContain('Ben Okafor');
    expect(text).not.toMatch(/Lucía|apartamento|buprenorfina|42 CFR/);
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/portal/record.pdf' });
    expect(problemOf(none).status).toBe(401);
  });

  it("gives staff the person's record in the person's language, Part 2 only as for the Bundle, audited", async () => {
    const text = pdfOf(await call(peerUser, 'GET', `/api/v1/participants/${lucia}/record.pdf`));
    expect(text).toContain('Lucía Pérez');
    expect(text).toContain('Fortalezas');
    expect(text).toContain('Tener mi propio apartamento antes del verano');
    // The substance-use goal stays home and the note's words are the person's only.
    expect(text).not.toContain('buprenorfina');
    expect(text).not.toContain('Hablamos de mi casero');
    // The referral's Part 2 consent is in force: it travels with the notice.
    expect(text).toContain('protected by federal confidentiality rules (42 CFR part 2)');
    expect(pdfOf(await call(admin, 'GET', `/api/v1/participants/${lucia}/record.pdf?lang=en`))).toContain('Strengths');
    // As the record itself: another organization and a peer outside the caseload get 404, analysts 403.
    expect(problemOf(await call(stranger, 'GET', `/api/v1/participants/${lucia}/record.pdf`)).status).toBe(404);
    expect(problemOf(await call(otherPeer, 'GET', `/api/v1/participants/${lucia}/record.pdf`)).status).toBe(404);
    expect(problemOf(await call(analyst, 'GET', `/api/v1/participants/${lucia}/record.pdf`)).status).toBe(403);
    const events = (await call(admin, 'GET', '/api/v1/audit-events?action=participant.record_pdf')).json().items as Array<{ entityId: string; outcome: string; details: { reader?: string; lang?: string } }>;
    const mine = events.filter((e) => e.entityId === lucia);
    expect(mine.filter((e) => e.outcome !== 'denied').map((e) => `${e.details.reader}:${e.details.lang}`).sort()).toEqual(['person:en', 'person:es', 'staff:en', 'staff:es']);
    expect(mine.some((e) => e.outcome === 'denied')).toBe(true);
    const downloads = (await call(admin, 'GET', '/api/v1/audit-events?action=portal.record.download')).json().items as Array<{ entityId: string; details: { format?: string } }>;
    expect(downloads.filter((e) => e.entityId === lucia && e.details.format === 'pdf')).toHaveLength(2);
  });
});
