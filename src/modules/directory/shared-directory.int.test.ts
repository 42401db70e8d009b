import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, signIn, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { rowsOf } from '../../db/client.ts';

/**
 * Issue 18: the shared directory (what every organization and the public HSDS API serve) is
 * changed only by an instance operator or the CLI, and no import changes the built-in national
 * entries. Every directory write path is tried with an organization's admin.
 */
const ORG_988 = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5b01';
const SERVICE_988 = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01';
const U = (n: number) => `0b5e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const system = systemActor('test');

let t: TestApp;
let admin: TestUser;
let other: TestUser;
let operator: TestUser;
let adminSession: Awaited<ReturnType<typeof signIn>>;
let operatorSession: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Tenant Agency');
  other = await createOrgWithUser(t, 'admin', 'Other Agency');
  operator = await addUser(t, (await t.services.identity.createOrganization(system, { name: 'Instance operators' })).id, 'admin');
  await t.services.identity.setInstanceOperator(system, { email: operator.email }, true);
  adminSession = await signIn(t.app, admin.email);
  operatorSession = await signIn(t.app, operator.email);
});
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const withToken = (user: TestUser, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: user.auth }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const withSession = (s: { cookie: string; csrf: string }, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, ...(payload !== undefined ? { payload: payload as object } : {}) });

/** What the public HSDS API serves of the 988 line: what must never change. */
const public988 = async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/hsds/services/${SERVICE_988}` });
  expect(res.statusCode).toBe(200);
  const s = res.json();
  return { name: s.name, description: s.description, phones: (s.phones ?? []).map((p: { number: string }) => p.number).sort(), status: s.status };
};

/** A package that tries to rename 988, add a phone to it, and add an organization's own warmline. */
const hostile = (name: string) => ({
  files: {
    'organizations.csv': `id,name,description\n${ORG_988},Not the lifeline,Changed\n${U(1)},${name} Org,A local organization\n`,
    'services.csv': `id,organization_id,name,description,status\n${SERVICE_988},${ORG_988},Call 555-0100 instead,Changed,inactive\n${U(2)},${U(1)},${name},Evening warmline,active\n`,
    'phones.csv': `id,service_id,number\n${U(3)},${SERVICE_988},555-0100\n${U(4)},${U(2)},312-555-0142\n`,
  },
});

