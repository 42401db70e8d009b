import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.ts';
import { rowsOf } from '../../db/client.ts';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/**
 * A member server builds its monthly snapshot from its own Peerbridge data (issue 22): a peer's
 * registry consent (their own choice, off by default), the job profile the admin enters, and the
 * build action in the API and the CLI. No shared record carries a direct identifier, and a peer
 * without consent shares no demographics.
 */
let t: TestApp;
let registryAdmin: TestUser;
let member: TestUser;
let peerUser: TestUser;
let registryId: string;
const ids: Record<string, string> = {};
const now = new Date('2026-12-06T15:00:00Z');

type Method = 'GET' | 'POST' | 'PUT';
const call = async (user: TestUser | null, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: user ? { authorization: user.auth } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

const PEERS = [
  { key: 'consenting', displayName: 'Rosalind Quintero-Abara', birthYear: 1984, credential: 'CPSS-77123', race: ['Hispanic or Latino'], lived: 'life.incarceration' },
  { key: 'private', displayName: 'Theodore Vankleeck', birthYear: 1979, credential: 'CPSS-88456', race: ['White'], lived: 'substance-use.opioids' },
  { key: 'uncertified', displayName: 'Maribel Okonkwo-Sandoval', birthYear: 1991, credential: null, race: ['Black or African American'], lived: 'mental-health.suicide-attempt-survivor' },
  { key: 'noProfile', displayName: 'Percival Untermeyer', birthYear: 1970, credential: 'CPSS-99999', race: ['White'], lived: 'substance-use.opioids' },
] as const;

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  registryAdmin = await createOrgWithUser(t, 'admin', 'Michigan Peer Workforce Registry');
  member = await createOrgWithUser(t, 'admin', 'Lakeshore Recovery Services');
  peerUser = await addUser(t, member.orgId, 'peer');
  registryId = (await call(registryAdmin, 'POST', '/api/v1/registries', { name: 'Michigan Peer Workforce Registry' })).json().id;
  expect((await call(member, 'POST', `/api/v1/registries/${registryId}/members`, { acceptSharedFields: true, organizationName: 'Lakeshore Recovery Services' })).statusCode).toBe(201);
  for (const p of PEERS) {
    const res = await call(member, 'POST', '/api/v1/peers', {
      ...(p.key === 'consenting' ? { userId: peerUser.userId } : {}),
      displayName: p.displayName,
      birthYear: p.birthYear,
      pronouns: 'they/them',
      languages: ['en', 'es'],
      raceEthnicity: p.race,
      livedExperience: [{ code: p.lived, useForMatching: true, showToParticipants: true }],
      certifications: p.credential ? [{ type: 'mi-cpss', issuer: 'MI', number: p.credential, expiresOn: '2028-01-01' }] : [],
    });
    expect(res.statusCode, res.body).toBe(201);
    ids[p.key] = res.json().id;
  }
});
afterAll(async () => t?.close());

describe("a peer's registry consent", () => {
  it('is off by default, separate from matching, and the peer alone changes it', async () => {
    // Sharing lived experience for matching is not sharing it with a registry.
    expect((await call(peerUser, 'GET', '/api/v1/peers/me/registry-consent')).json()).toEqual({ shareDemographics: false, decidedAt: null });
    const on = await call(peerUser, 'PUT', '/api/v1/peers/me/registry-consent', { shareDemographics: true });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ shareDemographics: true, decidedAt: now.toISOString() });
    // The admin has no way to decide for a peer: it has no peer profile of its own.
    expect((await call(member, 'PUT', '/api/v1/peers/me/registry-consent', { shareDemographics: true })).statusCode).toBe(404);
  });
});

describe('job profiles', () => {
  it('are entered by the admin only, checked field by field, with no free text', async () => {
    const bad = await call(member, 'PUT', `/api/v1/peers/${ids.consenting}/job-profile`, { role: 'peer-specialist', hoursPerWeek: 40, workFips: '26999' });
    expect(problemOf(bad).errors?.[0]?.field).toBe('body.workFips');
    const notes = await call(member, 'PUT', `/api/v1/peers/${ids.consenting}/job-profile`, { role: 'peer-specialist', hoursPerWeek: 40, notes: 'great with youth' });
    expect(notes.statusCode).toBe(400);
    expect((await call(peerUser, 'PUT', `/api/v1/peers/${ids.consenting}/job-profile`, { role: 'peer-specialist', hoursPerWeek: 40 })).statusCode).toBe(403);
    const profiles = {
      consenting: { role: 'peer-specialist', hoursPerWeek: 40, wageBand: '18-21', benefits: true, jobStart: '2024-02-01', workFips: '26163', certifiedOn: '2023-10-01' },
      private: { role: 'recovery-coach', hoursPerWeek: 20, wageBand: '15-18', benefits: false, jobStart: '2025-06-01', workFips: '26125' },
      uncertified: { role: 'peer-specialist', hoursPerWeek: 32, wageBand: '15-18', jobStart: '2026-01-15', workFips: '26163' },
    } as const;
    for (const [key, profile] of Object.entries(profiles)) {
      const res = await call(member, 'PUT', `/api/v1/peers/${ids[key]}/job-profile`, profile);
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await call(member, 'GET', `/api/v1/peers/${ids.consenting}/job-profile`)).json()).toMatchObject({ role: 'peer-specialist', wageBand: '18-21', registryConsent: true });
  });
});

