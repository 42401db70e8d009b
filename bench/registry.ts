// Benchmark (issue 22): a workforce registry of 30,000 peers with 36 monthly snapshots over every
// county (3,142 in the bundled atlas) from three member agencies. Figures: the county map's API
// (GET /registries/{id}/headcount?by=county) p95 against GET /api/v1/me p95 in the same run
// (goal: within 3x), with the trend and shortage-area calls beside it; and the import of an HRSA
// HPSA file of the national file's size (about 41,000 rows, generated to its format; goal: under
// 5 s). Prints figures; never fails on time.
//
//   npx node bench/registry.ts [postgres|pglite] [seconds=10]
//
// The records are written set-based in SQL (generate_series) as the tables' owner, then the real
// server answers; the rollup of the trend is built the way a snapshot builds it.
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemActor, type UserActor } from '../src/core/actor.ts';
import { loadConfig } from '../src/config.ts';
import { knownCounties } from '../src/modules/registry/geography.ts';
import * as repo from '../src/modules/registry/registry.repo.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { freshDatabase } from './directory-import.ts';
import { measureGets } from './http-load.ts';

const which = process.argv[2] ?? 'postgres';
const seconds = Number(process.argv[3] ?? 10);
const PEERS = 30_000;
const MONTHS = 36;

/** An HPSA detail file of the national size: a row per component, a trailing comma, XXXXX for non-counties. */
export const hpsaFile = (rows: number, counties: string[]) => {
  const header = 'HPSA Name,HPSA ID,Designation Type,HPSA Discipline Class,HPSA Score,HPSA Status,HPSA Designation Date,HPSA Component Source Identification Number,State and County Federal Information Processing Standard Code,Rural Status,';
  const statuses = ['Designated', 'Designated', 'Designated', 'Withdrawn', 'Proposed For Withdrawal'];
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const county = i % 17 === 0 ? 'XXXXX' : counties[i % counties.length]!;
    lines.push(`"Area ${i}, Somewhere",${1_000_000_000 + Math.floor(i / 6)},Geographic HPSA,Mental Health,${i % 26},${statuses[i % 5]},01/15/2019,${county}${i},${county},Rural,`);
  }
  return `${lines.join('\r\n')}\r\n`;
};

