/**
 * Matching figures (issue 3), on the embedded database and on the PostgreSQL server:
 * - top-10 matches for one participant among 30,000 peers through the HTTP API, p50 and p95,
 *   against GET /api/v1/me in the same run (goal: match p95 within 3x the me p95);
 * - the waitlist batch: 10,000 waitlisted participants and 3,000 peers (goal: under 10 s).
 * Prints figures; never fails on time.
 *
 *   npx node bench/matching.ts [pglite|postgres|both] [batch|http]   (npm run bench:matching runs both, all parts)
 *
 * The second argument runs one part only, to iterate faster; BENCH_CPU_PROF=<folder> writes a
 * CPU profile of the server process.
 */
// @ts-expect-error autocannon ships no type declarations (no @types/autocannon installed).
import autocannonUntyped from 'autocannon';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { systemActor } from '../src/core/actor.ts';
import { deriveKeys } from '../src/core/crypto.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { createServices } from '../src/services.ts';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const ADMIN_URL = process.env.PEERBRIDGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const which = process.argv[2] ?? 'both';
const part = process.argv[3] ?? 'all';

const CODES = ['substance-use.opioids', 'substance-use.alcohol', 'substance-use.stimulants', 'substance-use.cannabis', 'recovery-pathway.mutual-help', 'recovery-pathway.medication', 'mental-health.depression', 'mental-health.bipolar', 'mental-health.ptsd', 'mental-health.anxiety', 'life.homelessness', 'life.incarceration', 'life.military-service', 'identity.lgbtq', 'family.parent-of-child-with-challenges'];
const codeArray = `array[${CODES.map((c) => `'${c}'`).join(',')}]`;

const seeded = (seed: number, statement: string) => ({ seed, statement });

/** Synthetic peers around Chicago, generated in SQL (deterministic: setseed). */
const insertPeers = (orgId: string, n: number, seed: number) => seeded(seed, `
  insert into peers (id, org_id, display_name, languages, lived_experience, specialties, race_ethnicity, postal_code, lat, lon,
    service_radius_km, modalities, availability, time_zone, max_caseload, accepting_new, certifications, active, gender_identity, birth_year)
  select gen_random_uuid(), '${orgId}', 'Peer ' || g,
    case when r1 < 0.3 then '{en,es}'::text[] when r1 < 0.35 then '{es}'::text[] else '{en}'::text[] end,
    jsonb_build_array(
      jsonb_build_object('code', (${codeArray})[1 + floor(r2 * ${CODES.length})::int], 'useForMatching', true, 'showToParticipants', r3 < 0.7),
      jsonb_build_object('code', (${codeArray})[1 + floor(r3 * ${CODES.length})::int], 'useForMatching', r4 < 0.8, 'showToParticipants', false)),
    '{peer-support-specialist}'::text[], '{}'::text[], '606' || lpad((floor(r4 * 60))::text, 2, '0'),
    41.6 + r5 * 0.5, -87.9 + r6 * 0.4, 10 + floor(r1 * 30), '{in-person,phone,video}'::text[],
    jsonb_build_array(jsonb_build_object('day', (array['mon','tue','wed','thu','fri','sat'])[1 + floor(r2 * 6)::int], 'start', '09:00', 'end', '17:00'),
                      jsonb_build_object('day', (array['mon','tue','wed','thu','fri'])[1 + floor(r5 * 5)::int], 'start', '17:00', 'end', '20:00')),
    'America/Chicago', 5 + floor(r6 * 15)::int, r1 < 0.95, '[]'::jsonb, true,
    (array['woman','man','non-binary'])[1 + floor(r3 * 3)::int], 1960 + floor(r4 * 45)::int
  from (select g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6 from generate_series(1, ${n}) g) s;
`);

const insertParticipants = (orgId: string, n: number, seed: number) => seeded(seed, `
  insert into participants (id, org_id, given_name, family_name, languages, lat, lon, race_ethnicity, preferences, status, birth_date)
  select gen_random_uuid(), '${orgId}', 'Given' || g, 'Family' || g,
    case when r1 < 0.25 then '{es}'::text[] else '{en}'::text[] end, 41.6 + r2 * 0.5, -87.9 + r3 * 0.4, '{}'::text[],
    jsonb_build_object(
      'livedExperience', jsonb_build_array(jsonb_build_object('code', (${codeArray})[1 + floor(r4 * ${CODES.length})::int], 'importance', case when r5 < 0.3 then 'required' else 'preferred' end)),
      'modalities', case when r5 < 0.5 then '["in-person"]'::jsonb else '["in-person","phone","video"]'::jsonb end,
      'availability', jsonb_build_array(jsonb_build_object('day', (array['mon','tue','wed','thu','fri'])[1 + floor(r1 * 5)::int], 'start', '10:00', 'end', '18:00')),
      'timeZone', 'America/Chicago'),
    'waitlisted', date '1960-01-01' + floor(r3 * 16000)::int
  from (select g, random() r1, random() r2, random() r3, random() r4, random() r5 from generate_series(1, ${n}) g) s;
`);

const bulk = async (db: Database, orgId: string, work: { seed: number; statement: string }) => {
  await db.tenant(orgId, async (tx) => {
    await tx.execute(sql`select setseed(${work.seed})`);
    await tx.execute(sql.raw(work.statement));
  });
};

interface Target {
  name: string;
  env: Record<string, string>;
  open: () => Promise<Database>;
  cleanup: () => Promise<void>;
}

