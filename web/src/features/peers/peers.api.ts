import { api } from '../../app/api';
import type { AvailabilityWindow } from '../matching/vocab';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** One lived-experience code and what the peer allows (default: private, both false). */
export interface Disclosure {
  code: string;
  useForMatching: boolean;
  showToParticipants: boolean;
}

export interface Certification {
  type: string;
  issuer: string;
  number: string;
  expiresOn: string;
}

/** `Peer` in the OpenAPI document (src/modules/people/people.schemas.ts, peerView). */
export interface Peer {
  id: string;
  userId: string | null;
  displayName: string;
  pronouns: string | null;
  languages: string[];
  livedExperience: Disclosure[];
  specialties: string[];
  genderIdentity: string | null;
  raceEthnicity: string[];
  birthYear: number | null;
  location: { postalCode: string | null; lat: number | null; lon: number | null };
  serviceRadiusKm: number | null;
  modalities: string[];
  availability: AvailabilityWindow[];
  timeZone: string;
  maxCaseload: number;
  activeCaseload: number;
  acceptingNew: boolean;
  certifications: Certification[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The body of POST /peers and PATCH /peers/{id} (every field optional on PATCH). */
export interface PeerInput {
  userId?: string | null;
  displayName: string;
  pronouns?: string | null;
  languages: string[];
  livedExperience?: Disclosure[];
  specialties: string[];
  genderIdentity?: string | null;
  raceEthnicity?: string[];
  birthYear?: number | null;
  location?: { postalCode: string | null; lat?: number | null; lon?: number | null } | null;
  serviceRadiusKm?: number | null;
  modalities: string[];
  availability: AvailabilityWindow[];
  timeZone: string;
  maxCaseload: number;
  acceptingNew: boolean;
  certifications: Certification[];
  active?: boolean;
}

export const peerKeys = {
  all: ['peers'] as const,
  mine: ['peers', 'me'] as const,
  one: (id: string) => ['peers', 'one', id] as const,
};

export const listPeers = (q: { page: number; pageSize: number; q?: string; active?: boolean }) =>
  api<Paged<Peer>>('/peers', { query: q });

/** The signed-in user's own profile; `null` when they have none yet (404). */
export const getMyPeerProfile = async (): Promise<Peer | null> => {
  try {
    return await api<Peer>('/peers/me');
  } catch (e) {
    if ((e as { status?: number }).status === 404) return null;
    throw e;
  }
};

export const getPeer = (id: string) => api<Peer>(`/peers/${encodeURIComponent(id)}`);

export const createPeer = (input: PeerInput) => api<Peer>('/peers', { method: 'POST', body: input });

export const updatePeer = (id: string, patch: Partial<PeerInput>) =>
  api<Peer>(`/peers/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
