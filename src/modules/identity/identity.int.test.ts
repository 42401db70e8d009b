import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { deriveKeys } from '../../core/crypto.ts';
import { totpAt } from '../../core/totp.ts';
import { createServices } from '../../services.ts';
import { rowsOf } from '../../db/client.ts';
import { addUser, createOrgWithUser, createTestApp, PASSWORD, problemOf, signIn, TEST_SECRET, uniqueEmail, type TestApp, type TestUser } from '../../../test/harness/app.ts';

let t: TestApp;
let now = new Date('2026-03-02T15:00:00Z');
let admin: TestUser;
let other: TestUser;

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  admin = await createOrgWithUser(t, 'admin', 'Harbor Peer Center');
  other = await createOrgWithUser(t, 'admin', 'Another Agency');
});
afterAll(() => t?.close());

const inject = (o: InjectOptions) => t.app.inject(o);

describe('sign-in', () => {
  it('signs in with email and password, sets an HttpOnly SameSite cookie, and /me answers for the cookie', async () => {
    const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email.toUpperCase(), password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'pb_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.expires).toBeInstanceOf(Date);
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `pb_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: admin.userId, email: admin.email, role: 'admin', organization: { id: admin.orgId, name: 'Harbor Peer Center' } });
    expect(me.json().csrfToken).toBe(res.json().csrfToken);
  });

  it('marks the session cookie Secure when the public address is https, though the request behind the proxy is plain http', async () => {
    const behindProxy = await buildApp({ services: createServices({ db: t.database.db, keys: deriveKeys(TEST_SECRET), publicUrl: 'https://peers.example.org' }) });
    try {
      const res = await behindProxy.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email, password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === 'pb_session')).toMatchObject({ secure: true, httpOnly: true });
    } finally {
      await behindProxy.close();
    }
  });

  it('answers /me for an API token too, and 401 for a bad token', async () => {
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: admin.auth } });
    expect(me.json()).toMatchObject({ id: admin.userId, csrfToken: null });
    const bad = await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer pbt_nope' } });
    expect(problemOf(bad)).toMatchObject({ status: 401, code: 'invalid-token' });
  });

  it("keeps a token's last use to the minute: requests within a minute write nothing", async () => {
    const u = await addUser(t, admin.orgId, 'peer');
    const lastUse = async () =>
      t.database.db.owner(async (tx) =>
        rowsOf<{ at: string | null; xmin: string }>(await tx.execute(sql`select last_used_at::text as at, xmin::text from api_tokens where user_id = ${u.userId}`)),
      );
    const [unused] = await lastUse();
    expect(unused!.at).toBeNull();
    const me = () => inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: u.auth } });
    expect((await me()).statusCode).toBe(200);
    const [first] = await lastUse();
    expect(new Date(first!.at!).getTime()).toBe(now.getTime());
    now = new Date(now.getTime() + 30_000);
    expect((await me()).statusCode).toBe(200);
    // The same row version: the second request did not write.
    expect(await lastUse()).toEqual([first]);
    now = new Date(now.getTime() + 45_000);
    expect((await me()).statusCode).toBe(200);
    const [later] = await lastUse();
    expect(new Date(later!.at!).getTime()).toBe(now.getTime());
  });

  it('refuses a wrong password with one message for wrong email and wrong password', async () => {
    const wrongPw = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email, password: 'not the password at all' } });
    const wrongEmail = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.org', password: PASSWORD } });
    expect(problemOf(wrongPw)).toMatchObject({ status: 401, code: 'invalid-credentials' });
    expect(problemOf(wrongEmail).detail).toBe(problemOf(wrongPw).detail);
  });

  const login = (email: string, password: string, remoteAddress = '203.0.113.7') =>
    inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email, password } });
  /** A problem without the figure that changes with time: what a caller could compare. */
  const shape = (res: Awaited<ReturnType<typeof login>>) => ({ ...problemOf(res), httpStatus: res.statusCode, contentType: res.headers['content-type'], detail: problemOf(res).detail.replace(/\d+/g, 'N') });

  it("never locks the right password out because of an unknown party's failures", async () => {
    const u = await addUser(t, admin.orgId, 'peer');
    // Fifty wrong guesses from ten addresses (issue 18: five used to lock the account for everyone).
    for (let i = 0; i < 50; i++) expect([401, 429]).toContain((await login(u.email, `wrong guess ${i}`, `198.51.100.${i % 10}`)).statusCode);
    // The owner, from their own address, gets in at once with the right password.
    expect((await login(u.email, PASSWORD, '192.0.2.44')).statusCode).toBe(200);
    // Even from an address that failed once on this account, the owner waits at most a minute.
    expect((await login(u.email, 'a typo in the password', '192.0.2.45')).statusCode).toBe(401);
    const held = await login(u.email, PASSWORD, '192.0.2.45');
    if (held.statusCode === 429) {
      expect(Number(held.headers['retry-after'])).toBeLessThanOrEqual(60);
      now = new Date(now.getTime() + 61_000);
      expect((await login(u.email, PASSWORD, '192.0.2.45')).statusCode).toBe(200);
    } else expect(held.statusCode).toBe(200);
  });

  it('throttles a guesser at one address with a growing wait; the same answers for a known and an unknown email', async () => {
    const u = await addUser(t, admin.orgId, 'peer');
    const unknown = uniqueEmail('nobody');
    const known: Array<ReturnType<typeof shape>> = [];
    const none: Array<ReturnType<typeof shape>> = [];
    for (let i = 0; i < 5; i++) {
      known.push(shape(await login(u.email, 'wrong wrong wrong', '203.0.113.50')));
      none.push(shape(await login(unknown, 'wrong wrong wrong', '203.0.113.51')));
    }
    expect(known).toEqual(none);
    expect(known.map((r) => r.status)).toEqual([401, 401, 401, 429, 429]);
    expect(known[3]).toMatchObject({ code: 'too-many-attempts' });
    // Held even with the right password, at this address only, and only for the wait.
    const right = await login(u.email, PASSWORD, '203.0.113.50');
    expect(problemOf(right).code).toBe('too-many-attempts');
    const wait = Number(right.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(2);
    now = new Date(now.getTime() + (wait + 1) * 1000);
    expect((await login(u.email, PASSWORD, '203.0.113.50')).statusCode).toBe(200);
    // Each further failure doubles the wait.
    for (let i = 0; i < 3; i++) await login(u.email, 'wrong wrong wrong', '203.0.113.52');
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await login(u.email, 'wrong wrong wrong', '203.0.113.52');
      const r = await login(u.email, 'wrong wrong wrong', '203.0.113.52');
      waits.push(Number(r.headers['retry-after']));
      now = new Date(now.getTime() + waits.at(-1)! * 1000 + 1);
    }
    expect(waits).toEqual([1, 2, 4]);
  });

  it('counts every one of many wrong passwords sent at once from one address', async () => {
    const u = await addUser(t, admin.orgId, 'peer');
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => login(u.email, `wrong guess number ${i}`, '198.51.100.200')));
    expect(burst.filter((r) => r.statusCode === 401).length).toBe(3);
    expect(burst.filter((r) => r.statusCode === 429).length).toBe(7);
  });

  it('forgets the counters of old attempts: a guesser trying thousands of emails leaves no pile of rows', async () => {
    const counters = async () =>
      rowsOf<{ stale: number; fresh: number }>(
        await t.database.db.owner((tx) =>
          tx.execute(sql`select count(*) filter (where coalesce(last_failure_at, '-infinity') <= ${new Date(now.getTime() - 60 * 60_000)}::timestamptz)::int as stale,
            count(*) filter (where last_failure_at > ${new Date(now.getTime() - 60 * 60_000)}::timestamptz)::int as fresh from login_throttle`),
        ),
      )[0]!;
    // 120 counters whose last failure is two hours old, and 3 from ten minutes ago.
    await t.database.db.owner((tx) =>
      tx.execute(sql`insert into login_throttle (key, failures, last_failure_at)
        select 'old-' || g, 4, ${new Date(now.getTime() - 2 * 60 * 60_000)}::timestamptz from generate_series(1, 120) g
        union all select 'recent-' || g, 2, ${new Date(now.getTime() - 10 * 60_000)}::timestamptz from generate_series(1, 3) g`),
    );
    const before = await counters();
    expect(before.stale).toBeGreaterThanOrEqual(120);
    // Each sign-in clears up to 50 old counters; the recent ones still count.
    for (let i = 0; i < 3; i++) await login(uniqueEmail('guess'), 'wrong wrong wrong', `198.51.100.${210 + i}`);
    const after = await counters();
    expect(after.stale).toBe(Math.max(0, before.stale - 150));
    expect(after.fresh).toBe(before.fresh + 9);
  });

  it('runs the password hash for an unknown email as for a known one (similar time)', async () => {
    const u = await addUser(t, admin.orgId, 'peer');
    const time = async (email: string, address: string) => {
      const t0 = performance.now();
      expect((await login(email, 'wrong wrong wrong', address)).statusCode).toBe(401);
      return performance.now() - t0;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time(u.email, `203.0.113.${100 + i}`));
      unknown.push(await time(uniqueEmail('ghost'), `203.0.113.${110 + i}`));
    }
    // Both verify an argon2id hash (tens of milliseconds); a lookup alone would be a few.
    const ratio = median(known) / median(unknown);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('rate-limits sign-in attempts from one address', async () => {
    const limited = await createTestApp();
    try {
      const codes: number[] = [];
      for (let i = 0; i < 22; i++) {
        codes.push((await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `x${i}@example.org`, password: 'whatever-password' } })).statusCode);
      }
      expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
      expect(codes.slice(20)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('requires the CSRF token on unsafe requests with a cookie session, and signs out', async () => {
    const s = await signIn(t.app, admin.email);
    const noCsrf = await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie } });
    expect(problemOf(noCsrf)).toMatchObject({ status: 403, code: 'csrf-failed' });
    const out = await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('ends a session after the idle time and after its lifetime', async () => {
    const s = await signIn(t.app, admin.email);
    now = new Date(now.getTime() + 31 * 60_000);
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('supports an optional TOTP second factor', async () => {
    const u = await addUser(t, admin.orgId, 'supervisor');
    const s = await signIn(t.app, u.email);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const setup = await inject({ method: 'POST', url: '/api/v1/me/totp/setup', headers });
    const { secret, otpauthUrl } = setup.json() as { secret: string; otpauthUrl: string };
    expect(otpauthUrl).toContain(`secret=${secret}`);
    const wrong = await inject({ method: 'POST', url: '/api/v1/me/totp/enable', headers, payload: { code: '000000' } });
    expect(problemOf(wrong).errors?.[0]?.field).toBe('code');
    const code = totpAt(secret, now.getTime() / 1000);
    expect((await inject({ method: 'POST', url: '/api/v1/me/totp/enable', headers, payload: { code } })).statusCode).toBe(204);

    now = new Date(now.getTime() + 60_000);
    const noCode = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: PASSWORD } });
    expect(problemOf(noCode).code).toBe('totp-required');
    const badCode = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: PASSWORD, totp: '123456' } });
    expect(problemOf(badCode).code).toBe('invalid-totp');
    const good = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: PASSWORD, totp: totpAt(secret, now.getTime() / 1000) } });
    expect(good.statusCode).toBe(200);
    // The same code cannot be replayed.
    const replay = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: PASSWORD, totp: totpAt(secret, now.getTime() / 1000) } });
    expect(problemOf(replay).code).toBe('invalid-totp');
  });

  it('changes a password only with the current one, and the policy names the field', async () => {
    const u = await addUser(t, admin.orgId, 'peer');
    const s = await signIn(t.app, u.email);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const bad = await inject({ method: 'POST', url: '/api/v1/me/password', headers, payload: { currentPassword: 'nope', newPassword: 'another long passphrase 7' } });
    expect(problemOf(bad).errors?.[0]?.field).toBe('currentPassword');
    const weak = await inject({ method: 'POST', url: '/api/v1/me/password', headers, payload: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(problemOf(weak).errors?.[0]?.field).toBe('newPassword');
    expect((await inject({ method: 'POST', url: '/api/v1/me/password', headers, payload: { currentPassword: PASSWORD, newPassword: 'another long passphrase 7' } })).statusCode).toBe(204);
    expect((await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: 'another long passphrase 7' } })).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('lists your tokens (never the secret) and revokes one: it stops working at once, audited', async () => {
    const u = await addUser(t, admin.orgId, 'peer');
    const mine = await inject({ method: 'GET', url: '/api/v1/me/tokens', headers: { authorization: u.auth } });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([expect.objectContaining({ name: 'test', revokedAt: null })]);
    expect(mine.body).not.toContain(u.auth.slice('Bearer '.length));
    const id = mine.json().items[0].id as string;
    const revoked = await inject({ method: 'POST', url: `/api/v1/tokens/${id}/revoke`, headers: { authorization: u.auth } });
    expect(revoked.statusCode).toBe(204);
    expect(problemOf(await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: u.auth } }))).toMatchObject({ status: 401, code: 'invalid-token' });
    const audit = (await inject({ method: 'GET', url: `/api/v1/audit-events?action=token.revoke&entityId=${id}`, headers: { authorization: admin.auth } })).json();
    expect(audit.items).toEqual([expect.objectContaining({ actor: expect.objectContaining({ id: u.userId }), entityType: 'api_token' })]);
  });

  it("an admin revokes a user's leaked token; another user, or another organization, cannot", async () => {
    const u = await addUser(t, admin.orgId, 'peer');
    const colleague = await addUser(t, admin.orgId, 'supervisor');
    const id = (await inject({ method: 'GET', url: '/api/v1/me/tokens', headers: { authorization: u.auth } })).json().items[0].id as string;
    for (const who of [colleague, other]) {
      const res = await inject({ method: 'POST', url: `/api/v1/tokens/${id}/revoke`, headers: { authorization: who.auth } });
      expect(problemOf(res)).toMatchObject({ status: 404 });
    }
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: u.auth } })).statusCode).toBe(200);
    expect((await inject({ method: 'POST', url: `/api/v1/tokens/${id}/revoke`, headers: { authorization: admin.auth } })).statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: u.auth } })).statusCode).toBe(401);
  });
});

describe('users (admins)', () => {
  it('creates, lists, reads and updates users of the organization', async () => {
    const email = uniqueEmail('newpeer');
    const created = await inject({ method: 'POST', url: '/api/v1/users', headers: { authorization: admin.auth }, payload: { email, role: 'peer', password: PASSWORD, displayName: 'Rosa D.' } });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({ email, role: 'peer', active: true, displayName: 'Rosa D.' });
    expect(user).not.toHaveProperty('passwordHash');

    const list = await inject({ method: 'GET', url: `/api/v1/users?q=newpeer&pageSize=5`, headers: { authorization: admin.auth } });
    expect(list.json()).toMatchObject({ total: 1, page: 1, pageSize: 5, items: [{ id: user.id }] });

    const promoted = await inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: { authorization: admin.auth }, payload: { role: 'supervisor' } });
    expect(promoted.json().role).toBe('supervisor');
    const off = await inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: { authorization: admin.auth }, payload: { active: false } });
    expect(off.json().active).toBe(false);
    const login = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
    expect(problemOf(login).code).toBe('invalid-credentials');
  });

  it('refuses duplicates, bad fields and non-admins with clear problems', async () => {
    // A duplicate within the organization says so; another organization's email is not told (below).
    const dup = await inject({ method: 'POST', url: '/api/v1/users', headers: { authorization: admin.auth }, payload: { email: admin.email, role: 'peer', password: PASSWORD } });
    expect(problemOf(dup)).toMatchObject({ status: 409, code: 'email-taken' });
    const bad = await inject({ method: 'POST', url: '/api/v1/users', headers: { authorization: admin.auth }, payload: { email: 'not-an-email', role: 'boss', password: PASSWORD } });
    const p = problemOf(bad);
    expect(p.code).toBe('validation-failed');
    expect(p.errors?.map((e) => e.field).sort()).toEqual(['body.email', 'body.role']);
    const peer = await addUser(t, admin.orgId, 'peer');
    const denied = await inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: peer.auth } });
    expect(problemOf(denied)).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('keeps at least one active administrator', async () => {
    const solo = await createOrgWithUser(t, 'admin', 'Solo Org');
    const res = await inject({ method: 'PATCH', url: `/api/v1/users/${solo.userId}`, headers: { authorization: solo.auth }, payload: { role: 'peer' } });
    expect(problemOf(res)).toMatchObject({ status: 409, code: 'last-admin' });
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another organization's user and never lists it", async () => {
    const theirs = await addUser(t, other.orgId, 'peer');
    for (const req of [
      { method: 'GET' as const, url: `/api/v1/users/${theirs.userId}` },
      { method: 'PATCH' as const, url: `/api/v1/users/${theirs.userId}`, payload: { active: false } },
    ]) {
      const res = await inject({ ...req, headers: { authorization: admin.auth } });
      expect(problemOf(res)).toMatchObject({ status: 404, code: 'not-found' });
    }
    const list = await inject({ method: 'GET', url: '/api/v1/users?pageSize=200', headers: { authorization: admin.auth } });
    expect(list.json().items.map((u: { id: string }) => u.id)).not.toContain(theirs.userId);
    const audit = await inject({ method: 'GET', url: `/api/v1/audit-events?entityId=${theirs.userId}`, headers: { authorization: admin.auth } });
    expect(audit.json().total).toBe(0);
  });

  it('row-level security: without a tenant a query sees no rows; with one, only its own', async () => {
    const db = t.services.db;
    const count = (table: string, orgId: string | null) =>
      db.tenant(orgId, async (tx) => Number(rowsOf<{ n: string }>(await tx.execute(sql.raw(`select count(*) as n from ${table}`)))[0]!.n));
    for (const table of ['organizations', 'users', 'api_tokens', 'audit_events']) {
      expect(await count(table, null)).toBe(0);
    }
    expect(await count('organizations', admin.orgId)).toBe(1);
    const ownUsers = await db.tenant(admin.orgId, async (tx) => rowsOf<{ org_id: string }>(await tx.execute(sql`select org_id from users`)));
    expect(new Set(ownUsers.map((r) => r.org_id))).toEqual(new Set([admin.orgId]));
    // Writing into another tenant is refused by the policy itself.
    await expect(
      db.tenant(admin.orgId, (tx) => tx.execute(sql`update users set display_name = 'x' where org_id = ${other.orgId} returning id`)).then((r) => rowsOf(r).length),
    ).resolves.toBe(0);
    await expect(
      db.tenant(admin.orgId, (tx) => tx.execute(sql`insert into users (id, org_id, email, role) values (gen_random_uuid(), ${other.orgId}, 'sneaky@example.org', 'admin')`)),
    ).rejects.toSatisfy((e: unknown) => /row-level security/.test(String((e as { cause?: Error }).cause?.message)));
  });

  it('the application role owns nothing and is not a superuser', async () => {
    const r = await t.services.db.tenant(null, async (tx) =>
      rowsOf<{ super: boolean; owner: string; me: string }>(
        await tx.execute(sql`select r.rolsuper as super, (select tableowner from pg_tables where tablename = 'users') as owner, current_user as me from pg_roles r where r.rolname = current_user`),
      ),
    );
    expect(r[0]).toMatchObject({ super: false, me: 'peerbridge_app' });
    expect(r[0]!.owner).not.toBe('peerbridge_app');
  });
});

describe("another organization's emails (issue 18)", () => {
  const create = (by: TestUser, email: string, password = PASSWORD) =>
    inject({ method: 'POST', url: '/api/v1/users', headers: { authorization: by.auth }, payload: { email, role: 'peer', password } });

  it("creating a user with another organization's email answers as for a fresh email, and both sign in to their own", async () => {
    const theirs = await addUser(t, other.orgId, 'peer');
    const fresh = await create(admin, uniqueEmail('fresh'));
    const taken = await create(admin, theirs.email, 'another long passphrase 77');
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.statusCode).toBe(201);
    expect(Object.keys(taken.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
    // Each password opens its own organization's account.
    const mine = await inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.80', payload: { email: theirs.email, password: 'another long passphrase 77' } });
    expect(mine.json().user.id).toBe(taken.json().id);
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `pb_session=${mine.cookies.find((c) => c.name === 'pb_session')!.value}` } });
    expect(me.json().organization.id).toBe(admin.orgId);
    const their = await inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.81', payload: { email: theirs.email, password: PASSWORD } });
    expect(their.json().user.id).toBe(theirs.userId);
  });

  it('one password for accounts in two organizations: the caller chooses the organization', async () => {
    const email = uniqueEmail('twice');
    await create(admin, email);
    await create(other, email);
    const ask = await inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.90', payload: { email, password: PASSWORD } });
    expect(problemOf(ask)).toMatchObject({ status: 409, code: 'choose-organization' });
    expect(problemOf(ask).errors?.map((e) => e.message).join(' ')).toContain(other.orgId);
    const chosen = await inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.90', payload: { email, password: PASSWORD, organizationId: other.orgId } });
    expect(chosen.statusCode).toBe(200);
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `pb_session=${chosen.cookies.find((c) => c.name === 'pb_session')!.value}` } });
    expect(me.json().organization.id).toBe(other.orgId);
  });
});
