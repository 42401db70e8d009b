import { api } from '../../app/api';

/**
 * The caseload module's contracts as the web app sees them (src/modules/caseload/caseload.schemas.ts):
 * session notes (encounters), the peer's day, the review queue and recovery plans.
 */

export const ENCOUNTER_TYPES = ['individual', 'group', 'outreach', 'accompaniment', 'advocacy', 'crisis-support', 'family-collateral'] as const;
export type EncounterType = (typeof ENCOUNTER_TYPES)[number];
export const MODALITIES = ['in-person', 'phone', 'video', 'text'] as const;
export type Modality = (typeof MODALITIES)[number];
export const ACTIVITIES = [
  'shared-lived-experience',
  'recovery-planning',
  'resource-linkage',
  'skill-building',
  'advocacy',
  'crisis-support',
  'transport',
] as const;
export type Activity = (typeof ACTIVITIES)[number];
/** CMS place of service codes a peer meets people in (the form's list; the server takes any two digits). */
export const PLACES_OF_SERVICE = ['11', '12', '02', '10', '04', '15', '53', '57', '99'] as const;
export const GOAL_STATUSES = ['active', 'achieved', 'paused', 'discontinued'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const STEP_STATUSES = ['not-started', 'in-progress', 'done', 'dropped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export const SUPPORT_KINDS = ['person', 'service', 'community', 'other'] as const;
export const AGREEMENT_METHODS = ['verbal', 'written', 'electronic'] as const;

export type EncounterStatus = 'draft' | 'signed' | 'cosigned' | 'returned';

export interface PersonRef {
  id: string;
  displayName: string;
}

/** `EncounterBilling`: what the note bills (or would bill) and why not when it does not. */
export interface EncounterBilling {
  billable: boolean;
  reason: string | null;
  serviceDate: string;
  payerId: string | null;
  payerName: string | null;
  memberId: string | null;
  code: string | null;
  modifiers: string[];
  units: number;
  amountCents: number;
  explanation: string;
  exportId: string | null;
  /** Set when the note is on a claim of a payer its coverage no longer picks: the payer picked now (null: none). */
  coverageChanged: { payerId: string | null; payerName: string | null } | null;
}

export interface Addendum {
  id: string;
  text: string;
  createdAt: string;
  createdBy: string | null;
}

export interface ReviewEvent {
  action: 'cosigned' | 'returned' | 'resubmitted';
  comment: string | null;
  at: string;
  by: string | null;
}

/** `Encounter` in the OpenAPI document. */
export interface Encounter {
  id: string;
  status: EncounterStatus;
  voided: boolean;
  participantId: string;
  participantIds: string[];
  participants: PersonRef[];
  peerId: string;
  peer: PersonRef;
  type: EncounterType;
  modality: Modality;
  startedAt: string;
  endedAt: string;
  durationMinutes: number;
  serviceDate: string;
  placeOfService: string;
  program: string | null;
  activities: string[];
  goalIds: string[];
  narrative: string;
  nextSteps: string;
  followUpOn: string | null;
  cosignRequired: boolean;
  signedAt: string | null;
  signedBy: string | null;
  attestation: string | null;
  cosignedAt: string | null;
  cosignedBy: string | null;
  returnedAt: string | null;
  returnComment: string | null;
  reviews: ReviewEvent[];
  addenda: Addendum[];
  void: { at: string; by: string | null; reason: string; resubmit: boolean } | null;
  billing: EncounterBilling;
  billingByParticipant: Array<{ participantId: string; billing: EncounterBilling }>;
  createdAt: string;
  updatedAt: string;
}

export interface EncounterSummary {
  id: string;
  status: EncounterStatus;
  participants: PersonRef[];
  type: EncounterType;
  startedAt: string;
  durationMinutes: number;
  followUpOn: string | null;
  returnComment: string | null;
  updatedAt: string;
}

/** The fields a peer edits; the body of POST /encounters and (any subset) PATCH /encounters/{id}. */
export interface EncounterInput {
  participantId: string;
  /** A group note's other participants (each billed on a line of their own). */
  participantIds?: string[];
  type: EncounterType;
  modality: Modality;
  startedAt: string;
  durationMinutes: number;
  placeOfService: string;
  activities: Activity[];
  goalIds: string[];
  narrative: string;
  nextSteps: string;
  followUpOn: string | null;
}

export interface EncounterDefaults {
  startedAt: string;
  durationMinutes: number;
  type: EncounterType;
  modality: Modality;
  placeOfService: string;
  program: string | null;
  peerId: string | null;
  followUpOn: string | null;
  goals: Array<{ id: string; text: string }>;
  templates: Record<string, string>;
  /** What a new note starts with ticked: none unless the organization's setting says otherwise. */
  activities: Activity[];
}

export interface MyDay {
  date: string;
  peer: PersonRef | null;
  caseload: Array<{
    participantId: string;
    displayName: string;
    assignedAt: string;
    lastContactAt: string | null;
    nextFollowUpOn: string | null;
    followUpOverdue: boolean;
    planReviewDue: boolean;
  }>;
  plannedToday: Array<{ participantId: string; displayName: string; followUpOn: string; fromEncounterId: string }>;
  returned: EncounterSummary[];
  drafts: EncounterSummary[];
}

export interface PlanStep {
  id?: string;
  text: string;
  targetDate: string | null;
  status: StepStatus;
}
export interface PlanGoal {
  id?: string;
  text: string;
  lifeArea: string | null;
  status: GoalStatus;
  steps: PlanStep[];
}
export interface PlanSupport {
  name: string;
  kind: string;
  notes: string | null;
}
export interface PlanAgreement {
  agreedBy: string;
  method: string;
  agreedOn: string;
  recordedBy?: string | null;
  recordedAt?: string;
  version?: number;
}

/** `RecoveryPlan` in the OpenAPI document; version 0 means no plan yet. */
export interface Plan {
  participantId: string;
  version: number;
  goals: Array<PlanGoal & { id: string; steps: Array<PlanStep & { id: string }> }>;
  strengths: string[];
  supports: PlanSupport[];
  reviewEveryDays: number;
  nextReviewOn: string | null;
  reviewDue: boolean;
  agreement: PlanAgreement | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface PlanInput {
  goals: PlanGoal[];
  strengths: string[];
  supports: PlanSupport[];
  reviewEveryDays: number;
  nextReviewOn: string | null;
  agreement: { agreedBy: string; method: string; agreedOn: string } | null;
  expectedVersion?: number;
}

export type PlanVersion = Omit<Plan, 'reviewDue'> & { changedFields: string[] };

export interface CaseloadSettings {
  cosign: { all: boolean; newPeerMonths: number | null; billing: boolean };
  /** A new note starts with the peer's last activities for the person (off: with none). */
  startWithLastActivities: boolean;
}

const enc = encodeURIComponent;

export const caseloadKeys = {
  // Also seeded from the page the server sent (web/src/app/boot.ts): keep the two the same.
  myDay: ['caseload', 'my-day'] as const,
  encounter: (id: string) => ['caseload', 'encounter', id] as const,
  defaults: (participantId: string) => ['caseload', 'defaults', participantId] as const,
  reviewQueue: ['caseload', 'review-queue'] as const,
  plan: (participantId: string) => ['caseload', 'plan', participantId] as const,
  planHistory: (participantId: string) => ['caseload', 'plan-history', participantId] as const,
  settings: ['caseload', 'settings'] as const,
};

export const getMyDay = () => api<MyDay>('/my-day');
export const getDefaults = (participantId: string) => api<EncounterDefaults>('/encounters/defaults', { query: { participantId } });
export const createEncounter = (input: EncounterInput) => api<Encounter>('/encounters', { method: 'POST', body: input });
export const getEncounter = (id: string) => api<Encounter>(`/encounters/${enc(id)}`);
export const patchEncounter = (id: string, patch: Partial<EncounterInput>) =>
  api<Encounter>(`/encounters/${enc(id)}`, { method: 'PATCH', body: patch });
/** Signs with the attestation the signer was shown, word for word: the server stores exactly it. */
export const signEncounter = (id: string, attestation: string) =>
  api<Encounter>(`/encounters/${enc(id)}/sign`, { method: 'POST', body: { attestation } });
export const addAddendum = (id: string, text: string) =>
  api<Encounter>(`/encounters/${enc(id)}/addenda`, { method: 'POST', body: { text } });
export const cosignEncounter = (id: string, comment?: string) =>
  api<Encounter>(`/encounters/${enc(id)}/cosign`, { method: 'POST', body: comment ? { comment } : {} });
export const returnEncounter = (id: string, comment: string) =>
  api<Encounter>(`/encounters/${enc(id)}/return`, { method: 'POST', body: { comment } });
export const voidEncounter = (id: string, reason: string, resubmit: boolean) =>
  api<Encounter>(`/encounters/${enc(id)}/void`, { method: 'POST', body: { reason, resubmit } });
/** Deletes an unsigned draft (its author only); answers nothing. */
export const deleteDraft = (id: string) => api<null>(`/encounters/${enc(id)}`, { method: 'DELETE' });

/** The review queue answers a list (paged or not); the web app reads `items` either way. */
export const getReviewQueue = () =>
  api<{ items: Encounter[]; total?: number } | Encounter[]>('/review-queue', { query: { pageSize: 100 } }).then((r) =>
    Array.isArray(r) ? r : r.items,
  );

export const getPlan = (participantId: string) => api<Plan>(`/participants/${enc(participantId)}/plan`);
export const putPlan = (participantId: string, input: PlanInput) =>
  api<Plan>(`/participants/${enc(participantId)}/plan`, { method: 'PUT', body: input });
export const getPlanHistory = (participantId: string) =>
  api<{ items: PlanVersion[] }>(`/participants/${enc(participantId)}/plan/history`).then((r) => r.items);

export const getCaseloadSettings = () => api<CaseloadSettings>('/caseload/settings');
export const putCaseloadSettings = (s: CaseloadSettings) => api<CaseloadSettings>('/caseload/settings', { method: 'PUT', body: s });

/** `YYYY-MM-DD` of a date in the browser's zone. */
export const isoDate = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** `YYYY-MM-DDTHH:MM` for a datetime-local input, in the browser's zone. */
export const toLocalInput = (iso: string): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${isoDate(d)}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/** A datetime-local value back to an instant with offset (the server wants an offset). */
export const fromLocalInput = (value: string): string | null => {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** "3 units · H0038 HQ" style money and codes. */
export const formatCents = (cents: number, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(cents / 100);
