import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/**
 * Issue 18: a peer sees of a colleague only what a participant would see (display name, shown
 * experiences, languages, specialties), and only an admin links a profile to a user account.
 */
let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let rosaUser: TestUser;
let jamesUser: TestUser;
let rosaId: string;
let jamesId: string;

const call = async (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });

const rosa = {
  displayName: 'Rosa D.',
  pronouns: 'she/her',
  languages: ['en', 'es'],
  livedExperience: [
    { code: 'substance-use.opioids', useForMatching: true, showToParticipants: true },
    { code: 'life.incarceration', useForMatching: true, showToParticipants: false },
    { code: 'mental-health.suicide-attempt-survivor', useForMatching: true, showToParticipants: false },
  ],
  specialties: ['peer-support-specialist', 'forensic-peer'],
  genderIdentity: 'woman',
  raceEthnicity: ['Hispanic or Latina'],
  birthYear: 1984,
  location: { postalCode: '60614', lat: 41.9214, lon: -87.6513 },
  serviceRadiusKm: 25,
  availability: [{ day: 'tue', start: '17:00', end: '20:00' }],
  timeZone: 'America/Chicago',
  maxCaseload: 12,
  npi: '1245319599',
  certifications: [{ type: 'CPRS', issuer: 'IL Certification Board', number: 'A-1', expiresOn: '2027-06-30' }],
};

/** What must never reach a colleague: every private value of Rosa's profile, as it is serialized. */
const SECRETS = ['incarceration', 'suicide-attempt-survivor', 'woman', 'Hispanic', '1984', '41.9214', '-87.6513', '60614', 'CPRS', '1245319599', 'maxCaseload', 'birthYear'];

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Privacy Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  rosaUser = await addUser(t, admin.orgId, 'peer');
  jamesUser = await addUser(t, admin.orgId, 'peer');
  rosaId = (await call(rosaUser, 'POST', '/api/v1/peers', { ...rosa, userId: rosaUser.userId })).json().id;
  jamesId = (await call(jamesUser, 'POST', '/api/v1/peers', { displayName: 'James B.', userId: jamesUser.userId, location: { postalCode: '60608', lat: 41.85, lon: -87.66 } })).json().id;
});
afterAll(() => t?.close());

