import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database is one process's files: a second process opening them would corrupt them.
 * A lock file with the holder's pid keeps the server and the CLI from sharing the folder; a lock
 * left by a process that no longer runs is taken over.
 */
export class DataDirBusyError extends Error {}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export const lockDataDir = (dataDir: string, holder: string): (() => void) => {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'peerbridge.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let info: { pid?: number; holder?: string } = {};
      try {
        info = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        // An unreadable lock is treated as stale.
      }
      if (info.pid && info.pid !== process.pid && alive(info.pid)) {
        throw new DataDirBusyError(
          `The embedded database in ${dataDir} is in use by a running Peerbridge ${info.holder ?? 'process'} (pid ${info.pid}). ` +
            'Stop it first (Ctrl+C), or use the HTTP API while it runs.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirBusyError(`Could not lock ${dataDir}.`);
};
