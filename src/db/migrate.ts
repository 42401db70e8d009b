import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Applies the committed SQL migrations in `src/db/migrations/` in file-name order, each once, each
 * in its own transaction, recording them in `pb_migrations`. The same files run on PGlite and on
 * PostgreSQL, so they use SQL both PostgreSQL 15 and 18 accept.
 */
export interface SqlRunner {
  exec(text: string): Promise<void>;
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export const listMigrations = (dir = MIGRATIONS_DIR) =>
  readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));

// One lock id for "migrating Peerbridge", so two servers starting together do not race.
const MIGRATION_LOCK = 7_301_2024;

export const runMigrations = async (db: SqlRunner, dir = MIGRATIONS_DIR): Promise<string[]> => {
  await db.exec(`select pg_advisory_lock(${MIGRATION_LOCK})`);
  try {
    await db.exec(
      'create table if not exists pb_migrations (name text primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set((await db.query('select name from pb_migrations')).map((r) => r.name as string));
    const applied: string[] = [];
    for (const m of listMigrations(dir)) {
      if (done.has(m.name)) continue;
      await db.exec(`begin;\n${m.sql}\n;insert into pb_migrations(name) values ('${m.name}');\ncommit;`).catch(
        async (e: unknown) => {
          await db.exec('rollback').catch(() => undefined);
          throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`);
        },
      );
      applied.push(m.name);
    }
    return applied;
  } finally {
    await db.exec(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
  }
};
