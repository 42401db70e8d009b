import { createRequire } from 'node:module';
import type * as NodeX12 from 'node-x12';
import type { X12Interchange, X12Segment } from 'node-x12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { check837P } from '../../../test/harness/x12-837p.ts';

// Issue 19: the billing preview (what an export would bill, by participant and peer, exporting
// nothing), and the 837P's subscriber address and rendering NPI rules, seen through the API.

const require = createRequire(import.meta.url);
const { X12Parser } = require('node-x12') as typeof NodeX12;
const el = (s: X12Segment, n: number) => s.elements[n - 1]?.value ?? '';

let t: TestApp;
let admin: TestUser;
let peerUser: TestUser;
let peerId: string;
let medicaid: string;
const people: Record<'ana' | 'ben' | 'cy', string> = { ana: '', ben: '', cy: '' };
const D1 = '2026-02-09';
const D2 = '2026-02-10';
const RANGE = `from=${D1}&to=${D2}`;

const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { authorization: user.auth, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });

const note = async (participantId: string, date: string, minutes: number) => {
  const e = await call(peerUser, 'POST', '/api/v1/encounters', { participantId, startedAt: `${date}T15:00:00Z`, durationMinutes: minutes, narrative: 'Worked on goals.', activities: ['recovery-planning'] });
  expect(e.statusCode, e.body).toBe(201);
  expect((await call(peerUser, 'POST', `/api/v1/encounters/${e.json().id}/sign`)).statusCode).toBe(200);
  return e.json().id as string;
};

interface Preview {
  totals: { claims: number; lines: number; units: number; chargeCents: number; excluded: number };
  byParticipant: Array<{ participantId: string; name: string; claims: number; lines: number; units: number; chargeCents: number }>;
  byPeer: Array<{ peerId: string; name: string; lines: number; units: number; chargeCents: number }>;
  excluded: Array<{ encounterId: string; participantId: string; participantName: string; reason: string; explanation: string }>;
  missingSettings: Array<{ field: string }>;
}
const preview = async (query = `payerId=${medicaid}&${RANGE}`, lang = 'en') => {
  const res = await call(admin, 'GET', `/api/v1/billing/preview?${query}`, undefined, { 'accept-language': lang });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Preview;
};
const exportCount = async () => (await call(admin, 'GET', '/api/v1/claims/exports')).json().total as number;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Preview Agency');
  peerUser = await addUser(t, admin.orgId, 'peer');
  peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId, certifications: [{ type: 'CPRS', issuer: 'Board', number: 'A-1', expiresOn: '2027-12-31' }] })).json().id;
  medicaid = (await call(admin, 'POST', '/api/v1/payers', { name: 'State Medicaid', type: 'medicaid', ratePerUnit: 2000, x12PayerId: 'SKMI0' })).json().id;
  await call(admin, 'PUT', '/api/v1/billing/settings', {
    billingProvider: { name: 'Preview Agency', npi: '1234567893', taxId: '12-3456789', taxonomy: '251S00000X', address: { line1: '1 Agency Plaza', city: 'Lansing', state: 'MI', postalCode: '48933-1234' } },
    submitter: { name: 'Preview Agency', id: 'PA001', contactName: 'Dana', phone: '517-555-0100' },
    defaultDiagnosisCode: 'Z71.89',
  });
  const homes = { ana: { line1: '12 Oak St', city: 'Lansing', state: 'MI', postalCode: '48912' }, ben: null, cy: { line1: '7 Pine Ave', city: 'Lansing', state: 'MI', postalCode: '48910' } };
  for (const [key, given] of [['ana', 'Ana'], ['ben', 'Ben'], ['cy', 'Cy']] as const) {
    people[key] = (await call(admin, 'POST', '/api/v1/participants', { givenName: given, familyName: 'Rivera', birthDate: '1980-03-04' })).json().id;
    await call(admin, 'POST', `/api/v1/participants/${people[key]}/assignments`, { peerId, consent: { given: true } });
    const cov = await call(admin, 'POST', `/api/v1/participants/${people[key]}/coverages`, { payerId: medicaid, memberId: `M-${given}`, startDate: '2025-01-01', subscriberAddress: homes[key] });
    expect(cov.statusCode, cov.body).toBe(201);
  }
  await note(people.ana, D1, 60); // 4 units
  await note(people.ana, D2, 30); // 2 units
  await note(people.ben, D1, 45); // 3 units, no address on file: held
  await note(people.cy, D2, 15); // 1 unit
});
afterAll(() => t?.close());