describe('the shared directory', () => {
  let before: Awaited<ReturnType<typeof public988>>;
  beforeAll(async () => {
    before = await public988();
    expect(before.phones).toEqual(['988']);
  });

  it("an organization's admin cannot import, by the API (token) or the web app (session): 403, nothing changes", async () => {
    const byToken = await withToken(admin, 'POST', '/api/v1/directory/imports?source=metro-211', hostile('Admin Warmline'));
    expect(problemOf(byToken)).toMatchObject({ status: 403, code: 'forbidden' });
    const bySession = await withSession(adminSession, 'POST', '/api/v1/directory/imports?source=metro-211', hostile('Admin Warmline'));
    expect(problemOf(bySession)).toMatchObject({ status: 403, code: 'forbidden' });
    // Even under the built-in source, which would have removed the national entries.
    expect((await withToken(admin, 'POST', '/api/v1/directory/imports?source=peerbridge', { files: { 'organizations.csv': `id,name\n${U(9)},X\n` } })).statusCode).toBe(403);
    expect(await public988()).toEqual(before);
    const search = (await withToken(admin, 'GET', '/api/v1/directory/search?q=Admin%20Warmline')).json();
    expect(search.results).toEqual([]);
  });

  it('a session without its CSRF token cannot import, even an operator', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/directory/imports?source=x', headers: { cookie: operatorSession.cookie }, payload: hostile('CSRF Warmline') });
    expect(problemOf(res)).toMatchObject({ status: 403, code: 'csrf-failed' });
  });

  it("an operator's API token does not carry the operator's right (only a signed-in session does)", async () => {
    expect(problemOf(await withToken(operator, 'POST', '/api/v1/directory/imports?source=token-feed', hostile('Token Warmline'))).status).toBe(403);
  });

  it('the operator imports; rows that would change 988 are skipped and reported, the rest goes in', async () => {
    const res = await withSession(operatorSession, 'POST', '/api/v1/directory/imports?source=operator-feed', hostile('Operator Warmline'));
    expect(res.statusCode).toBe(200);
    const summary = res.json();
    const problems = (summary.report as Array<{ file: string; row: number; field: string; severity: string }>).filter((r) => r.severity === 'error');
    expect(problems.map((p) => `${p.file}:${p.row}:${p.field}`).sort()).toEqual(['organizations.csv:1:id', 'phones.csv:1:service_id', 'services.csv:1:id']);
    expect(summary.errors).toBeGreaterThanOrEqual(3);
    expect(await public988()).toEqual(before);
    const mine = await t.app.inject({ method: 'GET', url: `/api/hsds/services/${U(2)}` });
    expect(mine.json()).toMatchObject({ name: 'Operator Warmline' });
    // An organization's staff find the new entry; 988 is still the 988 line for them too.
    const found = (await withToken(admin, 'GET', '/api/v1/directory/search?q=Operator%20Warmline')).json();
    expect(found.results.map((r: { name: string }) => r.name)).toContain('Operator Warmline');
  });

  it("a feed files a service under one of Peerbridge's categories, carrying its term as HSDS asks: the service is found by it, the category unchanged", async () => {
    const CRISIS_TERM = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a01';
    const summary = await t.services.directory.importDirectory(
      system,
      {
        files: {
          'organizations.csv': `id,name,description\n${U(20)},Partner Crisis Network,Crisis lines\n`,
          'services.csv': `id,organization_id,name,description,status\n${U(21)},${U(20)},Partner Teen Crisis Text Line,Text with a counselor,active\n`,
          'taxonomy_terms.csv': `id,code,name,description\n${CRISIS_TERM},crisis-line,Crisis (their wording),Their description\n`,
          'attributes.csv': `id,link_id,link_entity,taxonomy_term_id\n${U(22)},${U(21)},service,${CRISIS_TERM}\n`,
        },
      },
      { source: 'partner-feed' },
    );
    expect(summary.report.map((r) => `${r.file}:${r.row}:${r.field}:${r.severity}`)).toEqual(['taxonomy_terms.csv:1:id:warning']);
    const found = (await withToken(admin, 'GET', '/api/v1/directory/search?taxonomy=crisis-line&pageSize=100')).json();
    expect(found.results.map((r: { name: string }) => r.name)).toContain('Partner Teen Crisis Text Line');
    const term = await t.app.inject({ method: 'GET', url: `/api/hsds/taxonomy_terms/${CRISIS_TERM}` });
    expect(term.json()).toMatchObject({ code: 'crisis-line' });
    expect(term.json().name).not.toContain('their wording');
  });

  it('nobody imports under the built-in source: 400 naming the field, nothing stored', async () => {
    const res = await withSession(operatorSession, 'POST', '/api/v1/directory/imports?source=peerbridge', { files: { 'organizations.csv': `id,name\n${U(9)},Sneaky\n` } });
    expect(problemOf(res)).toMatchObject({ status: 400, errors: [{ field: 'querystring.source' }] });
    expect((await t.app.inject({ method: 'GET', url: `/api/hsds/organizations/${U(9)}` })).statusCode).toBe(404);
  });

  it("the CLI's import (a system actor) is held to the same protected rows", async () => {
    const summary = await t.services.directory.importDirectory(system, hostile('CLI Warmline'), { source: 'cli-feed' });
    expect(summary.report.filter((r) => r.severity === 'error').map((r) => r.file)).toEqual(['organizations.csv', 'services.csv', 'phones.csv']);
    expect(await public988()).toEqual(before);
  });

  it('the database itself refuses to change or remove a built-in row, whatever the code does', async () => {
    const db = t.database.db;
    const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`);
    expect(await refusal(db.tenant(null, (tx) => tx.execute(sql`update hsds_service set name = 'x' where id = ${SERVICE_988}::uuid`)))).toMatch(/protected/);
    expect(await refusal(db.tenant(null, (tx) => tx.execute(sql`delete from hsds_phone where service_id = ${SERVICE_988}::uuid`)))).toMatch(/protected/);
    expect(await refusal(db.tenant(null, (tx) => tx.execute(sql`insert into hsds_organization (id, name, pb_source) values (${U(8)}::uuid, 'Fake national line', 'peerbridge')`)))).toMatch(/protected/);
    expect(await public988()).toEqual(before);
  });
});

describe("an organization's own directory data stays its own", () => {
  it('local services: the admin adds one; only their organization sees it; the public HSDS API does not serve it', async () => {
    const res = await withToken(admin, 'POST', '/api/v1/directory/local-services', { name: 'Landlord Who Rents To Returning Citizens', categories: ['housing'] });
    expect(res.statusCode).toBe(201);
    const id = res.json().serviceId as string;
    expect((await withToken(admin, 'GET', `/api/v1/directory/services/${id}`)).statusCode).toBe(200);
    expect((await withToken(other, 'GET', `/api/v1/directory/services/${id}`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/hsds/services/${id}` })).statusCode).toBe(404);
  });

  it('notes on a shared entry: the admin writes one on 988 for their staff; 988 itself and other organizations are unchanged', async () => {
    const before = await public988();
    const res = await withToken(admin, 'PUT', `/api/v1/directory/services/${SERVICE_988}/note`, { body: 'Our crisis protocol: call with the participant.' });
    expect(res.statusCode).toBe(200);
    expect((await withToken(admin, 'GET', `/api/v1/directory/services/${SERVICE_988}`)).json().note.body).toContain('crisis protocol');
    expect((await withToken(other, 'GET', `/api/v1/directory/services/${SERVICE_988}`)).json().note).toBeNull();
    expect(await public988()).toEqual(before);
  });

  it("beds: an admin publishes none on a shared service their organization does not manage; managing is the CLI's (operator) to grant", async () => {
    const res = await withToken(admin, 'PUT', `/api/v1/directory/services/${U(2)}/beds`, { available: 3 });
    expect(res.statusCode).toBe(403);
    await expect(t.services.directory.addManager({ kind: 'user', userId: admin.userId, orgId: admin.orgId, role: 'admin', via: 'token', sourceIp: null }, admin.orgId, ORG_988)).rejects.toMatchObject({ status: 403 });
    await expect(t.services.directory.addManager({ kind: 'user', userId: operator.userId, orgId: operator.orgId, role: 'admin', via: 'session', sourceIp: null, operator: true }, admin.orgId, ORG_988)).rejects.toMatchObject({ status: 403 });
  });
});

