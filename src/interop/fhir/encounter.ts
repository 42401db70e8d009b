/** A signed session note as Encounter. */
import type { Encounter } from '@medplum/fhirtypes';
import { H0038, narrative, PB_CS, UCUM, V3_ACT_CODE, V3_PARTICIPATION } from './codes.ts';
import type { EncounterRecord, Reader } from './model.ts';

/** Places of service (CMS) that are a provider's office or clinic: ambulatory. */
const CLINIC_POS = new Set(['11', '19', '22', '49', '50', '53', '57', '58', '71', '72']);

/**
 * Encounter.class (v3 ActCode, the R4 binding): phone, video and text sessions are virtual (VR);
 * in person at home (POS 12) is home health (HH), at an office or clinic ambulatory (AMB), and
 * anywhere else (community, shelter, street outreach) field (FLD).
 */
export const encounterClass = (modality: string, placeOfService: string) => {
  if (modality !== 'in-person') return { system: V3_ACT_CODE, code: 'VR', display: 'virtual' };
  if (placeOfService === '12') return { system: V3_ACT_CODE, code: 'HH', display: 'home health' };
  if (CLINIC_POS.has(placeOfService)) return { system: V3_ACT_CODE, code: 'AMB', display: 'ambulatory' };
  return { system: V3_ACT_CODE, code: 'FLD', display: 'field' };
};

/** A signed note is finished; voided (not for resubmission) it was entered in error. */
export const encounterStatus = (e: Pick<EncounterRecord, 'voided'>): Encounter['status'] => (e.voided ? 'entered-in-error' : 'finished');

export const toEncounter = (e: EncounterRecord, o: { orgId: string; episodeId: string | null; reader: Reader }): Encounter => {
  const end = new Date(e.startedAt.getTime() + e.durationMinutes * 60_000);
  const words = [e.narrative.trim(), e.nextSteps.trim() ? `Next steps: ${e.nextSteps.trim()}` : ''].filter((p) => p !== '');
  return {
    resourceType: 'Encounter',
    id: e.lineId,
    identifier: [{ system: PB_CS('encounter'), value: e.encounterId }],
    status: encounterStatus(e),
    class: encounterClass(e.modality, e.placeOfService),
    type: [
      { coding: [{ ...H0038 }], text: 'Peer support' },
      { coding: [{ system: PB_CS('session-type'), code: e.type }] },
    ],
    serviceType: { coding: [{ system: PB_CS('session-modality'), code: e.modality }] },
    subject: { reference: `Patient/${e.participantId}` },
    ...(o.episodeId ? { episodeOfCare: [{ reference: `EpisodeOfCare/${o.episodeId}` }] } : {}),
    participant: [{ type: [{ coding: [{ system: V3_PARTICIPATION, code: 'PPRF', display: 'primary performer' }] }], individual: { reference: `Practitioner/${e.peerId}` } }],
    period: { start: e.startedAt.toISOString(), end: end.toISOString() },
    length: { value: e.durationMinutes, unit: 'min', system: UCUM, code: 'min' },
    serviceProvider: { reference: `Organization/${o.orgId}` },
    // The note's words are the person's own story: they travel only to the person (issue 23).
    ...(o.reader === 'person' && words.length > 0 ? { text: narrative('additional', words) } : {}),
  };
};
