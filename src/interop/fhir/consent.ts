/**
 * Consents as Consent: agreeing to a peer (per match), agreeing to share items with a referral's
 * receiver (per referral), and the written 42 CFR Part 2 consent (per referral that needed one).
 */
import type { Consent } from '@medplum/fhirtypes';
import { CONSENT_SCOPE, LOINC, metaOf, narrative, PART2_POLICY, PART2_REDISCLOSURE_NOTICE, PB_CS, PB_EXT, V3_ACT_CODE, V3_ACT_REASON, V3_PARTICIPATION } from './codes.ts';
import type { AssignmentRecord, Part2ConsentRecord, ReferralRecord } from './model.ts';

const PATIENT_CONSENT = { coding: [{ system: LOINC, code: '59284-0', display: 'Patient Consent' }] };
const OPT_IN = { coding: [{ system: V3_ACT_CODE, code: 'OPTIN', display: 'opt-in' }] };
const RECIPIENT = { coding: [{ system: V3_PARTICIPATION, code: 'IRCP', display: 'information recipient' }] };
const method = (m: string | undefined) => (m ? [{ url: PB_EXT('consent-method'), valueCode: m }] : []);

/** Consent.status (required binding consent-state-codes) of a Part 2 consent on a day. */
export const part2ConsentStatus = (c: Pick<Part2ConsentRecord, 'revokedAt' | 'expiresOn'>, today: string): Consent['status'] =>
  c.revokedAt !== null || c.expiresOn <= today ? 'inactive' : 'active';

/** Agreeing to be matched with a peer: treatment consent, in force while the match lasts. */
export const toMatchConsent = (a: AssignmentRecord, orgId: string): Consent => {
  const ext = method(a.consent.method);
  return {
    resourceType: 'Consent',
    id: a.id,
    ...(ext.length > 0 ? { extension: ext } : {}),
    status: a.status === 'active' ? 'active' : 'inactive',
    scope: { coding: [{ system: CONSENT_SCOPE, code: 'treatment', display: 'Treatment' }] },
    category: [PATIENT_CONSENT, { coding: [{ system: PB_CS('consent-category'), code: 'peer-match', display: 'Consent to be matched with a peer' }] }],
    patient: { reference: `Patient/${a.participantId}` },
    dateTime: a.consent.recordedAt ?? a.assignedAt.toISOString(),
    organization: [{ reference: `Organization/${orgId}` }],
    policyRule: OPT_IN,
    provision: {
      type: 'permit',
      period: { start: a.assignedAt.toISOString(), ...(a.endedAt ? { end: a.endedAt.toISOString() } : {}) },
      actor: [{ role: { coding: [{ system: V3_PARTICIPATION, code: 'PPRF', display: 'primary performer' }] }, reference: { reference: `Practitioner/${a.peerId}` } }],
    },
  };
};

/** Agreeing to share the listed items with the referral's receiver (privacy consent). */
export const toSharingConsent = (r: ReferralRecord, orgId: string): Consent => {
  const ext = method(r.sharingConsent?.method);
  const items = r.sharedItems.filter((c) => c !== 'sud-treatment' && !c.startsWith('goal:'));
  return {
    resourceType: 'Consent',
    id: r.id,
    ...(ext.length > 0 ? { extension: ext } : {}),
    status: r.status === 'cancelled' ? 'inactive' : 'active',
    scope: { coding: [{ system: CONSENT_SCOPE, code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [PATIENT_CONSENT, { coding: [{ system: PB_CS('consent-category'), code: 'referral-sharing', display: 'Consent to share with a referral' }] }],
    patient: { reference: `Patient/${r.participantId}` },
    dateTime: r.sharingConsent?.recordedAt ?? r.createdAt.toISOString(),
    organization: [{ reference: `Organization/${orgId}` }],
    policyRule: OPT_IN,
    provision: {
      type: 'permit',
      actor: [{ role: RECIPIENT, reference: { display: r.serviceOrganizationName ?? r.serviceName } }],
      purpose: [{ system: V3_ACT_REASON, code: 'TREAT', display: 'treatment' }],
      // Part 2 items are not named here (that alone would tell): the Part 2 consent names them.
      ...(items.length > 0 ? { code: [{ coding: items.map((code) => ({ system: PB_CS('shared-item'), code })) }] } : {}),
      data: [{ meaning: 'related', reference: { reference: `ServiceRequest/${r.id}` } }],
    },
  };
};

/**
 * The written consent of 42 CFR 2.31: recipient, purpose, expiration. Labelled Part 2 with the
 * redisclosure notice; inactive once revoked or expired. Only in an export part2.ts lets it into.
 */
export const toPart2Consent = (c: Part2ConsentRecord, orgId: string, today: string): Consent => {
  const ext = method(c.method);
  return {
    resourceType: 'Consent',
    id: c.id,
    ...metaOf(true),
    text: narrative('additional', [`Consent to disclose to ${c.recipient}: ${c.purpose}`, PART2_REDISCLOSURE_NOTICE]),
    ...(ext.length > 0 ? { extension: ext } : {}),
    status: part2ConsentStatus(c, today),
    scope: { coding: [{ system: CONSENT_SCOPE, code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [PATIENT_CONSENT, { coding: [{ system: V3_ACT_CODE, code: '42CFRPart2', display: '42 CFR Part2' }] }],
    patient: { reference: `Patient/${c.participantId}` },
    dateTime: c.signedOn,
    organization: [{ reference: `Organization/${orgId}` }],
    policy: [{ uri: PART2_POLICY }],
    provision: {
      type: 'permit',
      period: { start: c.signedOn, end: c.revokedAt ? c.revokedAt.toISOString().slice(0, 10) : c.expiresOn },
      actor: [{ role: RECIPIENT, reference: { display: c.recipient } }],
      purpose: [{ system: PB_CS('disclosure-purpose'), code: 'stated', display: c.purpose.slice(0, 200) }],
      data: [{ meaning: 'related', reference: { reference: `ServiceRequest/${c.referralId}` } }],
    },
  };
};
