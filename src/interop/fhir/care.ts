/** EpisodeOfCare (one per match with a peer, or the wait for one) and the CareTeam of peers. */
import type { CareTeam, EpisodeOfCare } from '@medplum/fhirtypes';
import { instant, PB_CS } from './codes.ts';
import type { AssignmentRecord, ParticipantRecord, PeerRecord } from './model.ts';
import { PEER_SPECIALIST } from './workforce.ts';

const PEER_SUPPORT_EPISODE = { coding: [{ system: PB_CS('episode-type'), code: 'peer-support', display: 'Peer support' }], text: 'Peer support' };

/** Each match with a peer is an episode: active while it lasts, finished when it ended. */
export const toEpisodeOfCare = (a: AssignmentRecord, orgId: string): EpisodeOfCare => ({
  resourceType: 'EpisodeOfCare',
  id: a.id,
  status: a.status === 'active' ? 'active' : 'finished',
  type: [PEER_SUPPORT_EPISODE],
  patient: { reference: `Patient/${a.participantId}` },
  managingOrganization: { reference: `Organization/${orgId}` },
  period: { start: instant(a.assignedAt), ...(a.endedAt ? { end: instant(a.endedAt) } : {}) },
  careManager: { reference: `Practitioner/${a.peerId}` },
  team: [{ reference: `CareTeam/${a.participantId}` }],
});

/** A person never matched yet has one episode: waiting for a peer since intake (or ended). */
export const toWaitlistEpisode = (p: ParticipantRecord, orgId: string): EpisodeOfCare => ({
  resourceType: 'EpisodeOfCare',
  id: p.id,
  status: p.status === 'inactive' ? 'finished' : 'waitlist',
  type: [PEER_SUPPORT_EPISODE],
  patient: { reference: `Patient/${p.id}` },
  managingOrganization: { reference: `Organization/${orgId}` },
  period: { start: instant(p.createdAt) },
});

/** The episode an encounter belongs to: the match whose span holds it. */
export const episodeAt = (assignments: readonly AssignmentRecord[], at: Date) =>
  assignments.find((a) => a.assignedAt <= at && (a.endedAt === null || at <= a.endedAt))?.id ?? null;

export const toCareTeam = (participantId: string, orgId: string, assignments: readonly AssignmentRecord[], peers: ReadonlyMap<string, PeerRecord>): CareTeam => ({
  resourceType: 'CareTeam',
  id: participantId,
  status: assignments.some((a) => a.status === 'active') ? 'active' : 'inactive',
  name: 'Peer support',
  subject: { reference: `Patient/${participantId}` },
  managingOrganization: [{ reference: `Organization/${orgId}` }],
  participant: assignments.map((a) => ({
    role: [{ coding: PEER_SPECIALIST.map((c) => ({ ...c })) }],
    member: { reference: `Practitioner/${a.peerId}`, ...(peers.get(a.peerId) ? { display: peers.get(a.peerId)!.displayName } : {}) },
    onBehalfOf: { reference: `Organization/${orgId}` },
    period: { start: instant(a.assignedAt), ...(a.endedAt ? { end: instant(a.endedAt) } : {}) },
  })),
});
