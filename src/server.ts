import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';
import { buildApp, loggerOptions } from './app.ts';
import type { Config } from './config.ts';
import { deriveKeys } from './core/crypto.ts';
import { openDatabase } from './db/client.ts';
import { lockDataDir } from './db/lock.ts';
import { createServices } from './services.ts';

export interface RunningServer {
  url: string;
  services: ReturnType<typeof createServices>;
  /** Stops accepting, drains requests in flight, then closes the database. */
  close(): Promise<void>;
}

/** Lost server connections are logged (message and code only) at the server's log level. */
const databaseLogger = (level: string) => pino({ level, base: { component: 'database' } });

/** Opens the database (migrating it), builds the app and listens. Used by `npm start` and tests. */
export const startServer = async (
  config: Config,
  opts: { logger?: FastifyServerOptions['logger']; inMemory?: boolean; pgliteArchive?: Blob; rateLimitPerMinute?: number } = {},
): Promise<RunningServer> => {
  const unlock = config.databaseUrl || opts.inMemory ? () => undefined : lockDataDir(config.dataDir, 'server');
  try {
    const db = await openDatabase({
      databaseUrl: config.databaseUrl,
      appDatabaseUrl: config.appDatabaseUrl,
      dataDir: opts.inMemory ? undefined : `${config.dataDir}/pgdata`,
      pgliteArchive: opts.inMemory ? opts.pgliteArchive : undefined,
      poolSize: config.poolSize,
      timeouts: config.databaseTimeouts,
      logger: databaseLogger(config.logLevel),
    });
    const services = createServices({
      db,
      keys: deriveKeys(config.secret),
      sessionTtlMs: config.sessionTtlMs,
      sessionIdleMs: config.sessionIdleMs,
      publicUrl: config.publicUrl,
    });
    const app = await buildApp({
      services,
      logger: opts.logger ?? loggerOptions(config.logLevel),
      logRequests: config.logRequests,
      trustProxy: config.trustProxy,
      rateLimitPerMinute: opts.rateLimitPerMinute ?? config.rateLimitPerMinute,
    });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = config.publicUrl ?? `http://localhost:${port}`;
    let closing: Promise<void> | null = null;
    return {
      url,
      services,
      close: () =>
        (closing ??= (async () => {
          await app.close();
          await db.close();
          unlock();
        })()),
    };
  } catch (e) {
    unlock();
    throw e;
  }
};
