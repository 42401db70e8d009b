import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let stranger: TestUser;
let peerId: string;
let otherPeerId: string;

const call = async (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });

beforeAll(async () => {
  t = await createTestApp({ clock: () => new Date('2026-02-10T15:00:00Z') });
  admin = await createOrgWithUser(t, 'admin', 'Renewals Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId })).json().id;
  otherPeerId = (await call(admin, 'POST', '/api/v1/peers', { displayName: 'James Bear' })).json().id;
});
afterAll(() => t?.close());

describe('renewing and updating a credential', () => {
  it('renews for the next cycle by the rule set: Georgia inactive after grace becomes active to the next 31 December', async () => {
    const ga = (await call(supervisor, 'POST', `/api/v1/peers/${peerId}/credentials`, { type: 'ga-cps', number: 'GA-1', issuedOn: '2024-04-02', expiresOn: '2025-12-31' })).json();
    expect(ga.status).toBe('inactive');
    const renewed = await call(supervisor, 'PATCH', `/api/v1/peers/${peerId}/credentials/${ga.id}`, { renew: true, verification: { how: 'GMHCN registry' } });
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json()).toMatchObject({ expiresOn: '2026-12-31', status: 'active', verification: { how: 'GMHCN registry' } });
    const trail = (await call(admin, 'GET', '/api/v1/audit-events?limit=50')).json().items;
    expect(trail.find((e: { action: string }) => e.action === 'credential.renew').details).toMatchObject({ credentialId: ga.id, changes: { expiresOn: { from: '2025-12-31', to: '2026-12-31' } }, verified: true });
  });

  it('renews with the body\'s dates, clears a status recorded by hand, and records a status', async () => {
    const pa = (await call(supervisor, 'POST', `/api/v1/peers/${peerId}/credentials`, { type: 'pa-cps', number: 'PA-9', issuedOn: '2023-01-05', expiresOn: '2025-01-04', recordedStatus: 'lapsed' })).json();
    expect(pa.status).toBe('lapsed');
    const r = (await call(supervisor, 'PATCH', `/api/v1/peers/${peerId}/credentials/${pa.id}`, { renew: true, issuedOn: '2026-02-01', expiresOn: '2028-01-31' })).json();
    expect(r).toMatchObject({ issuedOn: '2026-02-01', expiresOn: '2028-01-31', status: 'active' });
    const s = (await call(supervisor, 'PATCH', `/api/v1/peers/${peerId}/credentials/${pa.id}`, { recordedStatus: 'inactive' })).json();
    expect(s.status).toBe('inactive');
  });

  it('refuses bad input naming the field and changes nothing', async () => {
    const mi = (await call(supervisor, 'POST', `/api/v1/peers/${peerId}/credentials`, { type: 'mi-cpss', number: 'MI-1', issuedOn: '2025-03-10' })).json();
    await call(supervisor, 'POST', `/api/v1/peers/${otherPeerId}/credentials`, { type: 'mi-cpss', number: 'MI-2', issuedOn: '2025-03-10' });
    const url = `/api/v1/peers/${peerId}/credentials/${mi.id}`;
    expect(problemOf(await call(supervisor, 'PATCH', url, {}))).toMatchObject({ status: 400, errors: [{ field: 'body' }] });
    expect(problemOf(await call(supervisor, 'PATCH', url, { expiresOn: '2020-01-01' }))).toMatchObject({ status: 400, errors: [{ field: 'body.expiresOn' }] });
    expect(problemOf(await call(supervisor, 'PATCH', url, { renew: true, expiresOn: mi.expiresOn }))).toMatchObject({ status: 400, errors: [{ field: 'body.expiresOn' }] });
    expect(problemOf(await call(supervisor, 'PATCH', url, { expiresOn: '2026-13-01' })).errors?.[0]?.field).toBe('body.expiresOn');
    expect(problemOf(await call(supervisor, 'PATCH', url, { recordedStatus: 'asleep' })).errors?.[0]?.field).toBe('body.recordedStatus');
    expect(problemOf(await call(supervisor, 'PATCH', url, { number: 'MI-2' }))).toMatchObject({ status: 409, errors: [{ field: 'body.number' }] });
    expect(problemOf(await call(peerUser, 'PATCH', url, { verification: { how: 'I looked' } }))).toMatchObject({ status: 400, errors: [{ field: 'body.verification' }] });
    expect(problemOf(await call(supervisor, 'PATCH', url, { evidence: [{ name: 'x.pdf', content: Buffer.from('not a pdf').toString('base64') }] })).errors?.[0]?.field).toMatch(/^body\.evidence\.0/);
    expect((await call(stranger, 'PATCH', url, { renew: true })).statusCode).toBe(404);
    expect((await call(supervisor, 'PATCH', `/api/v1/peers/${otherPeerId}/credentials/${mi.id}`, { renew: true })).statusCode).toBe(404);
    const after = (await call(supervisor, 'GET', `/api/v1/peers/${peerId}/credentials`)).json().items.find((c: { id: string }) => c.id === mi.id);
    expect(after).toMatchObject({ number: 'MI-1', expiresOn: mi.expiresOn, evidence: [] });
    // A peer may renew their own with the body's date (no verification).
    const own = await call(peerUser, 'PATCH', url, { renew: true });
    expect(own.statusCode).toBe(200);
    expect(own.json().expiresOn).toBe('2029-02-28');
  });
});
