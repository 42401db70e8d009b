import { api } from '../../app/api';

export interface Words {
  en: string;
  es: string;
}
export interface Citation {
  source: string;
  checked: string;
  confidence: 'V' | 'S' | '?';
  note?: string;
}
export interface PipelineStep {
  code: string;
  title: Words;
  kind: 'check' | 'references' | 'hours';
  required: number | null;
  domains: Array<{ domain: string; hours: number; title: Words }>;
  source: Citation;
  count: number;
  medianDays: number | null;
  completedCount: number;
}
export interface EligibilityRule {
  code: string;
  title: Words;
  explanation: Words;
  source: Citation;
}
export interface Pipeline {
  id: string;
  code: string;
  name: string;
  body: string;
  template: string | null;
  steps: PipelineStep[];
  eligibility: EligibilityRule[];
  certified: number;
  total: number;
}
export interface ApplicantSummary {
  id: string;
  name: string;
  currentStep: string;
  currentSince: string;
  daysInStep: number;
  held: boolean;
  missing: Array<{ step: string; missing: Record<string, number> }>;
}
export interface Applicant {
  id: string;
  pipelineId: string;
  pipelineName: string;
  name: string;
  email: string | null;
  phone: string | null;
  lang: 'en' | 'es';
  currentStep: string;
  daysInStep: number;
  held: boolean;
  steps: Array<{
    code: string;
    title: Words;
    kind: PipelineStep['kind'];
    status: 'pending' | 'in-progress' | 'done' | 'waived';
    complete: boolean;
    done: Record<string, number>;
    required: Record<string, number>;
    missing: Record<string, number>;
    startedAt: string | null;
    completedAt: string | null;
    days: number | null;
    note: string | null;
    source: Citation;
  }>;
  eligibility: Array<EligibilityRule & { outcome: 'meets' | 'does-not-meet' | 'not-assessed' | null; reason: string | null; recordedAt: string | null }>;
  references: Array<{ id: string; refereeName: string; lang: 'en' | 'es'; state: 'active' | 'expired' | 'revoked' | 'spent'; createdAt: string; expiresAt: string; answeredAt: string | null; answer: { knownYears: number; capacity: string; recommend: string; comments: string } | null }>;
}
export interface ReferenceForm {
  organization: string;
  pipelineName: string;
  applicantName: string;
  refereeName: string;
  lang: 'en' | 'es';
  expiresAt: string;
}

export const certKeys = {
  pipelines: ['certification', 'pipelines'] as const,
  pipeline: (id: string) => ['certification', 'pipeline', id] as const,
  column: (id: string, step: string) => ['certification', 'applicants', id, step] as const,
  applicant: (id: string) => ['certification', 'applicant', id] as const,
  mine: ['certification', 'me'] as const,
};

export const getPipelines = () => api<{ items: Pipeline[] }>('/certification/pipelines');
export const getPipeline = (id: string) => api<Pipeline>(`/certification/pipelines/${id}`);
export const getApplicants = (pipelineId: string, step: string, limit: number) =>
  api<{ items: ApplicantSummary[]; nextOffset: number | null }>('/certification/applicants', { query: { pipelineId, step, limit } });
export const getApplicant = (id: string) => api<Applicant>(`/certification/applicants/${id}`);
export const createApplicant = (body: { pipelineId: string; name: string; email?: string; lang: 'en' | 'es' }) => api<Applicant>('/certification/applicants', { method: 'POST', body });
export const updateStep = (id: string, step: string, body: { status?: string; hours?: Record<string, number>; note?: string }) =>
  api<Applicant>(`/certification/applicants/${id}/steps/${step}`, { method: 'POST', body });
export const requestReference = (id: string, body: { refereeName: string; lang: 'en' | 'es' }) =>
  api<{ id: string; url: string; expiresAt: string }>(`/certification/applicants/${id}/references`, { method: 'POST', body });
export const recordEligibility = (id: string, body: { rule: string; outcome: 'meets' | 'does-not-meet' | 'not-assessed'; reason: string }) =>
  api<Applicant>(`/certification/applicants/${id}/eligibility`, { method: 'POST', body });
export const revokeReference = (id: string, refId: string) => api<{ id: string; state: 'revoked'; revokedAt: string }>(`/certification/applicants/${id}/references/${refId}/revoke`, { method: 'POST' });
export const getMyApplications = () => api<{ items: Applicant[] }>('/certification/me');
export const createPipeline = (body: { template: string; code: string; name: string }) => api<Pipeline>('/certification/pipelines', { method: 'POST', body });
export const getReferenceForm = (token: string) => api<ReferenceForm>(`/reference-requests/${token}`);
export const sendReference = (token: string, body: { knownYears: number; capacity: string; recommend: string; comments: string; confirm: true }) =>
  api<{ saved: true }>(`/reference-requests/${token}`, { method: 'POST', body });
