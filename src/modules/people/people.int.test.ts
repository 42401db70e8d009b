import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { participantInput } from './people.schemas.ts';

let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let otherPeerUser: TestUser;
let analyst: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'People Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  otherPeerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
});
afterAll(() => t?.close());

const call = async (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });

const rosa = {
  displayName: 'Rosa D.',
  pronouns: 'she/her',
  languages: ['en', 'es'],
  livedExperience: [
    { code: 'substance-use.opioids', useForMatching: true, showToParticipants: true },
    { code: 'life.incarceration', useForMatching: true, showToParticipants: false },
    { code: 'mental-health.suicide-attempt-survivor', useForMatching: false, showToParticipants: false },
  ],
  specialties: ['peer-support-specialist', 'forensic-peer'],
  location: { postalCode: '60614', lat: 41.92, lon: -87.65 },
  serviceRadiusKm: 25,
  availability: [{ day: 'tue', start: '17:00', end: '20:00' }],
  timeZone: 'America/Chicago',
  maxCaseload: 12,
  certifications: [{ type: 'CPRS', issuer: 'IL Certification Board', number: 'A-1', expiresOn: '2027-06-30' }],
};

describe('peer profiles', () => {
  let peerId: string;

  it('a peer creates their own profile; it answers 201 with the record', async () => {
    const res = await call(peerUser, 'POST', '/api/v1/peers', { ...rosa, userId: peerUser.userId });
    expect(res.statusCode).toBe(201);
    const peer = res.json();
    peerId = peer.id;
    expect(peer).toMatchObject({ displayName: 'Rosa D.', activeCaseload: 0, maxCaseload: 12, acceptingNew: true, location: { postalCode: '60614' } });
    expect(peer.livedExperience).toHaveLength(3);
  });

  it('a supervisor never sees private experience; the peer and admins do', async () => {
    const sup = (await call(supervisor, 'GET', `/api/v1/peers/${peerId}`)).json();
    expect(sup.livedExperience.map((d: { code: string }) => d.code)).toEqual(['substance-use.opioids', 'life.incarceration']);
    const list = (await call(otherPeerUser, 'GET', '/api/v1/peers')).json();
    expect(JSON.stringify(list)).not.toContain('suicide-attempt-survivor');
    expect((await call(peerUser, 'GET', '/api/v1/peers/me')).json().livedExperience).toHaveLength(3);
    expect((await call(admin, 'GET', `/api/v1/peers/${peerId}`)).json().livedExperience).toHaveLength(3);
  });

  it("analysts read no peer's profile (lived experience, identity, birth year): aggregates only", async () => {
    for (const url of ['/api/v1/peers', `/api/v1/peers/${peerId}`]) {
      const res = await call(analyst, 'GET', url);
      expect(problemOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
      expect(res.body).not.toContain('substance-use');
    }
  });

  it('only the peer or an admin changes disclosures; a supervisor may change the rest', async () => {
    const denied = await call(supervisor, 'PATCH', `/api/v1/peers/${peerId}`, { livedExperience: [] });
    expect(problemOf(denied)).toMatchObject({ status: 403, code: 'disclosures-belong-to-peer' });
    const ok = await call(supervisor, 'PATCH', `/api/v1/peers/${peerId}`, { maxCaseload: 10 });
    expect(ok.json().maxCaseload).toBe(10);
    const own = await call(peerUser, 'PATCH', `/api/v1/peers/${peerId}`, { livedExperience: rosa.livedExperience.slice(0, 1) });
    expect(own.json().livedExperience).toHaveLength(1);
    const other = await call(otherPeerUser, 'PATCH', `/api/v1/peers/${peerId}`, { pronouns: 'they/them' });
    expect(problemOf(other).status).toBe(403);
    const audit = (await call(admin, 'GET', `/api/v1/audit-events?entityId=${peerId}&action=peer.disclosures_change`)).json();
    expect(audit.items[0].details).toMatchObject({ fields: ['livedExperience'], byPeer: true });
  });

  it('refuses unknown codes, impossible windows and negative capacity, naming the field and storing nothing', async () => {
    const before = (await call(admin, 'GET', '/api/v1/peers')).json().total;
    const res = await call(admin, 'POST', '/api/v1/peers', {
      ...rosa,
      livedExperience: [{ code: 'substance-use.kratom', useForMatching: true }],
      availability: [{ day: 'mon', start: '18:00', end: '09:00' }],
    });
    expect(problemOf(res).errors?.map((e) => e.field).sort()).toEqual(['body.availability.0.end', 'body.livedExperience.0.code']);
    const neg = await call(admin, 'POST', '/api/v1/peers', { ...rosa, maxCaseload: -1 });
    expect(problemOf(neg).errors?.[0]?.field).toBe('body.maxCaseload');
    const badDay = await call(admin, 'POST', '/api/v1/peers', { ...rosa, availability: [{ day: 'someday', start: '09:00', end: '10:00' }] });
    expect(problemOf(badDay).errors?.[0]?.field).toBe('body.availability.0.day');
    expect((await call(admin, 'GET', '/api/v1/peers')).json().total).toBe(before);
  });

  it("another organization's peer answers 404", async () => {
    expect(problemOf(await call(stranger, 'GET', `/api/v1/peers/${peerId}`)).status).toBe(404);
    expect(problemOf(await call(stranger, 'PATCH', `/api/v1/peers/${peerId}`, { maxCaseload: 1 })).status).toBe(404);
    expect((await call(stranger, 'GET', '/api/v1/peers')).json().total).toBe(0);
  });

  it("links a profile only to a user of its own organization: another organization's user is not found, and keeps their own", async () => {
    const theirs = await addUser(t, stranger.orgId, 'peer');
    const taken = await call(admin, 'POST', '/api/v1/peers', { displayName: 'Not Ours', userId: theirs.userId });
    expect(problemOf(taken)).toMatchObject({ status: 404, errors: [{ field: 'body.userId' }] });
    const unknown = await call(admin, 'POST', '/api/v1/peers', { displayName: 'Nobody', userId: crypto.randomUUID() });
    expect(problemOf(unknown)).toMatchObject({ status: 404, errors: [{ field: 'body.userId' }] });
    const ours = (await call(admin, 'POST', '/api/v1/peers', { displayName: 'Unlinked' })).json().id as string;
    expect(problemOf(await call(admin, 'PATCH', `/api/v1/peers/${ours}`, { userId: theirs.userId }))).toMatchObject({ status: 404, errors: [{ field: 'body.userId' }] });
    // Their organization still links its own user.
    expect((await call(theirs, 'POST', '/api/v1/peers', { displayName: 'Their Own', userId: theirs.userId })).statusCode).toBe(201);
  });
});

describe('participants', () => {
  const intake = {
    givenName: 'Luis',
    familyName: 'Ortega',
    preferredName: 'Lucho',
    birthDate: '1999-04-02',
    contact: { phone: '+1 312 555 0100', okToText: true },
    languages: ['es'],
    location: { postalCode: '60608', lat: 41.85, lon: -87.66 },
    preferences: {
      livedExperience: [{ code: 'substance-use.opioids', importance: 'required' }],
      modalities: ['in-person', 'phone'],
      availability: [{ day: 'tue', start: '18:00', end: '19:30' }],
    },
  };
  let id: string;

  it('intake creates a waitlisted participant; reading it is audited', async () => {
    const res = await call(peerUser, 'POST', '/api/v1/participants', intake);
    expect(res.statusCode).toBe(201);
    const p = res.json();
    id = p.id;
    expect(p).toMatchObject({ displayName: 'Lucho', status: 'waitlisted', contact: { phone: '+1 312 555 0100' }, currentAssignment: null });
    await call(supervisor, 'GET', `/api/v1/participants/${id}`);
    const audit = (await call(admin, 'GET', `/api/v1/audit-events?entityId=${id}`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['participant.read', 'participant.create']);
  });

  it('peers see only participants they took in or are assigned; analysts none', async () => {
    expect((await call(peerUser, 'GET', `/api/v1/participants/${id}`)).statusCode).toBe(200);
    expect(problemOf(await call(otherPeerUser, 'GET', `/api/v1/participants/${id}`)).status).toBe(404);
    expect((await call(otherPeerUser, 'GET', '/api/v1/participants')).json().total).toBe(0);
    expect(problemOf(await call(analyst, 'GET', '/api/v1/participants')).status).toBe(403);
    expect((await call(supervisor, 'GET', '/api/v1/participants?q=orteg')).json().total).toBe(1);
  });

  it('updates with an audit of the fields changed', async () => {
    const res = await call(supervisor, 'PATCH', `/api/v1/participants/${id}`, { pronouns: 'he/him', status: 'inactive' });
    expect(res.json()).toMatchObject({ pronouns: 'he/him', status: 'inactive' });
    const audit = (await call(admin, 'GET', `/api/v1/audit-events?entityId=${id}&action=participant.update`)).json();
    expect(audit.items[0].details.fields.sort()).toEqual(['pronouns', 'status']);
  });

  it('refuses bad input naming the field, and hides other organizations', async () => {
    const bad = await call(admin, 'POST', '/api/v1/participants', {
      ...intake,
      birthDate: '2999-01-01',
      preferences: { ...intake.preferences, livedExperience: [{ code: 'nope', importance: 'required' }] },
    });
    expect(problemOf(bad).errors?.map((e) => e.field).sort()).toEqual(['body.birthDate', 'body.preferences.livedExperience.0.code']);
    const missing = await call(admin, 'POST', '/api/v1/participants', { familyName: 'X' });
    expect(problemOf(missing).errors?.[0]?.field).toBe('body.givenName');
    expect(problemOf(await call(stranger, 'GET', `/api/v1/participants/${id}`)).status).toBe(404);
    expect(problemOf(await call(stranger, 'PATCH', `/api/v1/participants/${id}`, { pronouns: 'x' })).status).toBe(404);
  });

  it('stores contact details encrypted at rest', async () => {
    const { sql } = await import('drizzle-orm');
    const rows = await t.services.db.tenant(admin.orgId, (tx) => tx.execute(sql`select contact_enc from participants where id = ${id}`));
    const enc = (rows as unknown as { rows: Array<{ contact_enc: string }> }).rows[0]!.contact_enc;
    expect(enc.startsWith('v1.')).toBe(true);
    expect(enc).not.toContain('555');
  });
});

describe("a birth date's today is the organization's", () => {
  it('takes a baby born this morning in Auckland, typed in or sent as a FHIR Patient', async () => {
    // 20:00 UTC on December 6 is 9 am on December 7 in Auckland. Far past the real clock, so a
    // check against the server's own day refuses it too.
    const morning = await createTestApp({ clock: () => new Date('2099-12-06T20:00:00Z') });
    try {
      const auckland = await morning.services.identity.createOrganization(systemActor('test'), { name: 'Auckland Peers', timeZone: 'Pacific/Auckland' });
      const boss = await addUser(morning, auckland.id, 'admin');
      const send = (url: string, payload: object) => morning.app.inject({ method: 'POST', url, headers: { authorization: boss.auth }, payload });
      const typed = await send('/api/v1/participants', { givenName: 'Aroha', familyName: 'Ngata', birthDate: '2099-12-07' });
      expect(typed.statusCode, typed.body).toBe(201);
      const sent = await send('/api/v1/fhir/Patient', { resourceType: 'Patient', name: [{ use: 'official', family: 'Ngata', given: ['Tama'] }], birthDate: '2099-12-07' });
      expect(sent.statusCode, sent.body).toBe(201);
      expect(problemOf(await send('/api/v1/participants', { givenName: 'Not', familyName: 'Yet', birthDate: '2099-12-08' })).errors).toEqual([{ field: 'body.birthDate', message: 'The birth date is in the future' }]);
    } finally {
      await morning.close();
    }
  });
});

describe('assignments', () => {
  it("dates a match, its rating and its end by the service's clock, as the rest of a record is dated", async () => {
    // A history made on a clock set back (the demo's, DemoContext.servicesAt) must show a match
    // made months ago, not today: a peer's caseload by week counts the matches of each week.
    let now = new Date('2026-03-02T15:00:00Z');
    const past = await createTestApp({ clock: () => now });
    try {
      const org = await past.services.identity.createOrganization(systemActor('test'), { name: 'Clocked Peers', timeZone: 'America/Chicago' });
      const actor = systemActor('test', org.id);
      const peer = await past.services.people.createPeer(actor, { displayName: 'Clock Peer', languages: ['en'], livedExperience: [], specialties: [], raceEthnicity: [], modalities: ['in-person'], availability: [], timeZone: 'America/Chicago', maxCaseload: 5, acceptingNew: true, certifications: [] });
      const p = await past.services.people.createParticipant(actor, participantInput.parse({ givenName: 'Dee', familyName: 'Clock' }));
      const a = await past.services.people.assign(actor, p.id, { peerId: peer.id, consent: { given: true, method: 'verbal' } });
      expect(a.assignedAt).toBe('2026-03-02T15:00:00.000Z');
      expect(a.consent.recordedAt).toBe('2026-03-02T15:00:00.000Z');
      now = new Date('2026-03-20T16:00:00Z');
      expect((await past.services.matching.recordQuality(actor, a.id, { rating: 4, keptMeeting: true })).recordedAt).toBe('2026-03-20T16:00:00.000Z');
      now = new Date('2026-06-01T17:00:00Z');
      expect((await past.services.people.endAssignment(actor, a.id, { endedBy: 'program', reason: 'Completed the program goals.', returnToWaitlist: false })).endedAt).toBe('2026-06-01T17:00:00.000Z');
    } finally {
      await past.close();
    }
  });

  it("dates a waitlist batch and the matches it makes by the service's clock", async () => {
    let now = new Date('2026-04-06T14:00:00Z');
    const past = await createTestApp({ clock: () => now });
    try {
      const org = await past.services.identity.createOrganization(systemActor('test'), { name: 'Clocked Batch', timeZone: 'America/Chicago' });
      const actor = systemActor('test', org.id);
      await past.services.people.createPeer(actor, { displayName: 'Batch Peer', languages: ['en'], livedExperience: [], specialties: [], raceEthnicity: [], modalities: ['in-person'], availability: [], timeZone: 'America/Chicago', maxCaseload: 5, acceptingNew: true, certifications: [] });
      const p = await past.services.people.createParticipant(actor, participantInput.parse({ givenName: 'Bea', familyName: 'Waiting' }));
      const waitingSince = async () => (await past.services.matching.waitlist(actor, { page: 1, pageSize: 20 })).items.find((w) => w.participantId === p.id)?.waitingSince;
      // Waiting since she came, whatever is corrected on her record since.
      now = new Date('2026-04-06T16:00:00Z');
      await past.services.people.updateParticipant(actor, p.id, { contact: { phone: '773 555 0199' } });
      expect(await waitingSince()).toBe('2026-04-06T14:00:00.000Z');
      now = new Date('2026-04-06T14:00:00Z');
      expect((await past.services.matching.proposeBatch(actor, { dryRun: true, lang: 'en' })).createdAt).toBe('2026-04-06T14:00:00.000Z');
      const batch = await past.services.matching.proposeBatch(actor, { dryRun: false, lang: 'en' });
      expect(batch.createdAt).toBe('2026-04-06T14:00:00.000Z');
      now = new Date('2026-04-07T15:30:00Z');
      await past.services.matching.acceptBatch(actor, batch.id!, { consents: [{ participantId: p.id, given: true, method: 'verbal' }] });
      const match = (await past.services.people.getParticipant(actor, p.id)).currentAssignment!;
      expect(match.assignedAt).toBe('2026-04-07T15:30:00.000Z');
      // Back on the list when the match ends: waiting since then.
      now = new Date('2026-05-01T18:00:00Z');
      await past.services.people.endAssignment(actor, match.id, { endedBy: 'participant', reason: 'Moved across town.', returnToWaitlist: true });
      expect(await waitingSince()).toBe('2026-05-01T18:00:00.000Z');
    } finally {
      await past.close();
    }
  });

  it('assigns with consent, refuses a full peer with 409, ends without blame and frees capacity', async () => {
    const peer = (await call(admin, 'POST', '/api/v1/peers', { displayName: 'Solo Peer', maxCaseload: 1 })).json();
    const p1 = (await call(supervisor, 'POST', '/api/v1/participants', { givenName: 'Ana', familyName: 'One' })).json();
    const p2 = (await call(supervisor, 'POST', '/api/v1/participants', { givenName: 'Ben', familyName: 'Two' })).json();

    const noConsent = await call(supervisor, 'POST', `/api/v1/participants/${p1.id}/assignments`, { peerId: peer.id, consent: { given: false } });
    expect(problemOf(noConsent).errors?.[0]?.field).toBe('body.consent.given');

    const a1 = await call(supervisor, 'POST', `/api/v1/participants/${p1.id}/assignments`, { peerId: peer.id, consent: { given: true, method: 'verbal' } });
    expect(a1.statusCode).toBe(201);
    expect(a1.json()).toMatchObject({ status: 'active', peer: { id: peer.id, displayName: 'Solo Peer' }, consent: { given: true, method: 'verbal' } });
    expect((await call(supervisor, 'GET', `/api/v1/participants/${p1.id}`)).json()).toMatchObject({ status: 'active', currentAssignment: { peerId: peer.id } });

    const full = await call(supervisor, 'POST', `/api/v1/participants/${p2.id}/assignments`, { peerId: peer.id, consent: { given: true } });
    expect(problemOf(full)).toMatchObject({ status: 409, code: 'peer-full' });
    expect(problemOf(full).detail).toContain('1 of 1');

    const ended = await call(supervisor, 'POST', `/api/v1/assignments/${a1.json().id}/end`, { endedBy: 'participant', reason: 'Moved to another county' });
    expect(ended.json()).toMatchObject({ status: 'ended', endedBy: 'participant', endReason: 'Moved to another county' });
    expect((await call(supervisor, 'GET', `/api/v1/participants/${p1.id}`)).json().status).toBe('waitlisted');
    expect(problemOf(await call(supervisor, 'POST', `/api/v1/assignments/${a1.json().id}/end`, { endedBy: 'peer', reason: 'again' })).status).toBe(409);

    expect((await call(supervisor, 'POST', `/api/v1/participants/${p2.id}/assignments`, { peerId: peer.id, consent: { given: true } })).statusCode).toBe(201);
    const history = (await call(supervisor, 'GET', `/api/v1/participants/${p1.id}/assignments`)).json();
    expect(history.items).toHaveLength(1);
  });

  it('only supervisors and admins assign; other organizations get 404', async () => {
    const peer = (await call(admin, 'POST', '/api/v1/peers', { displayName: 'Another Peer' })).json();
    const p = (await call(peerUser, 'POST', '/api/v1/participants', { givenName: 'Cy', familyName: 'Three' })).json();
    expect(problemOf(await call(peerUser, 'POST', `/api/v1/participants/${p.id}/assignments`, { peerId: peer.id, consent: { given: true } })).status).toBe(403);
    expect(problemOf(await call(stranger, 'POST', `/api/v1/participants/${p.id}/assignments`, { peerId: peer.id, consent: { given: true } })).status).toBe(404);
    const theirPeer = (await call(stranger, 'POST', '/api/v1/peers', { displayName: 'Their Peer' })).json();
    const cross = await call(supervisor, 'POST', `/api/v1/participants/${p.id}/assignments`, { peerId: theirPeer.id, consent: { given: true } });
    expect(problemOf(cross)).toMatchObject({ status: 404, errors: [{ field: 'body.peerId' }] });
  });
});
