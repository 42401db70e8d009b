import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import type * as NodeX12 from 'node-x12';
import type { X12Interchange } from 'node-x12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../src/app.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { deriveKeys } from '../src/core/crypto.ts';
import { startServer } from '../src/server.ts';
import { createServices } from '../src/services.ts';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { systemActor } from '../src/core/actor.ts';
import { APP_ROLE, openDatabase, rowsOf, type Database } from '../src/db/client.ts';
import { localServiceInput } from '../src/modules/directory/directory.schemas.ts';
import { participantInput, peerInput } from '../src/modules/people/people.schemas.ts';
import { addUser, createOrgWithUser, createTestApp, PASSWORD, problemOf, TEST_SECRET, type TestApp } from './harness/app.ts';
import { createServerDatabase, createTestDatabase, onPostgres, TEST_POSTGRES_URL, withLogin } from './harness/db.ts';

const { X12Parser } = createRequire(import.meta.url)('node-x12') as typeof NodeX12;

const run = promisify(execFile);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('operations', () => {
  it('answers /healthz and /readyz, and /readyz 503 when the database is gone', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    const database = await createTestDatabase();
    const app = await buildApp({ services: createServices({ db: database.db, keys: deriveKeys(TEST_SECRET) }) });
    await database.close();
    const res = await app.inject('/readyz');
    expect(problemOf(res)).toMatchObject({ status: 503, code: 'database-unavailable' });
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    await app.close();
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas, and a reference page', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/auth/login', '/api/v1/me', '/api/v1/users', '/api/v1/users/{id}', '/api/v1/audit-events', '/readyz']) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(doc.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('role');
    const page = await t.app.inject('/api/v1/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('answers every error as problem+json with a stable code and no internals', async () => {
    expect(problemOf(await t.app.inject('/api/v1/nothing-here'))).toMatchObject({ status: 404, code: 'not-found' });
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(problemOf(malformed)).toMatchObject({ status: 400, code: 'malformed-body' });
    const media = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hi' });
    expect(problemOf(media)).toMatchObject({ status: 415 });
    const badId = await t.app.inject({ method: 'GET', url: '/api/v1/users/not-a-uuid', headers: { authorization: 'Bearer x' } });
    expect(problemOf(badId).status).toBe(401);
  });

  it('keeps personal data out of the logs', async () => {
    let logs = '';
    const stream = new Writable({ write: (chunk, _enc, cb) => { logs += chunk; cb(); } });
    const database = await createTestDatabase();
    const services = createServices({ db: database.db, keys: deriveKeys(TEST_SECRET) });
    const app = await buildApp({ services, logger: { ...(loggerOptions('info') as object), stream }, logRequests: true });
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'maria.lopez@example.org', password: 'secret secret secret' } });
    await app.inject({ method: 'GET', url: '/api/v1/users?q=maria.lopez', headers: { cookie: 'pb_session=abc', authorization: 'Bearer pbt_secret' } });
    await app.close();
    await database.close();
    expect(logs).toContain('/api/v1/auth/login');
    expect(logs).not.toMatch(/maria|secret secret|pbt_secret|pb_session/i);
  });
});

/**
 * Tables without row-level security, on purpose. Everything else in the schema must have RLS
 * enabled and forced with a policy on its tenant key: the list is read from the catalog, so a new
 * table that forgets its policy fails here.
 */
const HSDS_TABLES = [
  'hsds_accessibility', 'hsds_address', 'hsds_attribute', 'hsds_contact', 'hsds_cost_option', 'hsds_funding', 'hsds_language',
  'hsds_location', 'hsds_meta_table_description', 'hsds_metadata', 'hsds_organization', 'hsds_organization_identifier', 'hsds_phone',
  'hsds_program', 'hsds_required_document', 'hsds_schedule', 'hsds_service', 'hsds_service_area', 'hsds_service_at_location',
  'hsds_taxonomy', 'hsds_taxonomy_term',
];
const PUBLIC_ON_PURPOSE: Record<string, string> = {
  ...Object.fromEntries(HSDS_TABLES.map((t) => [t, 'Open Referral directory: public service information shared by the instance'])),
  hsds_external_ids: 'source ids of public directory rows',
  directory_search: 'search rows built from the public directory (local services live in directory_local_services, with RLS)',
  directory_words: 'lexicon of public directory names and local service names, for typo tolerance (words only, no person)',
  directory_search_state: 'the version of the public search rows (one number), so a kept ranking of public directory matches is never used after they change',
  directory_time_zones: 'US state to time zone reference data',
  directory_category_map: 'how feed taxonomy codes (AIRS / 211 LA) map to Peerbridge categories: reference data for the public directory, changed by operators only',
  directory_category_words: 'the words of each category\'s need in English, Spanish and any language an operator adds, which search rows are found by: reference data, changed by operators only',
  directory_beds: 'beds available at a public service, published by its managing organization: public by design',
  directory_imports: 'operator log of public directory imports (source, counts, importing org and user ids; no personal data, never read by the API)',
  pb_migrations: 'migration bookkeeping; the application role has no grant on it',
  report_data_versions: 'counters of committed changes the program report reads (numbers only, no organization or person), to reuse cached results (0035)',
  login_throttle: 'sign-in failure counters read before any organization is known: keyed hashes and counts only, no email or address (0030)',
};
// The column each tenant table's policy keys on (organization_id of the row, or of the chain).
const TENANT_KEY: Record<string, string> = { organizations: 'id', audit_chain_heads: 'chain_id' };

