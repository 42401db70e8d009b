// Benchmark (issue 20): the program report for a year of a large agency (5,000 participants,
// 200,000 signed sessions, 30,000 assessments) through the HTTP API, p95 against GET /api/v1/me
// p95 in the same run (goal: within 10x), on PostgreSQL and on PGlite. Prints figures; never
// fails on time.
//
//   npx node bench/program-report.ts [postgres|pglite|both] [seconds=10]
//
// The agency is written set-based in SQL (generate_series) as the tables' owner on a fresh database, then the real
// server answers the report with suppression on, by nothing and by language.
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemActor } from '../src/core/actor.ts';
import { loadConfig } from '../src/config.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { freshDatabase } from './directory-import.ts';
import { measureGets } from './http-load.ts';

const which = process.argv[2] ?? 'both';
const seconds = Number(process.argv[3] ?? 10);
const measure = (label: string, base: string, paths: string[], auth: string) =>
  measureGets({ label, base, paths, auth, seconds, connections: 4, timeoutSeconds: 120, indent: '  ', labelWidth: 40 });

/** The agency, written as the table owner in one transaction (row-level security needs app.org_id). */
const seedSql = (orgId: string) => `
select set_config('app.org_id', '${orgId}', true);
insert into peers (id, org_id, display_name)
  select gen_random_uuid(), '${orgId}', 'Peer ' || g from generate_series(1, 60) g;
create temp table bench_peers on commit drop as select id, row_number() over () as n from peers where org_id = '${orgId}';
insert into participants (id, org_id, given_name, family_name, birth_date, languages, race_ethnicity, gender_identity, status)
  select gen_random_uuid(), '${orgId}', 'Person', 'No ' || g, date '1960-01-01' + (g * 37 % 15000),
         case when g % 4 = 0 then array['es'] else array['en'] end,
         case g % 7 when 0 then array['black'] when 1 then array['white'] when 2 then array['hispanic-latino'] when 3 then array['asian'] when 4 then array['black', 'white'] else array[]::text[] end,
         case g % 3 when 0 then 'woman' when 1 then 'man' else 'non-binary' end, 'active'
  from generate_series(1, 5000) g;
create temp table bench_people on commit drop as select id, row_number() over () as n from participants where org_id = '${orgId}';
insert into assignments (id, org_id, participant_id, peer_id, status, assigned_at, consent)
  select gen_random_uuid(), '${orgId}', p.id, bp.id, 'active', now() - interval '400 days', '{"given": true, "method": "verbal", "recordedAt": "2025-01-01T00:00:00Z"}'
  from bench_people p join bench_peers bp on bp.n = 1 + p.n % 60;
create temp table bench_enc on commit drop as
  select gen_random_uuid() as id, g, 1 + (g % 5000) as pn, (current_date - (g % 365))::date as d from generate_series(1, 200000) g;
insert into encounters (id, org_id, peer_id, type, modality, started_at, duration_minutes, service_date, place_of_service, activities, narrative, status, signed_at, attestation)
  select e.id, '${orgId}', bp.id, 'individual', 'in-person', e.d + time '10:00', 15 + (e.g % 6) * 15, e.d, '11', array['shared-lived-experience'], 'Bench session.', 'signed', e.d + time '11:00', 'bench'
  from bench_enc e join bench_peers bp on bp.n = 1 + e.pn % 60;
insert into encounter_participants (encounter_id, participant_id, org_id, position, line_id)
  select e.id, p.id, '${orgId}', 0, e.id from bench_enc e join bench_people p on p.n = e.pn;
insert into assessments (id, org_id, participant_id, instrument, version, answers, complete, total, band, subscales, flags, mode, administered_at)
  select gen_random_uuid(), '${orgId}', p.id, case when g % 2 = 0 then 'phq-9' else 'barc-10' end, '1', '{}', true,
         case when g % 2 = 0 then 18 - (g / 10000) * 4 - g % 3 else 30 + (g / 10000) * 7 + g % 5 end, null, '[]', '{}', 'phone',
         current_date - 360 + (g / 10000) * 120
  from generate_series(0, 29999) g join bench_people p on p.n = 1 + (g % 5000);
analyze;
`;

const run = async (kind: 'postgres' | 'pglite') => {
  console.log(`\n${kind}: 5,000 participants, 200,000 sessions, 30,000 assessments; ${seconds} s per scenario, 4 connections`);
  const target = kind === 'postgres' ? await freshDatabase('pb_bench_report') : null;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'pb-bench-report-')) : null;
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
    const { identity, db } = server.services;
    const org = await identity.createOrganization(systemActor('bench'), { name: 'Bench Agency', timeZone: 'America/Chicago' });
    const actor = systemActor('bench', org.id);
    await identity.createUser(actor, { orgId: org.id, email: 'director@bench.example.org', role: 'admin', password: 'a long bench passphrase 42', displayName: 'Bench Director' });
    const token = await identity.createApiToken(actor, { email: 'director@bench.example.org', name: 'bench' });
    const t0 = performance.now();
    // One statement at a time: PGlite's extended protocol takes a single command per query.
    await db.owner(async (tx) => {
      for (const statement of seedSql(org.id).split(/;\n/).map((x) => x.trim()).filter(Boolean)) await tx.execute(sql.raw(statement));
    });
    console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const auth = `Bearer ${token.token}`;
    const base = server.url.replace('localhost', '127.0.0.1');
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    let t1 = performance.now();
    const first = await fetch(`${base}/api/v1/reports/program?from=${from}&to=${today}`, { headers: { authorization: auth } });
    const body = (await first.json()) as { totals: { served: unknown; encounters: unknown }; outcomes: Array<{ instrument: string; pairs: unknown; meanChange: unknown }> };
    console.log(`  first report (cold): ${(performance.now() - t1).toFixed(0)} ms`);
    t1 = performance.now();
    await fetch(`${base}/api/v1/reports/program?from=${from}&to=${today}`, { headers: { authorization: auth } });
    console.log(`  second report: ${(performance.now() - t1).toFixed(0)} ms`);
    console.log(`  sample: HTTP ${first.status}, served ${String(body.totals.served)}, sessions ${String(body.totals.encounters)}, outcomes ${body.outcomes.map((o) => `${o.instrument} ${String(o.pairs)} pairs ${String(o.meanChange)}`).join('; ')}`);
    await measure('warm-up', base, ['/api/v1/me'], auth);
    const me = await measure('GET /api/v1/me', base, ['/api/v1/me'], auth);
    const report = await measure('GET /api/v1/reports/program (year)', base, [`/api/v1/reports/program?from=${from}&to=${today}`], auth);
    const byLanguage = await measure('GET /api/v1/reports/program (by=language)', base, [`/api/v1/reports/program?from=${from}&to=${today}&by=language`], auth);
    console.log(`  ratio report p95 / me p95: ${(report / me).toFixed(1)}x; by language ${(byLanguage / me).toFixed(1)}x (goal: within 10x)`);
  } finally {
    await server?.close();
    if (process.env.BENCH_KEEP && target) console.log(`  kept: ${target.url}`);
    else await target?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
};

if (which === 'postgres' || which === 'both') await run('postgres');
if (which === 'pglite' || which === 'both') await run('pglite');
