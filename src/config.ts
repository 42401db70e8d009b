import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { randomToken } from './core/crypto.ts';
import { databaseUrlProblem } from './db/hosts.ts';

/**
 * The only file that reads process.env. Every variable is listed in the README's configuration
 * table; keep the two in step.
 */
const databaseUrl = z.string().superRefine((v, ctx) => {
  const problem = databaseUrlProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  // Health data: only this machine can reach the server unless HOST says otherwise (containers:
  // HOST=0.0.0.0, README "Configuration").
  HOST: z.string().default('127.0.0.1'),
  PEERBRIDGE_DATA_DIR: z.string().default('./data'),
  // One host or a list (failover): postgres://u@h1:5432,h2:5432/db?target_session_attrs=read-write.
  DATABASE_URL: databaseUrl.optional(),
  DATABASE_APP_URL: databaseUrl.optional(),
  PEERBRIDGE_SECRET: z.string().min(32, 'PEERBRIDGE_SECRET must be at least 32 characters').optional(),
  PEERBRIDGE_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  DATABASE_LONG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(600_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Absent: the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  /** The application's own login (least privilege); absent: it logs in as DATABASE_URL's owner. */
  appDatabaseUrl: string | undefined;
  secret: string;
  publicUrl: string | undefined;
  logLevel: string;
  /** One line per request at `info`; otherwise request lines are written at `debug` only. */
  logRequests: boolean;
  sessionTtlMs: number;
  sessionIdleMs: number;
  trustProxy: boolean;
  poolSize: number;
  /** Server connections' timeouts (the embedded database has none). */
  databaseTimeouts: { connectMs: number; statementMs: number; longStatementMs: number; idleInTransactionMs: number };
  /** API requests per minute per address (sign-in routes have their own lower limits). */
  rateLimitPerMinute: number;
}

export class ConfigError extends Error {}

/**
 * On the embedded database a missing secret is generated once into the data folder, readable by
 * its owner only; on PostgreSQL several servers may share the database, so a generated secret
 * would differ between them: it must be given.
 */
const resolveSecret = (given: string | undefined, databaseUrl: string | undefined, dataDir: string): string => {
  if (given) return given;
  if (databaseUrl) {
    throw new ConfigError(
      'PEERBRIDGE_SECRET is required with DATABASE_URL (at least 32 characters, e.g. `openssl rand -base64 48`).',
    );
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomToken(48);
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
};

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_APP_URL && !e.DATABASE_URL) {
    throw new ConfigError('DATABASE_APP_URL needs DATABASE_URL: the tables\' owner runs the migrations, the application logs in with DATABASE_APP_URL.');
  }
  const dataDir = resolve(e.PEERBRIDGE_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    appDatabaseUrl: e.DATABASE_APP_URL,
    secret: resolveSecret(e.PEERBRIDGE_SECRET, e.DATABASE_URL, dataDir),
    publicUrl: e.PEERBRIDGE_PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    logRequests: e.LOG_REQUESTS,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    trustProxy: e.TRUST_PROXY,
    poolSize: e.DATABASE_POOL_SIZE,
    databaseTimeouts: {
      connectMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      longStatementMs: e.DATABASE_LONG_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
  };
};
