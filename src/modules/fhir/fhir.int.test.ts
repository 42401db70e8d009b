import type { Bundle, Resource } from '@medplum/fhirtypes';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { loadDemo } from '../../cli/demo.ts';
import { systemActor } from '../../core/actor.ts';
import { bindingProblems } from '../../interop/fhir/bindings.ts';
import { buildEverything } from '../../interop/fhir/everything.ts';
import { fhirIssues } from '../../interop/fhir/validate.ts';
import { exportOrganization } from './fhir.export.ts';

let t: TestApp;
let admin: TestUser;
let peerUser: TestUser;
let otherPeerUser: TestUser;
let analyst: TestUser;
let stranger: TestUser;
let peerId: string;
let maria: string; // assigned, plan with a substance-use goal, Part 2 referrals, a voided note, assessments
let nora: string; // waitlisted, no plan, nothing else
let goalHousing: string;
let goalSud: string;
let referralInForce: string;
let referralRevoked: string;
let voidedNote: string;
let phqId: string;
let barcId: string;

type Method = 'GET' | 'POST' | 'PUT';
const call = async (user: TestUser, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { authorization: user.auth, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const resources = (b: Bundle) => (b.entry ?? []).map((e) => e.resource!) as Resource[];
const ofType = <T extends Resource['resourceType']>(b: Bundle, type: T) => resources(b).filter((r) => r.resourceType === type) as Array<Extract<Resource, { resourceType: T }>>;
const labelled = (r: Resource) => (r.meta?.security ?? []).some((c) => c.code === '42CFRPart2');

/** Every resource valid for @medplum/core, every bound code in its value set. */
const expectValid = (b: Bundle) => {
  const problems = [...fhirIssues(b).map((i) => `Bundle: ${i.expression?.join(',')} ${i.details?.text}`)];
  for (const r of resources(b)) {
    problems.push(...fhirIssues(r).map((i) => `${r.resourceType}/${r.id}: ${i.expression?.join(',')} ${i.details?.text}`));
    problems.push(...bindingProblems(r));
  }
  problems.push(...bindingProblems(b));
  expect(problems).toEqual([]);
};

const everything = async (user: TestUser, id: string) => {
  const res = await call(user, 'GET', `/api/v1/participants/${id}/$everything`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  return res.json() as Bundle;
};

const sign = async (participantId: string, extra: Record<string, unknown> = {}) => {
  const draft = await call(peerUser, 'POST', '/api/v1/encounters', {
    participantId,
    type: 'individual',
    modality: 'in-person',
    startedAt: hoursAgo(30),
    durationMinutes: 45,
    narrative: 'We talked about <b>my</b> landlord & the voucher.',
    nextSteps: 'Call the housing office.',
    activities: ['shared-lived-experience'],
    ...extra,
  });
  expect(draft.statusCode, draft.body).toBe(201);
  expect((await call(peerUser, 'POST', `/api/v1/encounters/${draft.json().id}/sign`, {})).statusCode).toBe(200);
  return draft.json().id as string;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'FHIR Agency');
  peerUser = await addUser(t, admin.orgId, 'peer');
  otherPeerUser = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  stranger = await createOrgWithUser(t, 'admin', 'Elsewhere');
  peerId = (await call(peerUser, 'POST', '/api/v1/peers', { displayName: 'Rosa Delgado', userId: peerUser.userId, languages: ['en', 'es'] })).json().id;
  await call(otherPeerUser, 'POST', '/api/v1/peers', { displayName: 'James Bear', userId: otherPeerUser.userId });
  maria = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Maria', familyName: 'Lopez', birthDate: '1990-05-06', contact: { phone: '(312) 555-0100' }, languages: ['es', 'en'] })).json().id;
  nora = (await call(admin, 'POST', '/api/v1/participants', { givenName: 'Nora', familyName: 'Quinn' })).json().id;
  expect((await call(admin, 'POST', `/api/v1/participants/${maria}/assignments`, { peerId, consent: { given: true, method: 'written' } })).statusCode).toBe(201);
  const plan = await call(peerUser, 'PUT', `/api/v1/participants/${maria}/plan`, {
    goals: [
      { text: 'Find a place of my own', lifeArea: 'housing', steps: [{ text: 'Apply for the voucher', status: 'done' }, { text: 'Visit two flats', status: 'not-started' }] },
      { text: 'Stay on buprenorphine', lifeArea: 'substance use', steps: [{ text: 'Keep clinic visits', status: 'in-progress' }] },
    ],
    strengths: ['Persistent'],
    supports: [{ name: 'My sister', kind: 'person' }],
  });
  expect(plan.statusCode, plan.body).toBe(200);
  goalHousing = plan.json().goals[0].id;
  goalSud = plan.json().goals[1].id;
  await sign(maria);
  await sign(maria, { modality: 'phone', startedAt: hoursAgo(50) });
  voidedNote = await sign(maria, { startedAt: hoursAgo(70) });
  expect((await call(admin, 'POST', `/api/v1/encounters/${voidedNote}/void`, { reason: 'Wrong person' })).statusCode).toBe(200);
  await call(peerUser, 'POST', '/api/v1/encounters', { participantId: maria, type: 'individual', modality: 'phone', startedAt: hoursAgo(3), durationMinutes: 20, narrative: 'draft', activities: [] });

  const svc = await call(admin, 'POST', '/api/v1/directory/local-services', { name: 'Crossroads Clinic', organizationName: 'Crossroads', categories: ['health'] });
  expect(svc.statusCode, svc.body).toBe(201);
  const consent = { recipient: 'Crossroads Clinic', purpose: 'Continuity of MOUD care', expiresOn: inDays(200), method: 'written', signedOn: inDays(-1) };
  const referral = async () => {
    const res = await call(peerUser, 'POST', '/api/v1/referrals', {
      participantId: maria,
      serviceId: svc.json().serviceId,
      need: 'treatment',
      urgency: 'urgent',
      note: 'Prefers mornings',
      shared: { items: ['name', 'phone', 'sud-treatment'], sudTreatment: 'Buprenorphine since 2024', consent: { given: true, method: 'verbal' }, part2Consent: consent },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await call(peerUser, 'POST', `/api/v1/referrals/${res.json().id}/status`, { status: 'sent' })).statusCode).toBe(200);
    return res.json().id as string;
  };
  referralInForce = await referral();
  referralRevoked = await referral();
  expect((await call(peerUser, 'POST', `/api/v1/referrals/${referralRevoked}/part2-consent/revoke`, {})).statusCode).toBe(200);

  const phq = await call(peerUser, 'POST', `/api/v1/participants/${maria}/assessments`, {
    instrument: 'phq-9',
    answers: { 'phq9.1': 1, 'phq9.2': 2, 'phq9.3': 1, 'phq9.4': 0, 'phq9.5': 1, 'phq9.6': 0, 'phq9.7': 1, 'phq9.8': 0, 'phq9.9': 0 },
    administeredAt: hoursAgo(5),
    mode: 'peer-administered',
  });
  expect(phq.statusCode, phq.body).toBe(201);
  phqId = phq.json().id;
  const barc = await call(peerUser, 'POST', `/api/v1/participants/${maria}/assessments`, {
    instrument: 'barc-10',
    answers: { 'barc10.1': 5, 'barc10.2': 4 },
    administeredAt: hoursAgo(4),
    mode: 'self',
  });
  expect(barc.statusCode, barc.body).toBe(201);
  barcId = barc.json().id;
});
afterAll(() => t?.close());

describe('$everything', () => {
  it('gives staff a valid collection Bundle of the whole record, Part 2 only where a consent in force lets it leave', async () => {
    const b = await everything(peerUser, maria);
    expect(b).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expectValid(b);
    const types = new Set(resources(b).map((r) => r.resourceType));
    for (const type of ['Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'EpisodeOfCare', 'CareTeam', 'Encounter', 'CarePlan', 'Goal', 'ServiceRequest', 'Task', 'Consent', 'QuestionnaireResponse', 'Observation']) {
      expect(types, type).toContain(type);
    }
    // Signed notes only (the draft is not a record yet); the voided one entered in error; H0038; no narrative for staff.
    const encounters = ofType(b, 'Encounter');
    expect(encounters).toHaveLength(3);
    expect(encounters.find((e) => e.identifier?.[0]?.value === voidedNote)?.status).toBe('entered-in-error');
    expect(encounters.every((e) => e.type?.[0]?.coding?.[0]?.code === 'H0038' && e.text === undefined)).toBe(true);
    expect(encounters.map((e) => e.class.code).sort()).toEqual(['AMB', 'AMB', 'VR']);
    // The substance-use goal stays home; the housing goal and its steps travel.
    expect(ofType(b, 'Goal').map((g) => g.id)).toEqual([goalHousing]);
    expect(ofType(b, 'CarePlan')[0]!.activity?.map((a) => a.detail?.status)).toEqual(['completed', 'not-started']);
    expect(JSON.stringify(b)).not.toContain('buprenorphine');
    // The referral under a consent in force: labelled, with its Part 2 consent and the notice.
    const inForce = ofType(b, 'ServiceRequest').find((s) => s.id === referralInForce)!;
    expect(labelled(inForce)).toBe(true);
    expect(inForce.text?.div).toContain('42 CFR part 2');
    const part2Consents = ofType(b, 'Consent').filter(labelled);
    expect(part2Consents).toHaveLength(1);
    expect(part2Consents[0]).toMatchObject({ status: 'active', policy: [{ uri: expect.stringContaining('part-2') }] });
    // The revoked one travels as a plain referral: no label, no consent, nothing that hints at Part 2.
    const revoked = ofType(b, 'ServiceRequest').find((s) => s.id === referralRevoked)!;
    expect(revoked.meta).toBeUndefined();
    expect(revoked.supportingInfo?.map((s) => s.reference)).toEqual([`Consent/${referralRevoked}`]);
    expect(b.meta?.security?.map((c) => c.code)).toContain('42CFRPart2');
    // Scores: LOINC where the instrument has it (PHQ-9 total), Peerbridge's code system otherwise.
    const obs = ofType(b, 'Observation');
    expect(obs.find((o) => o.derivedFrom?.[0]?.reference === `QuestionnaireResponse/${phqId}` && o.code.coding?.[0]?.code === '44261-6')?.valueQuantity?.value).toBe(6);
    expect(ofType(b, 'QuestionnaireResponse').find((q) => q.id === barcId)?.status).toBe('in-progress');
  });

  it('gives the person everything of theirs: the note narrative, the Part 2 goal and the revoked consent, labelled', async () => {
    const b = await buildEverything(t.services.db, systemActor('portal', admin.orgId), maria, { reader: 'person', audit: t.services.audit, keys: t.services.keys });
    expectValid(b);
    const goal = ofType(b, 'Goal').find((g) => g.id === goalSud)!;
    expect(labelled(goal)).toBe(true);
    expect(goal.text?.div).toContain('42 CFR part 2');
    const narrative = ofType(b, 'Encounter').find((e) => e.status === 'finished')!.text!.div;
    // Their words, escaped: a tag in a note is text in the narrative.
    expect(narrative).toContain('&lt;b&gt;my&lt;/b&gt; landlord &amp; the voucher');
    expect(ofType(b, 'Consent').filter(labelled).map((c) => c.status).sort()).toEqual(['active', 'inactive']);
    expect(labelled(ofType(b, 'ServiceRequest').find((s) => s.id === referralRevoked)!)).toBe(true);
  });

  it('a person with no plan, no peer and no notes: a waitlist episode, nothing empty', async () => {
    const b = await everything(admin, nora);
    expectValid(b);
    expect(resources(b).map((r) => r.resourceType).sort()).toEqual(['CareTeam', 'EpisodeOfCare', 'Organization', 'Patient']);
    expect(ofType(b, 'EpisodeOfCare')[0]!.status).toBe('waitlist');
    expect(b.meta).toBeUndefined();
  });

  it('reads as the record does: a peer without them 404, analysts 403, another organization 404; audited, refusals too', async () => {
    expect(problemOf(await call(otherPeerUser, 'GET', `/api/v1/participants/${maria}/$everything`)).status).toBe(404);
    expect(problemOf(await call(analyst, 'GET', `/api/v1/participants/${maria}/$everything`)).status).toBe(403);
    expect(problemOf(await call(stranger, 'GET', `/api/v1/participants/${maria}/$everything`)).status).toBe(404);
    const events = (await call(admin, 'GET', `/api/v1/audit-events?entityId=${maria}&pageSize=100`)).json().items as Array<{ action: string; outcome?: string; details: Record<string, unknown> }>;
    const reads = events.filter((e) => e.action === 'participant.fhir_everything');
    expect(reads.some((e) => e.outcome !== 'denied' && (e.details as { reader?: string }).reader === 'staff')).toBe(true);
    expect(reads.some((e) => e.outcome === 'denied')).toBe(true);
  });

  it('every resource of the demo agency validates', async () => {
    const demo = (await loadDemo(t.services))!;
    const demoAdmin = demo.users.find((u) => u.role === 'admin')!;
    const actor = { kind: 'user' as const, userId: demoAdmin.id, orgId: demo.orgId, role: 'admin' as const, via: 'token' as const, sourceIp: null };
    const ids = (await t.services.people.listParticipants(actor, {}, { page: 1, pageSize: 200 })).items.map((p) => p.id);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) expectValid(await t.services.fhir.everything(actor, id));
    // The whole demo seeded, then every record validated: 25 s alone, minutes on a busy shared machine.
  }, 240_000);
});

describe('assessments and instruments', () => {
  it('one assessment as QuestionnaireResponse and Observations; an instrument as Questionnaire, in Spanish on request', async () => {
    const res = await call(peerUser, 'GET', `/api/v1/participants/${maria}/assessments/${phqId}/fhir`);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json() as Bundle;
    expectValid(b);
    const qr = ofType(b, 'QuestionnaireResponse')[0]!;
    expect(qr).toMatchObject({ status: 'completed', questionnaire: 'https://peerbridge.org/fhir/Questionnaire/phq-9|1', author: { reference: `Practitioner/${peerId}` } });
    expect(qr.item).toHaveLength(9);
    expect(ofType(b, 'Observation').map((o) => o.code.coding?.[0]?.code).sort()).toEqual(['44261-6', '55758-7']);
    expect(problemOf(await call(otherPeerUser, 'GET', `/api/v1/participants/${maria}/assessments/${phqId}/fhir`)).status).toBe(404);
    expect(problemOf(await call(peerUser, 'GET', `/api/v1/participants/${nora}/assessments/${phqId}/fhir`)).status).toBe(404);

    const q = await call(peerUser, 'GET', '/api/v1/instruments/phq-9/fhir?lang=es');
    expect(q.statusCode).toBe(200);
    expect(q.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const questionnaire = q.json();
    expect(fhirIssues(questionnaire)).toEqual([]);
    expect(bindingProblems(questionnaire)).toEqual([]);
    expect(questionnaire).toMatchObject({ resourceType: 'Questionnaire', url: 'https://peerbridge.org/fhir/Questionnaire/phq-9', version: '1', code: [{ code: '44249-1' }] });
    expect(questionnaire.item[0].text).toBe('Poco interés o placer en hacer cosas');
    expect(problemOf(await call(peerUser, 'GET', '/api/v1/instruments/nope/fhir')).errors?.[0]?.field).toBe('params.code');
  });
});

describe('intake: POST /api/v1/fhir/Patient', () => {
  const patient = (extra: Record<string, unknown> = {}) => ({
    resourceType: 'Patient',
    name: [{ use: 'official', family: 'Okafor', given: ['Chidi'] }, { use: 'usual', given: ['Chi'] }],
    birthDate: '1988-02-03',
    telecom: [{ system: 'phone', value: '555-0101' }, { system: 'email', value: 'chidi@example.org' }],
    address: [{ line: ['12 Elm St'], city: 'Springfield', state: 'IL', postalCode: '62701' }],
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] } }],
    ...extra,
  });
  const count = async () => (await call(admin, 'GET', '/api/v1/participants?pageSize=1')).json().total as number;

  it('creates a participant, then matches the same person; a Bundle brings its Consents, which travel back out', async () => {
    const created = await call(admin, 'POST', '/api/v1/fhir/Patient', patient(), { 'content-type': 'application/fhir+json' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().participantId;
    expect(created.headers.location).toBe(`/api/v1/participants/${id}`);
    const view = (await call(admin, 'GET', `/api/v1/participants/${id}`)).json();
    expect(view).toMatchObject({ givenName: 'Chidi', familyName: 'Okafor', preferredName: 'Chi', birthDate: '1988-02-03', contact: { phone: '555-0101', email: 'chidi@example.org' } });

    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:p1', resource: patient({ id: 'p1', name: [{ family: 'OKAFOR', given: ['chidi'] }] }) },
        {
          resource: {
            resourceType: 'Consent',
            status: 'active',
            scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
            category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: '42CFRPart2' }] }],
            patient: { reference: 'Patient/p1' },
            policy: [{ uri: 'https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2' }],
          },
        },
      ],
    };
    const matched = await call(admin, 'POST', '/api/v1/fhir/Patient', bundle);
    expect(matched.statusCode, matched.body).toBe(200);
    expect(matched.json()).toMatchObject({ participantId: id, matched: true, consentIds: [expect.any(String)] });
    const out = await everything(admin, id);
    expectValid(out);
    const consent = ofType(out, 'Consent')[0]!;
    expect(consent).toMatchObject({ id: matched.json().consentIds[0], patient: { reference: `Patient/${id}` } });
    expect(labelled(consent)).toBe(true);
  });

  it('malformed FHIR: 400 naming the element, nothing stored; a peer who cannot see a person learns nothing of them', async () => {
    const before = await count();
    const bad = await call(admin, 'POST', '/api/v1/fhir/Patient', patient({ birthDate: 'last spring' }));
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.map((e) => e.field)).toContain('body.birthDate');
    const unknown = await call(admin, 'POST', '/api/v1/fhir/Patient', patient({ favouriteColour: 'blue' }));
    expect(problemOf(unknown).errors?.map((e) => e.field)).toContain('body.favouriteColour');
    const noName = await call(admin, 'POST', '/api/v1/fhir/Patient', patient({ name: [{ text: 'Someone' }] }));
    expect(problemOf(noName).errors?.map((e) => e.field)).toEqual(['body.name[0].given', 'body.name[0].family']);
    const badConsent = await call(admin, 'POST', '/api/v1/fhir/Patient', { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient() }, { resource: { resourceType: 'Consent', status: 'maybe' } }] });
    expect(problemOf(badConsent).errors?.some((e) => e.field.startsWith('body.entry[1].resource'))).toBe(true);
    const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/fhir/Patient', headers: { authorization: admin.auth, 'content-type': 'application/fhir+json' }, payload: '{"resourceType":' });
    expect(notJson.statusCode).toBe(400);
    expect(await count()).toBe(before);

    // Maria exists, in Rosa's caseload: James (no caseload) sending her gets a new record of his
    // own intake, exactly as if she did not exist; Rosa's match finds her.
    const mariaPatient = { resourceType: 'Patient', name: [{ family: 'Lopez', given: ['Maria'] }], birthDate: '1990-05-06' };
    const james = await call(otherPeerUser, 'POST', '/api/v1/fhir/Patient', mariaPatient);
    expect(james.statusCode).toBe(201);
    expect(james.json().participantId).not.toBe(maria);
    const claimsMaria = await call(otherPeerUser, 'POST', '/api/v1/fhir/Patient', { ...mariaPatient, identifier: [{ system: 'https://peerbridge.org/fhir/sid/participant', value: maria }], birthDate: '1990-05-07' });
    expect(claimsMaria.json().participantId).not.toBe(maria);
    const rosa = await call(peerUser, 'POST', '/api/v1/fhir/Patient', mariaPatient);
    expect(rosa.json()).toMatchObject({ participantId: maria, matched: true });
    expect(problemOf(await call(analyst, 'POST', '/api/v1/fhir/Patient', mariaPatient)).status).toBe(403);
  });
});

