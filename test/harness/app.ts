import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { systemActor, type Role } from '../../src/core/actor.ts';
import { deriveKeys } from '../../src/core/crypto.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hkdf-0123456789';

/** The real app on a fresh database, driven with `inject` (no socket). */
export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: TestDatabase;
  close(): Promise<void>;
}

export const createTestApp = async (opts: { clock?: () => Date; rateLimitPerMinute?: number } = {}): Promise<TestApp> => {
  const database = await createTestDatabase();
  const services = createServices({ db: database.db, keys: deriveKeys(TEST_SECRET), ...(opts.clock ? { clock: opts.clock } : {}) });
  const app = (await buildApp({ services, rateLimitPerMinute: opts.rateLimitPerMinute ?? 100_000 })) as unknown as FastifyInstance;
  await app.ready();
  return {
    app,
    services,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
};

let counter = 0;
export const uniqueEmail = (prefix = 'user') => `${prefix}.${Date.now().toString(36)}.${++counter}@example.org`;
export const PASSWORD = 'a long and unusual passphrase 42';

export interface TestUser {
  orgId: string;
  userId: string;
  email: string;
  password: string;
  role: Role;
  /** Authorization header value for this user (an API token). */
  auth: string;
}

/** A new organization with one user of `role`, signed in through an API token. */
export const createOrgWithUser = async (t: { services: Services }, role: Role = 'admin', orgName = 'Test Agency'): Promise<TestUser> => {
  const org = await t.services.identity.createOrganization(systemActor('test'), { name: orgName });
  return addUser(t, org.id, role);
};

export const addUser = async (t: { services: Services }, orgId: string, role: Role, email = uniqueEmail(role)): Promise<TestUser> => {
  const actor = systemActor('test', orgId);
  const user = await t.services.identity.createUser(actor, { orgId, email, role, password: PASSWORD, displayName: `Test ${role}` });
  const token = await t.services.identity.createApiToken(actor, { email, name: 'test' });
  return { orgId, userId: user.id, email, password: PASSWORD, role, auth: `Bearer ${token.token}` };
};

/** A browser-like session: signs in, then sends the cookie and the CSRF token. */
export const signIn = async (app: FastifyInstance, email: string, password = PASSWORD) => {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'pb_session')!;
  return { cookie: `pb_session=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken, setCookie: cookie };
};

export const problemOf = (res: LightMyRequestResponse) => {
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected a problem+json response, got ${res.statusCode} ${res.headers['content-type']}: ${res.body}`);
  }
  return res.json() as { type: string; status: number; code: string; detail: string; errors?: Array<{ field: string; message: string }> };
};
