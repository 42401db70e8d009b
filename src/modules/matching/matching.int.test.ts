import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { rowsOf } from '../../db/client.ts';
import { getParticipant } from '../people/people.repo.ts';
import { matchRequestState } from './matching.repo.ts';

let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let analyst: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Matching Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Other Agency');
});
afterAll(() => t?.close());

const call = async (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { authorization: user.auth, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });

const chicago = { postalCode: '60608', lat: 41.85, lon: -87.66 };
const peer = async (user: TestUser, body: Record<string, unknown>) => {
  const res = await call(user, 'POST', '/api/v1/peers', { timeZone: 'America/Chicago', modalities: ['in-person', 'phone'], location: chicago, serviceRadiusKm: 30, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; displayName: string };
};
const participant = async (user: TestUser, body: Record<string, unknown>) => {
  const res = await call(user, 'POST', '/api/v1/participants', { location: { postalCode: '60623', lat: 41.85, lon: -87.71 }, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
};

describe('taxonomy', () => {
  it('serves the hierarchical codes with English and Spanish labels', async () => {
    const items = (await call(supervisor, 'GET', '/api/v1/taxonomies/lived-experience?lang=es')).json().items as Array<{ code: string; parent: string | null; label: string; labels: { en: string } }>;
    const opioids = items.find((i) => i.code === 'substance-use.opioids')!;
    expect(opioids).toMatchObject({ parent: 'substance-use', label: 'Opioides', labels: { en: 'Opioids' } });
    for (const code of ['recovery-pathway.medication', 'mental-health.suicide-attempt-survivor', 'life.loss-to-overdose', 'identity.lgbtq', 'family.parent-of-child-with-challenges']) {
      expect(items.map((i) => i.code)).toContain(code);
    }
  });
});

describe('matches', () => {
  let rosa: { id: string }, ben: { id: string }, closed: { id: string }, hidden: { id: string }, full: { id: string };
  let luis: { id: string };

  beforeAll(async () => {
    rosa = await peer(admin, { displayName: 'Rosa', languages: ['en', 'es'], livedExperience: [{ code: 'substance-use.opioids', useForMatching: true, showToParticipants: true }], availability: [{ day: 'tue', start: '17:00', end: '21:00' }] });
    ben = await peer(admin, { displayName: 'Ben', languages: ['en'], livedExperience: [{ code: 'substance-use.opioids', useForMatching: true, showToParticipants: true }] });
    closed = await peer(admin, { displayName: 'Closed', languages: ['es'], acceptingNew: false, livedExperience: [{ code: 'substance-use.opioids', useForMatching: true }] });
    // The same experience, kept private: it must neither qualify nor show.
    hidden = await peer(admin, { displayName: 'Hidden', languages: ['es'], livedExperience: [{ code: 'substance-use.opioids', useForMatching: false, showToParticipants: false }] });
    full = await peer(admin, { displayName: 'Full', languages: ['es'], maxCaseload: 0, livedExperience: [{ code: 'substance-use.opioids', useForMatching: true }] });
    luis = await participant(supervisor, {
      givenName: 'Luis', familyName: 'Ortega', languages: ['es'],
      preferences: { livedExperience: [{ code: 'substance-use.opioids', importance: 'required' }], modalities: ['in-person'], availability: [{ day: 'tue', start: '18:00', end: '19:30' }], timeZone: 'America/Chicago' },
    });
  });

  it('ranks only peers who pass every hard constraint, and says why in the caller’s language', async () => {
    const res = await call(supervisor, 'GET', `/api/v1/participants/${luis.id}/matches?limit=10`, undefined, { 'accept-language': 'es-MX,es;q=0.9' });
    expect(res.statusCode).toBe(200);
    const matches = res.json().matches as Array<{ peer: { id: string }; score: number; reasons: Array<{ code: string; label: string }> }>;
    // Spanish is required (Luis does not speak English): Ben is out; Closed, Hidden and Full fail other rules.
    expect(matches.map((m) => m.peer.id)).toEqual([rosa.id]);
    expect(matches[0]!.score).toBeGreaterThan(0);
    expect(matches[0]!.score).toBeLessThanOrEqual(1);
    const labels = matches[0]!.reasons.map((r) => r.label);
    expect(labels).toContain('También en recuperación del consumo de opioides');
    expect(labels.some((l) => l.startsWith('Habla'))).toBe(true);
    // Distance in miles, as US participants count it ("A 3 millas", "A menos de una milla").
    expect(labels.some((l) => /milla/.test(l))).toBe(true);
    expect(labels.some((l) => l.startsWith('Disponible los martes'))).toBe(true);
    const en = (await call(supervisor, 'GET', `/api/v1/participants/${luis.id}/matches?lang=en`)).json().matches;
    expect(en[0].reasons.map((r: { label: string }) => r.label)).toContain('Also in recovery from opioid use');
    expect(JSON.stringify(en)).not.toContain(hidden.id);
    expect([ben.id, closed.id, full.id].some((id) => JSON.stringify(en).includes(id))).toBe(false);
  });

  it('sees a profile change at once (no stale cache)', async () => {
    await call(admin, 'PATCH', `/api/v1/peers/${rosa.id}`, { acceptingNew: false });
    expect((await call(supervisor, 'GET', `/api/v1/participants/${luis.id}/matches`)).json().matches).toEqual([]);
    await call(admin, 'PATCH', `/api/v1/peers/${rosa.id}`, { acceptingNew: true });
    expect((await call(supervisor, 'GET', `/api/v1/participants/${luis.id}/matches`)).json().matches).toHaveLength(1);
  });

  it('assigning records the reasons; an ended match is never proposed again; quality feeds retention', async () => {
    const a = await call(supervisor, 'POST', `/api/v1/participants/${luis.id}/assignments`, { peerId: rosa.id, consent: { given: true, method: 'verbal' } });
    expect(a.statusCode).toBe(201);
    expect(a.json().matchScore).toBeGreaterThan(0);
    const q = await call(supervisor, 'POST', `/api/v1/assignments/${a.json().id}/quality`, { rating: 5, keptMeeting: true });
    expect(q.json()).toMatchObject({ rating: 5, keptMeeting: true });
    const bad = await call(supervisor, 'POST', `/api/v1/assignments/${a.json().id}/quality`, { rating: 9, keptMeeting: true });
    expect(problemOf(bad).errors?.[0]?.field).toBe('body.rating');
    const retention = (await call(analyst, 'GET', '/api/v1/matching/retention')).json();
    expect(retention.overall).toMatchObject({ matches: 1, keptMeeting: 1, keptMeetingRate: 1, averageRating: 5 });
    expect(retention.byCriterion.map((c: { criterion: string }) => c.criterion)).toContain('experience');
    // A period's days are the organization's (New York): a match made at 02:30 UTC on March 1 was
    // made on the evening of February 28 there.
    await t.database.db.owner(async (tx) => {
      await tx.execute(sql`select set_config('app.org_id', ${supervisor.orgId}, true)`);
      await tx.execute(sql`update assignments set assigned_at = '2026-03-01T02:30:00Z' where id = ${a.json().id}`);
    });
    const on = async (day: string) => (await call(analyst, 'GET', `/api/v1/matching/retention?from=${day}&to=${day}`)).json().overall.matches;
    expect(await on('2026-02-28')).toBe(1);
    expect(await on('2026-03-01')).toBe(0);

    await call(supervisor, 'POST', `/api/v1/assignments/${a.json().id}/end`, { endedBy: 'participant', reason: 'Schedules no longer fit' });
    expect((await call(supervisor, 'GET', `/api/v1/participants/${luis.id}/matches`)).json().matches).toEqual([]);
  });

  it('answers 404 for another organization and 403 for analysts', async () => {
    expect(problemOf(await call(stranger, 'GET', `/api/v1/participants/${luis.id}/matches`)).status).toBe(404);
    expect(problemOf(await call(analyst, 'GET', `/api/v1/participants/${luis.id}/matches`)).status).toBe(403);
    expect((await call(stranger, 'GET', '/api/v1/waitlist')).json().total).toBe(0);
  });
});

describe('the match request read', () => {
  it('returns the participant as the schema maps it, the settings, the version and the ended matches', async () => {
    const org = await createOrgWithUser(t, 'admin', 'State Agency');
    const p = await peer(org, { displayName: 'Pat', maxCaseload: 3 });
    const who = await participant(org, {
      givenName: 'Sam', familyName: 'S', birthDate: '1990-02-28', languages: ['es', 'en'], raceEthnicity: ['Hispanic or Latino'],
      preferences: { livedExperience: [{ code: 'substance-use.opioids', importance: 'preferred' }], modalities: ['phone'], availability: [{ day: 'mon', start: '09:00', end: '10:30' }], timeZone: 'America/Denver', youthPeer: 'preferred' },
    });
    const a = await call(org, 'POST', `/api/v1/participants/${who.id}/assignments`, { peerId: p.id, consent: { given: true } });
    expect(a.statusCode, a.body).toBe(201);
    await call(org, 'POST', `/api/v1/assignments/${a.json().id}/end`, { endedBy: 'peer', reason: 'Moved away' });
    await call(org, 'PUT', '/api/v1/matching/settings', { weights: { distance: 0.2 } });

    const { state, row } = await t.database.db.tenant(org.orgId, async (tx) => ({ state: await matchRequestState(tx, org.orgId, who.id), row: await getParticipant(tx, who.id) }));
    expect(row).toBeDefined();
    const { id, birthDate, languages, lat, lon, raceEthnicity, preferences } = row!;
    expect(state!.participant).toStrictEqual({ id, birthDate, languages, lat, lon, raceEthnicity, preferences });
    expect(state!.participant!.birthDate).toBe('1990-02-28');
    expect(state).toMatchObject({ timeZone: expect.any(String), ended: [p.id], settings: { matchWeights: { distance: 0.2 } } });
    expect(state!.version).toEqual(expect.any(Number));
    expect(state!.version).toBeGreaterThan(0);

    // Unknown (or another organization's) participant: the organization's state, no participant.
    const none = await t.database.db.tenant(org.orgId, (tx) => matchRequestState(tx, org.orgId, randomUUID()));
    expect(none).toMatchObject({ participant: null, ended: [], timeZone: state!.timeZone, version: state!.version });
  });
});

describe('waitlist batch', () => {
  it('proposes the best total within capacity, and accepts in one step', async () => {
    const org = await createOrgWithUser(t, 'admin', 'Batch Agency');
    const sup = await addUser(t, org.orgId, 'supervisor');
    const opioids = [{ code: 'substance-use.opioids', useForMatching: true, showToParticipants: true }];
    const p1 = await peer(org, { displayName: 'Peer One', maxCaseload: 1, livedExperience: opioids });
    const p2 = await peer(org, { displayName: 'Peer Two', maxCaseload: 1, livedExperience: [{ code: 'life.military-service', useForMatching: true, showToParticipants: true }] });
    const a = await participant(sup, { givenName: 'Ann', familyName: 'A', preferences: { livedExperience: [{ code: 'substance-use.opioids', importance: 'required' }], modalities: ['in-person'] } });
    const b = await participant(sup, { givenName: 'Bo', familyName: 'B', preferences: { livedExperience: [{ code: 'substance-use.opioids', importance: 'preferred' }], modalities: ['in-person'] } });
    const c = await participant(sup, { givenName: 'Cy', familyName: 'C', preferences: { livedExperience: [{ code: 'life.military-service', importance: 'required' }], modalities: ['in-person'] } });

    const waitlist = (await call(sup, 'GET', '/api/v1/waitlist')).json();
    expect(waitlist.total).toBe(3);

    const dry = await call(sup, 'POST', '/api/v1/match-batches', { dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json().id).toBeNull();

    const proposed = await call(sup, 'POST', '/api/v1/match-batches', {});
    expect(proposed.statusCode).toBe(201);
    const batch = proposed.json();
    const pairs = Object.fromEntries(batch.proposals.map((p: { participantId: string; peerId: string }) => [p.participantId, p.peerId]));
    // Ann needs Peer One (required); Cy needs Peer Two; Bo would like Peer One but the total is best as is.
    expect(pairs).toEqual({ [a.id]: p1.id, [c.id]: p2.id });
    expect(batch.unassigned.map((u: { participantId: string }) => u.participantId)).toEqual([b.id]);
    expect(batch.proposals[0].reasons.length).toBeGreaterThan(0);

    // The old contract: one checkbox recorded consent for everyone. Refused, nothing stored.
    const blanket = await call(sup, 'POST', `/api/v1/match-batches/${batch.id}/accept`, { consent: { given: true, method: 'verbal' } });
    expect(problemOf(blanket)).toMatchObject({ status: 400 });
    expect(problemOf(blanket).errors?.[0]?.field).toBe('body.consents');
    expect((await call(sup, 'GET', '/api/v1/waitlist')).json().total).toBe(3);
    // Consent is per person: accepting Ann and Cy with only Ann's consent recorded names Cy, and accepts nobody.
    const missing = await call(sup, 'POST', `/api/v1/match-batches/${batch.id}/accept`, { participantIds: [a.id, c.id], consents: [{ participantId: a.id, given: true, method: 'verbal' }] });
    expect(problemOf(missing).status).toBe(400);
    expect(problemOf(missing).errors).toEqual([{ field: 'body.consents', message: expect.stringContaining(c.id) }]);
    const declined = await call(sup, 'POST', `/api/v1/match-batches/${batch.id}/accept`, { participantIds: [c.id], consents: [{ participantId: c.id, given: false, method: 'verbal' }] });
    expect(problemOf(declined).errors?.[0]?.message).toContain(c.id);
    expect((await call(sup, 'GET', '/api/v1/waitlist')).json().total).toBe(3);
    expect((await call(sup, 'GET', `/api/v1/match-batches/${batch.id}`)).json().proposals.every((p: { decision: string | null }) => p.decision === null)).toBe(true);
    // "Accept all" accepts exactly those whose consent was recorded: Ann (in writing), not Cy.
    const some = await call(sup, 'POST', `/api/v1/match-batches/${batch.id}/accept`, { consents: [{ participantId: a.id, given: true, method: 'written' }] });
    expect(some.statusCode, some.body).toBe(200);
    expect(some.json()).toMatchObject({ status: 'partly-accepted' });
    const decision = (j: { proposals: Array<{ participantId: string; decision: string | null }> }, id: string) => j.proposals.find((p) => p.participantId === id)!.decision;
    expect(decision(some.json(), a.id)).toBe('accepted');
    expect(decision(some.json(), c.id)).toBeNull();
    const annAssignment = await t.services.db.owner(async (tx) => rowsOf<{ method: string }>(await tx.execute(sql`select consent->>'method' as method from assignments where participant_id = ${a.id}`)));
    expect(annAssignment.map((r) => r.method)).toEqual(['written']);
    const accepted = await call(sup, 'POST', `/api/v1/match-batches/${batch.id}/accept`, { consents: [{ participantId: c.id, given: true, method: 'verbal' }] });
    expect(accepted.json()).toMatchObject({ status: 'accepted' });
    expect(accepted.json().proposals.every((p: { decision: string }) => p.decision === 'accepted')).toBe(true);
    expect((await call(sup, 'GET', `/api/v1/participants/${a.id}`)).json().status).toBe('active');
    expect((await call(sup, 'GET', '/api/v1/waitlist')).json().total).toBe(1);
    expect(problemOf(await call(sup, 'POST', `/api/v1/match-batches/${batch.id}/accept`, { consents: [{ participantId: a.id, given: true }] })).code).toBe('batch-decided');
    expect(problemOf(await call(stranger, 'GET', `/api/v1/match-batches/${batch.id}`)).status).toBe(404);
  });

  it('accepting one by one marks a proposal that no longer fits as failed', async () => {
    const org = await createOrgWithUser(t, 'admin', 'One By One');
    const p1 = await peer(org, { displayName: 'Only Peer', maxCaseload: 1 });
    const a = await participant(org, { givenName: 'Dee', familyName: 'D' });
    const batch = (await call(org, 'POST', '/api/v1/match-batches', {})).json();
    expect(batch.proposals).toHaveLength(1);
    // Meanwhile someone fills the peer by hand.
    const other = await participant(org, { givenName: 'Eve', familyName: 'E' });
    await call(org, 'POST', `/api/v1/participants/${other.id}/assignments`, { peerId: p1.id, consent: { given: true } });
    const res = await call(org, 'POST', `/api/v1/match-batches/${batch.id}/accept`, { participantIds: [a.id], consents: [{ participantId: a.id, given: true }] });
    expect(res.json().proposals[0]).toMatchObject({ decision: 'failed', problem: expect.stringContaining('capacity') });
  });
});

describe('settings', () => {
  it('validates weights and extension codes, naming the field, and uses extensions at once', async () => {
    const bad = await call(admin, 'PUT', '/api/v1/matching/settings', { weights: { livedExperience: -1, nonsense: 2 } });
    expect(problemOf(bad).errors?.map((e) => e.field).sort()).toEqual(['body.weights.livedExperience', 'body.weights.nonsense']);
    expect(problemOf(await call(supervisor, 'PUT', '/api/v1/matching/settings', { weights: {} })).status).toBe(403);
    const ok = await call(admin, 'PUT', '/api/v1/matching/settings', {
      weights: { livedExperience: 0.5 },
      livedExperienceExtensions: [{ code: 'substance-use.kratom', labels: { en: 'Kratom', es: 'Kratom' } }],
    });
    expect(ok.json().weights.livedExperience).toBe(0.5);
    const p = await call(supervisor, 'POST', '/api/v1/participants', { givenName: 'K', familyName: 'K', preferences: { livedExperience: [{ code: 'substance-use.kratom', importance: 'preferred' }] } });
    expect(p.statusCode).toBe(201);
    expect((await call(stranger, 'POST', '/api/v1/participants', { givenName: 'K', familyName: 'K', preferences: { livedExperience: [{ code: 'substance-use.kratom', importance: 'preferred' }] } })).statusCode).toBe(400);
  });
});