const run = async (kind: 'postgres' | 'pglite') => {
  console.log(`\n${kind}: ${PEERS.toLocaleString('en')} peers x ${MONTHS} months over ${knownCounties().length.toLocaleString('en')} counties, 3 members; ${seconds} s per scenario, 4 connections`);
  const target = kind === 'postgres' ? await freshDatabase('pb_bench_registry') : null;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'pb-bench-registry-')) : null;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ...(target ? { DATABASE_URL: target.url } : { PEERBRIDGE_DATA_DIR: dataDir! }),
    PEERBRIDGE_SECRET: 'bench-secret-that-is-long-enough-for-hkdf-000000',
    LOG_LEVEL: 'silent',
  });
  let server: RunningServer | null = null;
  try {
    server = await startServer(config, { logger: false, rateLimitPerMinute: 10_000_000 });
    const s = server.services;
    const org = await s.identity.createOrganization(systemActor('bench'), { name: 'Bench Registry', timeZone: 'America/Chicago' });
    const admin = await s.identity.createUser(systemActor('bench', org.id), { orgId: org.id, email: 'analyst@registry.example.org', role: 'admin', password: 'a long bench passphrase 42', displayName: 'Bench' });
    const asAdmin = (orgId: string, userId: string): UserActor => ({ kind: 'user', orgId, userId, role: 'admin', via: 'token', sourceIp: null });
    const registry = await s.registry.create(asAdmin(org.id, admin.id), { name: 'Bench Registry' });
    const members: string[] = [];
    for (const name of ['Member A', 'Member B', 'Member C']) {
      const m = await s.identity.createOrganization(systemActor('bench'), { name, timeZone: 'America/Chicago' });
      const u = await s.identity.createUser(systemActor('bench', m.id), { orgId: m.id, email: `admin@${name.replace(' ', '').toLowerCase()}.example.org`, role: 'admin', password: 'a long bench passphrase 42', displayName: name });
      await s.registry.join(asAdmin(m.id, u.id), registry.id, { acceptSharedFields: true, organizationName: name });
      members.push(m.id);
    }
    const token = await s.identity.createApiToken(systemActor('bench', org.id), { email: 'analyst@registry.example.org', name: 'bench' });
    const counties = knownCounties();
    const t0 = performance.now();
    await s.db.owner(async (tx) => {
      // One statement per call: PGlite's extended protocol takes no multi-statement strings.
      await tx.execute(sql.raw(`select set_config('app.org_id', '${org.id}', true)`));
      await tx.execute(sql.raw(`
        insert into registry_records (registry_id, org_id, member_org_id, month, person_key, credential_types, certified_on, work_fips, residence_fips, role,
                                      hours_per_week, wage_band, benefits, job_start, languages, race_ethnicity)
        select '${registry.id}', '${org.id}', (array['${members.join("','")}']::uuid[])[1 + p % 3],
               (date_trunc('month', current_date) - make_interval(months => ${MONTHS} - m))::date, 'key-' || p,
               array['cred-' || (p % 5)], date '2020-01-01' + p % 1500, c.fips[1 + p % ${counties.length}], c.fips[1 + p % ${counties.length}],
               'peer-specialist', case when p % 3 = 0 then 20 else 40 end, (array['under-15','15-18','18-21','21-25','25-plus'])[1 + p % 5], p % 2 = 0,
               date '2021-01-01' + p % 900, case when p % 5 = 0 then array['en','es'] else array['en'] end,
               case when p % 4 = 0 then array['Black or African American'] when p % 4 = 1 then array['White'] else null end
          from generate_series(1, ${PEERS}) p cross join generate_series(0, ${MONTHS - 1}) m
          cross join (select array['${counties.join("','")}'] as fips) c
         where p % 36 <= m or p % 5 <> 0`));
      await tx.execute(sql.raw('analyze registry_records'));
    });
    await s.db.tenant(org.id, (tx) => repo.refreshMonthly(tx, registry.id, org.id), null, s.db.longStatements);
    console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The national HPSA file's size, through the same import as the CLI and the API.
    const file = Buffer.from(hpsaFile(41_000, counties));
    const t1 = performance.now();
    const imported = await s.registryImports.hpsa(systemActor('bench'), registry.id, 'BCD_HPSA_FCT_DET_MH.csv', file);
    console.log(`  HPSA import: ${imported.imported.toLocaleString('en')} rows (${(file.length / 1e6).toFixed(1)} MB), ${imported.designations.toLocaleString('en')} designations, in ${((performance.now() - t1) / 1000).toFixed(2)} s (goal: under 5 s)`);

    const auth = `Bearer ${token.token}`;
    const base = server.url.replace('localhost', '127.0.0.1');
    const path = `/api/v1/registries/${registry.id}`;
    const measure = (label: string, paths: string[]) => measureGets({ label, base, paths, auth, seconds, connections: 4, timeoutSeconds: 60, indent: '  ', labelWidth: 44 });
    await measure('warm-up', ['/api/v1/me', `${path}/headcount?by=county`]);
    const me = await measure('GET /api/v1/me', ['/api/v1/me']);
    const map = await measure('GET headcount?by=county (the county map)', [`${path}/headcount?by=county`]);
    const trend = await measure('GET trend (36 months, turnover)', [`${path}/trend`]);
    const shortage = await measure('GET shortage-areas', [`${path}/shortage-areas`]);
    console.log(`  ratio map p95 / me p95: ${(map / me).toFixed(1)}x (goal: within 3x); trend ${(trend / me).toFixed(1)}x; shortage areas ${(shortage / me).toFixed(1)}x`);
  } finally {
    await server?.close();
    if (target) await target.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
};

await run(which === 'pglite' ? 'pglite' : 'postgres');
