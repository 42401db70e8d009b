/** Organization, and the peer as Practitioner and PractitionerRole. */
import type { Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { NPI, NUCC, ORGANIZATION_TYPE, PB_CS } from './codes.ts';
import type { OrgRecord, PeerRecord } from './model.ts';

export const toOrganization = (o: OrgRecord): Organization => ({
  resourceType: 'Organization',
  id: o.id,
  active: true,
  type: [{ coding: [{ system: ORGANIZATION_TYPE, code: 'prov', display: 'Healthcare Provider' }] }],
  name: o.name,
});

const language = (code: string) => ({ coding: [{ system: 'urn:ietf:bcp:47', code }] });

/**
 * The peer as a participant may see them (issue 18's colleague view): name, languages and the
 * NPI billing already sends. Lived experience, demographics and credentials stay in Peerbridge.
 */
export const toPractitioner = (p: PeerRecord): Practitioner => ({
  resourceType: 'Practitioner',
  id: p.id,
  active: p.active,
  ...(p.npi ? { identifier: [{ system: NPI, value: p.npi }] } : {}),
  name: [{ text: p.displayName }],
  ...(p.languages.length > 0 ? { communication: p.languages.map(language) } : {}),
});

/** NUCC 175T00000X "Peer Specialist", and Peerbridge's own role code beside it. */
export const PEER_SPECIALIST = [
  { system: NUCC, code: '175T00000X', display: 'Peer Specialist' },
  { system: PB_CS('staff-role'), code: 'peer', display: 'Peer support specialist' },
];

export const toPractitionerRole = (p: PeerRecord, orgId: string): PractitionerRole => ({
  resourceType: 'PractitionerRole',
  id: p.id,
  active: p.active,
  practitioner: { reference: `Practitioner/${p.id}`, display: p.displayName },
  organization: { reference: `Organization/${orgId}` },
  code: [{ coding: PEER_SPECIALIST.map((c) => ({ ...c })), text: 'Peer support specialist' }],
});
