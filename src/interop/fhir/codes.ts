/**
 * The code systems, identifiers and labels Peerbridge's FHIR R4 resources use (docs/fhir.md).
 * Standard systems where the concept exists (LOINC, HCPCS, v3 ActCode, NUCC, the Gravity SDOH
 * Clinical Care codes); a Peerbridge code system under `PB` otherwise, so no local code is ever
 * passed off as a standard one.
 */
import type { Coding, Meta } from '@medplum/fhirtypes';

export const PB = 'https://peerbridge.org/fhir';
export const PB_CS = (name: string) => `${PB}/CodeSystem/${name}`;
export const PB_SID = (name: string) => `${PB}/sid/${name}`;
export const PB_EXT = (name: string) => `${PB}/StructureDefinition/${name}`;

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';
export const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
export const NUCC = 'http://nucc.org/provider-taxonomy';
export const NPI = 'http://hl7.org/fhir/sid/us-npi';
export const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const V3_CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const V3_PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const V3_ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
export const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const ORGANIZATION_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';
export const TASK_CODE = 'http://hl7.org/fhir/CodeSystem/task-code';
/** Gravity SDOH Clinical Care (HL7 US) temporary codes for SDOH domains (ServiceRequest.category). */
export const SDOHCC = 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';
/** 42 CFR Part 2 itself: the policy a Part 2 consent is made under. */
export const PART2_POLICY = 'https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2';

/** Peer support, HCPCS H0038 "Self-help/peer services, per 15 minutes" (what billing claims). */
export const H0038: Coding = { system: HCPCS, code: 'H0038', display: 'Self-help/peer services, per 15 minutes' };

/**
 * The security labels of a record 42 CFR Part 2 covers (HL7 DS4P): restricted confidentiality,
 * the Part 2 policy, and the refrain policy "no redisclosure without consent" (42 CFR 2.32).
 */
export const PART2_LABELS: Coding[] = [
  { system: V3_CONFIDENTIALITY, code: 'R', display: 'restricted' },
  { system: V3_ACT_CODE, code: '42CFRPart2', display: '42 CFR Part2' },
  { system: V3_ACT_CODE, code: 'NORDSCLCD', display: 'no redisclosure without consent directive' },
];

/** 42 CFR 2.32(a)(1): the notice that travels with every disclosure of Part 2 records (full form). */
export const PART2_REDISCLOSURE_NOTICE =
  'This record which has been disclosed to you is protected by federal confidentiality rules (42 CFR part 2). ' +
  'These rules prohibit you from using or disclosing this record, or testimony that describes the information contained in this record, ' +
  'in any civil, criminal, administrative, or legislative proceedings by any Federal, State, or local authority, against the patient, ' +
  'unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.67. ' +
  'In addition, the Federal rules prohibit you from making any other use or disclosure of this record unless at least one of the following applies: ' +
  'further use or disclosure is expressly permitted by the written consent of the individual whose information is being disclosed in this record ' +
  'or as otherwise permitted by 42 CFR part 2. A general authorization for the release of medical or other information is NOT sufficient for this purpose ' +
  '(see 42 CFR 2.31). The Federal rules restrict any use of the information to investigate or prosecute with regard to a crime any patient with a substance use disorder, ' +
  'except as provided at 42 CFR 2.12(c)(5) and 2.65.';

/** `meta` of a resource: the Part 2 labels when 42 CFR Part 2 covers it, else nothing. */
export const metaOf = (part2: boolean): { meta?: Meta } => (part2 ? { meta: { security: PART2_LABELS.map((c) => ({ ...c })) } } : {});

/** XHTML text escaped for a narrative `div`. */
export const xhtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A narrative of paragraphs (each escaped). */
export const narrative = (status: 'generated' | 'additional', paragraphs: string[]) => ({
  status,
  div: `<div xmlns="http://www.w3.org/1999/xhtml">${paragraphs.map((p) => `<p>${xhtml(p)}</p>`).join('')}</div>`,
});

/** A FHIR id from our keys: UUIDs pass as they are; anything else keeps [A-Za-z0-9-.] up to 64. */
export const fhirId = (...parts: string[]) => parts.join('.').replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);

/** A date-time as FHIR wants it (with seconds and zone). */
export const instant = (d: Date | string) => (typeof d === 'string' ? new Date(d) : d).toISOString();
