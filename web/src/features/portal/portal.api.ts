import { api } from '../../app/api';

/** The participant's portal and the public request, as the server answers them (portal.schemas.ts). */

export interface PortalMe {
  firstName: string;
  organization: { name: string; phone: string | null };
  peer: { displayName: string; pronouns: string | null; email: string | null } | null;
  upcoming: Array<{ on: string; modality: string }>;
  csrfToken: string;
  sessionExpiresAt: string;
}

export interface PortalPlan {
  plan: {
    version: number;
    updatedAt: string;
    nextReviewOn: string | null;
    goals: Array<{ id: string; text: string; status: string; steps: Array<{ id: string; text: string; status: string; targetDate: string | null }> }>;
    strengths: string[];
    supports: Array<{ name: string; kind: string }>;
  } | null;
  suggestions: Array<{ id: string; text: string; status: 'open' | 'done'; createdAt: string }>;
}

export interface Checkin {
  id: string;
  instrument: string;
  total: number | null;
  band: string | null;
  on: string;
  complete: boolean;
}

export interface PortalReferral {
  id: string;
  service: string;
  organization: string | null;
  need: string;
  status: string;
  sentAt: string | null;
  followUpOn: string | null;
  outcome: string | null;
}

export interface AccessLine {
  at: string;
  who: string;
  whoKind: 'you' | 'peer' | 'staff' | 'system' | 'receiver';
  what: string;
  /** The same line this many times in a row (newest shown). */
  times: number;
}

export interface Consent {
  kind: 'peer-support' | 'referral-sharing' | 'part2';
  referralId: string | null;
  about: string;
  givenOn: string;
  method: string;
  state: 'in-force' | 'revoked' | 'expired';
  revokedOn: string | null;
  canRevoke: boolean;
  effectOfRevoking: string;
}

export const portalKeys = {
  me: ['portal', 'me'] as const,
  plan: ['portal', 'plan'] as const,
  checkins: ['portal', 'checkins'] as const,
  referrals: ['portal', 'referrals'] as const,
  access: (lang: string) => ['portal', 'access', lang] as const,
  consents: (lang: string) => ['portal', 'consents', lang] as const,
};

export const signInWithLink = (token: string) => api<{ csrfToken: string; expiresAt: string }>('/portal/sessions', { method: 'POST', body: { token } });
export const signOut = () => api<void>('/portal/session', { method: 'DELETE' });
export const getMe = () => api<PortalMe>('/portal/me');
export const getPlan = () => api<PortalPlan>('/portal/plan');
export const suggestPlanChange = (text: string) => api<{ id: string; dueOn: string }>('/portal/plan/suggestions', { method: 'POST', body: { text } });
export const askCorrection = (text: string) => api<{ id: string; dueOn: string }>('/portal/corrections', { method: 'POST', body: { text } });
export const getCheckins = () => api<{ items: Checkin[] }>('/portal/checkins');
export const getReferrals = () => api<{ items: PortalReferral[] }>('/portal/referrals');
export const getAccessLog = (lang: string) => api<{ items: AccessLine[] }>('/portal/access-log', { query: { lang } });
export const getConsents = (lang: string) => api<{ items: Consent[] }>('/portal/consents', { query: { lang } });
export const revokeConsent = (kind: 'referral-sharing' | 'part2', referralId: string, lang: string) =>
  api<{ effect: string }>('/portal/consents/revoke', { method: 'POST', body: { kind, referralId }, query: { lang } });
/** The record download: a FHIR R4 Bundle to take to another provider, and the same record as a PDF to read or print. */
export const RECORD_URL = '/api/v1/portal/record';
export const RECORD_PDF_URL = '/api/v1/portal/record.pdf';

// ---------- staff ----------

export interface PeerRequest {
  id: string;
  reference: string;
  status: 'new' | 'intake' | 'closed';
  createdAt: string;
  name: string | null;
  contact: { phone: string | null; email: string | null; byText: boolean; okToLeaveMessage: boolean; safeTimes: string | null };
  language: string | null;
  experiences: Array<{ code: string; label: string }>;
  gender: string | null;
  modality: string | null;
  place: string | null;
  participantId: string | null;
}

export interface IntakeResult {
  participantId: string;
  matches: Array<{ peer: { id: string; displayName: string }; score: number; reasons: Array<{ code: string; label: string }> }>;
}

export interface ParticipantAsk {
  id: string;
  participantId: string;
  participantName: string;
  kind: 'correction' | 'plan-change';
  text: string;
  status: 'open' | 'done';
  createdAt: string;
  dueOn: string;
}

export interface PublicIntakeSettings {
  slug: string | null;
  enabled: boolean;
  fields: string[];
  phone: string | null;
  responseDays: number;
}

export const INTAKE_FIELDS = ['name', 'safeTimes', 'language', 'experiences', 'gender', 'modality', 'place'] as const;

export const listPeerRequests = (status: string, lang: string) => api<{ items: PeerRequest[] }>('/peer-requests', { query: { status, lang } });
export const intakeRequest = (id: string, lang: string) => api<IntakeResult>(`/peer-requests/${id}/intake`, { method: 'POST', body: {}, query: { lang } });
export const closeRequest = (id: string) => api<void>(`/peer-requests/${id}/close`, { method: 'POST' });
export const listParticipantAsks = (status: string) => api<{ items: ParticipantAsk[] }>('/portal-requests', { query: { status } });
export const markAskDone = (id: string) => api<void>(`/portal-requests/${id}/done`, { method: 'POST' });
export const getPublicSettings = () => api<PublicIntakeSettings>('/organization/public-intake');
export const putPublicSettings = (s: PublicIntakeSettings) => api<PublicIntakeSettings>('/organization/public-intake', { method: 'PUT', body: s });
export const getMyBio = () => api<{ bio: string; approved: boolean; updatedAt: string | null }>('/peers/me/public-bio');
export const putMyBio = (bio: string, approved: boolean) => api<{ bio: string; approved: boolean; updatedAt: string | null }>('/peers/me/public-bio', { method: 'PUT', body: { bio, approved } });
export const invitePortal = (participantId: string) => api<{ url: string; expiresAt: string }>(`/participants/${participantId}/portal-invitations`, { method: 'POST' });
