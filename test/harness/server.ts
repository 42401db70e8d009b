import { systemActor, type Role } from '../../src/core/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { migratedPgliteArchive } from './migrated.ts';
import { PASSWORD, TEST_SECRET, uniqueEmail } from './app.ts';

/**
 * A real server on a random port on a fresh in-memory database, serving the built web app
 * (built first when missing or stale). For browser tests.
 */
export interface TestServer {
  baseUrl: string;
  server: RunningServer;
  close(): Promise<void>;
}

export const startTestServer = async (): Promise<TestServer> => {
  ensureWebBuild();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', PEERBRIDGE_SECRET: TEST_SECRET, PEERBRIDGE_DATA_DIR: '/tmp/peerbridge-unused' });
  const server = await startServer(config, { logger: false, inMemory: true, pgliteArchive: await migratedPgliteArchive(), rateLimitPerMinute: 100_000 });
  const baseUrl = server.url.replace('localhost', '127.0.0.1');
  return { baseUrl, server, close: () => server.close() };
};

export const createOrgWithUser = async (
  s: TestServer,
  o: { role: Role; email?: string; password?: string; orgName?: string; displayName?: string; timeZone?: string },
) => {
  const { identity } = s.server.services;
  const org = await identity.createOrganization(systemActor('test'), { name: o.orgName ?? 'Browser Test Agency', ...(o.timeZone ? { timeZone: o.timeZone } : {}) });
  const email = o.email ?? uniqueEmail(o.role);
  const password = o.password ?? PASSWORD;
  const user = await identity.createUser(systemActor('test', org.id), { orgId: org.id, email, role: o.role, password, displayName: o.displayName ?? `Test ${o.role}` });
  return { orgId: org.id, userId: user.id, email, password };
};
