import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dumpMigratedPglite } from '../../src/db/client.ts';
import { listMigrations } from '../../src/db/migrate.ts';

/**
 * The suites start each test file's database from one already migrated copy: running the 50-odd
 * migrations again costs seconds per file (PGlite starts from an empty data folder, then migrates;
 * the server runs each migration's statements). A copy is named by the migrations' text, so a
 * changed migration makes a new one.
 */
export const migrationsKey = (extra = ''): string => {
  const hash = createHash('sha256').update(`${extra}\n`);
  for (const m of listMigrations()) hash.update(`${m.name}\n${m.sql}\n`);
  return hash.digest('hex').slice(0, 16);
};

const pgliteEntry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
const pgliteVersion = (JSON.parse(readFileSync(join(pgliteEntry.slice(0, pgliteEntry.lastIndexOf('/dist/')), 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The archive of a migrated in-memory PGlite data folder, kept in the system's temporary folder
 * and named by the migrations and PGlite's version. The first file that finds none makes it (two
 * at once both make one; each writes its own file and renames it, so a reader never sees half).
 * Loading it takes about 3 s against about 5 s for an empty PGlite and its migrations.
 */
export const migratedPgliteArchive = async (): Promise<Blob> => {
  const path = join(tmpdir(), `peerbridge-test-pglite-${migrationsKey(`pglite ${pgliteVersion}`)}.tar`);
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const archive = await dumpMigratedPglite();
  const partial = `${path}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, Buffer.from(await archive.arrayBuffer()));
  renameSync(partial, path);
  return archive;
};