describe('tenant isolation in the database', () => {
  it('every table has row-level security enabled and forced with a policy on its tenant key, unless public on purpose', async () => {
    const tables = await t.services.db.tenant(null, async (tx) =>
      rowsOf<{ name: string; rls: boolean; forced: boolean; policies: string[]; columns: string[] }>(
        await tx.execute(sql`
          select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
            array(select coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
                  from pg_policy p where p.polrelid = c.oid) as policies,
            array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
          order by 1`),
      ),
    );
    const names = tables.map((r) => r.name);
    // The list of exceptions names real tables only (a renamed table must not keep a stale pass).
    expect(Object.keys(PUBLIC_ON_PURPOSE).filter((n) => !names.includes(n))).toEqual([]);
    const problems = tables
      .filter((r) => !(r.name in PUBLIC_ON_PURPOSE))
      .flatMap((r) => {
        const key = TENANT_KEY[r.name] ?? 'org_id';
        return [
          ...(r.rls ? [] : [`${r.name}: row-level security not enabled`]),
          ...(r.forced ? [] : [`${r.name}: row-level security not forced (its owner is not bound)`]),
          ...(r.columns.includes(key) ? [] : [`${r.name}: no tenant column ${key}`]),
          ...(r.policies.some((p) => p.includes(`${key} = pb_current_org()`)) ? [] : [`${r.name}: no policy on ${key} = pb_current_org()`]),
        ];
      });
    expect(problems).toEqual([]);
    expect(tables.length).toBeGreaterThan(Object.keys(PUBLIC_ON_PURPOSE).length);
  });

  it("every link between two organizations' records carries org_id on both sides, so the database refuses one across organizations", async () => {
    const links = await t.services.db.tenant(null, async (tx) =>
      rowsOf<{ child: string; def: string }>(
        await tx.execute(sql`
          select c.conrelid::regclass::text as child, pg_get_constraintdef(c.oid) as def
          from pg_constraint c
          where c.contype = 'f' and c.confrelid <> 'users'::regclass
            and exists (select 1 from pg_attribute a where a.attrelid = c.conrelid and a.attname = 'org_id')
            and exists (select 1 from pg_attribute a where a.attrelid = c.confrelid and a.attname = 'org_id')
            and not exists (select 1 from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k where a.attname = 'org_id')
          order by 1, 2`),
      ),
    );
    // Links to users record who acted (a receiving organization's user acts on a referral).
    expect(links.map((l) => `${l.child}: ${l.def}`)).toEqual([]);
    // And the database does refuse one: an assignment of A naming B's participant.
    const a = await createOrgWithUser(t, 'admin', 'Link Test A');
    const b = await createOrgWithUser(t, 'admin', 'Link Test B');
    const peer = await t.services.people.createPeer(systemActor('test', a.orgId), peerInput.parse({ displayName: 'A Peer' }));
    const bParticipant = await t.services.people.createParticipant(systemActor('test', b.orgId), participantInput.parse({ givenName: 'Bea', familyName: 'Other' }));
    await expect(
      t.services.db.tenant(a.orgId, (tx) =>
        tx.execute(sql`insert into assignments (id, org_id, peer_id, participant_id, consent) values (gen_random_uuid(), ${a.orgId}, ${peer.id}, ${bParticipant.id}, '{"given": true, "method": "verbal"}'::jsonb)`),
      ),
    ).rejects.toSatisfy((e: unknown) => /assignments_participant_org_fkey/.test(String((e as { cause?: Error }).cause?.message ?? e)));
  });

  it('the application works as a role that is no superuser, cannot bypass RLS and inherits no role that can', async () => {
    const [me] = await t.services.db.tenant(null, async (tx) =>
      rowsOf<{ me: string; escalates: string[]; owns: number }>(
        await tx.execute(sql`
          select current_user as me,
            array(select r.rolname::text from pg_roles r where pg_has_role(current_user, r.oid, 'usage') and (r.rolsuper or r.rolbypassrls)) as escalates,
            (select count(*)::int from pg_class c where c.relowner = (select oid from pg_roles where rolname = current_user)) as owns`),
      ),
    );
    expect(me).toEqual({ me: APP_ROLE, escalates: [], owns: 0 });
  });

  // An installation whose database owner is an ordinary role (not a superuser): the owner runs the
  // migrations and is the login of the application's connections. Forced RLS binds it too, while
  // sign-in (SECURITY DEFINER lookups) and `audit verify` keep working.
  it.skipIf(!onPostgres)('binds an ordinary database owner to the tenant policies, and sign-in and audit verify still work', async () => {
    const owner = `pb_owner_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`create role ${owner} login`);
    await admin.query(`grant ${APP_ROLE} to ${owner}`);
    const server = await createServerDatabase(TEST_POSTGRES_URL, 'pb_owner');
    await admin.query(`alter database ${server.name} owner to ${owner}`);
    // Extensions that are not trusted are the operator's to create, once, as a superuser.
    const inDb = new pg.Client({ connectionString: server.url });
    await inDb.connect();
    await inDb.query('create extension pg_trgm; create extension unaccent; create extension cube; create extension earthdistance');
    await inDb.end();
    const url = new URL(server.url);
    url.username = owner;
    const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    try {
      const services = createServices({ db, keys: deriveKeys(TEST_SECRET) });
      const a = await createOrgWithUser({ services }, 'admin', 'Owner Test A');
      const b = await createOrgWithUser({ services }, 'admin', 'Owner Test B');
      await services.people.createParticipant(systemActor('test', b.orgId), participantInput.parse({ givenName: 'Bea', familyName: 'Other' }));
      const signedIn = await services.identity.login({ email: a.email, password: PASSWORD }, null);
      expect(signedIn.user.email).toBe(a.email);
      expect(await services.identity.authenticateSession(signedIn.sessionToken, null)).toMatchObject({ actor: { orgId: a.orgId } });
      expect(await services.identity.authenticateToken(a.auth.slice('Bearer '.length), null)).toMatchObject({ orgId: a.orgId });
      const verified = await services.audit.verify();
      expect(verified.ok).toBe(true);
      expect(verified.checked).toBeGreaterThan(4);
      // With the owner's rights and no tenant, participant rows are neither seen nor changed...
      const asOwner = await db.owner(async (tx) => ({
        seen: rowsOf(await tx.execute(sql`select id from participants`)).length,
        changed: rowsOf(await tx.execute(sql`update participants set given_name = 'x' returning id`)).length,
        renamed: rowsOf(await tx.execute(sql`update users set display_name = 'x' returning id`)).length,
      }));
      expect(asOwner).toEqual({ seen: 0, changed: 0, renamed: 0 });
      // ...and in organization A's tenant, B's rows stay out of reach.
      await expect(
        db.owner(async (tx) => {
          await tx.execute(sql`select set_config('app.org_id', ${a.orgId}, true)`);
          await tx.execute(sql`insert into participants (id, org_id, given_name, family_name) values (gen_random_uuid(), ${b.orgId}, 'Sneaky', 'Row')`);
        }),
      ).rejects.toSatisfy((e: unknown) => /row-level security/.test(String((e as { cause?: Error }).cause?.message ?? e)));
      // An operator's words for a need still reach every organization's own entries: 0054 names
      // each organization in turn (0052's update, which named none, changed nothing here).
      const pantry = await services.directory.createLocalService(systemActor('test', a.orgId), localServiceInput.parse({ name: 'Owner Test Pantry', categories: ['food'] }));
      const put = await services.directory.categoryWords.put(systemActor('test'), { category: 'food', words: 'food manje' });
      expect(put.localEntriesIndexed).toBe(1);
      const terms = await db.owner(async (tx) => {
        await tx.execute(sql`select set_config('app.org_id', ${a.orgId}, true)`);
        return rowsOf<{ terms: string }>(await tx.execute(sql`select terms from directory_local_services where id = ${pantry.serviceId}`))[0]!.terms;
      });
      expect(terms).toBe('food food manje');
    } finally {
      await db.close();
      await server.drop();
      await admin.query(`drop role ${owner}`);
      await admin.end();
    }
  });

  // DATABASE_APP_URL: the application's connections log in as a role with only peerbridge_app's
  // rights, so SQL run on them cannot go back to the owner's (RESET ROLE returns to that login).
  it.skipIf(!onPostgres)("with DATABASE_APP_URL no SQL on the application's connections gets back the owner's rights", async () => {
    const login = `pb_app_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`create role ${login} login`);
    await admin.query(`grant ${APP_ROLE} to ${login}`);
    const server = await createServerDatabase(TEST_POSTGRES_URL, 'pb_applogin');
    const opened: Database[] = [];
    const open = async (appDatabaseUrl?: string) => {
      const db = await openDatabase({ databaseUrl: server.url, appDatabaseUrl, poolSize: 2 });
      opened.push(db);
      return db;
    };
    try {
      const db = await open(withLogin(server.url, login));
      const services = createServices({ db, keys: deriveKeys(TEST_SECRET) });
      const a = await createOrgWithUser({ services }, 'admin', 'App Login A');
      const b = await createOrgWithUser({ services }, 'admin', 'App Login B');
      await services.people.createParticipant(systemActor('test', b.orgId), participantInput.parse({ givenName: 'Bea', familyName: 'Other' }));
      // What a query that dropped the application role would then see of B's participants.
      const afterRoleNone = (d: Database) =>
        d.tenant(a.orgId, async (tx) => {
          await tx.execute(sql`set role none`);
          return rowsOf(await tx.execute(sql`select id from participants where org_id = ${b.orgId}`)).length;
        });
      expect(await afterRoleNone(db)).toBe(0);
      await expect(db.tenant(a.orgId, (tx) => tx.execute(sql`set role postgres`))).rejects.toSatisfy((e: unknown) =>
        /permission denied/.test(String((e as { cause?: Error }).cause?.message ?? e)),
      );
      // Logged in as the owner (a superuser here), the same statement reaches every organization.
      expect(await afterRoleNone(await open())).toBe(1);
      // The owner's work still runs, on a connection of its own.
      const verified = await services.audit.verify();
      expect(verified.ok).toBe(true);
      expect(verified.checked).toBeGreaterThan(4);
      // An application login with more than the application's rights is refused at start.
      await expect(open(server.url)).rejects.toThrow(/DATABASE_APP_URL logs in as "postgres", which is a superuser/);
    } finally {
      for (const d of opened) await d.close();
      await server.drop();
      await admin.query(`drop role ${login}`);
      await admin.end();
    }
  });
});

