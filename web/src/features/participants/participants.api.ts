import { api } from '../../app/api';
import type { Paged } from '../peers/peers.api';
import type { AvailabilityWindow, Importance } from '../matching/vocab';

export type ParticipantStatus = 'waitlisted' | 'active' | 'inactive';
export const PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ['waitlisted', 'active', 'inactive'];

export interface Contact {
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  okToText?: boolean;
  okToLeaveVoicemail?: boolean;
}

/** `preferences` of a participant (people.schemas.ts). */
export interface Preferences {
  livedExperience: Array<{ code: string; importance: Importance }>;
  language?: { importance: Importance } | null;
  peerGender?: { value: string; importance: Importance } | null;
  sameRaceEthnicity?: 'preferred' | null;
  youthPeer?: Importance | null;
  modalities: string[];
  availability: AvailabilityWindow[];
  timeZone?: string;
}

/** `Participant` in the OpenAPI document. */
export interface Participant {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  displayName: string;
  pronouns: string | null;
  birthDate: string | null;
  contact: Contact | null;
  languages: string[];
  location: { postalCode: string | null; lat: number | null; lon: number | null };
  genderIdentity: string | null;
  raceEthnicity: string[];
  preferences: Partial<Preferences> & Record<string, unknown>;
  status: ParticipantStatus;
  currentAssignment: { id: string; peerId: string; peerDisplayName: string; assignedAt: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface ParticipantInput {
  givenName: string;
  familyName: string;
  preferredName?: string | null;
  pronouns?: string | null;
  birthDate?: string | null;
  contact?: Contact | null;
  languages: string[];
  location?: { postalCode: string | null } | null;
  genderIdentity?: string | null;
  raceEthnicity?: string[];
  preferences: Preferences;
}

export type ConsentMethod = 'verbal' | 'written' | 'electronic';
export const CONSENT_METHODS: readonly ConsentMethod[] = ['verbal', 'written', 'electronic'];
export type EndedBy = 'participant' | 'peer' | 'program';
export const ENDED_BY: readonly EndedBy[] = ['participant', 'peer', 'program'];

/** `Assignment` in the OpenAPI document. */
export interface Assignment {
  id: string;
  participantId: string;
  peer: { id: string; displayName: string };
  status: 'active' | 'ended';
  assignedAt: string;
  assignedBy: string | null;
  consent: { given: boolean; method: string; recordedAt: string };
  matchScore: number | null;
  endedAt: string | null;
  endedBy: EndedBy | null;
  endReason: string | null;
  rating: number | null;
  keptMeeting: boolean | null;
}

export const participantKeys = {
  all: ['participants'] as const,
  one: (id: string) => ['participants', 'one', id] as const,
  assignments: (id: string) => ['participants', 'assignments', id] as const,
};

export const listParticipants = (q: { page: number; pageSize: number; q?: string; status?: ParticipantStatus }) =>
  api<Paged<Participant>>('/participants', { query: q });

export const getParticipant = (id: string) => api<Participant>(`/participants/${encodeURIComponent(id)}`);

export const createParticipant = (input: ParticipantInput) =>
  api<Participant>('/participants', { method: 'POST', body: input });

export const listAssignments = (participantId: string) =>
  api<{ items: Assignment[] }>(`/participants/${encodeURIComponent(participantId)}/assignments`).then((r) => r.items);

export const assignPeer = (
  participantId: string,
  input: { peerId: string; consent: { given: boolean; method: ConsentMethod }; matchScore?: number | null },
) => api<Assignment>(`/participants/${encodeURIComponent(participantId)}/assignments`, { method: 'POST', body: input });

export const endAssignment = (id: string, input: { endedBy: EndedBy; reason: string; returnToWaitlist: boolean }) =>
  api<Assignment>(`/assignments/${encodeURIComponent(id)}/end`, { method: 'POST', body: input });
