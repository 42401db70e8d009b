import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../src/db/client.ts';
import { lockDataDir } from '../src/db/lock.ts';
import { onPostgres } from './harness/db.ts';

/** `peerbridge backup` and `restore` of the embedded database (docs/operations.md, issue 18). */
describe.skipIf(onPostgres)('backup and restore of the embedded database', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-backup-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PEERBRIDGE_DATA_DIR: dir };
  delete env.DATABASE_URL;
  delete env.DATABASE_APP_URL;
  const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/peerbridge.js', ...args], { env: { ...env, ...extraEnv } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end();
    });
  const organizations = async () => {
    const db = await openDatabase({ dataDir: join(dir, 'pgdata'), migrate: false });
    try {
      return (await db.owner(async (tx) => rowsOf<{ name: string }>(await tx.execute(sql`select name from organizations order by name`)))).map((r) => r.name);
    } finally {
      await db.close();
    }
  };

  it('backs up, and a restore after a change finds the earlier state', async () => {
    expect((await cli(['org', 'create', '--name', 'Before the backup'])).code).toBe(0);
    const file = join(dir, 'nightly.tar.gz');
    const backup = await cli(['backup', '--out', file]);
    expect(backup.code, backup.stderr).toBe(0);
    // Health data: readable by its owner only.
    expect(statSync(file).mode & 0o777).toBe(0o600);

    expect((await cli(['org', 'create', '--name', 'After the backup'])).code).toBe(0);
    expect(await organizations()).toEqual(['After the backup', 'Before the backup']);

    const restore = await cli(['restore', file]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(await organizations()).toEqual(['Before the backup']);
    // The replaced database is kept beside it until the operator removes it.
    expect(readdirSync(dir).some((f) => f.startsWith('pgdata.before-restore-'))).toBe(true);
    expect(restore.stdout).toContain('pgdata.before-restore-');
  });

  it('refuses while the server holds the database, and leaves it as it was', async () => {
    const unlock = lockDataDir(dir, 'server');
    try {
      const busy = await cli(['restore', join(dir, 'nightly.tar.gz')]);
      expect(busy.code).toBe(3);
      expect(busy.stderr).toContain('in use by a running Peerbridge server');
      const busyBackup = await cli(['backup', '--out', join(dir, 'other.tar.gz')]);
      expect(busyBackup.code).toBe(3);
      expect(existsSync(join(dir, 'other.tar.gz'))).toBe(false);
    } finally {
      unlock();
    }
    expect(await organizations()).toEqual(['Before the backup']);
  });

  it('refuses a file that is not a backup, keeping the database', async () => {
    const bad = await cli(['restore', join(dir, 'secret')]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('could not be restored');
    expect(await organizations()).toEqual(['Before the backup']);
  });

  it('sends a PostgreSQL server to its own tools', async () => {
    const res = await cli(['backup', '--out', join(dir, 'x')], { DATABASE_URL: 'postgres://u@127.0.0.1:1/db', PEERBRIDGE_SECRET: 'x'.repeat(40) });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('pg_dump');
  });
});