describe('tenant isolation through the API', () => {
  it("a request of one organization never reads or changes another's participants, consents, notes, audit events or users", async () => {
    const a = await createOrgWithUser(t, 'admin', 'Agency A');
    const b = await createOrgWithUser(t, 'admin', 'Agency B');
    const bPeer = await addUser(t, b.orgId, 'peer');
    const as = (u: { auth: string }, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { authorization: u.auth }, ...(payload ? { payload } : {}) });
    // Organization B's records: a participant with a peer (the assignment holds the consent), a
    // signed note, a plan, a referral carrying 42 CFR Part 2 information under written consent.
    const peerId = (await as(bPeer, 'POST', '/api/v1/peers', { displayName: 'B Peer', userId: bPeer.userId })).json().id as string;
    const participant = (await as(b, 'POST', '/api/v1/participants', { givenName: 'Bianca', familyName: 'Elsewhere' })).json().id as string;
    const assignment = (await as(b, 'POST', `/api/v1/participants/${participant}/assignments`, { peerId, consent: { given: true, method: 'written' } })).json().id as string;
    const note = await as(bPeer, 'POST', '/api/v1/encounters', {
      participantId: participant, type: 'individual', modality: 'in-person', startedAt: new Date(Date.now() - 7_200_000).toISOString(), durationMinutes: 30, narrative: 'Private narrative of B.',
    });
    expect(note.statusCode, note.body).toBe(201);
    const noteId = note.json().id as string;
    expect((await as(bPeer, 'PUT', `/api/v1/participants/${participant}/plan`, { goals: [{ text: 'Stay housed', lifeArea: 'housing' }] })).statusCode).toBe(200);
    const service = (await as(b, 'POST', '/api/v1/directory/local-services', { name: 'B Pantry', categories: ['food'] })).json().serviceId as string;
    // The organization's day (its zone, New York by default), by which the consent's signing date is
    // judged: the UTC date is already tomorrow there each evening.
    const day = new Date().toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
    const referral = await as(bPeer, 'POST', '/api/v1/referrals', {
      participantId: participant, serviceId: service, need: 'food', urgency: 'urgent',
      shared: {
        items: ['name', 'sud-treatment'], consent: { given: true, method: 'written' }, sudTreatment: 'Buprenorphine',
        part2Consent: { recipient: 'B Pantry', purpose: 'Food intake', expiresOn: `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`, method: 'written', signedOn: day },
      },
    });
    expect(referral.statusCode, referral.body).toBe(201);
    const referralId = referral.json().id as string;

    const attempts: Array<[string, 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', string, object?]> = [
      ['participant', 'GET', `/api/v1/participants/${participant}`],
      ['participant', 'PATCH', `/api/v1/participants/${participant}`, { givenName: 'Changed' }],
      ['assignments', 'GET', `/api/v1/participants/${participant}/assignments`],
      ['assignment', 'POST', `/api/v1/assignments/${assignment}/end`, { endedBy: 'program', reason: 'x', returnToWaitlist: true }],
      ['plan', 'GET', `/api/v1/participants/${participant}/plan`],
      ['plan', 'PUT', `/api/v1/participants/${participant}/plan`, { goals: [] }],
      ['note', 'GET', `/api/v1/encounters/${noteId}`],
      ['note', 'PATCH', `/api/v1/encounters/${noteId}`, { narrative: 'Overwritten' }],
      ['note', 'DELETE', `/api/v1/encounters/${noteId}`],
      ['note', 'POST', `/api/v1/encounters/${noteId}/addenda`, { text: 'Added by A' }],
      ['note for their participant', 'POST', '/api/v1/encounters', { participantId: participant, peerId, type: 'individual', modality: 'phone', startedAt: new Date().toISOString(), durationMinutes: 15, narrative: 'x' }],
      ['referral and its Part 2 consent', 'GET', `/api/v1/referrals/${referralId}`],
      ['referral link', 'POST', `/api/v1/referrals/${referralId}/link`],
      ['user', 'GET', `/api/v1/users/${bPeer.userId}`],
      ['user', 'PATCH', `/api/v1/users/${bPeer.userId}`, { role: 'admin' }],
      ['peer', 'PATCH', `/api/v1/peers/${peerId}`, { maxCaseload: 1 }],
    ];
    const bTrail = async () => (await as(b, 'GET', '/api/v1/audit-events?pageSize=1')).json().total as number;
    const bTrailBefore = await bTrail();
    for (const [what, method, url, payload] of attempts) {
      const res = await as(a, method, url, payload);
      // 404, as for an id that does not exist: another organization's records are not even confirmed.
      expect([what, res.statusCode, res.body]).toMatchObject([what, 404, expect.not.stringContaining('Bianca')]);
    }
    // Lists and the audit trail show A nothing of B, even when asked for B's ids.
    expect((await as(a, 'GET', '/api/v1/participants?pageSize=100')).json().items).toEqual([]);
    expect((await as(a, 'GET', `/api/v1/participants?peerId=${peerId}`)).json().total).toBe(0);
    expect((await as(a, 'GET', '/api/v1/encounters')).json().items ?? []).toEqual([]);
    expect((await as(a, 'GET', '/api/v1/referrals')).json().total).toBe(0);
    expect((await as(a, 'GET', '/api/v1/users?pageSize=100')).json().items.map((u: { id: string }) => u.id)).toEqual([a.userId]);
    // For B's ids A's trail holds only A's own refused attempts (ids and codes, nothing of B's
    // records); nothing B recorded.
    type Event = { outcome: string; actor: { id: string } | null; details: Record<string, unknown> };
    for (const id of [participant, assignment, noteId, referralId, peerId, bPeer.userId]) {
      const events = (await as(a, 'GET', `/api/v1/audit-events?entityId=${id}&pageSize=100`)).json().items as Event[];
      expect(events.map((e) => [e.outcome, e.actor?.id]), id).toEqual(events.map(() => ['denied', a.userId]));
      expect(JSON.stringify(events)).not.toMatch(/Bianca|Elsewhere|Changed|Overwritten|Added by A|Private narrative/);
    }
    expect((await as(a, 'GET', `/api/v1/audit-events?entityId=${participant}`)).json().total).toBeGreaterThan(0);
    expect((await as(a, 'GET', `/api/v1/audit-events?entityId=${noteId}`)).json().total).toBeGreaterThan(0);
    for (const q of [`actorId=${bPeer.userId}`, `actorId=${b.userId}`, 'action=participant.create']) {
      expect((await as(a, 'GET', `/api/v1/audit-events?${q}`)).json().total, q).toBe(0);
    }
    // B's trail is unchanged by A's attempts.
    expect(await bTrail()).toBe(bTrailBefore);
    expect((await as(b, 'GET', `/api/v1/audit-events?actorId=${a.userId}`)).json().total).toBe(0);
    // Nothing of B changed.
    const own = await as(b, 'GET', `/api/v1/participants/${participant}`);
    expect(own.json()).toMatchObject({ givenName: 'Bianca', currentAssignment: { id: assignment } });
    expect((await as(b, 'GET', `/api/v1/encounters/${noteId}`)).json()).toMatchObject({ narrative: 'Private narrative of B.' });
    expect((await as(b, 'GET', `/api/v1/users/${bPeer.userId}`)).json()).toMatchObject({ role: 'peer' });
  });
});

