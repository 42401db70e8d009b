import { createRequire } from 'node:module';
import type * as NodeX12 from 'node-x12';
import type { X12Interchange, X12Segment } from 'node-x12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { check837P } from '../../../test/harness/x12-837p.ts';

const require = createRequire(import.meta.url);
const { X12Parser } = require('node-x12') as typeof NodeX12;
const el = (s: X12Segment, n: number) => s.elements[n - 1]?.value ?? '';
/** Every 837P downloaded here is checked against the 005010X222A1 rules, then parsed by node-x12. */
const parse837 = (edi: string) => {
  expect(check837P(edi)).toEqual([]);
  return new X12Parser(true).parse(edi);
};
/** The participants' home address, on their coverages (2010BA N3/N4). */
const HOME = { line1: '88 Elm St', city: 'Lansing', state: 'MI', postalCode: '48912' };

let t: TestApp;
let admin: TestUser;
let supervisor: TestUser;
let peerUser: TestUser;
let stranger: TestUser;
let peerId: string;
let ana: string;
let ben: string;
let medicaid: string;
let grant: string;

const call = async (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { authorization: user.auth, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });

// Fixed past dates (America/New_York, the test organization's zone): 14:00 UTC is 09:00/10:00 there.
const D1 = '2026-01-12';
const D2 = '2026-01-13';
const at = (date: string, hour = 14, minute = 0) => `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;

const signedNote = async (participantId: string, date: string, minutes: number, extra: Record<string, unknown> = {}) => {
  const e = await call(peerUser, 'POST', '/api/v1/encounters', { participantId, startedAt: at(date, (extra.hour as number) ?? 14), durationMinutes: minutes, narrative: 'Worked on her goals.', activities: ['recovery-planning'], ...extra, hour: undefined });
  expect(e.statusCode).toBe(201);
  const s = await call(peerUser, 'POST', `/api/v1/encounters/${e.json().id}/sign`);
  expect(s.statusCode).toBe(200);
  return s.json();
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Billing Agency');
  supervisor = await addUser(t, admin.orgId, 'supervisor');
  peerUser = await addUser(t, admin.orgId, 'peer');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  peerId = (
    await call(peerUser, 'POST', '/api/v1/peers', {
      displayName: 'Rosa Delgado',
      userId: peerUser.userId,
      certifications: [{ type: 'CPRS', issuer: 'State Board', number: 'A-1', expiresOn: '2026-12-31' }],
    })
  ).json().id;
  ana = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ana', familyName: 'Lopez', birthDate: '1985-04-02', genderIdentity: 'female' })).json().id;
  ben = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Ben', familyName: 'Okafor' })).json().id;
  for (const p of [ana, ben]) await call(admin, 'POST', `/api/v1/participants/${p}/assignments`, { peerId, consent: { given: true } });
});
afterAll(() => t?.close());

describe('payers and coverages', () => {
  it('an admin adds payers with defaults; peers cannot; names are unique; bad input is refused', async () => {
    const res = await call(admin, 'POST', '/api/v1/payers', { name: 'State Medicaid', type: 'medicaid', ratePerUnit: 1750, dailyMaxUnits: 4, x12PayerId: 'SKMI0' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ serviceCode: 'H0038', unitMinutes: 15, rounding: 'cms-8-minute', roundingBasis: 'encounter', dailyMaxUnits: 4, requiresCosign: false });
    expect(res.json().modifierRules.map((r: { modifier: string }) => r.modifier)).toEqual(['HQ', 'HF', 'HE']);
    medicaid = res.json().id;
    grant = (await call(admin, 'POST', '/api/v1/payers', { name: 'SAMHSA grant', type: 'grant', ratePerUnit: 1000, rounding: 'full-unit' })).json().id;
    expect(problemOf(await call(admin, 'POST', '/api/v1/payers', { name: 'state medicaid', type: 'medicaid', ratePerUnit: 1 })).code).toBe('payer-exists');
    expect(problemOf(await call(peerUser, 'POST', '/api/v1/payers', { name: 'X', type: 'other', ratePerUnit: 1 })).status).toBe(403);
    expect(problemOf(await call(admin, 'POST', '/api/v1/payers', { name: 'Y', type: 'other', ratePerUnit: -1 })).errors?.[0]?.field).toBe('body.ratePerUnit');
    const patched = await call(admin, 'PATCH', `/api/v1/payers/${grant}`, { dailyMaxUnits: 8 });
    expect(patched.json()).toMatchObject({ dailyMaxUnits: 8, rounding: 'full-unit' });
    expect((await call(peerUser, 'GET', '/api/v1/payers')).json().total).toBe(2);
    expect((await call(stranger, 'GET', '/api/v1/payers')).json().total).toBe(0);
    expect((await call(stranger, 'GET', `/api/v1/payers/${medicaid}`)).statusCode).toBe(404);
    expect((await call(stranger, 'PATCH', `/api/v1/payers/${medicaid}`, { name: 'Z' })).statusCode).toBe(404);
  });

  it('records coverages; overlapping ones of the same payer and backwards dates are refused', async () => {
    const res = await call(admin, 'POST', `/api/v1/participants/${ana}/coverages`, { payerId: medicaid, memberId: 'MCD123456', startDate: '2025-01-01', diagnosisCodes: ['F11.20'] , subscriberAddress: HOME });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ payerName: 'State Medicaid', memberId: 'MCD123456', endDate: null, diagnosisCodes: ['F11.20'] });
    expect((await call(admin, 'POST', `/api/v1/participants/${ana}/coverages`, { payerId: grant, memberId: 'G-1', startDate: '2025-01-01' , subscriberAddress: HOME })).statusCode).toBe(201);
    expect(problemOf(await call(admin, 'POST', `/api/v1/participants/${ana}/coverages`, { payerId: medicaid, memberId: 'X', startDate: '2025-06-01' , subscriberAddress: HOME })).code).toBe('coverage-overlap');
    expect(problemOf(await call(admin, 'POST', `/api/v1/participants/${ben}/coverages`, { payerId: medicaid, memberId: 'X', startDate: '2026-02-01', endDate: '2026-01-01' , subscriberAddress: HOME })).errors?.[0]?.field).toBe('body.endDate');
    expect((await call(admin, 'POST', `/api/v1/participants/${ben}/coverages`, { payerId: medicaid, memberId: 'MCD999', startDate: '2026-01-13' , subscriberAddress: HOME })).statusCode).toBe(201);
    expect((await call(peerUser, 'GET', `/api/v1/participants/${ana}/coverages`)).json().items).toHaveLength(2);
    expect((await call(stranger, 'GET', `/api/v1/participants/${ana}/coverages`)).statusCode).toBe(404);
    expect((await call(stranger, 'POST', `/api/v1/participants/${ana}/coverages`, { payerId: medicaid, memberId: 'X', startDate: '2025-01-01' , subscriberAddress: HOME })).statusCode).toBe(404);
  });
});

describe('changing a coverage', () => {
  it('ends a coverage (billing after its end shows no coverage), refuses backwards dates and overlaps, audits; other organizations 404', async () => {
    const cleo = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Cleo', familyName: 'Park', birthDate: '1990-02-02' })).json().id;
    await call(admin, 'POST', `/api/v1/participants/${cleo}/assignments`, { peerId, consent: { given: true } });
    const first = (await call(admin, 'POST', `/api/v1/participants/${cleo}/coverages`, { payerId: medicaid, memberId: 'MCD-C1', startDate: '2025-01-01', endDate: '2026-05-31' , subscriberAddress: HOME })).json();
    const later = (await call(admin, 'POST', `/api/v1/participants/${cleo}/coverages`, { payerId: medicaid, memberId: 'MCD-C2', startDate: '2026-06-01', endDate: '2026-12-31' , subscriberAddress: HOME })).json();
    const url = `/api/v1/participants/${cleo}/coverages/${first.id}`;
    // A draft in March 2026 (outside the claim tests' range) bills the open coverage.
    const draft = (await call(peerUser, 'POST', '/api/v1/encounters', { participantId: cleo, startedAt: at('2026-03-02'), durationMinutes: 30, narrative: 'x' })).json();
    expect(draft.billing).toMatchObject({ reason: 'unsigned', memberId: 'MCD-C1' });

    const backwards = problemOf(await call(admin, 'PATCH', url, { endDate: '2024-12-31' }));
    expect(backwards).toMatchObject({ status: 400 });
    expect(backwards.errors?.map((e) => e.field)).toEqual(['body.endDate']);
    const overlap = problemOf(await call(admin, 'PATCH', url, { endDate: null, memberId: 'MCD-C1' }));
    expect(overlap).toMatchObject({ status: 409, code: 'coverage-overlap' });
    expect(overlap.errors?.map((e) => e.field)).toEqual(['body.endDate']);
    expect(problemOf(await call(admin, 'PATCH', url, { payerId: grant }))).toMatchObject({ status: 400, errors: [{ field: 'body' }] });
    expect(problemOf(await call(stranger, 'PATCH', url, { endDate: '2026-02-28' })).status).toBe(404);
    expect(problemOf(await call(admin, 'PATCH', `/api/v1/participants/${ana}/coverages/${first.id}`, { endDate: '2026-02-28' })).status).toBe(404);
    expect((await call(admin, 'GET', `/api/v1/participants/${cleo}/coverages`)).json().items.find((c: { id: string }) => c.id === first.id).endDate).toBe('2026-05-31');

    const ended = await call(admin, 'PATCH', url, { endDate: '2026-02-28', diagnosisCodes: ['F33.1'] });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ id: first.id, memberId: 'MCD-C1', startDate: '2025-01-01', endDate: '2026-02-28', diagnosisCodes: ['F33.1'], payerName: 'State Medicaid' });
    const after = (await call(peerUser, 'GET', `/api/v1/encounters/${draft.id}`)).json();
    expect(after.billing).toMatchObject({ billable: false, reason: 'no-coverage' });
    const audit = (await call(admin, 'GET', `/api/v1/audit-events?entityId=${first.id}`)).json();
    const update = audit.items.find((e: { action: string }) => e.action === 'coverage.update');
    expect(update.details).toEqual({ participantId: cleo, fields: ['endDate', 'diagnosisCodes'] });
    expect(later).toMatchObject({ memberId: 'MCD-C2', endDate: '2026-12-31' });
  });
});

describe('billing on encounter views', () => {
  it('a draft previews its units; signing makes it billable under the funding order (Medicaid before grants)', async () => {
    const draft = (await call(peerUser, 'POST', '/api/v1/encounters', { participantId: ana, startedAt: at(D1), durationMinutes: 38, narrative: 'x', activities: ['recovery-planning'] })).json();
    expect(draft.billing).toMatchObject({ billable: false, reason: 'unsigned', payerId: medicaid, code: 'H0038', units: 3, amountCents: 5250 });
    const signed = (await call(peerUser, 'POST', `/api/v1/encounters/${draft.id}/sign`)).json();
    expect(signed.billing).toMatchObject({ billable: true, reason: null, payerId: medicaid, payerName: 'State Medicaid', memberId: 'MCD123456', code: 'H0038', modifiers: [], units: 3, amountCents: 5250 });
    expect(signed.billing.explanation).toBe('38 minutes: 3 units under the 8-minute rule.');
    const es = (await call(peerUser, 'GET', `/api/v1/encounters/${draft.id}`, undefined, { 'accept-language': 'es' })).json();
    expect(es.billing.explanation).toBe('38 minutos: 3 unidades según la regla de 8 minutos.');
  });

  it('the daily cap counts the participant\'s other notes that day; group notes get HQ; no coverage on the date is explained', async () => {
    const second = await signedNote(ana, D1, 30, { hour: 16 });
    expect(second.billing).toMatchObject({ billable: true, units: 1 });
    expect(second.billing.explanation).toMatch(/daily maximum of 4 units/);
    const third = await signedNote(ana, D1, 30, { hour: 18 });
    expect(third.billing).toMatchObject({ billable: false, reason: 'daily-cap-reached' });
    const group = await signedNote(ana, D2, 60, { participantId: undefined, participantIds: [ana, ben], type: 'group', program: 'substance-use' });
    expect(group.billingByParticipant[0].billing).toMatchObject({ billable: true, modifiers: ['HQ', 'HF'], units: 4 });
    expect(group.billingByParticipant[1].billing).toMatchObject({ billable: true, memberId: 'MCD999', units: 4 });
    const uncovered = await signedNote(ben, D1, 30);
    expect(uncovered.billing).toMatchObject({ billable: false, reason: 'no-coverage' });
  });

  it('an expired certification stops billing; co-signature by payer rule holds it back until co-signed', async () => {
    const late = await signedNote(ana, '2027-01-05', 30);
    expect(late.billing).toMatchObject({ billable: false, reason: 'certification-expired' });
    await call(admin, 'PATCH', `/api/v1/payers/${medicaid}`, { requiresCosign: true });
    const held = await signedNote(ana, '2026-01-20', 30);
    expect(held).toMatchObject({ cosignRequired: true, billing: { billable: false, reason: 'awaiting-cosign', units: 2 } });
    const cosigned = (await call(supervisor, 'POST', `/api/v1/encounters/${held.id}/cosign`)).json();
    expect(cosigned.billing).toMatchObject({ billable: true, units: 2 });
    await call(admin, 'PATCH', `/api/v1/payers/${medicaid}`, { requiresCosign: false });
  });
});

describe('claims', () => {
  let firstExport: string;

  it('needs the billing identity for 837P; refuses an empty range and a backwards one, storing nothing', async () => {
    const missing = await call(admin, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: D1, to: D2, format: '837p' });
    expect(problemOf(missing)).toMatchObject({ status: 409, code: 'billing-settings-incomplete' });
    expect(problemOf(missing).errors?.map((e) => e.field)).toEqual(['settings.billingProvider', 'settings.submitter']);
    const settings = await call(admin, 'PUT', '/api/v1/billing/settings', {
      billingProvider: { name: 'Billing Agency', npi: '1234567893', taxId: '12-3456789', taxonomy: '251S00000X', address: { line1: '1 Main St', city: 'Lansing', state: 'MI', postalCode: '48933-1234' } },
      submitter: { name: 'Billing Agency', id: 'BA001', contactName: 'Dana', phone: '517-555-0100' },
      defaultDiagnosisCode: 'Z71.89',
    });
    expect(settings.statusCode).toBe(200);
    expect(settings.json().fundingOrder).toEqual(['medicaid', 'medicare', 'other', 'grant']);
    expect((await call(peerUser, 'PUT', '/api/v1/billing/settings', settings.json())).statusCode).toBe(403);
    expect((await call(stranger, 'GET', '/api/v1/billing/settings')).json().billingProvider).toBeNull();

    const empty = await call(admin, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: '2020-01-01', to: '2020-01-31', format: '837p' });
    expect(problemOf(empty)).toMatchObject({ status: 400, code: 'nothing-to-export' });
    const backwards = await call(admin, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: D2, to: D1, format: 'csv' });
    expect(problemOf(backwards).errors?.[0]?.field).toBe('body.to');
    expect((await call(admin, 'GET', '/api/v1/claims/exports')).json().total).toBe(0);
    expect((await call(peerUser, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: D1, to: D2, format: 'csv' })).statusCode).toBe(403);
    expect((await call(stranger, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: D1, to: D2, format: 'csv' })).statusCode).toBe(404);
  });

  it('exports an 837P that node-x12 parses: loops, SE counts and totals; lists exclusions with reasons', async () => {
    // The rendering peer's NPI: the check digit is validated, a good one goes on the claim.
    const badNpi = problemOf(await call(admin, 'PATCH', `/api/v1/peers/${peerId}`, { npi: '1234567890' }));
    expect(badNpi).toMatchObject({ status: 400 });
    expect(badNpi.errors?.map((e) => e.field)).toEqual(['body.npi']);
    expect((await call(admin, 'GET', `/api/v1/peers/${peerId}`)).json().npi).toBeNull();
    const withNpi = await call(peerUser, 'PATCH', `/api/v1/peers/${peerId}`, { npi: '1497758544' });
    expect(withNpi.json()).toMatchObject({ npi: '1497758544' });
    const res = await call(admin, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: D1, to: D2, format: '837p' });
    expect(res.statusCode).toBe(201);
    const view = res.json();
    firstExport = view.id;
    // Ana: 3 + 1 units on D1, 4 (group) on D2; Ben: 4 (group) on D2 but no birth date.
    expect(view.totals).toMatchObject({ lines: 3, units: 8, chargeCents: 14000 });
    const reasons = view.excluded.map((e: { reason: string }) => e.reason).sort();
    expect(reasons).toEqual(['daily-cap-reached', 'missing-birth-date', 'no-coverage']);
    expect(view.excluded.find((e: { reason: string }) => e.reason === 'missing-birth-date').participantId).toBe(ben);
    expect(view.downloadUrl).toBe(`/api/v1/claims/exports/${view.id}/file`);

    const file = await call(admin, 'GET', view.downloadUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/attachment; filename="claims-state-medicaid-2026-01-12-2026-01-13-1\.x12"/);
    const interchange = parse837(file.body) as X12Interchange;
    const group = interchange.functionalGroups[0]!;
    expect(el(group.header, 8)).toBe('005010X222A1');
    const tx = group.transactions[0]!;
    expect(Number(el(tx.trailer, 1))).toBe(tx.segments.length + 2);
    const tags = tx.segments.map((s) => s.tag);
    expect(tags.filter((tag) => tag === 'CLM')).toHaveLength(1);
    expect(tags.filter((tag) => tag === 'SV1')).toHaveLength(3);
    const clm = tx.segments.find((s) => s.tag === 'CLM')!;
    expect(el(clm, 2)).toBe('140');
    const sv1 = tx.segments.filter((s) => s.tag === 'SV1');
    expect(sv1.map((s) => el(s, 1))).toEqual(['HC:H0038', 'HC:H0038', 'HC:H0038:HQ:HF']);
    expect(sv1.reduce((sum, s) => sum + Number(el(s, 2)), 0)).toBe(140);
    const hi = tx.segments.find((s) => s.tag === 'HI')!;
    expect(el(hi, 1)).toBe('ABK:F1120');
    const rendering = tx.segments.findIndex((s) => s.tag === 'NM1' && el(s, 1) === '82');
    expect(el(tx.segments[rendering]!, 3)).toBe('DELGADO');
    expect(tx.segments[rendering]!.elements.slice(7, 9).map((e) => e.value)).toEqual(['XX', '1497758544']);
    expect(tx.segments[rendering + 1]!.elements.map((e) => e.value)).toEqual(['PE', 'PXC', '175T00000X']);
    const subscriber = tx.segments.find((s) => s.tag === 'NM1' && el(s, 1) === 'IL')!;
    expect(el(subscriber, 9)).toBe('MCD123456');
    expect(el(tx.segments.find((s) => s.tag === 'DMG')!, 3)).toBe('F');
    // 2010BA: the participant's own address from the coverage, never the agency's.
    expect(el(tx.segments[tx.segments.indexOf(subscriber) + 1]!, 1)).toBe('88 ELM ST');
  });

  it('never exports an encounter twice; a void with resubmit sends it again; the encounter shows its export', async () => {
    const again = await call(admin, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: D1, to: D2, format: '837p' });
    expect(problemOf(again)).toMatchObject({ status: 400, code: 'nothing-to-export' });
    const list = (await call(peerUser, 'GET', `/api/v1/encounters?participantId=${ana}&from=${D1}&to=${D1}`)).json();
    const exported = list.items.find((e: { billing: { units: number } }) => e.billing.units === 3);
    expect(exported.billing.exportId).toBe(firstExport);

    const voided = await call(admin, 'POST', `/api/v1/encounters/${exported.id}/void`, { reason: 'Wrong units sent', resubmit: true });
    expect(voided.json()).toMatchObject({ voided: false, void: { resubmit: true }, billing: { billable: true, units: 3, exportId: null } });
    const resent = await call(admin, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: D1, to: D2, format: '837p' });
    expect(resent.statusCode).toBe(201);
    // The replacement carries every line of the claim it replaces, not only the corrected one:
    // the payer swaps the whole original claim for it.
    expect(resent.json().totals).toMatchObject({ claims: 1, lines: 3, units: 8, chargeCents: 14000 });
    const resentFile = (await call(admin, 'GET', resent.json().downloadUrl)).body;
    expect(resentFile).toContain(`REF*6R*${exported.id}~`);
    // A replacement of the first export's only claim: CLM05-3 7 and REF*F8 naming its CLM01.
    const firstFile = (await call(admin, 'GET', `/api/v1/claims/exports/${firstExport}/file`)).body;
    const firstClaimId = el((parse837(firstFile) as X12Interchange).functionalGroups[0]!.transactions[0]!.segments.find((seg) => seg.tag === 'CLM')!, 1);
    const resentTx = (parse837(resentFile) as X12Interchange).functionalGroups[0]!.transactions[0]!;
    const resentClm = resentTx.segments.findIndex((seg) => seg.tag === 'CLM');
    expect(el(resentTx.segments[resentClm]!, 5)).toBe('11:B:7');
    expect(resentTx.segments[resentClm + 1]!.elements.map((e) => e.value)).toEqual(['F8', firstClaimId]);
    expect(resentTx.segments.filter((seg) => seg.tag === 'SV1')).toHaveLength(3);
    expect(resentTx.segments.filter((seg) => seg.tag === 'CLM')).toHaveLength(1);
    const sameDay = (await call(peerUser, 'GET', `/api/v1/encounters?participantId=${ana}&from=${D1}&to=${D1}`)).json();
    // Both of that day's billed notes now stand on the replacement (the third hit the daily cap).
    const exportIds = sameDay.items.map((e: { billing: { exportId: string | null } }) => e.billing.exportId);
    expect(exportIds.filter((x: string | null) => x !== null)).toEqual([resent.json().id, resent.json().id]);
    expect(Number(el(resentTx.trailer, 1))).toBe(resentTx.segments.length + 2);

    // CSV needs no birth date: Ben's group line goes out there.
    const csvExport = await call(admin, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from: D1, to: D2, format: 'csv' });
    expect(csvExport.json().totals).toMatchObject({ lines: 1, units: 4 });
    const csv = await call(admin, 'GET', csvExport.json().downloadUrl);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = csv.body.trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(ben);
    // resubmission no, frequency 1 (an original claim), no original claim id.
    expect(rows[1]).toMatch(/,no,1,$/);

    const past = (await call(admin, 'GET', '/api/v1/claims/exports')).json();
    expect(past.total).toBe(3);
    expect(past.items[0].excluded).toEqual([]);
    const one = await call(admin, 'GET', `/api/v1/claims/exports/${firstExport}`, undefined, { 'accept-language': 'es' });
    expect(one.json().excluded.find((e: { reason: string }) => e.reason === 'no-coverage').explanation).toMatch(/Sin cobertura/);
    expect((await call(stranger, 'GET', '/api/v1/claims/exports')).json().total).toBe(0);
    expect((await call(stranger, 'GET', `/api/v1/claims/exports/${firstExport}`)).statusCode).toBe(404);
    expect((await call(stranger, 'GET', `/api/v1/claims/exports/${firstExport}/file`)).statusCode).toBe(404);
    expect((await call(peerUser, 'GET', '/api/v1/claims/exports')).statusCode).toBe(403);
  });
});

describe('void claims', () => {
  // Dates no other test bills: Dee is billed alone here.
  const V1 = '2026-02-09';
  const V2 = '2026-02-10';
  let dee: string;
  const exportRange = (from: string, to: string, format: '837p' | 'csv' = '837p') => call(admin, 'POST', '/api/v1/claims/exports', { payerId: medicaid, from, to, format });
  const claimsOf = async (downloadUrl: string) => {
    const tx = (parse837((await call(admin, 'GET', downloadUrl)).body) as X12Interchange).functionalGroups[0]!.transactions[0]!;
    expect(Number(el(tx.trailer, 1))).toBe(tx.segments.length + 2);
    const out: Array<{ clm01: string; total: string; frequency: string; f8: string | null; lines: string[][] }> = [];
    for (const [i, s] of tx.segments.entries()) {
      if (s.tag === 'CLM') {
        const next = tx.segments[i + 1]!;
        out.push({ clm01: el(s, 1), total: el(s, 2), frequency: el(s, 5).split(':')[2]!, f8: next.tag === 'REF' && el(next, 1) === 'F8' ? el(next, 2) : null, lines: [] });
      }
      if (s.tag === 'SV1') out.at(-1)!.lines.push([el(s, 1), el(s, 2), el(s, 4)]);
      if (s.tag === 'REF' && el(s, 1) === '6R') out.at(-1)!.lines.at(-1)!.push(el(s, 2));
    }
    return out;
  };

  beforeAll(async () => {
    dee = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Dee', familyName: 'Marsh', birthDate: '1979-09-09', genderIdentity: 'female' })).json().id;
    await call(admin, 'POST', `/api/v1/participants/${dee}/assignments`, { peerId, consent: { given: true } });
    expect((await call(admin, 'POST', `/api/v1/participants/${dee}/coverages`, { payerId: medicaid, memberId: 'MCD-D1', startDate: '2025-01-01' , subscriberAddress: HOME })).statusCode).toBe(201);
  });

  it('a note voided without resubmission is voided at the payer once: CLM05-3 8, REF*F8 the original CLM01, its lines and charges', async () => {
    const note = await signedNote(dee, V1, 38);
    const first = await exportRange(V1, V1);
    expect(first.statusCode).toBe(201);
    const [original] = await claimsOf(first.json().downloadUrl);
    expect(original).toMatchObject({ frequency: '1', f8: null, total: '52.5' });

    const voided = await call(admin, 'POST', `/api/v1/encounters/${note.id}/void`, { reason: 'Entered for the wrong participant', resubmit: false });
    expect(voided.statusCode).toBe(200);
    const second = await exportRange(V1, V1);
    expect(second.statusCode).toBe(201);
    // Nothing is billed; the void's charges are shown apart; the note itself is not billed again.
    expect(second.json().totals).toMatchObject({ claims: 0, lines: 0, chargeCents: 0, voids: { claims: 1, lines: 1, units: 3, chargeCents: 5250 } });
    const sent = await claimsOf(second.json().downloadUrl);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ frequency: '8', f8: original!.clm01, total: original!.total, lines: original!.lines });
    expect(sent[0]!.clm01).not.toBe(original!.clm01);

    const third = await exportRange(V1, V1);
    expect(problemOf(third)).toMatchObject({ status: 400, code: 'nothing-to-export' });
    const audit = (await call(admin, 'GET', `/api/v1/audit-events?entityId=${second.json().id}`)).json();
    expect(audit.items.find((e: { action: string }) => e.action === 'claims.export').details.voidedClaims).toEqual([original!.clm01]);
  });

  it('when other notes of the claim stand, a replacement (CLM05-3 7) carries them instead of a void; then nothing more', async () => {
    const keep = await signedNote(dee, V2, 30, { hour: 14 });
    const drop = await signedNote(dee, V2, 30, { hour: 16 });
    const first = await exportRange(V2, V2);
    const [original] = await claimsOf(first.json().downloadUrl);
    expect(original!.lines.map((l) => l[3])).toEqual([keep.id, drop.id]);

    await call(admin, 'POST', `/api/v1/encounters/${drop.id}/void`, { reason: 'Duplicate note', resubmit: false });
    const second = await exportRange(V2, V2);
    expect(second.statusCode).toBe(201);
    const sent = await claimsOf(second.json().downloadUrl);
    expect(sent.map((c) => [c.frequency, c.f8])).toEqual([['7', original!.clm01]]);
    expect(sent[0]!.lines.map((l) => l[3])).toEqual([keep.id]);
    expect(second.json().totals).toMatchObject({ claims: 1, lines: 1, voids: { claims: 0 } });
    // The kept note now stands on the replacement.
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${keep.id}`)).json().billing.exportId).toBe(second.json().id);
    expect(problemOf(await exportRange(V2, V2))).toMatchObject({ status: 400, code: 'nothing-to-export' });
  });

  it('a claim whose other notes are outside the range is voided whole; those notes go out later on a new original claim', async () => {
    const [A, B] = ['2026-02-16', '2026-02-17'];
    const cancelled = await signedNote(dee, A, 30);
    const standing = await signedNote(dee, B, 30);
    const [original] = await claimsOf((await exportRange(A, B)).json().downloadUrl);
    expect(original!.lines.map((l) => l[3])).toEqual([cancelled.id, standing.id]);

    await call(admin, 'POST', `/api/v1/encounters/${cancelled.id}/void`, { reason: 'Entered in error', resubmit: false });
    const voiding = await exportRange(A, A);
    const sent = await claimsOf(voiding.json().downloadUrl);
    // The payer voids whole claims: both lines, as sent.
    expect(sent).toMatchObject([{ frequency: '8', f8: original!.clm01, total: original!.total, lines: original!.lines }]);
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${standing.id}`)).json().billing.exportId).toBeNull();

    // Its claim is voided, so the standing note is billed anew (1), not as a replacement of it.
    const rebilled = await claimsOf((await exportRange(B, B)).json().downloadUrl);
    expect(rebilled.map((c) => [c.frequency, c.f8, c.lines.map((l) => l[3])])).toEqual([['1', null, [standing.id]]]);
    expect(problemOf(await exportRange(A, B))).toMatchObject({ status: 400, code: 'nothing-to-export' });
  });

  it('a note voided when a standing note of its claim is outside the range: no replacement without it, the claim is voided and the rest billed anew', async () => {
    // A replacement (CLM05-3 7) takes the place of the payer's whole claim: one that left out
    // the note of C would have the payer drop it. So the claim is voided whole instead.
    const [A, B, C] = ['2026-02-23', '2026-02-24', '2026-02-25'];
    const cancelled = await signedNote(dee, A, 30);
    const inRange = await signedNote(dee, B, 30);
    const outside = await signedNote(dee, C, 30);
    const [original] = await claimsOf((await exportRange(A, C)).json().downloadUrl);
    expect(original!.lines.map((l) => l[3])).toEqual([cancelled.id, inRange.id, outside.id]);

    await call(admin, 'POST', `/api/v1/encounters/${cancelled.id}/void`, { reason: 'Entered in error', resubmit: false });
    const correcting = await exportRange(A, B);
    expect(correcting.statusCode).toBe(201);
    const sent = await claimsOf(correcting.json().downloadUrl);
    expect(sent.map((c) => [c.frequency, c.f8, c.lines.map((l) => l[3])])).toEqual([
      ['1', null, [inRange.id]],
      ['8', original!.clm01, [cancelled.id, inRange.id, outside.id]],
    ]);
    expect(sent[1]).toMatchObject({ total: original!.total, lines: original!.lines });
    expect(correcting.json().totals).toMatchObject({ claims: 1, lines: 1, voids: { claims: 1, lines: 3 } });
    // The note of C left the voided claim: it is billed when its date is, on a new claim.
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${outside.id}`)).json().billing.exportId).toBeNull();
    const later = await claimsOf((await exportRange(C, C)).json().downloadUrl);
    expect(later.map((c) => [c.frequency, c.f8, c.lines.map((l) => l[3])])).toEqual([['1', null, [outside.id]]]);
    expect(problemOf(await exportRange(A, C))).toMatchObject({ status: 400, code: 'nothing-to-export' });
  });

  it('a note voided for resubmission whose claim has a note outside the range: the claim is voided and both billed anew, never replaced in part', async () => {
    const [A, B] = ['2026-03-09', '2026-03-10'];
    const corrected = await signedNote(dee, A, 30);
    const outside = await signedNote(dee, B, 30);
    const [original] = await claimsOf((await exportRange(A, B)).json().downloadUrl);
    expect(original!.lines.map((l) => l[3])).toEqual([corrected.id, outside.id]);

    await call(admin, 'POST', `/api/v1/encounters/${corrected.id}/void`, { reason: 'Wrong units sent', resubmit: true });
    const resent = await exportRange(A, A);
    expect(resent.statusCode).toBe(201);
    const sent = await claimsOf(resent.json().downloadUrl);
    expect(sent.map((c) => [c.frequency, c.f8, c.lines.map((l) => l[3])])).toEqual([
      ['1', null, [corrected.id]],
      ['8', original!.clm01, [corrected.id, outside.id]],
    ]);
    expect(sent[1]).toMatchObject({ total: original!.total, lines: original!.lines });
    const later = await claimsOf((await exportRange(B, B)).json().downloadUrl);
    expect(later.map((c) => [c.frequency, c.f8, c.lines.map((l) => l[3])])).toEqual([['1', null, [outside.id]]]);
    expect(problemOf(await exportRange(A, B))).toMatchObject({ status: 400, code: 'nothing-to-export' });
  });

  it('a note moved to another payer by a corrected coverage leaves the claim of the first: voided there, billed to the other once', async () => {
    const X = '2026-03-16';
    const eve = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Eve', familyName: 'Santos', birthDate: '1988-08-08' })).json().id;
    await call(admin, 'POST', `/api/v1/participants/${eve}/assignments`, { peerId, consent: { given: true } });
    const mcd = (await call(admin, 'POST', `/api/v1/participants/${eve}/coverages`, { payerId: medicaid, memberId: 'MCD-E1', startDate: '2025-01-01' , subscriberAddress: HOME })).json();
    const note = await signedNote(eve, X, 30);
    const [original] = await claimsOf((await exportRange(X, X)).json().downloadUrl);
    expect(original!.lines.map((l) => l[3])).toEqual([note.id]);

    // Medicaid had ended the day before; the grant covered her from then. Each change says which
    // claim now bills the wrong payer; the note is then released to be billed again.
    const ended = await call(admin, 'PATCH', `/api/v1/participants/${eve}/coverages/${mcd.id}`, { endDate: '2026-03-15' });
    expect(ended.statusCode).toBe(200);
    const toCorrect = { encounterId: note.id, serviceDate: X, claimId: original!.clm01, sentToPayerId: medicaid, sentToPayerName: 'State Medicaid' };
    expect(ended.json().claimsToCorrect).toEqual([expect.objectContaining({ ...toCorrect, nowPayerId: null, nowPayerName: null })]);
    const granted = await call(admin, 'POST', `/api/v1/participants/${eve}/coverages`, { payerId: grant, memberId: 'G-E1', startDate: '2026-03-16' , subscriberAddress: HOME });
    expect(granted.statusCode).toBe(201);
    expect(granted.json().claimsToCorrect).toEqual([expect.objectContaining({ ...toCorrect, nowPayerId: grant, nowPayerName: 'SAMHSA grant' })]);
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${note.id}`)).json().billing).toMatchObject({ payerId: medicaid, coverageChanged: { payerId: grant, payerName: 'SAMHSA grant' } });
    const voided = await call(admin, 'POST', `/api/v1/encounters/${note.id}/void`, { reason: 'Billed to the wrong payer', resubmit: true });
    expect(voided.json().billing).toMatchObject({ billable: true, payerId: grant, exportId: null, coverageChanged: null });

    const toGrant = await call(admin, 'POST', '/api/v1/claims/exports', { payerId: grant, from: X, to: X, format: 'csv' });
    expect(toGrant.statusCode).toBe(201);
    const grantRows = (await call(admin, 'GET', toGrant.json().downloadUrl)).body.trim().split('\r\n');
    expect(grantRows).toHaveLength(2);
    expect(grantRows[1]).toContain(note.id);
    expect(grantRows[1]).toMatch(/,1,$/);

    // Medicaid still holds the claim: its next export of that date voids it, as sent.
    const correcting = await exportRange(X, X);
    expect(correcting.statusCode).toBe(201);
    expect(correcting.json().totals).toMatchObject({ claims: 0, lines: 0, voids: { claims: 1, lines: 1 } });
    expect(await claimsOf(correcting.json().downloadUrl)).toMatchObject([{ frequency: '8', f8: original!.clm01, total: original!.total, lines: original!.lines }]);
    expect(problemOf(await exportRange(X, X))).toMatchObject({ status: 400, code: 'nothing-to-export' });
    expect(problemOf(await call(admin, 'POST', '/api/v1/claims/exports', { payerId: grant, from: X, to: X, format: 'csv' }))).toMatchObject({ status: 400, code: 'nothing-to-export' });
    expect((await call(peerUser, 'GET', `/api/v1/encounters/${note.id}`)).json().billing).toMatchObject({ exportId: toGrant.json().id, coverageChanged: null });
    const unchanged = await call(admin, 'PATCH', `/api/v1/participants/${eve}/coverages/${mcd.id}`, { diagnosisCodes: ['F33.1'] });
    expect(unchanged.json().claimsToCorrect).toEqual([]);
  });

  it('exported to the first payer before the other: its claim is replaced by the notes that stay there, then the other bills the moved one', async () => {
    const [A, B] = ['2026-03-23', '2026-03-24'];
    const fay = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Fay', familyName: 'Rowe', birthDate: '1991-01-01' })).json().id;
    await call(admin, 'POST', `/api/v1/participants/${fay}/assignments`, { peerId, consent: { given: true } });
    const mcd = (await call(admin, 'POST', `/api/v1/participants/${fay}/coverages`, { payerId: medicaid, memberId: 'MCD-F1', startDate: '2025-01-01' , subscriberAddress: HOME })).json();
    const stays = await signedNote(fay, A, 30);
    const moves = await signedNote(fay, B, 30);
    const [original] = await claimsOf((await exportRange(A, B)).json().downloadUrl);
    expect(original!.lines.map((l) => l[3])).toEqual([stays.id, moves.id]);

    await call(admin, 'PATCH', `/api/v1/participants/${fay}/coverages/${mcd.id}`, { endDate: A });
    await call(admin, 'POST', `/api/v1/participants/${fay}/coverages`, { payerId: grant, memberId: 'G-F1', startDate: B , subscriberAddress: HOME });
    await call(admin, 'POST', `/api/v1/encounters/${moves.id}/void`, { reason: 'Billed to the wrong payer', resubmit: true });

    const correcting = await exportRange(A, B);
    expect(correcting.statusCode).toBe(201);
    const sent = await claimsOf(correcting.json().downloadUrl);
    expect(sent.map((c) => [c.frequency, c.f8, c.lines.map((l) => l[3])])).toEqual([['7', original!.clm01, [stays.id]]]);
    const toGrant = await call(admin, 'POST', '/api/v1/claims/exports', { payerId: grant, from: A, to: B, format: 'csv' });
    const grantRows = (await call(admin, 'GET', toGrant.json().downloadUrl)).body.trim().split('\r\n');
    expect(grantRows.slice(1).map((r) => [r.includes(moves.id), /,1,$/.test(r)])).toEqual([[true, true]]);
    expect(problemOf(await exportRange(A, B))).toMatchObject({ status: 400, code: 'nothing-to-export' });
  });

  it('a void names the rendering provider its claim was sent with, though the peer profile changed since', async () => {
    const Y = '2026-03-30';
    const renderingOf = async (downloadUrl: string) => {
      const tx = (parse837((await call(admin, 'GET', downloadUrl)).body) as X12Interchange).functionalGroups[0]!.transactions[0]!;
      return tx.segments.filter((s) => s.tag === 'NM1' && el(s, 1) === '82').map((s) => s.elements.map((e) => e.value).join('*'));
    };
    const note = await signedNote(dee, Y, 30);
    const first = await exportRange(Y, Y);
    const asSent = await renderingOf(first.json().downloadUrl);
    expect(asSent).toEqual(['82*1*DELGADO*ROSA****XX*1497758544']);

    // The peer's profile is edited after the claim went out: a new name and NPI.
    const profile = (await call(peerUser, 'GET', `/api/v1/peers/${peerId}`)).json();
    expect((await call(admin, 'PATCH', `/api/v1/peers/${peerId}`, { displayName: 'Rosa Delgado Ruiz', npi: '1245319599' })).statusCode).toBe(200);
    try {
      await call(admin, 'POST', `/api/v1/encounters/${note.id}/void`, { reason: 'Entered in error', resubmit: false });
      const voiding = await exportRange(Y, Y);
      expect((await claimsOf(voiding.json().downloadUrl)).map((c) => c.frequency)).toEqual(['8']);
      expect(await renderingOf(voiding.json().downloadUrl)).toEqual(asSent);
      // A new claim names the peer as the profile is now.
      await signedNote(dee, Y, 30, { hour: 16 });
      expect(await renderingOf((await exportRange(Y, Y)).json().downloadUrl)).toEqual(['82*1*DELGADO RUIZ*ROSA****XX*1245319599']);
    } finally {
      await call(admin, 'PATCH', `/api/v1/peers/${peerId}`, { displayName: profile.displayName, npi: profile.npi });
    }
  });

  it('the CSV shows a void claim by its frequency and the claim it voids', async () => {
    const D = '2026-02-11';
    const note = await signedNote(dee, D, 30);
    const first = await exportRange(D, D, 'csv');
    const firstRows = (await call(admin, 'GET', first.json().downloadUrl)).body.trim().split('\r\n');
    const claimId = firstRows[1]!.split(',')[1];
    await call(admin, 'POST', `/api/v1/encounters/${note.id}/void`, { reason: 'Not a billable service', resubmit: false });
    const second = await exportRange(D, D, 'csv');
    const rows = (await call(admin, 'GET', second.json().downloadUrl)).body.trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(note.id);
    expect(rows[1]!.endsWith(`,8,${claimId}`)).toBe(true);
  });
});
