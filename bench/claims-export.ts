/**
 * Benchmark: export 100,000 signed encounters as an X12 837P through the billing service on a
 * fresh PostgreSQL database (read, bill every participant-day, build the batch, write the file,
 * store it and record the 100,000 exported lines). Prints figures; never fails on time.
 *
 *   npx node bench/claims-export.ts [encounters]
 *
 * Prints the wall time and the CPU time of this process and of the database's server backends.
 *
 * Needs the PostgreSQL server of the tests (PEERBRIDGE_TEST_POSTGRES_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres); the database it creates is dropped at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { systemActor } from '../src/core/actor.ts';
import { deriveKeys } from '../src/core/crypto.ts';
import { openDatabase } from '../src/db/client.ts';
import { billingSettings, payerInput } from '../src/modules/billing/billing.schemas.ts';
import { createServices } from '../src/services.ts';

const ENCOUNTERS = Number(process.argv[2] ?? 100_000);
const PARTICIPANTS = Math.max(1, Math.round(ENCOUNTERS / 40));
const PEERS = Math.max(1, Math.round(ENCOUNTERS / 1000));
const DAYS = 28;
const BASE_URL = process.env.PEERBRIDGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (n: number) => `${(n / 1000).toFixed(2)} s`;

const name = `pb_bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: BASE_URL });
await admin.connect();
await admin.query(`create database ${name}`);
await admin.end();
const url = new URL(BASE_URL);
url.pathname = `/${name}`;

try {
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  const services = createServices({ db, keys: deriveKeys('bench-secret-that-is-long-enough-for-hkdf-0123456789') });
  const org = await services.identity.createOrganization(systemActor('bench'), { name: 'Bench Agency', timeZone: 'America/Detroit' });
  const actor = systemActor('bench', org.id);
  const payer = await services.billing.createPayer(actor, payerInput.parse({ name: 'State Medicaid', type: 'medicaid', ratePerUnit: 1812, dailyMaxUnits: 6, x12PayerId: 'MIMCD' }));
  await services.billing.putSettings(
    actor,
    billingSettings.parse({
      billingProvider: { name: 'Bench Agency', npi: '1234567893', taxId: '38-1234567', taxonomy: '251S00000X', address: { line1: '1 Main St', city: 'Detroit', state: 'MI', postalCode: '48201-1234' } },
      submitter: { name: 'Bench Agency', id: 'BENCH01', contactName: 'Billing', phone: '313-555-0100' },
      defaultDiagnosisCode: 'F19.20',
    }),
  );

  // Bulk data straight in SQL as the owner (fast; the service path is what is timed below).
  const owner = new pg.Client({ connectionString: url.toString() });
  await owner.connect();
  const peerIds = Array.from({ length: PEERS }, () => randomUUID());
  const participantIds = Array.from({ length: PARTICIPANTS }, () => randomUUID());
  const insertStart = process.hrtime.bigint();
  await owner.query(
    `insert into peers (id, org_id, display_name, certifications)
     select id, $1, 'Peer ' || ord || ' Example', '[{"type":"CPRS","issuer":"MCBAP","number":"1","expiresOn":"2030-12-31"}]'::jsonb
     from unnest($2::uuid[]) with ordinality as t(id, ord)`,
    [org.id, peerIds],
  );
  await owner.query(
    `insert into participants (id, org_id, given_name, family_name, birth_date, status)
     select id, $1, 'Given' || ord, 'Family' || ord, date '1970-01-01' + (ord % 15000)::int, 'active'
     from unnest($2::uuid[]) with ordinality as t(id, ord)`,
    [org.id, participantIds],
  );
  await owner.query(
    `insert into coverages (id, org_id, participant_id, payer_id, member_id, start_date, subscriber_address)
     select gen_random_uuid(), $1, id, $3, 'MI' || lpad(ord::text, 9, '0'), date '2025-01-01',
       jsonb_build_object('line1', ord || ' Main St', 'city', 'Lansing', 'state', 'MI', 'postalCode', '48933')
     from unnest($2::uuid[]) with ordinality as t(id, ord)`,
    [org.id, participantIds, payer.id],
  );
  // Each participant: ~40 sessions over 28 days (some days two, so per-day billing and the cap
  // are exercised), 10 to 69 minutes, with their peer; signed.
  await owner.query(
    `with src as (
       select gen_random_uuid() as id,
              ($2::uuid[])[1 + g % $4] as participant_id,
              ($3::uuid[])[1 + (g % $4) % $5] as peer_id,
              timestamptz '2026-02-02 14:00:00+00' + ((g / $4) % ${DAYS}) * interval '1 day' + ((g / $4 / ${DAYS}) % 4) * interval '2 hours' as started_at,
              10 + (g * 7919) % 60 as minutes,
              g
       from generate_series(0, $6 - 1) as g
     ), e as (
       insert into encounters (id, org_id, peer_id, type, modality, started_at, duration_minutes, service_date, place_of_service, program,
                               narrative, status, signed_at, attestation)
       select id, $1, peer_id, case when g % 10 = 0 then 'group' else 'individual' end, 'in-person', started_at, minutes,
              (started_at at time zone 'America/Detroit')::date, '11', case when g % 2 = 0 then 'substance-use' else 'mental-health' end,
              'Synthetic narrative.', 'signed', started_at + interval '2 hours', 'attested'
       from src
     )
     insert into encounter_participants (encounter_id, participant_id, org_id, position, line_id)
     select id, participant_id, $1, 0, id from src`,
    [org.id, participantIds, peerIds, PARTICIPANTS, PEERS, ENCOUNTERS],
  );
  await owner.query('analyze');
  const insertMs = ms(insertStart);
  await owner.end();

  // CPU time as well as wall time: the machine is shared, and on a busy one the wall time says
  // more about the neighbours. PostgreSQL's share is read from /proc for this database's
  // backends (the server runs on this machine in the tests' setup; 0 when it does not).
  const backendCpuMs = async () => {
    const probe = new pg.Client({ connectionString: url.toString() });
    await probe.connect();
    const pids = (await probe.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()', [])).rows;
    await probe.end();
    const ticks = await Promise.all(
      pids.map(async ({ pid }) => {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return stat ? Number(fields[11]) + Number(fields[12]) : 0;
      }),
    );
    return new Map(pids.map(({ pid }, i) => [pid, ticks[i]! * 10]));
  };
  const load = loadavg()[0]!;
  const pgBefore = await backendCpuMs();
  const cpuStart = process.cpuUsage();
  const exportStart = process.hrtime.bigint();
  const result = await services.billing.exportClaims(actor, { payerId: payer.id, from: '2026-02-01', to: '2026-03-31', format: '837p' }, 'en').catch((e: unknown) => {
    console.error('export failed:', e);
    throw e;
  });
  const exportMs = ms(exportStart);
  const cpu = process.cpuUsage(cpuStart);
  const pgAfter = await backendCpuMs();
  const pgCpuMs = [...pgAfter].reduce((sum, [pid, t]) => sum + t - (pgBefore.get(pid) ?? 0), 0);
  const mem = process.memoryUsage();

  console.log(`claims export benchmark on PostgreSQL (${db.kind}), database ${name}`);
  console.log(`  data: ${ENCOUNTERS.toLocaleString('en-US')} signed encounters, ${PARTICIPANTS.toLocaleString('en-US')} participants, ${PEERS} peers, ${DAYS} days`);
  console.log(`  bulk insert (SQL, owner): ${fmt(insertMs)}`);
  console.log(`  export to 837P through the billing service: ${fmt(exportMs)} (goal under 10 s)`);
  console.log(`  CPU during the export: Node ${fmt((cpu.user + cpu.system) / 1000)}, PostgreSQL backends ${fmt(pgCpuMs)}; load average ${load.toFixed(2)} on ${availableParallelism()} cores at the start`);
  console.log(
    `  batch: ${result.view.totals.claims.toLocaleString('en-US')} claims, ${result.view.totals.lines.toLocaleString('en-US')} lines, ` +
      `${result.view.totals.units.toLocaleString('en-US')} units, $${(result.view.totals.chargeCents / 100).toLocaleString('en-US')}, ${result.view.totals.excluded.toLocaleString('en-US')} excluded`,
  );
  const reasons = new Map<string, number>();
  for (const e of result.view.excluded) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
  console.log(`  excluded by reason: ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`);
  console.log(`  file: ${(result.content.length / 1e6).toFixed(1)} MB, ${result.content.split('~').length - 1} segments`);
  console.log(`  memory: rss ${(mem.rss / 1e6).toFixed(0)} MB, heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB`);

  const againStart = process.hrtime.bigint();
  try {
    await services.billing.exportClaims(actor, { payerId: payer.id, from: '2026-02-01', to: '2026-03-31', format: '837p' }, 'en');
    console.log('  second export: unexpectedly exported lines again');
  } catch (e) {
    console.log(`  second export of the same range (everything already exported): ${fmt(ms(againStart))}, answered "${(e as { code?: string }).code}"`);
  }
  await db.close();
} finally {
  const a = new pg.Client({ connectionString: BASE_URL });
  await a.connect();
  await a.query(`drop database if exists ${name} with (force)`);
  await a.end();
}
