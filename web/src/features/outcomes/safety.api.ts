import { api } from '../../app/api';

/** Same-day safety follow-ups, self-completion links and mandated reports (issue 20); mirrors the server's schemas. */

export const FOLLOW_UP_ACTIONS = ['contacted', 'safety-plan-reviewed', 'warm-handoff', 'called-988-together', 'could-not-reach'] as const;
export type FollowUpAction = (typeof FOLLOW_UP_ACTIONS)[number];

export interface SafetyFollowup {
  id: string;
  participantId: string;
  participantName: string;
  peerId: string | null;
  peerName: string | null;
  assessmentId: string;
  reason: string;
  createdAt: string;
  dueBy: string;
  timeZone: string;
  status: 'open' | 'closed';
  overdue: boolean;
  escalatedAt: string | null;
  closedAt: string | null;
  action: FollowUpAction | null;
  note: string | null;
}

export const safetyKeys = { open: ['safety-followups', 'open'] as const };
export const listOpenFollowups = () => api<{ items: SafetyFollowup[] }>('/safety-followups', { query: { status: 'open' } });
export const closeFollowup = (id: string, action: FollowUpAction, note: string) =>
  api<SafetyFollowup>(`/safety-followups/${id}/close`, { method: 'POST', body: { action, ...(note.trim() ? { note: note.trim() } : {}) } });

export interface SelfForm {
  organization: string;
  lang: 'en' | 'es';
  expiresAt: string;
  instrument: {
    code: string;
    version: string;
    title: string;
    instructions: string;
    translation: 'original' | 'validated' | 'not-validated';
    safety: Array<{ item: string; atLeast: number }>;
    items: Array<{ id: string; text: string; required: boolean; answers: Array<{ value: number; label: string }> }>;
  };
}
export const getSelfForm = (token: string) => api<SelfForm>(`/assessment-links/${encodeURIComponent(token)}`);
export const sendSelfAnswers = (token: string, answers: Record<string, number | null>) =>
  api<{ saved: true; complete: boolean; safety: boolean }>(`/assessment-links/${encodeURIComponent(token)}`, { method: 'POST', body: { answers } });

export const createAssessmentLink = (participantId: string, instrument: string, lang: 'en' | 'es') =>
  api<{ id: string; url: string; token: string; expiresAt: string }>(`/participants/${participantId}/assessment-links`, { method: 'POST', body: { instrument, lang } });

export interface InstrumentSummary {
  code: string;
  version: string;
  title: { en: string; es?: string };
}
export const listInstrumentSummaries = () => api<{ items: InstrumentSummary[] }>('/instruments');

export interface MandatedReport {
  id: string;
  what: string;
  reportedTo: string;
  reportedAt: string;
  recordedBy: string | null;
  createdAt: string;
}
export const listMandatedReports = (encounterId: string) => api<{ items: MandatedReport[] }>(`/encounters/${encounterId}/mandated-reports`);
export const recordMandatedReport = (encounterId: string, body: { what: string; reportedTo: string; reportedAt: string }) =>
  api<{ id: string }>(`/encounters/${encounterId}/mandated-reports`, { method: 'POST', body });