describe('bulk export (peerbridge fhir export)', () => {
  it('writes one owner-only NDJSON file per resource type, every line a valid resource, Part 2 as for staff; audited', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pb-fhir-export-'));
    try {
      // A page of 2 rows, so paging is exercised on this small organization.
      const result = await exportOrganization(t.services, systemActor('cli', admin.orgId), out, { batch: 2 });
      const files = readdirSync(out).sort();
      expect(files).toEqual(result.files.map((f) => `${f.type}.ndjson`));
      for (const type of ['Patient', 'Encounter', 'CarePlan', 'Goal', 'ServiceRequest', 'Task', 'Consent', 'QuestionnaireResponse', 'Observation', 'Practitioner']) expect(files).toContain(`${type}.ndjson`);
      const all: Resource[] = [];
      for (const f of files) {
        expect(statSync(join(out, f)).mode & 0o777).toBe(0o600);
        const lines = readFileSync(join(out, f), 'utf8').trimEnd().split('\n');
        for (const line of lines) {
          const r = JSON.parse(line) as Resource;
          expect(`${r.resourceType}.ndjson`).toBe(f);
          expect([...fhirIssues(r).map((i) => `${r.resourceType}/${r.id}: ${i.expression?.join(',')} ${i.details?.text}`), ...bindingProblems(r)]).toEqual([]);
          all.push(r);
        }
      }
      const ids = (type: string) => all.filter((r) => r.resourceType === type).map((r) => r.id);
      expect(ids('Patient')).toEqual(expect.arrayContaining([maria, nora]));
      expect(new Set(ids('Encounter')).size).toBe(ids('Encounter').length);
      expect(ids('Goal')).toContain(goalHousing);
      expect(ids('Goal')).not.toContain(goalSud);
      expect(all.filter((r) => r.resourceType === 'Consent' && labelled(r)).length).toBe(2); // the in-force Part 2 consent, and the one received at intake
      const events = (await call(admin, 'GET', `/api/v1/audit-events?action=fhir.bulk_export`)).json().items as Array<{ details: { counts: Record<string, number> } }>;
      expect(events[0]?.details.counts.Patient).toBe(ids('Patient').length);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
