/**
 * Workforce benchmark (issue 21). Prints figures; never fails on time.
 *
 *   npx node bench/workforce.ts [peers=30000] [ceEach=20] [seconds=10] [applicants=peers/10]
 *
 * A statewide certification body on the embedded database: `peers` peers with one credential
 * each (rule sets spread over the built-in ones, expiries over two years) and `ceEach` CE
 * records each, and `applicants` applicants on the Michigan CPSS road to certification (spread
 * over its steps, completed steps with their times). Measures the nightly reminder pass (goal
 * under 5 s), then the credential calendar, the pipeline API and a peer's CE progress against
 * GET /api/v1/me, p95 in the same run (goal 3x).
 */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemActor } from '../src/core/actor.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { measureGets } from './http-load.ts';

const PEERS = Number(process.argv[2] ?? 30000);
const CE_EACH = Number(process.argv[3] ?? 20);
const seconds = Number(process.argv[4] ?? 10);
const APPLICANTS = Number(process.argv[5] ?? Math.round(PEERS / 10));
const MI_STEPS = ['written-application', 'references', 'phone-interview', 'training', 'fee', 'exam', 'code-of-ethics'];
const TYPES = ['mi-cpss', 'pa-cps', 'ga-cps', 'oh-prs', 'ct-rss', 'mt-cbhpss', 'icrc-pr', 'mha-ncps'];

const seedSql = (orgId: string) => `
select set_config('app.org_id', '${orgId}', true);
insert into peers (id, org_id, display_name) select gen_random_uuid(), '${orgId}', 'Peer ' || g from generate_series(1, ${PEERS}) g;
create temp table bench_peers on commit drop as select id, row_number() over () as n from peers where org_id = '${orgId}';
insert into peer_credentials (id, org_id, peer_id, type_code, type_version, number, issuing_body, issued_on, expires_on)
  select gen_random_uuid(), '${orgId}', p.id, (array[${TYPES.map((t) => `'${t}'`).join(',')}])[1 + p.n % ${TYPES.length}], '2026-12', 'N-' || p.n, 'Bench body',
         current_date - 700 + (p.n % 730)::int - 365, current_date - 700 + (p.n % 730)::int + 365
  from bench_peers p;
insert into ce_records (id, org_id, peer_id, title, provider, completed_on, amount, unit, topics, format)
  select gen_random_uuid(), '${orgId}', p.id, 'Course ' || g, 'Provider', current_date - ((g * 17 + p.n) % 700)::int, 1 + g % 6, 'hours', array['ethics'], 'in-person'
  from bench_peers p cross join generate_series(1, ${CE_EACH}) g;
`;

/** Applicants spread over the steps (and certified); every step before theirs done, taking 1-30 days. */
const applicantsSql = (orgId: string, pipelineId: string) => `
select set_config('app.org_id', '${orgId}', true);
insert into certification_applicants (id, org_id, pipeline_id, name, lang, current_step, current_since)
  select gen_random_uuid(), '${orgId}', '${pipelineId}', 'Applicant ' || g, 'en',
         (array[${[...MI_STEPS, 'certified'].map((x) => `'${x}'`).join(',')}])[1 + g % ${MI_STEPS.length + 1}], now() - ((g % 40) * interval '1 day')
  from generate_series(1, ${APPLICANTS}) g;
insert into certification_applicant_steps (org_id, applicant_id, pipeline_id, step_code, status, started_at, completed_at)
  select a.org_id, a.id, a.pipeline_id, s.code, 'done', now() - ((s.n * 30 + 1 + (abs(hashtext(a.id::text || s.code)) % 30)) * interval '1 day'), now() - (s.n * 30 * interval '1 day')
  from certification_applicants a
  join (select code, n from unnest(array[${MI_STEPS.map((x) => `'${x}'`).join(',')}]) with ordinality as u(code, n)) s
    on s.n < coalesce(array_position(array[${MI_STEPS.map((x) => `'${x}'`).join(',')}], a.current_step), ${MI_STEPS.length + 1})
  where a.pipeline_id = '${pipelineId}';
analyze;
`;