describe("a peer reading a colleague's profile", () => {
  it('the peer list shows a colleague as a participant would see them, and the peer themself in full', async () => {
    const res = await call(jamesUser, 'GET', '/api/v1/peers');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<Record<string, unknown>>;
    const seen = items.find((p) => p.id === rosaId)!;
    expect(seen).toEqual({
      id: rosaId,
      displayName: 'Rosa D.',
      pronouns: 'she/her',
      languages: ['en', 'es'],
      livedExperience: [{ code: 'substance-use.opioids', useForMatching: true, showToParticipants: true }],
      specialties: ['peer-support-specialist', 'forensic-peer'],
      modalities: ['in-person', 'phone'],
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    for (const secret of SECRETS) expect(JSON.stringify(seen)).not.toContain(secret);
    // James's own row in the same list is his, in full.
    expect(items.find((p) => p.id === jamesId)).toMatchObject({ location: { postalCode: '60608' }, maxCaseload: 15 });
  });

  it("the peer detail hides the same fields; the peer's own profile and staff views keep them", async () => {
    const detail = await call(jamesUser, 'GET', `/api/v1/peers/${rosaId}`);
    expect(detail.statusCode).toBe(200);
    for (const secret of SECRETS) expect(detail.body).not.toContain(secret);
    const own = (await call(rosaUser, 'GET', '/api/v1/peers/me')).json();
    expect(own).toMatchObject({ birthYear: 1984, genderIdentity: 'woman', location: { lat: 41.9214 } });
    expect(own.livedExperience).toHaveLength(3);
    // Supervisors match: they see what matching needs (not private experience, which Rosa has none of here).
    const sup = (await call(supervisor, 'GET', `/api/v1/peers/${rosaId}`)).json();
    expect(sup).toMatchObject({ birthYear: 1984, raceEthnicity: ['Hispanic or Latina'], location: { lat: 41.9214 }, maxCaseload: 12 });
    expect(sup.livedExperience.map((d: { code: string }) => d.code)).toContain('mental-health.suicide-attempt-survivor');
    expect((await call(admin, 'GET', `/api/v1/peers/${rosaId}`)).json()).toMatchObject({ birthYear: 1984, npi: '1245319599' });
  });

  it("a search by a colleague's private value finds nothing it should not", async () => {
    const res = await call(jamesUser, 'GET', '/api/v1/peers?q=Rosa');
    for (const secret of SECRETS) expect(res.body).not.toContain(secret);
  });

  it("matches ranked by a peer for their own participant never name a colleague's matching-only experience or workload", async () => {
    const luis = (
      await call(jamesUser, 'POST', '/api/v1/participants', {
        givenName: 'Luis',
        familyName: 'Ortega',
        languages: ['es'],
        location: { postalCode: '60608', lat: 41.85, lon: -87.66 },
        preferences: {
          livedExperience: [
            { code: 'life.incarceration', importance: 'preferred' },
            { code: 'mental-health.suicide-attempt-survivor', importance: 'preferred' },
          ],
        },
      })
    ).json();
    const asPeer = await call(jamesUser, 'GET', `/api/v1/participants/${luis.id}/matches?limit=10`);
    expect(asPeer.statusCode).toBe(200);
    const match = (asPeer.json().matches as Array<{ peer: { id: string }; reasons: Array<{ code: string }> }>).find((m) => m.peer.id === rosaId)!;
    expect(match).toBeDefined();
    const codes = match.reasons.map((r) => r.code);
    expect(codes).toContain('experience:shared');
    expect(codes.some((c) => c.includes('incarceration') || c.includes('suicide'))).toBe(false);
    expect(codes).not.toContain('capacity');
    // Supervisors rank with the reasons matching needs, as before.
    const asSupervisor = (await call(supervisor, 'GET', `/api/v1/participants/${luis.id}/matches?limit=10`)).json();
    const staffCodes = (asSupervisor.matches as Array<{ peer: { id: string }; reasons: Array<{ code: string }> }>).find((m) => m.peer.id === rosaId)!.reasons.map((r) => r.code);
    expect(staffCodes).toContain('experience:life.incarceration');
  });
});

describe('linking a profile to a user', () => {
  it('a peer cannot hand their profile to another user by PATCHing userId; nothing changes', async () => {
    const res = await call(rosaUser, 'PATCH', `/api/v1/peers/${rosaId}`, { userId: jamesUser.userId });
    expect(problemOf(res)).toMatchObject({ status: 403, errors: [{ field: 'body.userId' }] });
    const unlink = await call(rosaUser, 'PATCH', `/api/v1/peers/${rosaId}`, { userId: null });
    expect(problemOf(unlink)).toMatchObject({ status: 403, errors: [{ field: 'body.userId' }] });
    expect((await call(admin, 'GET', `/api/v1/peers/${rosaId}`)).json().userId).toBe(rosaUser.userId);
    expect((await call(rosaUser, 'GET', '/api/v1/peers/me')).json().id).toBe(rosaId);
    // Saving the profile with its own link unchanged is not a link.
    expect((await call(rosaUser, 'PATCH', `/api/v1/peers/${rosaId}`, { userId: rosaUser.userId, pronouns: 'she/ella' })).statusCode).toBe(200);
  });

  it('a supervisor cannot link either; an admin can', async () => {
    const newcomer = await addUser(t, admin.orgId, 'peer');
    const unlinked = (await call(supervisor, 'POST', '/api/v1/peers', { displayName: 'Unlinked' })).json().id as string;
    expect(problemOf(await call(supervisor, 'PATCH', `/api/v1/peers/${unlinked}`, { userId: newcomer.userId }))).toMatchObject({ status: 403, errors: [{ field: 'body.userId' }] });
    expect(problemOf(await call(supervisor, 'POST', '/api/v1/peers', { displayName: 'Linked', userId: newcomer.userId }))).toMatchObject({ status: 403, errors: [{ field: 'body.userId' }] });
    const linked = await call(admin, 'PATCH', `/api/v1/peers/${unlinked}`, { userId: newcomer.userId });
    expect(linked.statusCode).toBe(200);
    expect((await call(newcomer, 'GET', '/api/v1/peers/me')).json().id).toBe(unlinked);
  });
});
