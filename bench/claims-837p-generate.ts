/**
 * Benchmark: bill 100,000 synthetic encounters (seeded), build the claim batch and write the
 * 837P (and the CSV) to a temporary file. Prints figures; never fails on time.
 *
 *   npx node bench/claims-837p-generate.ts [encounters]
 *
 * This measures the pure core only (billing rules, claims, X12 writer, file write); the
 * database read that the issue's 10-second goal also includes is measured by the lead's
 * end-to-end export.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  billDay,
  choosePayer,
  DEFAULT_FUNDING_ORDER,
  DEFAULT_MODIFIER_RULES,
  serviceDateOf,
  unitsFor,
  type BillingDecision,
  type Coverage,
  type EncounterForBilling,
  type EncounterType,
  type Modality,
  type Payer,
  type PeerCertification,
} from '../src/modules/billing/billing.rules.ts';
import { buildClaimBatch, type ClaimBatch, type EncounterWithBilling } from '../src/modules/billing/claims.rules.ts';
import { chunked, segments837P, type RenderingPeer, type Subscriber } from '../src/interop/x12/837p.ts';
import { claimsToCsv } from '../src/interop/x12/claims-csv.ts';

const ENCOUNTERS = Number(process.argv[2] ?? 100_000);
const PARTICIPANTS = Math.max(1, Math.round(ENCOUNTERS / 40));
const PEERS = Math.max(1, Math.round(ENCOUNTERS / 1000));
const TIME_ZONE = 'America/Detroit';

/** mulberry32: a small seeded generator, so every run bills the same encounters. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(20250301);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const medicaid: Payer = {
  id: 'mi-medicaid',
  name: 'Michigan Medicaid',
  type: 'medicaid',
  serviceCode: 'H0038',
  modifierRules: DEFAULT_MODIFIER_RULES,
  unitMinutes: 15,
  rounding: 'cms-8-minute',
  roundingBasis: 'day',
  dailyMaxUnits: 16,
  ratePerUnit: 2012,
  placesOfService: ['11', '12', '02', '10', '99', '15', '04'],
  modalities: ['in-person', 'phone', 'video'],
  requiresCosign: false,
};
const grant: Payer = { ...medicaid, id: 'samhsa-grant', name: 'SAMHSA grant', type: 'grant', roundingBasis: 'encounter', modalities: ['in-person', 'phone', 'video', 'text'] };
const payersById = new Map([medicaid, grant].map((p) => [p.id, p]));

function timed<T>(label: string, work: () => T): T {
  const start = performance.now();
  const result = work();
  console.log(`${label.padEnd(50)} ${(performance.now() - start).toFixed(0).padStart(7)} ms`);
  return result;
}

const totalStart = performance.now();

const { encounters, coverages, certifications } = timed(`generate ${ENCOUNTERS} encounters (seeded)`, () => {
  const coverages = new Map<string, Coverage[]>();
  for (let p = 0; p < PARTICIPANTS; p++) {
    const id = `par-${p}`;
    const list: Coverage[] = [{ payerId: grant.id, memberId: `G${p}`, startDate: '2024-01-01' }];
    if (random() < 0.85) list.push({ payerId: medicaid.id, memberId: `MI${String(p).padStart(8, '0')}`, startDate: random() < 0.1 ? '2025-03-15' : '2024-06-01' });
    coverages.set(id, list);
  }
  const certifications = new Map<string, PeerCertification[]>();
  for (let k = 0; k < PEERS; k++) {
    certifications.set(`peer-${k}`, [{ type: 'CPS', issuer: 'MDHHS', number: `CPS-${k}`, expiresOn: random() < 0.03 ? '2025-03-10' : '2026-12-31' }]);
  }
  const types: EncounterType[] = ['individual', 'individual', 'individual', 'group', 'outreach', 'accompaniment', 'advocacy', 'crisis-support'];
  const modalities: Modality[] = ['in-person', 'in-person', 'in-person', 'phone', 'video', 'text'];
  const places = ['11', '12', '02', '99', '15', '04'];
  const encounters: EncounterForBilling[] = [];
  for (let i = 0; i < ENCOUNTERS; i++) {
    const day = 1 + Math.floor(random() * 31);
    const minute = 8 * 60 + Math.floor(random() * 10 * 60);
    const startedAt = new Date(Date.UTC(2025, 2, day, 4 + Math.floor(minute / 60), minute % 60)).toISOString();
    const roll = random();
    const participant = Math.floor(random() * PARTICIPANTS);
    // A caseload: most contacts are with the participant's own peer, at the usual place.
    encounters.push({
      id: `enc-${String(i).padStart(7, '0')}`,
      participantId: `par-${participant}`,
      peerId: `peer-${random() < 0.85 ? participant % PEERS : Math.floor(random() * PEERS)}`,
      type: pick(types),
      modality: pick(modalities),
      placeOfService: random() < 0.7 ? '11' : pick(places),
      program: random() < 0.5 ? 'substance-use' : 'mental-health',
      startedAt,
      durationMinutes: 5 + Math.floor(random() * 85),
      status: roll < 0.05 ? 'draft' : roll < 0.08 ? 'returned' : 'signed',
      ...(random() < 0.01 ? { voided: true } : {}),
    });
  }
  return { encounters, coverages, certifications };
});

const billed = timed('bill (payer choice + per-day rules)', () => {
  // Group by participant and service date in the organization's zone, then bill each day.
  const byDay = new Map<string, { serviceDate: string; participantId: string; encounters: EncounterForBilling[] }>();
  const dateFormat = new Map<string, string>();
  for (const encounter of encounters) {
    const hourKey = encounter.startedAt.slice(0, 13);
    let serviceDate = dateFormat.get(hourKey);
    if (serviceDate === undefined) {
      serviceDate = serviceDateOf(encounter.startedAt, TIME_ZONE);
      dateFormat.set(hourKey, serviceDate);
    }
    const key = `${encounter.participantId}|${serviceDate}`;
    let day = byDay.get(key);
    if (day === undefined) {
      day = { serviceDate, participantId: encounter.participantId, encounters: [] };
      byDay.set(key, day);
    }
    day.encounters.push(encounter);
  }
  const result: EncounterWithBilling[] = [];
  for (const day of byDay.values()) {
    const choice = choosePayer(coverages.get(day.participantId) ?? [], payersById, DEFAULT_FUNDING_ORDER, day.serviceDate);
    const decisions = billDay({ encounters: day.encounters, serviceDate: day.serviceDate, choice, certificationsByPeer: certifications });
    for (const encounter of day.encounters) {
      result.push({
        encounterId: encounter.id,
        participantId: encounter.participantId,
        peerId: encounter.peerId,
        placeOfService: encounter.placeOfService,
        startedAt: encounter.startedAt,
        billing: decisions.get(encounter.id) as BillingDecision,
      });
    }
  }
  return result;
});

const alreadyExported = new Set(billed.filter((_, i) => i % 50 === 0).map((e) => e.encounterId));
const batch = timed('build claim batch (Medicaid, March 2025)', () =>
  buildClaimBatch({ payerId: medicaid.id, from: '2025-03-01', to: '2025-03-31', batchId: 'PB20250401', encounters: billed, alreadyExported }),
);

const subscribers = new Map<string, Subscriber>();
for (let p = 0; p < PARTICIPANTS; p++) {
  subscribers.set(`par-${p}`, {
    firstName: `Given${p}`,
    lastName: `Family${p}`,
    birthDate: '1985-05-17',
    gender: pick(['F', 'M', 'U'] as const),
    address: { line1: `${p} Main St`, city: 'Lansing', state: 'MI', postalCode: '48933' },
    diagnosisCodes: [pick(['F11.20', 'F10.20', 'F33.1', 'F43.10'])],
  });
}
const renderingPeers = new Map<string, RenderingPeer>();
for (let k = 0; k < PEERS; k++) renderingPeers.set(`peer-${k}`, { firstName: `Peer${k}`, lastName: 'Specialist' });

const directory = await mkdtemp(join(tmpdir(), 'peerbridge-837p-'));

async function write837P(claimBatch: ClaimBatch, path: string): Promise<number> {
  const start = performance.now();
  await pipeline(
    Readable.from(
      chunked(
        segments837P({
          batch: claimBatch,
          submitter: { name: 'Harbor Peer Center', id: 'HARBOR01', contactName: 'Billing Office', phone: '5175550100' },
          receiver: { name: 'Michigan Medicaid', id: 'MIMEDICAID' },
          billingProvider: {
            name: 'Harbor Peer Center',
            npi: '1234567893',
            taxId: '381234567',
            taxonomy: '251S00000X',
            address: { line1: '400 River Rd', city: 'Lansing', state: 'MI', postalCode: '489330000' },
          },
          payer: { name: 'Michigan Medicaid', payerId: 'D00111', type: 'medicaid' },
          subscribers,
          renderingPeers,
          control: { interchange: 1, group: 1, firstTransactionSet: 1 },
          createdAt: new Date('2025-04-01T16:00:00Z'),
          timeZone: TIME_ZONE,
          reference: 'PB',
        }),
      ),
    ),
    createWriteStream(path),
  );
  return performance.now() - start;
}

const ediPath = join(directory, 'claims.837');
const x12Ms = await write837P(batch, ediPath);
console.log(`${'write 837P (streamed to file)'.padEnd(50)} ${x12Ms.toFixed(0).padStart(7)} ms`);

// Writer throughput at full size: every encounter as a billable Medicaid line.
const everyLine = timed(`claim batch with all ${ENCOUNTERS} encounters billable`, () =>
  buildClaimBatch({
    payerId: medicaid.id,
    from: '2025-03-01',
    to: '2025-03-31',
    batchId: 'PBALL',
    alreadyExported: new Set(),
    encounters: billed.map((e) => {
      const units = Math.max(1, unitsFor(e.billing.billable ? e.billing.minutes : 30, 'cms-8-minute', 15));
      return {
        ...e,
        billing: {
          billable: true,
          payerId: medicaid.id,
          memberId: `MI${e.participantId.slice(4).padStart(8, '0')}`,
          code: 'H0038',
          modifiers: ['HQ', 'HF'],
          units,
          amountCents: units * medicaid.ratePerUnit,
          serviceDate: e.billing.serviceDate,
          minutes: 30,
          explanation: { en: '', es: '' },
        },
      };
    }),
  }),
);
const fullPath = join(directory, 'all.837');
const fullMs = await write837P(everyLine, fullPath);
console.log(`${`write 837P of ${everyLine.totals.lines} lines (streamed)`.padEnd(50)} ${fullMs.toFixed(0).padStart(7)} ms`);

const csv = timed('CSV of billable lines (in memory)', () => claimsToCsv(batch));
const ediSize = (await stat(ediPath)).size;
const fullSize = (await stat(fullPath)).size;
const totalMs = performance.now() - totalStart;

const reasons = new Map<string, number>();
for (const e of batch.excluded) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
console.log('');
console.log(`encounters ${ENCOUNTERS}, participants ${PARTICIPANTS}, peers ${PEERS}`);
console.log(
  `claims ${batch.totals.claims}, lines ${batch.totals.lines}, units ${batch.totals.units}, charge $${(batch.totals.chargeCents / 100).toFixed(2)}, ` +
    `excluded ${batch.totals.excluded} (${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')})`,
);
console.log(`837P file ${(ediSize / 1024 / 1024).toFixed(1)} MiB (all-lines file ${(fullSize / 1024 / 1024).toFixed(1)} MiB, ${everyLine.totals.claims} claims), CSV ${(csv.length / 1024 / 1024).toFixed(1)} MiB`);
console.log(`total ${totalMs.toFixed(0)} ms; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
await rm(directory, { recursive: true, force: true });
