// Benchmark (issue 23): `peerbridge fhir export` of a large agency (5,000 participants, 200,000
// signed sessions, 5,000 plans, 30,000 assessments) as FHIR Bulk Data NDJSON: seconds, resources
// written and the process's memory (RSS sampled every 50 ms: before, peak, and peak minus
// before). Goal: under 60 s, memory flat (streamed in keyset pages, never built in memory).
// Prints figures; never fails on time.
//
//   npx node bench/fhir-export.ts [postgres|pglite] [batch=2000]
//
// The agency is written set-based in SQL as the tables' owner on a fresh database; the export
// runs in this process through the same function the CLI calls.
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemActor } from '../src/core/actor.ts';
import { deriveKeys } from '../src/core/crypto.ts';
import { openDatabase } from '../src/db/client.ts';
import { exportOrganization } from '../src/modules/fhir/fhir.export.ts';
import { createServices } from '../src/services.ts';
import { freshDatabase } from './directory-import.ts';
import { agencySql, statements } from './fhir-agency.ts';

const kind = (process.argv[2] ?? 'postgres') as 'postgres' | 'pglite';
const batch = Number(process.argv[3] ?? 2000);

const main = async () => {
  const target = kind === 'postgres' ? await freshDatabase('pb_bench_fhir_export') : null;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'pb-bench-fhir-')) : null;
  const out = mkdtempSync(join(tmpdir(), 'pb-bench-fhir-out-'));
  const db = await openDatabase(target ? { databaseUrl: target.url, poolSize: 2 } : { dataDir: join(dataDir!, 'pgdata') });
  try {
    const services = createServices({ db, keys: deriveKeys('bench-secret-that-is-long-enough-for-hkdf-000000') });
    const org = await services.identity.createOrganization(systemActor('bench'), { name: 'Bench Agency', timeZone: 'America/Chicago' });
    let t0 = performance.now();
    await db.owner(async (tx) => {
      // One statement at a time: PGlite's prepared statements take one command each.
      for (const statement of statements(agencySql(org.id))) await tx.execute(sql.raw(statement));
    });
    console.log(`${kind}: 5,000 participants, 200,000 sessions, 5,000 plans, 30,000 assessments; seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s; batch ${batch}`);
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const cpu0 = process.cpuUsage();
    t0 = performance.now();
    const phases: string[] = [];
    let cpuAt = process.cpuUsage();
    const result = await exportOrganization(services, systemActor('bench', org.id), out, {
      batch,
      onPhase: (name, ms, readMs) => {
        // CPU of this process per kind (on PGlite the database's too: it runs in this thread), less sensitive to a busy machine than wall time.
        const c = process.cpuUsage(cpuAt);
        cpuAt = process.cpuUsage();
        phases.push(`${name} ${(ms / 1000).toFixed(1)} s (reading ${(readMs / 1000).toFixed(1)} s, CPU ${((c.user + c.system) / 1e6).toFixed(1)} s)`);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const cpu = process.cpuUsage(cpu0);
    const total = result.files.reduce((s, f) => s + f.count, 0);
    const bytes = result.files.reduce((s, f) => s + statSync(f.url).size, 0);
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    console.log(`  export: ${seconds.toFixed(1)} s (goal < 60 s), ${total.toLocaleString('en-US')} resources, ${mb(bytes)} of NDJSON; node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
    console.log(`  ${result.files.map((f) => `${f.type} ${f.count.toLocaleString('en-US')}`).join(', ')}`);
    console.log(`  by kind: ${phases.join(', ')}`);
    console.log(`  memory (RSS): before ${mb(before)}, peak ${mb(peak)}, growth ${mb(peak - before)} (flat: bounded by one page of ${batch} rows)`);
  } finally {
    await db.close();
    await target?.drop();
    rmSync(out, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
};

await main();
