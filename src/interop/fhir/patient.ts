/** The participant as Patient. */
import type { Address, ContactPoint, HumanName, Patient } from '@medplum/fhirtypes';
import { PB_SID } from './codes.ts';
import type { ParticipantRecord } from './model.ts';

export const PARTICIPANT_ID_SYSTEM = PB_SID('participant');

export const toPatient = (p: ParticipantRecord, orgId: string, currentPeerId: string | null): Patient => {
  const name: HumanName[] = [{ use: 'official', family: p.familyName, given: [p.givenName] }];
  if (p.preferredName && p.preferredName !== p.givenName) name.push({ use: 'usual', given: [p.preferredName] });
  const telecom: ContactPoint[] = [
    ...(p.contact?.phone ? [{ system: 'phone' as const, value: p.contact.phone }] : []),
    ...(p.contact?.email ? [{ system: 'email' as const, value: p.contact.email }] : []),
  ];
  const address: Address[] =
    p.contact?.address || p.postalCode ? [{ ...(p.contact?.address ? { text: p.contact.address } : {}), ...(p.postalCode ? { postalCode: p.postalCode } : {}) }] : [];
  return {
    resourceType: 'Patient',
    id: p.id,
    identifier: [{ use: 'usual', system: PARTICIPANT_ID_SYSTEM, value: p.id }],
    active: p.status !== 'inactive',
    name,
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(address.length > 0 ? { address } : {}),
    ...(p.languages.length > 0
      ? { communication: p.languages.map((code, i) => ({ language: { coding: [{ system: 'urn:ietf:bcp:47', code }] }, ...(i === 0 ? { preferred: true } : {}) })) }
      : {}),
    ...(currentPeerId ? { generalPractitioner: [{ reference: `Practitioner/${currentPeerId}` }] } : {}),
    managingOrganization: { reference: `Organization/${orgId}` },
  };
};
