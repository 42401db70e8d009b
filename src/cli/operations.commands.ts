import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { BackupError, backupEmbedded, restoreEmbedded } from '../db/backup.ts';
import { fail } from './context.ts';

/**
 * `peerbridge backup` / `restore`: the embedded database's backups (docs/operations.md). On a
 * PostgreSQL server the server's own tools back up (pg_dump, WAL archiving): these refuse there.
 */
const embeddedOnly = () => {
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new BackupError('DATABASE_URL is set: back up a PostgreSQL server with pg_dump or WAL archiving (docs/operations.md, "Backups").');
  }
  return config;
};

export const registerOperationsCommands = (program: Command) => {
  program
    .command('backup')
    .description('write a consistent copy of the embedded database to a file (stop the server first)')
    .requiredOption('--out <file>', 'file to write (created readable by you only: it holds health data)')
    .action((o: { out: string }) =>
      (async () => {
        const config = embeddedOnly();
        const bytes = await backupEmbedded(config.dataDir, resolve(o.out));
        console.log(`Backed up the embedded database in ${config.dataDir} to ${resolve(o.out)} (${bytes} bytes).`);
        console.log('Keep the secret (PEERBRIDGE_SECRET or the data folder\'s "secret" file) apart from it: the backup cannot be read without it.');
      })().catch(fail),
    );
  program
    .command('restore')
    .description('replace the embedded database with a backup (stop the server first; the current one is kept beside it)')
    .argument('<file>', 'a file written by peerbridge backup')
    .action((file: string) =>
      (async () => {
        const config = embeddedOnly();
        const { keptAs } = await restoreEmbedded(config.dataDir, resolve(file));
        console.log(`Restored ${resolve(file)} into ${config.dataDir}.`);
        if (keptAs) console.log(`The database it replaced is kept in ${keptAs}; remove it once you have checked the restore.`);
      })().catch(fail),
    );
};