describe('granting the operator right', () => {
  it('an admin cannot grant it by PATCHing a user; the flag shows only to the operator in /me', async () => {
    const patch = await withToken(admin, 'PATCH' as Method, `/api/v1/users/${admin.userId}`, { operator: true, instanceOperator: true });
    expect([200, 400]).toContain(patch.statusCode);
    const again = await signIn(t.app, admin.email);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: again.cookie } });
    expect(me.json().operator).toBe(false);
    expect((await withSession(again, 'POST', '/api/v1/directory/imports?source=x', hostile('Escalated'))).statusCode).toBe(403);
    const op = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: operatorSession.cookie } });
    expect(op.json().operator).toBe(true);
  });

  it('revoking ends the operator sessions', async () => {
    const user = await addUser(t, other.orgId, 'supervisor');
    await t.services.identity.setInstanceOperator(system, { email: user.email }, true);
    const s = await signIn(t.app, user.email);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).json().operator).toBe(true);
    await t.services.identity.setInstanceOperator(system, { email: user.email }, false);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });
});

describe("the operator's needs and feed codes, through the web app's session", () => {
  it('an operator maps a code and changes the words of a need; each change is in their organization\'s audit trail', async () => {
    const map = await withSession(operatorSession, 'PUT', '/api/v1/directory/category-map', { code: 'PH-6500', category: 'housing', note: 'Support groups' });
    expect(map.statusCode, map.body).toBe(200);
    expect(map.json()).toMatchObject({ code: 'PH-6500', category: 'housing', builtin: false });
    const food = (await withSession(operatorSession, 'GET', '/api/v1/directory/category-words')).json().find((w: { category: string }) => w.category === 'food');
    const words = await withSession(operatorSession, 'PUT', '/api/v1/directory/category-words', { category: 'food', words: `${food.words} manje` });
    expect(words.statusCode, words.body).toBe(200);
    expect((await withSession(operatorSession, 'GET', '/api/v1/directory/category-map/unmapped')).statusCode).toBe(200);
    // An organization's admin reads the map (search explains itself by it) but changes nothing.
    expect((await withSession(adminSession, 'PUT', '/api/v1/directory/category-map', { code: 'PH-6500', category: 'food' })).statusCode).toBe(403);
    expect((await withSession(adminSession, 'GET', '/api/v1/directory/category-map/unmapped')).statusCode).toBe(403);
    expect((await withSession(adminSession, 'DELETE', '/api/v1/directory/category-map/PH-6500')).statusCode).toBe(403);
    // A code that is no code is refused naming the field.
    const bad = await withSession(operatorSession, 'DELETE', '/api/v1/directory/category-map/%3Dcmd');
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.[0]?.field).toBe('path.code');
    const removed = await withSession(operatorSession, 'DELETE', '/api/v1/directory/category-map/PH-6500');
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ code: 'PH-6500', category: 'housing' });
    expect((await withSession(adminSession, 'DELETE', '/api/v1/directory/category-words/food')).statusCode).toBe(403);
    const reset = await withSession(operatorSession, 'DELETE', '/api/v1/directory/category-words/food');
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json()).toMatchObject({ category: 'food', builtin: true, words: food.words });
    const trail = rowsOf<{ action: string; org_id: string }>(await t.database.db.owner((tx) => tx.execute(sql`select action, org_id from audit_events where actor_id = ${operator.userId} and action like 'directory.category%' order by seq`)));
    expect(trail).toEqual([
      { action: 'directory.category_map.put', org_id: operator.orgId },
      { action: 'directory.category_words.put', org_id: operator.orgId },
      { action: 'directory.category_map.delete', org_id: operator.orgId },
      { action: 'directory.category_words.reset', org_id: operator.orgId },
    ]);
  });
});
