// Benchmark (issue 23): GET /api/v1/participants/{id}/$everything for a participant with two
// years of weekly notes (104), a recovery plan, monthly PHQ-9 and BARC-10 (48 assessments) and
// referrals, in an agency of 5,000 participants and 200,000 sessions; p95 against GET
// /api/v1/me p95 in the same run (goal: within 5x). Prints figures; never fails on time.
//
//   npx node bench/fhir-everything.ts [postgres|pglite] [seconds=10]
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemActor } from '../src/core/actor.ts';
import { loadConfig } from '../src/config.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { freshDatabase } from './directory-import.ts';
import { agencySql, statements } from './fhir-agency.ts';
import { measureGets } from './http-load.ts';

const kind = (process.argv[2] ?? 'postgres') as 'postgres' | 'pglite';
const seconds = Number(process.argv[3] ?? 10);

/** The one participant: 104 weekly notes over two years, a plan, 48 assessments, 6 referrals. */
const personSql = (orgId: string, id: string) => `
select set_config('app.org_id', '${orgId}', true);
insert into participants (id, org_id, given_name, family_name, birth_date, languages, status)
  values ('${id}', '${orgId}', 'Maria', 'Lopez', '1990-05-06', array['es', 'en'], 'active');
insert into assignments (id, org_id, participant_id, peer_id, status, assigned_at, consent)
  select gen_random_uuid(), '${orgId}', '${id}', (select id from peers order by id limit 1), 'active', now() - interval '740 days', '{"given": true, "method": "written"}';
insert into recovery_plans (participant_id, org_id, version, content)
  values ('${id}', '${orgId}', 12, jsonb_build_object('goals', (select jsonb_agg(jsonb_build_object('id', gen_random_uuid(), 'text', 'Goal ' || g, 'lifeArea', case when g = 3 then 'substance use' else 'housing' end,
      'status', 'active', 'steps', (select jsonb_agg(jsonb_build_object('id', gen_random_uuid(), 'text', 'Step ' || s, 'targetDate', null, 'status', 'in-progress')) from generate_series(1, 3) s)))
    from generate_series(1, 5) g), 'strengths', jsonb_build_array('Persistent', 'Funny'), 'supports', '[]'::jsonb, 'reviewEveryDays', 90));
create temp table bench_weekly on commit drop as select gen_random_uuid() as id, g, (current_date - g * 7)::date as d from generate_series(1, 104) g;
insert into encounters (id, org_id, peer_id, type, modality, started_at, duration_minutes, service_date, place_of_service, activities, narrative, status, signed_at, attestation)
  select w.id, '${orgId}', (select id from peers order by id limit 1), 'individual', 'in-person', w.d + time '10:00', 45, w.d, '11', array['shared-lived-experience'], 'Weekly session.', 'signed', w.d + time '11:00', 'bench'
  from bench_weekly w;
insert into encounter_participants (encounter_id, participant_id, org_id, position, line_id) select w.id, '${id}', '${orgId}', 0, w.id from bench_weekly w;
insert into assessments (id, org_id, participant_id, instrument, version, answers, complete, total, band, subscales, flags, mode, administered_at)
  select gen_random_uuid(), '${orgId}', '${id}', case when g % 2 = 0 then 'phq-9' else 'barc-10' end, '1',
         case when g % 2 = 0 then '{"phq9.1": 1, "phq9.2": 2, "phq9.3": 1, "phq9.4": 1, "phq9.5": 0, "phq9.6": 1, "phq9.7": 1, "phq9.8": 0, "phq9.9": 0}'::jsonb else '{}'::jsonb end,
         true, case when g % 2 = 0 then 7 else 40 end, null,
         case when g % 2 = 0 then '[{"code": "total", "score": 7, "band": "mild"}, {"code": "phq-2", "score": 3, "band": null}]'::jsonb else '[]'::jsonb end,
         '{}', 'peer-administered', now() - (g * 15) * interval '1 day'
  from generate_series(1, 48) g;
insert into referrals (id, org_id, participant_id, service_id, service_name, service_organization_name, need, urgency, note, shared, shared_values_enc, status, created_at, updated_at)
  select gen_random_uuid(), '${orgId}', '${id}', gen_random_uuid(), 'Service ' || g, 'Agency ' || g, 'food', 'routine', '',
         '{"items": ["name"], "consent": {"given": true, "method": "verbal"}}', 'x', 'completed', now() - g * interval '90 days', now() - g * interval '80 days'
  from generate_series(1, 6) g;
analyze;
`;

const main = async () => {
  const target = kind === 'postgres' ? await freshDatabase('pb_bench_fhir_everything') : null;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'pb-bench-everything-')) : null;
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
    const person = crypto.randomUUID();
    const t0 = performance.now();
    await db.owner(async (tx) => {
      // One statement at a time: PGlite's prepared statements take one command each.
      for (const statement of statements(agencySql(org.id))) await tx.execute(sql.raw(statement));
    });
    await db.owner(async (tx) => {
      for (const statement of statements(personSql(org.id, person))) await tx.execute(sql.raw(statement));
    });
    console.log(`${kind}: agency of 5,000 participants and 200,000 sessions, seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${seconds} s per scenario, 4 connections`);
    const auth = `Bearer ${token.token}`;
    const base = server.url.replace('localhost', '127.0.0.1');
    const path = `/api/v1/participants/${person}/$everything`;
    const first = await fetch(`${base}${path}`, { headers: { authorization: auth } });
    const bundle = (await first.json()) as { entry: Array<{ resource: { resourceType: string } }> };
    const counts: Record<string, number> = {};
    for (const e of bundle.entry) counts[e.resource.resourceType] = (counts[e.resource.resourceType] ?? 0) + 1;
    console.log(`  sample: HTTP ${first.status}, ${bundle.entry.length} resources (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    const measure = (label: string, paths: string[]) => measureGets({ label, base, paths, auth, seconds, connections: 4, timeoutSeconds: 60, indent: '  ', labelWidth: 40 });
    await measure('warm-up', ['/api/v1/me', path]);
    const me = await measure('GET /api/v1/me', ['/api/v1/me']);
    const everything = await measure('GET /participants/{id}/$everything', [path]);
    console.log(`  ratio $everything p95 / me p95: ${(everything / me).toFixed(1)}x (goal: within 5x)`);
  } finally {
    await server?.close();
    await target?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
};

await main();
