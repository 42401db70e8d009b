import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor } from '../../core/actor.ts';
import { rowsOf } from '../../db/client.ts';
import { addUser, createOrgWithUser, createTestApp, PASSWORD, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Audit Agency');
});
afterAll(() => t?.close());

const events = async (query: string, auth = admin.auth) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit-events?${query}`, headers: { authorization: auth } });
  expect(res.statusCode).toBe(200);
  return res.json() as { total: number; items: Array<{ action: string; outcome: string; actor: { id: string; email: string } | null; entityId: string; sourceIp: string; details: Record<string, unknown> }> };
};

describe('audit trail', () => {
  it('records sign-ins, failed sign-ins, user and role changes and token creation with actor, time and address', async () => {
    const peer = await addUser(t, admin.orgId, 'peer');
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: peer.email, password: 'wrong password here' }, remoteAddress: '203.0.113.9' });
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: peer.email, password: PASSWORD }, remoteAddress: '203.0.113.9' });
    await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${peer.userId}`, headers: { authorization: admin.auth }, payload: { role: 'supervisor' } });

    const forPeer = await events(`entityId=${peer.userId}&pageSize=50`);
    const actions = forPeer.items.map((e) => e.action).reverse();
    expect(actions).toEqual(['user.create', 'auth.login_failed', 'auth.login', 'user.role_change']);
    const login = forPeer.items.find((e) => e.action === 'auth.login')!;
    expect(login).toMatchObject({ sourceIp: '203.0.113.9', actor: { id: peer.userId, email: peer.email } });
    const change = forPeer.items.find((e) => e.action === 'user.role_change')!;
    expect(change.actor?.id).toBe(admin.userId);
    expect(change.details).toMatchObject({ changes: { role: { from: 'peer', to: 'supervisor' } } });
    expect((await events('action=token.create')).total).toBeGreaterThanOrEqual(2);
  });

  it('filters by action, actor and date, and pages', async () => {
    const byActor = await events(`actorId=${admin.userId}`);
    expect(byActor.items.every((e) => e.actor?.id === admin.userId)).toBe(true);
    const future = await events('from=2999-01-01');
    expect(future.total).toBe(0);
    const page = await events('pageSize=2&page=1');
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?from=yesterday', headers: { authorization: admin.auth } });
    expect(problemOf(bad).errors?.[0]?.field).toBe('query.from');
  });

  it("reads a bare date as the organization's day (New York here), not the UTC day", async () => {
    // Events take their time from the system clock: 01:30 UTC on March 2 is 20:30 on March 1 in New York.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-03-02T01:30:00Z'));
      await t.services.db.tenant(admin.orgId, (tx) => t.services.audit.record(tx, systemActor('test', admin.orgId), { action: 'test.evening' }));
    } finally {
      vi.useRealTimers();
    }
    const found = async (range: string) => (await events(`action=test.evening&${range}`)).total;
    expect(await found('to=2026-03-01')).toBe(1);
    expect(await found('from=2026-03-01&to=2026-03-01')).toBe(1);
    expect(await found('from=2026-03-02')).toBe(0);
    expect(await found('to=2026-02-28')).toBe(0);
    // A date-time keeps its own offset.
    expect(await found(`to=${encodeURIComponent('2026-03-01T20:29:59-05:00')}`)).toBe(0);
    expect(await found('from=2026-03-02T01:30:00Z')).toBe(1);
  });

  it('is for admins only', async () => {
    const sup = await addUser(t, admin.orgId, 'supervisor');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: { authorization: sup.auth } });
    expect(problemOf(res).status).toBe(403);
  });

  it('records a refused read of a participant as denied, with the same answer as before, and the chain still verifies', async () => {
    const call = (u: TestUser, url: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
      t.app.inject({ method, url, headers: { authorization: u.auth }, ...(payload ? { payload } : {}) });
    const peer = await addUser(t, admin.orgId, 'peer');
    const analyst = await addUser(t, admin.orgId, 'analyst');
    const peerId = (await call(peer, '/api/v1/peers', 'POST', { displayName: 'Pat Peer', userId: peer.userId })).json().id as string;
    const mine = (await call(admin, '/api/v1/participants', 'POST', { givenName: 'Mina', familyName: 'Caseload' })).json().id as string;
    const other = (await call(admin, '/api/v1/participants', 'POST', { givenName: 'Otto', familyName: 'Elsewhere' })).json().id as string;
    expect((await call(admin, `/api/v1/participants/${mine}/assignments`, 'POST', { peerId, consent: { given: true, method: 'verbal' } })).statusCode).toBe(201);

    // Outside the peer's caseload: the 404 of an id that does not exist, word for word.
    const refused = await call(peer, `/api/v1/participants/${other}`);
    const absent = await call(peer, `/api/v1/participants/${randomUUID()}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe(absent.body);
    expect(problemOf(await call(peer, `/api/v1/participants/${other}/plan`)).status).toBe(404);
    expect(problemOf(await call(analyst, `/api/v1/participants/${other}`)).status).toBe(403);
    expect((await call(peer, `/api/v1/participants/${mine}`)).statusCode).toBe(200);
    // The matcher's assign calls people's, both audited: one refusal is one denied event.
    expect(problemOf(await call(peer, `/api/v1/participants/${mine}/assignments`, 'POST', { peerId, consent: { given: true, method: 'verbal' } })).status).toBe(403);
    expect((await events(`outcome=denied&entityId=${mine}`)).items.map((e) => [e.action, e.details])).toEqual([
      ['assignment.create', { peerId, refused: 'forbidden', status: 403 }],
    ]);

    const denied = await events(`outcome=denied&entityId=${other}`);
    expect(denied.items.map((e) => [e.action, e.actor?.id, e.outcome, e.details]).reverse()).toEqual([
      ['participant.read', peer.userId, 'denied', { refused: 'not-found', status: 404 }],
      ['plan.read', peer.userId, 'denied', { refused: 'not-found', status: 404 }],
      ['participant.read', analyst.userId, 'denied', { refused: 'forbidden', status: 403 }],
    ]);
    expect(JSON.stringify(denied)).not.toMatch(/Otto|Elsewhere/);
    expect((await events('outcome=denied')).items.every((e) => e.outcome === 'denied')).toBe(true);
    // The reads that went through are successes, and only those.
    const read = await events(`entityId=${mine}&action=participant.read`);
    expect(read.items.map((e) => [e.actor?.id, e.outcome])).toEqual([[peer.userId, 'success']]);
    expect((await events(`outcome=success&entityId=${mine}&action=participant.read`)).total).toBe(1);
    expect((await events(`outcome=success&entityId=${other}`)).items.map((e) => e.action)).toEqual(['participant.create']);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?outcome=refused', headers: { authorization: admin.auth } });
    expect(problemOf(bad).errors?.[0]?.field).toBe('query.outcome');

    expect(await t.services.audit.verify()).toMatchObject({ ok: true, first: null });
  });

  it('is append-only for the application role', async () => {
    const tryAs = (stmt: string) => t.services.db.tenant(admin.orgId, (tx) => tx.execute(sql.raw(stmt)));
    const err = (e: unknown) => String((e as { cause?: Error }).cause?.message ?? e);
    await expect(tryAs('update audit_events set action = $$x$$').catch(err)).resolves.toMatch(/permission denied/);
    await expect(tryAs('delete from audit_events').catch(err)).resolves.toMatch(/permission denied/);
    await expect(tryAs('truncate audit_events').catch(err)).resolves.toMatch(/permission denied/);
    // Nor can it drop the chain heads that let `audit verify` notice removed tail events.
    await expect(tryAs('delete from audit_chain_heads').catch(err)).resolves.toMatch(/permission denied/);
    // Even the owner cannot change it without first disabling the guard trigger.
    await expect(t.services.db.owner((tx) => tx.execute(sql`update audit_events set action = 'x'`)).catch(err)).resolves.toMatch(/append-only/);
  });

  it('verifies while intact and names the first event that was tampered with', async () => {
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, first: null });
    const victim = await t.services.db.owner(async (tx) => {
      const [row] = rowsOf<{ id: string; seq: number }>(await tx.execute(sql`select id, seq from audit_events where org_id = ${admin.orgId} order by seq limit 1 offset 2`));
      await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
      await tx.execute(sql`update audit_events set details = '{"tampered":true}' where id = ${row!.id}`);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
      return row!;
    });
    const r = await t.services.audit.verify();
    expect(r.ok).toBe(false);
    expect(r.first).toMatchObject({ id: victim.id, problem: 'its content does not match its hash' });
  });
});