describe('billing preview', () => {
  it('sums what an export would bill by participant and peer, holds a subscriber with no address with its reason, and exports nothing', async () => {
    const p = await preview();
    // Ana's two notes go on one claim (one participant, member, peer and place).
    expect(p.totals).toMatchObject({ claims: 2, lines: 3, units: 7, chargeCents: 14000, excluded: 1 });
    expect(p.byParticipant.map((r) => [r.name, r.lines, r.units, r.chargeCents])).toEqual([
      ['Ana Rivera', 2, 6, 12000],
      ['Cy Rivera', 1, 1, 2000],
    ]);
    expect(p.byPeer).toEqual([{ peerId, name: 'Rosa Delgado', claims: 2, lines: 3, units: 7, chargeCents: 14000 }]);
    // Whose note is held, by name: the admin adds Ben's address to his coverage.
    expect(p.excluded).toEqual([expect.objectContaining({ participantId: people.ben, participantName: 'Ben Rivera', reason: 'missing-subscriber-address' })]);
    expect(p.excluded[0]!.explanation).toMatch(/never the agency's/);
    expect((await preview(undefined, 'es')).excluded[0]!.explanation).toMatch(/nunca la de la agencia/);
    expect(p.missingSettings).toEqual([]);
    // Nothing was exported, and the preview is audited with whose records it showed.
    expect(await exportCount()).toBe(0);
    const audit = (await call(admin, 'GET', `/api/v1/audit-events?entityId=${medicaid}`)).json();
    const event = audit.items.find((e: { action: string }) => e.action === 'claims.preview');
    expect(event.details.participantIds.sort()).toEqual([people.ana, people.ben, people.cy].sort());
  });

  it('only admins preview; a backwards range and an unknown payer are refused naming the field', async () => {
    expect(problemOf(await call(peerUser, 'GET', `/api/v1/billing/preview?payerId=${medicaid}&${RANGE}`)).status).toBe(403);
    expect(problemOf(await call(admin, 'GET', `/api/v1/billing/preview?payerId=${medicaid}&from=${D2}&to=${D1}`)).errors?.[0]?.field).toBe('query.to');
    expect(problemOf(await call(admin, 'GET', `/api/v1/billing/preview?payerId=not-a-uuid&${RANGE}`)).errors?.[0]?.field).toBe('query.payerId');
  });

  it("holds every claim of a peer with no NPI when the payer requires the rendering provider's NPI, until the NPI is recorded", async () => {
    expect((await call(admin, 'PATCH', `/api/v1/payers/${medicaid}`, { requiresRenderingNpi: true })).json().requiresRenderingNpi).toBe(true);
    const held = await preview();
    expect(held.totals.lines).toBe(0);
    expect(held.excluded.filter((e) => e.reason === 'missing-rendering-npi')).toHaveLength(3);
    expect(held.excluded.find((e) => e.reason === 'missing-rendering-npi')!.explanation).toMatch(/Rosa Delgado has none on file/);
    // An export now has nothing to send, and says so.
    expect(problemOf(await call(admin, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: D1, to: D2, format: '837p' })).code).toBe('nothing-to-export');
    // The CSV is not an 837P: the rule is the 837P's, the CSV lists the lines.
    expect((await preview(`payerId=${medicaid}&${RANGE}&format=csv`)).totals.lines).toBe(4);
    expect((await call(peerUser, 'PATCH', `/api/v1/peers/${peerId}`, { npi: '1497758544' })).statusCode).toBe(200);
    expect((await preview()).totals.lines).toBe(3);
  });

  it('a preview followed by an export exports the same notes; the file carries each subscriber\'s own address and the peer\'s NPI', async () => {
    const before = await preview();
    const res = await call(admin, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: D1, to: D2, format: '837p' });
    expect(res.statusCode, res.body).toBe(201);
    const exp = res.json();
    expect(exp.totals).toEqual({ ...before.totals, voids: { claims: 0, lines: 0, units: 0, chargeCents: 0 } });
    expect(exp.excluded.map((e: Preview['excluded'][number]) => [e.encounterId, e.participantName, e.reason])).toEqual(before.excluded.map((e) => [e.encounterId, e.participantName, e.reason]));
    // The export read back names whose notes it left out, and says so in the audit.
    const read = await call(admin, 'GET', `/api/v1/claims/exports/${exp.id}`);
    expect(read.json().excluded.map((e: Preview['excluded'][number]) => e.participantName)).toEqual(before.excluded.map((e) => e.participantName));
    const events = (await call(admin, 'GET', `/api/v1/audit-events?entityId=${exp.id}`)).json().items as { action: string; details: { excludedParticipantIds?: string[]; participantIds?: string[] } }[];
    const excludedIds = [...new Set(before.excluded.map((e) => e.participantId))].sort();
    expect(events.find((e) => e.action === 'claims.export')!.details.excludedParticipantIds!.sort()).toEqual(excludedIds);
    expect(events.find((e) => e.action === 'claims.export_read')!.details.participantIds!.sort()).toEqual(excludedIds);
    const edi = (await call(admin, 'GET', exp.downloadUrl)).body;
    expect(check837P(edi)).toEqual([]);
    const tx = (new X12Parser(true).parse(edi) as X12Interchange).functionalGroups[0]!.transactions[0]!;
    // The notes sent (REF*6R) are the encounters the preview counted.
    const sentLines = tx.segments.filter((s) => s.tag === 'REF' && el(s, 1) === '6R').length;
    expect(sentLines).toBe(before.totals.lines);
    const addresses = tx.segments.filter((s, i) => s.tag === 'N3' && tx.segments[i - 1]?.tag === 'NM1' && el(tx.segments[i - 1]!, 1) === 'IL').map((s) => el(s, 1));
    expect(addresses.sort()).toEqual(['12 OAK ST', '7 PINE AVE']);
    expect(edi).not.toMatch(/NM1\*IL[^~]*~N3\*1 AGENCY PLAZA/);
    const rendering = tx.segments.filter((s) => s.tag === 'NM1' && el(s, 1) === '82');
    expect(rendering.every((s) => el(s, 8) === 'XX' && el(s, 9) === '1497758544')).toBe(true);
    // Afterwards the preview has nothing left to bill: the export took exactly those notes.
    const after = await preview();
    expect(after.totals.lines).toBe(0);
    expect(after.excluded.filter((e) => e.reason === 'already-exported')).toHaveLength(before.totals.lines);
    expect(await exportCount()).toBe(1);
  });
});