describe('logs of real requests', () => {
  // One app logging every request (LOG_REQUESTS=true) into a string, driven through a day's work.
  const logged = async (work: (app: Awaited<ReturnType<typeof buildApp>>, services: ReturnType<typeof createServices>) => Promise<void>) => {
    let logs = '';
    const stream = new Writable({ write: (chunk, _enc, cb) => { logs += chunk; cb(); } });
    const database = await createTestDatabase();
    const services = createServices({ db: database.db, keys: deriveKeys(TEST_SECRET) });
    const app = await buildApp({ services, logger: { ...(loggerOptions('info') as object), stream }, logRequests: true });
    try {
      await work(app, services);
    } finally {
      await app.close();
      await database.close();
    }
    return logs;
  };

  it('carry no names, birth dates, narratives, passwords, tokens, cookies or search terms', async () => {
    const secrets: string[] = [];
    const logs = await logged(async (app, services) => {
      const admin = await createOrgWithUser({ services }, 'admin', 'Logging Agency');
      const peer = await addUser({ services }, admin.orgId, 'peer');
      secrets.push(admin.auth.slice('Bearer '.length), peer.auth.slice('Bearer '.length), PASSWORD);
      const as = (u: { auth: string }, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
        app.inject({ method, url, headers: { authorization: u.auth }, ...(payload ? { payload } : {}) });
      const peerId = (await as(peer, 'POST', '/api/v1/peers', { displayName: 'Quintessa Marlowe', userId: peer.userId })).json().id;
      const p = await as(admin, 'POST', '/api/v1/participants', {
        givenName: 'Zebulon', familyName: 'Featherstonehaugh', birthDate: '1979-11-23', contact: { phone: '(312) 555-0199', email: 'zebulon@example.org' },
      });
      expect(p.statusCode).toBe(201);
      expect((await as(admin, 'POST', `/api/v1/participants/${p.json().id}/assignments`, { peerId, consent: { given: true, method: 'verbal' } })).statusCode).toBe(201);
      const note = await as(peer, 'POST', '/api/v1/encounters', {
        participantId: p.json().id, type: 'individual', modality: 'in-person', startedAt: new Date(Date.now() - 7_200_000).toISOString(), durationMinutes: 30,
        narrative: 'Relapsed on Tuesday after the eviction notice.',
      });
      expect(note.statusCode, note.body).toBe(201);
      expect((await as(admin, 'GET', '/api/v1/participants?q=Featherstonehaugh')).json().total).toBe(1);
      expect((await as(admin, 'PATCH', `/api/v1/participants/${p.json().id}`, { preferredName: 'Zeb', birthDate: '1979-11-24' })).statusCode).toBe(200);
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email, password: PASSWORD } });
      const cookie = login.cookies.find((c) => c.name === 'pb_session')!.value;
      const csrf = login.json().csrfToken as string;
      secrets.push(cookie, csrf);
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `pb_session=${cookie}` } });
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'zebulon@example.org', password: 'Featherstonehaugh guess 1' } });
      await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: `pb_session=${cookie}`, 'x-csrf-token': csrf } });
    });
    expect(logs).toContain('/api/v1/participants');
    expect(logs).toContain('"statusCode":201');
    for (const word of ['Zebulon', 'Featherstonehaugh', 'Zeb"', '1979-11-2', '555-0199', 'Quintessa', 'Relapsed', 'eviction', ...secrets]) {
      expect(logs, word).not.toContain(word);
    }
  });

  // A receiver's link carries its bearer token in the path: whoever reads the logs could open the referral.
  it("keeps a referral receiver's link token out of the logs, on the API and on the web page", async () => {
    const token = 'rl_Xq3vTokenOfAReceiverLink0123456789';
    const logs = await logged(async (app) => {
      await app.inject({ method: 'GET', url: `/api/v1/referral-links/${token}` });
      await app.inject({ method: 'POST', url: `/api/v1/referral-links/${token}/status`, payload: { status: 'accepted' } });
      await app.inject({ method: 'GET', url: `/r/${token}` });
    });
    expect(logs).toContain('/api/v1/referral-links/[token]/status');
    expect(logs).toContain('/r/[token]');
    expect(logs).not.toContain(token);
  });
});

