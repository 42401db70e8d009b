/**
 * Failover drill, the Peerbridge side (issue 18; driven by `scripts/failover-drill.sh`, which
 * starts a pg_auto_failover monitor, primary and hot standby and passes their multi-host URL).
 *
 * Starts Peerbridge (`node src/main.ts`) against DRILL_DATABASE_URL, runs a bounded write load
 * through the API (participant intakes as an admin, DRILL_WORKERS at a time, at most
 * DRILL_MAX_WRITES or DRILL_SECONDS), runs DRILL_FAILOVER_CMD after DRILL_FAILOVER_AT seconds,
 * then checks on the new primary that every intake the API acknowledged (201) is stored.
 * Prints: acknowledged writes lost (goal 0), seconds of 503s, 5xx other than 503 (goal 0). It
 * prints figures and never fails on them.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { systemActor } from '../src/core/actor.ts';
import { deriveKeys } from '../src/core/crypto.ts';
import { openDatabase } from '../src/db/client.ts';
import { connectSelected, HostSelector } from '../src/db/hosts.ts';
import { createServices } from '../src/services.ts';

const env = (name: string, fallback?: string) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is required (see scripts/failover-drill.sh)`);
  return v;
};
const url = env('DRILL_DATABASE_URL');
const failoverCmd = env('DRILL_FAILOVER_CMD');
const label = env('DRILL_LABEL', 'failover');
const seconds = Number(env('DRILL_SECONDS', '40'));
const failoverAt = Number(env('DRILL_FAILOVER_AT', '5'));
const maxWrites = Number(env('DRILL_MAX_WRITES', '20000'));
const workers = Number(env('DRILL_WORKERS', '4'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const secret = randomBytes(36).toString('base64');
const run = randomBytes(3).toString('hex');

// An organization and an admin with an API token, made through the services as the CLI would.
const db = await openDatabase({ databaseUrl: url, poolSize: 1 });
const services = createServices({ db, keys: deriveKeys(secret) });
const org = await services.identity.createOrganization(systemActor('drill'), { name: `Failover drill ${run}` });
const email = `drill.${run}@example.org`;
await services.identity.createUser(systemActor('drill', org.id), { orgId: org.id, email, role: 'admin', password: randomBytes(24).toString('base64'), displayName: 'Drill admin' });
const token = (await services.identity.createApiToken(systemActor('drill', org.id), { email, name: 'drill' })).token;
await db.close();

const server = spawn(process.execPath, ['src/main.ts'], {
  env: { ...process.env, DATABASE_URL: url, PEERBRIDGE_SECRET: secret, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '1000000', DATABASE_CONNECT_TIMEOUT_MS: '2000' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stdout = '';
let stderr = '';
server.stdout.on('data', (d) => (stdout += d));
server.stderr.on('data', (d) => (stderr += d));
let serverExit: number | null | undefined;
server.on('exit', (code) => (serverExit = code));
for (let i = 0; i < 2400 && !/ready at (\S+)/.test(stdout) && serverExit === undefined; i++) await sleep(50);
const base = /ready at (\S+)/.exec(stdout)?.[1]?.replace('localhost', '127.0.0.1');
if (!base) throw new Error(`the server did not start within 2 minutes: ${stdout} ${stderr}`);

const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const acknowledged: string[] = [];
const counts = new Map<string, number>();
const failures: number[] = []; // ms since start of each 503
const other5xx: string[] = [];
let unreachable = 0;
let sent = 0;
const t0 = Date.now();
let failoverStartedMs = -1;
let failoverDoneMs = -1;
let lastOkBeforeFailover = -1;
let firstOkAfterFailure = -1;

const worker = async () => {
  while (Date.now() - t0 < seconds * 1000 && sent < maxWrites) {
    const i = sent++;
    const at = Date.now() - t0;
    try {
      const res = await fetch(`${base}/api/v1/participants`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ givenName: `Drill${i}`, familyName: `Run ${run}`, languages: ['en'] }),
      });
      counts.set(String(res.status), (counts.get(String(res.status)) ?? 0) + 1);
      if (res.status === 201) {
        acknowledged.push(((await res.json()) as { id: string }).id);
        if (failures.length && firstOkAfterFailure < 0 && at > failures[failures.length - 1]!) firstOkAfterFailure = Date.now() - t0;
        if (failoverStartedMs < 0) lastOkBeforeFailover = at;
      } else if (res.status === 503) {
        failures.push(at);
        firstOkAfterFailure = -1;
        await res.body?.cancel();
        await sleep(100); // a client honouring Retry-After would wait longer; keep the load on
      } else {
        if (res.status >= 500) other5xx.push(`${res.status} ${(await res.text()).slice(0, 200)}`);
        else await res.body?.cancel();
      }
    } catch {
      unreachable++;
      await sleep(100);
    }
  }
};

const failover = (async () => {
  await sleep(failoverAt * 1000);
  failoverStartedMs = Date.now() - t0;
  const p = spawn('bash', ['-c', failoverCmd], { stdio: ['ignore', 'inherit', 'inherit'] });
  await new Promise((resolve) => p.on('exit', resolve));
  failoverDoneMs = Date.now() - t0;
})();
// /readyz every 250 ms: how long the load balancer would have taken this server out.
let notReadyMs = 0;
const readiness = (async () => {
  while (Date.now() - t0 < seconds * 1000 && sent < maxWrites) {
    const asked = Date.now();
    const status = await fetch(`${base}/readyz`).then((r) => r.status).catch(() => 0);
    await sleep(Math.max(0, 250 - (Date.now() - asked)));
    if (status !== 200) notReadyMs += Date.now() - asked;
  }
})();
await Promise.all([...Array.from({ length: workers }, worker), failover, readiness]);

// Ready again, then every acknowledged intake must be on the new primary.
let readyMs = -1;
for (let i = 0; i < 600; i++) {
  if ((await fetch(`${base}/readyz`).then((r) => r.status).catch(() => 0)) === 200) {
    readyMs = Date.now() - t0;
    break;
  }
  await sleep(100);
}
const check = await connectSelected(new HostSelector(url, 5000));
const found = (await check.query<{ n: number }>('select count(*)::int as n from participants where id = any($1::uuid[])', [acknowledged])).rows[0]!.n;
const primary = (await check.query<{ port: number }>('select inet_server_port() as port')).rows[0]!.port;
await check.end();

const serverAlive = serverExit === undefined;
server.kill('SIGTERM');
await new Promise((resolve) => (serverExit === undefined ? server.on('exit', resolve) : resolve(null)));

const span = failures.length ? (failures[failures.length - 1]! - failures[0]!) / 1000 : 0;
const result = {
  drill: label,
  writesSent: sent,
  acknowledged: acknowledged.length,
  acknowledgedLost: acknowledged.length - found,
  answers503: failures.length,
  secondsOf503s: Number(span.toFixed(1)),
  writeOutageSeconds: firstOkAfterFailure >= 0 && lastOkBeforeFailover >= 0 ? Number(((firstOkAfterFailure - lastOkBeforeFailover) / 1000).toFixed(1)) : null,
  other5xx: other5xx.length,
  connectionErrors: unreachable,
  failoverCommandSeconds: Number(((failoverDoneMs - failoverStartedMs) / 1000).toFixed(1)),
  readyAgainAtSecond: Number((readyMs / 1000).toFixed(1)),
  readyzNotReadySeconds: Number((notReadyMs / 1000).toFixed(1)),
  serverStayedUp: serverAlive,
  newPrimaryPort: primary,
  statuses: Object.fromEntries(counts),
};
console.log(`\n${label}: ${result.acknowledged} of ${result.writesSent} intakes acknowledged; acknowledged writes lost: ${result.acknowledgedLost}; ` +
  `503 answers: ${result.answers503} over ${result.secondsOf503s} s (writes stalled ${result.writeOutageSeconds ?? '-'} s from the last success before the failover to the first after it); ` +
  `/readyz not ready for ${result.readyzNotReadySeconds} s; 5xx other than 503: ${result.other5xx}; HTTP connection errors: ${result.connectionErrors}; server stayed up: ${result.serverStayedUp}; new primary on port ${primary}.`);
if (other5xx.length) console.log(other5xx.slice(0, 5).join('\n'));
console.log(JSON.stringify(result));
