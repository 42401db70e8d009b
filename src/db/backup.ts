import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockDataDir } from './lock.ts';

/**
 * Backup and restore of the embedded database (docs/operations.md, "Backups"). A backup is
 * PGlite's own dump of its data folder (a gzip tarball) taken while the folder is locked, so no
 * server writes meanwhile: a consistent copy. It holds participants' health data: the file is
 * created readable by its owner only. The secret (PEERBRIDGE_SECRET or the data folder's
 * `secret`) is not in it and must be kept apart: without it encrypted fields cannot be read.
 */
const EXTENSIONS = { pg_trgm, unaccent, cube, earthdistance };

export class BackupError extends Error {}

/** Writes a consistent copy of `dataDir`'s database to `outFile` (mode 0600); its size in bytes. */
export const backupEmbedded = async (dataDir: string, outFile: string): Promise<number> => {
  const pgdata = join(dataDir, 'pgdata');
  if (!existsSync(pgdata)) throw new BackupError(`There is no embedded database in ${dataDir}.`);
  const unlock = lockDataDir(dataDir, 'backup');
  try {
    const db = await PGlite.create({ dataDir: pgdata, extensions: EXTENSIONS });
    try {
      // A checkpoint first, so the copy needs no WAL replay to open.
      await db.exec('checkpoint');
      const dump = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
      writeFileSync(outFile, dump, { mode: 0o600, flag: 'w' });
      return dump.length;
    } finally {
      await db.close();
    }
  } finally {
    unlock();
  }
};

/**
 * Replaces `dataDir`'s database with the backup in `file`. The database it replaces is kept
 * beside it as `pgdata.before-restore-<time>` (remove it once the restore is checked). Refused
 * while a server or command holds the folder.
 */
export const restoreEmbedded = async (dataDir: string, file: string, now = new Date()): Promise<{ keptAs: string | null }> => {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const unlock = lockDataDir(dataDir, 'restore');
  try {
    const pgdata = join(dataDir, 'pgdata');
    const blob = new Blob([readFileSync(file)]);
    let keptAs: string | null = null;
    if (existsSync(pgdata)) {
      keptAs = `${pgdata}.before-restore-${now.toISOString().replaceAll(':', '-').replace(/\..*$/, '')}`;
      renameSync(pgdata, keptAs);
    }
    try {
      const db = await PGlite.create({ dataDir: pgdata, loadDataDir: blob, extensions: EXTENSIONS });
      // The restored database must open and answer before it counts as restored.
      await db.query('select count(*) from pb_migrations');
      await db.close();
    } catch (e) {
      if (keptAs) {
        renameSync(pgdata, `${pgdata}.failed-restore`);
        renameSync(keptAs, pgdata);
      }
      throw new BackupError(`${file} could not be restored (${(e as Error).message}); the database was left as it was.`);
    }
    return { keptAs };
  } finally {
    unlock();
  }
};