const pgliteTarget = (): Target => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-match-'));
  return {
    name: 'PGlite (embedded)',
    env: { PEERBRIDGE_DATA_DIR: dir, PEERBRIDGE_SECRET: SECRET },
    open: () => openDatabase({ dataDir: `${dir}/pgdata` }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

const postgresTarget = async (): Promise<Target> => {
  const name = `pb_bench_match_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name: 'PostgreSQL server',
    env: { DATABASE_URL: url.toString(), PEERBRIDGE_SECRET: SECRET, PEERBRIDGE_DATA_DIR: mkdtempSync(join(tmpdir(), 'pb-bench-')) },
    open: () => openDatabase({ databaseUrl: url.toString(), poolSize: 4 }),
    cleanup: async () => {
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
};

type Cannon = { on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void };
type CannonResult = { requests: { average: number }; errors: number; non2xx: number };
const autocannon = autocannonUntyped as (o: Record<string, unknown>, done: (err: Error | null, res: CannonResult) => void) => Cannon;

/** Runs autocannon and keeps every response time, so p50 and p95 are exact. */
const load = (url: string, token: string, seconds: number) =>
  new Promise<{ p50: number; p95: number; rps: number; errors: number }>((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon({ url, connections: 8, duration: seconds, headers: { authorization: `Bearer ${token}` } }, (err, res) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
      resolve({ p50: at(0.5), p95: at(0.95), rps: res.requests.average, errors: res.errors + res.non2xx });
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  });

const run = async (target: Target) => {
  console.log(`\n== ${target.name}`);
  // 1. Seed: one organization with 30,000 peers and a participant; another with the batch case.
  const db = await target.open();
  const services = createServices({ db, keys: deriveKeys(SECRET) });
  const org = await services.identity.createOrganization(systemActor('bench'), { name: 'Bench Agency', timeZone: 'America/Chicago' });
  const actor = systemActor('bench', org.id);
  const user = await services.identity.createUser(actor, { orgId: org.id, email: `bench.${Date.now()}@example.org`, role: 'supervisor', password: 'a long bench passphrase 1' });
  const token = (await services.identity.createApiToken(actor, { email: user.email })).token;
  const t = performance.now();
  if (part !== 'batch') {
    await bulk(db, org.id, insertPeers(org.id, 30_000, 0.11));
    console.log(`seeded 30,000 peers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const participant = await services.people.createParticipant(actor, {
    givenName: 'Bench', familyName: 'Participant', languages: ['es', 'en'], raceEthnicity: [],
    location: { lat: 41.85, lon: -87.66 },
    preferences: { livedExperience: [{ code: 'substance-use.opioids', importance: 'preferred' }], modalities: ['in-person', 'phone'], availability: [{ day: 'tue', start: '17:00', end: '20:00' }], timeZone: 'America/Chicago' },
  });

  if (part !== 'http') await batchFigures(db, services);
  await db.close();
  if (part !== 'batch') await httpFigures(target, token, participant.id);
  await target.cleanup();
};

const batchFigures = async (db: Database, services: ReturnType<typeof createServices>) => {
  const batchOrg = await services.identity.createOrganization(systemActor('bench'), { name: 'Batch Agency', timeZone: 'America/Chicago' });
  let t = performance.now();
  await bulk(db, batchOrg.id, insertPeers(batchOrg.id, 3_000, 0.22));
  await bulk(db, batchOrg.id, insertParticipants(batchOrg.id, 10_000, 0.33));
  console.log(`seeded 3,000 peers and 10,000 waitlisted participants in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // 2. The waitlist batch, through the service (the same code as POST /api/v1/match-batches).
  t = performance.now();
  const cpu = process.cpuUsage();
  const batch = await services.matching.proposeBatch(systemActor('bench', batchOrg.id), { dryRun: true, lang: 'en' });
  const batchSeconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(`batch: 10,000 waitlisted x 3,000 peers -> ${batch.proposals.length} proposals, ${batch.unassigned.length} left waiting, total score ${batch.totalScore.toFixed(2)}: ${batchSeconds.toFixed(2)} s (goal < 10 s); this process's CPU ${cpuSeconds.toFixed(2)} s, load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} CPUs`);
};

const httpFigures = async (target: Target, token: string, participantId: string) => {
  // 3. HTTP figures against a separate server process (npm start's code path).
  const port = 18_500 + Math.floor(Math.random() * 400);
  // BENCH_CPU_PROF=<folder> profiles the server process (node --cpu-prof), to see where a request's time goes.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const server = spawn(process.execPath, [...profile, 'src/main.ts'], { env: { ...process.env, ...target.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '10000000' }, stdio: 'ignore' });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const base = `http://127.0.0.1:${port}`;
  const matchUrl = `${base}/api/v1/participants/${participantId}/matches?limit=10`;
  const first = await fetch(matchUrl, { headers: { authorization: `Bearer ${token}` } });
  const body = (await first.json()) as { matches: unknown[] };
  console.log(`first match request (loads 30,000 peers into the server's cache): ${first.status}, ${body.matches.length} matches`);
  await load(`${base}/api/v1/me`, token, 3); // warm-up
  const me = await load(`${base}/api/v1/me`, token, 10);
  const matches = await load(matchUrl, token, 10);
  const fmt = (r: { p50: number; p95: number; rps: number; errors: number }) => `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, ${Math.round(r.rps)} req/s, errors ${r.errors}`;
  console.log(`GET /api/v1/me:                          ${fmt(me)}`);
  console.log(`GET /api/v1/participants/{id}/matches:   ${fmt(matches)} (top 10 of 30,000 peers)`);
  console.log(`match p95 / me p95: ${(matches.p95 / me.p95).toFixed(2)}x (goal <= 3x)`);
  await new Promise<void>((resolve) => {
    server.on('exit', () => resolve());
    server.kill('SIGTERM');
  });
};

if (which === 'pglite' || which === 'both') await run(pgliteTarget());
if (which === 'postgres' || which === 'both') await run(await postgresTarget());