describe('first run', () => {
  it('creates the first administrator once, with the one-time setup token', async () => {
    const fresh = await createTestApp();
    try {
      expect((await fresh.app.inject('/api/v1/setup/status')).json()).toEqual({ needed: true });
      const token = fresh.services.identity.issueSetupToken();
      const body = { organizationName: 'Northside Recovery Community', email: 'director@northside.example.org', password: PASSWORD, displayName: 'Ana' };
      const wrong = await fresh.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...body, token: 'guess' } });
      expect(problemOf(wrong)).toMatchObject({ status: 403, code: 'invalid-setup-token' });
      const ok = await fresh.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...body, token } });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().user).toMatchObject({ role: 'admin', email: body.email });
      expect(ok.cookies.some((c) => c.name === 'pb_session')).toBe(true);
      const again = await fresh.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...body, token, email: 'second@example.org' } });
      expect(again.statusCode).toBe(403);
      expect((await fresh.app.inject('/api/v1/setup/status')).json()).toEqual({ needed: false });
    } finally {
      await fresh.close();
    }
  });
});

describe('web shell', () => {
  it('serves the app at / and its routes, but API misses stay problems', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'pb-web-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Peerbridge</title>');
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const app = await buildApp({ services: t.services, webDist: dist });
    expect((await app.inject('/')).body).toContain('<title>Peerbridge</title>');
    expect((await app.inject('/admin/users')).body).toContain('<title>Peerbridge</title>');
    expect((await app.inject('/assets/app.js')).body).toBe('console.log(1)');
    expect((await app.inject('/')).headers['content-security-policy']).toContain("default-src 'self'");
    expect(problemOf(await app.inject('/api/v1/missing')).status).toBe(404);
    await app.close();
  });
});

