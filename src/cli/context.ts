import { systemActor } from '../core/actor.ts';
import { loadConfig, type Config } from '../config.ts';
import { deriveKeys } from '../core/crypto.ts';
import { isAppError } from '../core/errors.ts';
import { AppLoginError, openDatabase } from '../db/client.ts';
import { BackupError } from '../db/backup.ts';
import { DataDirBusyError, lockDataDir } from '../db/lock.ts';
import { createServices, type Services } from '../services.ts';

/**
 * Opens the same database the server uses (DATABASE_URL, or the embedded one, locked so a running
 * server and the CLI never open it together), runs one command, and closes it.
 */
export interface CliContext {
  config: Config;
  services: Services;
  actor: ReturnType<typeof systemActor>;
}

export const withServices = async <T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> => {
  const config = loadConfig();
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir, 'command');
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, appDatabaseUrl: config.appDatabaseUrl, dataDir: `${config.dataDir}/pgdata`, poolSize: 2, timeouts: config.databaseTimeouts });
    try {
      const services = createServices({ db, keys: deriveKeys(config.secret), publicUrl: config.publicUrl });
      return await fn({ config, services, actor: systemActor('cli') });
    } finally {
      await db.close();
    }
  } finally {
    unlock();
  }
};

export const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** Clear one-line errors and a non-zero exit; a stack trace only for real bugs. */
export const fail = (e: unknown): never => {
  if (isAppError(e)) {
    const fields = e.errors?.map((f) => `\n  ${f.field}: ${f.message}`).join('') ?? '';
    console.error(`peerbridge: ${e.detail}${fields}`);
    process.exit(e.status === 404 ? 4 : 2);
  }
  if (e instanceof DataDirBusyError || e instanceof AppLoginError || e instanceof BackupError || (e as Error).name === 'ConfigError') {
    console.error(`peerbridge: ${(e as Error).message}`);
    process.exit(3);
  }
  console.error(e);
  process.exit(1);
};

export const readStdin = async (): Promise<string> => {
  if (process.stdin.isTTY) {
    process.stderr.write('Password (input is not hidden; prefer piping it): ');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
};
