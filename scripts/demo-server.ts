import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real server on a fresh demo database, for the scripts that look at the web app as people use
 * it (`bench/slow-3g.ts`, `scripts/shots.ts`): its own temporary data folder, `peerbridge demo`,
 * then `src/main.ts` on a free port on 127.0.0.1. The demo passwords are random and printed once;
 * they are read from the demo's output.
 */
export interface DemoUser {
  role: string;
  email: string;
  password: string;
  displayName: string;
}

export interface DemoServer {
  baseUrl: string;
  users: DemoUser[];
  close(): Promise<void>;
}

const root = join(import.meta.dirname, '..');

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Lines printed by `peerbridge demo`: `  peer       rosa@…  <password>   (Rosa Delgado)`. */
export const parseDemoUsers = (out: string): DemoUser[] =>
  [...out.matchAll(/^\s+(admin|supervisor|peer|analyst)\s+(\S+@\S+)\s+(\S+)\s+\((.+)\)\s*$/gm)].map((m) => ({
    role: m[1]!,
    email: m[2]!,
    password: m[3]!,
    displayName: m[4]!,
  }));

export const startDemoServer = async (): Promise<DemoServer> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-demo-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PEERBRIDGE_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.DATABASE_APP_URL;
  const out = execFileSync(process.execPath, [join(root, 'bin', 'peerbridge.js'), 'demo'], { cwd: root, env, encoding: 'utf8' });
  const users = parseDemoUsers(out);
  if (users.length === 0) throw new Error(`No demo sign-ins in the output of peerbridge demo:\n${out}`);
  const child: ChildProcess = spawn(process.execPath, [join(root, 'src', 'main.ts')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('The server was not ready within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    users,
    close: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
};