describe('building the snapshot from our own data', () => {
  it('sends one de-identified record per working peer, through the API', async () => {
    const res = await call(member, 'POST', `/api/v1/registries/${registryId}/snapshots/build`, { month: '2026-11' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ accepted: 3, rejected: 0, peers: 4, skipped: { 'no-job-profile': 1, 'not-working-that-month': 0, 'no-linkage': 0 } });
    // Nothing changed, nothing new: the same snapshot again changes nothing.
    expect((await call(member, 'POST', `/api/v1/registries/${registryId}/snapshots/build`, { month: '2026-11' })).json()).toMatchObject({ unchanged: true, version: 1 });
    // The CLI does the same for the member organization.
    expect(await t.services.registryBuild.build(systemActor('cli', member.orgId), registryId, '2026-11')).toMatchObject({ unchanged: true });
    expect((await call(peerUser, 'POST', `/api/v1/registries/${registryId}/snapshots/build`, { month: '2026-11' })).statusCode).toBe(403);
  });

  it('stores no direct identifier, and no demographics of a peer without consent', async () => {
    const rows = await t.database.db.owner(async (tx) => rowsOf<{ r: Record<string, unknown> }>(await tx.execute(sql`select row_to_json(x) as r from registry_records x where registry_id = ${registryId}`)));
    expect(rows).toHaveLength(3);
    const text = JSON.stringify(rows);
    for (const p of PEERS) {
      for (const word of p.displayName.split(/[ -]/)) expect(text).not.toContain(word);
      if (p.credential) expect(text).not.toContain(p.credential);
      expect(text).not.toContain(String(p.birthYear));
    }
    expect(text).not.toContain('they/them');
    expect(text).not.toMatch(/@/);
    // The columns are the whole of what leaves: none holds a name, contact, birth date or free text.
    expect(Object.keys(rows[0]!.r).sort()).toEqual(
      ['benefits', 'certified_on', 'credential_types', 'hours_per_week', 'job_end', 'job_start', 'languages', 'lived_experience', 'member_org_id', 'month', 'org_id', 'person_key', 'race_ethnicity', 'registry_id', 'residence_fips', 'role', 'specialties', 'wage_band', 'work_fips'].sort(),
    );
    const byRole = rows.map((x) => x.r);
    const consenting = byRole.find((r) => r.wage_band === '18-21')!;
    expect(consenting).toMatchObject({ race_ethnicity: ['Hispanic or Latino'], lived_experience: ['life.incarceration'], work_fips: '26163', credential_types: ['mi-cpss'] });
    for (const r of byRole.filter((x) => x !== consenting)) expect(r).toMatchObject({ race_ethnicity: null, lived_experience: null });
  });

  it('counts a peer sent by two agencies once: the key follows the credential, not the agency', async () => {
    const other = await createOrgWithUser(t, 'admin', 'Second Agency');
    await call(other, 'POST', `/api/v1/registries/${registryId}/members`, { acceptSharedFields: true, organizationName: 'Second Agency' });
    const peer = await call(other, 'POST', '/api/v1/peers', { displayName: 'R. Quintero', certifications: [{ type: 'mi-cpss', issuer: 'MI', number: 'CPSS-77123', expiresOn: '2028-01-01' }] });
    await call(other, 'PUT', `/api/v1/peers/${peer.json().id}/job-profile`, { role: 'peer-specialist', hoursPerWeek: 8, jobStart: '2025-01-01', workFips: '26163' });
    // A second profile with the same credential is refused, named to the agency's own admin.
    const twin = await call(other, 'POST', '/api/v1/peers', { displayName: 'Rosalind Q. (duplicate)', certifications: [{ type: 'mi-cpss', issuer: 'MI', number: 'CPSS-77123', expiresOn: '2028-01-01' }] });
    await call(other, 'PUT', `/api/v1/peers/${twin.json().id}/job-profile`, { role: 'peer-specialist', hoursPerWeek: 8, workFips: '26163' });
    const built = (await call(other, 'POST', `/api/v1/registries/${registryId}/snapshots/build`, { month: '2026-11' })).json();
    expect(built).toMatchObject({ accepted: 1, rejected: 1 });
    expect(built.problems).toEqual([expect.objectContaining({ column: 'linkage', peer: expect.stringMatching(/^R\. Quintero|^Rosalind Q\. \(duplicate\)$/) })]);
    const keys = await t.database.db.owner(async (tx) => rowsOf<{ n: number; d: number }>(await tx.execute(sql`select count(*)::int as n, count(distinct person_key)::int as d from registry_records where registry_id = ${registryId}`)));
    expect(keys[0]).toEqual({ n: 4, d: 3 });
  });
});