const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-workforce-'));
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', PEERBRIDGE_DATA_DIR: dataDir, PEERBRIDGE_SECRET: 'bench-secret-that-is-long-enough-for-hkdf-000000', LOG_LEVEL: 'silent' });
const server = await startServer(config, { logger: false, rateLimitPerMinute: 10_000_000 });
try {
  const { identity, db, reminders } = server.services;
  const org = await identity.createOrganization(systemActor('bench'), { name: 'Bench Board', timeZone: 'America/Detroit' });
  const actor = systemActor('bench', org.id);
  await identity.createUser(actor, { orgId: org.id, email: 'director@bench.example.org', role: 'admin', password: 'a long bench passphrase 42', displayName: 'Bench Director' });
  const token = await identity.createApiToken(actor, { email: 'director@bench.example.org', name: 'bench' });
  let t0 = performance.now();
  await db.owner(async (tx) => {
    // One statement at a time: PGlite prepares each query and refuses several in one.
    for (const statement of seedSql(org.id).split(';\n').map((x) => x.trim()).filter(Boolean)) await tx.execute(sql.raw(statement));
  });
  const pipeline = await server.services.certification.createPipeline(actor, { template: 'mi-cpss', code: 'mi-cpss', name: 'Michigan CPSS' });
  await db.owner(async (tx) => {
    for (const statement of applicantsSql(org.id, pipeline.id).split(';\n').map((x) => x.trim()).filter(Boolean)) await tx.execute(sql.raw(statement));
  });
  console.log(`pglite: ${PEERS} peers, ${PEERS} credentials, ${PEERS * CE_EACH} CE records, ${APPLICANTS} applicants; seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const pass = await reminders.nightly();
  console.log(`nightly reminder pass: ${((performance.now() - t0) / 1000).toFixed(2)} s wall (${pass.credentials} credentials, ${pass.sent} reminders recorded; goal under 5 s)`);
  t0 = performance.now();
  const again = await reminders.nightly();
  console.log(`second pass (nothing new): ${((performance.now() - t0) / 1000).toFixed(2)} s, ${again.sent} recorded`);
  const peerId = (await db.tenant(org.id, (tx) => tx.execute(sql`select id from peers limit 1`)) as unknown as { rows: Array<{ id: string }> }).rows[0]!.id;
  const base = server.url.replace('localhost', '127.0.0.1');
  const auth = `Bearer ${token.token}`;
  const today = new Date().toISOString().slice(0, 10);
  const in30 = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const measure = (label: string, paths: string[]) => measureGets({ label, base, paths, auth, seconds, connections: 4, timeoutSeconds: 120, indent: '  ', labelWidth: 44 });
  await measure('warm-up', ['/api/v1/me']);
  const me = await measure('GET /api/v1/me', ['/api/v1/me']);
  const progress = await measure('GET /api/v1/peers/{id}/ce/progress', [`/api/v1/peers/${peerId}/ce/progress`]);
  const calendar = await measure('GET /api/v1/workforce/credential-calendar (30 d)', [`/api/v1/workforce/credential-calendar?from=${today}&to=${in30}&limit=100`]);
  const pipelines = await measure('GET /api/v1/certification/pipelines', ['/api/v1/certification/pipelines']);
  const board = await measure('GET /api/v1/certification/pipelines/{id}', [`/api/v1/certification/pipelines/${pipeline.id}`]);
  const column = await measure('GET /api/v1/certification/applicants (step)', MI_STEPS.map((st) => `/api/v1/certification/applicants?pipelineId=${pipeline.id}&step=${st}&limit=20`));
  const r = (x: number) => `${(x / me).toFixed(1)}x`;
  console.log(`  ratio p95 / me p95: progress ${r(progress)}, calendar ${r(calendar)}, pipelines ${r(pipelines)}, pipeline board ${r(board)}, applicants by step ${r(column)} (goal within 3x)`);
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
