/**
 * Cold start of `npm start` on the embedded database: spawns the server on a fresh data folder and
 * times process start to a ready /readyz, for the first run (creates and migrates the database)
 * and later runs (opens it). Prints figures; never fails on time.
 *
 *   npx node bench/cold-start.ts [runs=5]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'pb-coldstart-'));
const port = 18_000 + Math.floor(Math.random() * 1000);

const once = async (): Promise<number> => {
  const started = performance.now();
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: { ...process.env, PEERBRIDGE_DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - started;
  await new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return ms;
};

const first = await once();
const later: number[] = [];
for (let i = 0; i < runs; i++) later.push(await once());
later.sort((a, b) => a - b);
const median = later[Math.floor(later.length / 2)]!;
console.log(`cold start to ready /readyz on the embedded database (${runs} later runs)`);
console.log(`  first run (creates and migrates): ${first.toFixed(0)} ms`);
console.log(`  later runs: median ${median.toFixed(0)} ms, min ${later[0]!.toFixed(0)} ms, max ${later.at(-1)!.toFixed(0)} ms`);
rmSync(dir, { recursive: true, force: true });