describe('configuration', () => {
  it('generates the secret once into the data folder, readable by its owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-cfg-'));
    const a = loadConfig({ PEERBRIDGE_DATA_DIR: dir });
    const b = loadConfig({ PEERBRIDGE_DATA_DIR: dir });
    expect(a.secret).toBe(b.secret);
    expect(a.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'secret'), 'utf8').trim()).toBe(a.secret);
  });

  it('refuses to start on PostgreSQL without a secret, and names bad variables', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@localhost/db' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@localhost/db' })).toThrow(/PEERBRIDGE_SECRET is required/);
    expect(() => loadConfig({ PORT: 'eighty', PEERBRIDGE_SECRET: 'x'.repeat(40) })).toThrow(/PORT/);
    // The application's own login without the owner's URL would leave nobody to run the migrations.
    expect(() => loadConfig({ DATABASE_APP_URL: 'postgres://web@localhost/db', PEERBRIDGE_SECRET: 'x'.repeat(40) })).toThrow(/DATABASE_APP_URL needs DATABASE_URL/);
    expect(loadConfig({ DATABASE_URL: 'postgres://owner@localhost/db', DATABASE_APP_URL: 'postgres://web@localhost/db', PEERBRIDGE_SECRET: 'x'.repeat(40) }).appDatabaseUrl).toBe('postgres://web@localhost/db');
  });
});

describe('server lifecycle', () => {
  it('finds every acknowledged write after a clean restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-restart-'));
    const database = onPostgres ? await createTestDatabase() : null;
    if (database) await database.db.close();
    const config = loadConfig({ PEERBRIDGE_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', PEERBRIDGE_SECRET: TEST_SECRET, ...(database?.url ? { DATABASE_URL: database.url } : {}) });
    const first = await startServer(config, { logger: false });
    const token = first.services.identity.issueSetupToken();
    const setup = await fetch(`${first.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, organizationName: 'Durable Org', email: 'durable@example.org', password: PASSWORD }),
    });
    expect(setup.status).toBe(201);
    await first.close();
    const second = await startServer(config, { logger: false });
    const login = await fetch(`${second.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'durable@example.org', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    await second.close();
    await database?.close();
  });
});

// Each command is a fresh process that opens the embedded database: slow on a loaded machine.
describe.skipIf(onPostgres)('command line', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-cli-'));
  const env = { ...process.env, PEERBRIDGE_DATA_DIR: dir, DATABASE_URL: '' };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const cli = (args: string[], input?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/peerbridge.js', ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(input ?? '');
    });

  it('creates an organization, a user, a token that works, and verifies the audit trail', async () => {
    const org = await cli(['org', 'create', '--name', 'CLI Agency']);
    expect(org.code).toBe(0);
    const { id } = JSON.parse(org.stdout) as { id: string };
    const user = await cli(['user', 'create', '--org', id, '--email', 'cli.admin@example.org', '--role', 'admin', '--password-stdin'], `${PASSWORD}\n`);
    expect(user.code, user.stderr).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({ email: 'cli.admin@example.org', role: 'admin' });
    const weak = await cli(['user', 'create', '--org', id, '--email', 'weak@example.org', '--role', 'peer', '--password-stdin'], 'short\n');
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('at least 12 characters');
    const token = await cli(['token', 'create', '--email', 'cli.admin@example.org', '--name', 'reports']);
    const { token: secret } = JSON.parse(token.stdout) as { token: string };
    expect(secret).toMatch(/^pbt_/);
    const verify = await cli(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/intact: \d+ events verified/);

    // The token works against a server started on the same data folder...
    const server = await startServer(loadConfig({ PEERBRIDGE_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1' }), { logger: false });
    try {
      const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(await me.json()).toMatchObject({ email: 'cli.admin@example.org', organization: { id } });
      // ...and while that server holds the embedded database, the CLI refuses clearly.
      const busy = await cli(['audit', 'verify']);
      expect(busy.code).not.toBe(0);
      expect(busy.stderr).toMatch(/in use by a running Peerbridge server/);
    } finally {
      await server.close();
    }
  });

  it('loads a demo agency, prints its sign-ins, and exports its claims as 837P from the command line', async () => {
    const demo = await cli(['demo']);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/admin\s+admin@riverside\.example\.org\s+\S{12,}/);
    expect(demo.stdout).toMatch(/peer\s+rosa@riverside\.example\.org/);
    const again = await cli(['demo']);
    expect(again.stdout).toContain('already loaded');

    // The claims export the demo suggests: an 837P that node-x12 parses, then never the same lines twice.
    const suggested = /npx peerbridge (claims export .*--format 837p) --out \S+/.exec(demo.stdout);
    expect(suggested, demo.stdout).not.toBeNull();
    const args = suggested![1]!.split(' ');
    const out = join(dir, 'claims.x12');
    const exported = await cli([...args, '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const summary = JSON.parse(exported.stdout) as { totals: { claims: number; lines: number; units: number }; out: string };
    expect(summary.totals.lines).toBeGreaterThan(0);
    expect(summary.out).toBe(out);
    // Claims carry participants' names, Medicaid ids and diagnoses: the file is owner-only.
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const interchange = new X12Parser(true).parse(readFileSync(out, 'utf8')) as X12Interchange;
    const tx = interchange.functionalGroups[0]!.transactions[0]!;
    expect(Number(tx.trailer.elements[0]!.value)).toBe(tx.segments.length + 2);
    expect(tx.segments.filter((seg) => seg.tag === 'CLM')).toHaveLength(summary.totals.claims);
    expect(tx.segments.filter((seg) => seg.tag === 'SV1')).toHaveLength(summary.totals.lines);
    const twice = await cli([...args, '--out', join(dir, 'again.x12')]);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toMatch(/nothing/i);
    const badFormat = await cli([...args.slice(0, -1), 'pdf', '--out', join(dir, 'x.pdf')]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format');
  });

  it("adds words to a need from the command line, keeps the ones it had, and refuses what is not words", async () => {
    const added = await cli(['directory', 'category-words', 'add', 'food', 'manje', 'Food']);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ category: 'food', builtin: false, words: expect.stringMatching(/^food meals .*comida.* manje$/) });
    const list = await cli(['directory', 'category-words', 'list']);
    expect(list.stdout).toMatch(/^food\s+\(changed\) food meals .* manje$/m);
    expect(list.stdout).toMatch(/^shelter\s+shelter /m);
    const bad = await cli(['directory', 'category-words', 'set', 'food', '=HYPERLINK("x")']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('words');
    // A category search does not know is refused, naming it, with the ones there are.
    const unknown = await cli(['directory', 'category-words', 'set', 'fod', 'food']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/"fod" is not a Peerbridge category\. Use one of: .*food/);
    const unmapped = await cli(['directory', 'category-map', 'unmapped']);
    expect(unmapped.code, unmapped.stderr).toBe(0);
    expect(unmapped.stdout).toMatch(/^Every code of the imported services maps to a category\.$|^\S+\s+\d+\s{2}\S/m);
    // A mapping added by mistake is removed; a built-in one is changed, not removed.
    expect((await cli(['directory', 'category-map', 'add', 'zz-0100', 'food'])).code).toBe(0);
    const removed = await cli(['directory', 'category-map', 'remove', 'ZZ-0100']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ code: 'ZZ-0100', category: 'food', servicesIndexed: 0 });
    expect((await cli(['directory', 'category-map', 'list'])).stdout).not.toMatch(/^ZZ-0100 /m);
    const builtin = await cli(['directory', 'category-map', 'remove', 'BD-1800']);
    expect(builtin.code).not.toBe(0);
    expect(builtin.stderr).toContain('built-in');
    // The words of food put back to Peerbridge's.
    const reset = await cli(['directory', 'category-words', 'reset', 'food']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ category: 'food', builtin: true });
    expect((await cli(['directory', 'category-words', 'list'])).stdout).toMatch(/^food\s+food meals /m);
  });

  it('is runnable as npx peerbridge (the package bin)', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin.peerbridge).toBe('bin/peerbridge.js');
    const help = await run(process.execPath, ['bin/peerbridge.js', '--help']);
    for (const cmd of ['org', 'user', 'token', 'audit', 'demo']) expect(help.stdout).toContain(cmd);
  });
});

describe.skipIf(onPostgres)('npm start process', () => {
  it('shuts down cleanly on SIGTERM and releases the embedded database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-sigterm-'));
    const port = 19_000 + Math.floor(Math.random() * 1000);
    const child = spawn(process.execPath, ['src/main.ts'], {
      env: { ...process.env, PEERBRIDGE_DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The setup hint follows the ready line once the server has checked that no user exists.
    for (let i = 0; i < 1200 && !stdout.includes('setup?token='); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stdout).toMatch(/Peerbridge is ready/);
    expect(stdout).toMatch(/\/setup\?token=/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Closed cleanly');
    // The lock is released: a command can open the database now.
    expect(() => readFileSync(join(dir, 'peerbridge.lock'))).toThrow();
  });
});
