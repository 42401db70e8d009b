import { api } from '../../app/api';
import type { Paged } from '../peers/peers.api';

export const NEEDS = ['housing', 'food', 'transportation', 'treatment', 'employment', 'legal', 'benefits', 'health', 'other'] as const;
export type Need = (typeof NEEDS)[number];
/**
 * The need a referral to a service of these directory categories most likely meets, to preselect
 * (the peer can change it): the first category that names one, in the service's order.
 */
const NEED_OF_CATEGORY: Record<string, Need> = {
  shelter: 'housing',
  housing: 'housing',
  food: 'food',
  transportation: 'transportation',
  detox: 'treatment',
  moud: 'treatment',
  'substance-use': 'treatment',
  'mental-health': 'treatment',
  'peer-respite': 'health',
  'crisis-line': 'health',
  warmline: 'health',
  health: 'health',
  employment: 'employment',
  legal: 'legal',
  benefits: 'benefits',
};
export const needOfCategories = (categories: readonly string[]): Need | null =>
  categories.map((c) => NEED_OF_CATEGORY[c]).find((n) => n !== undefined) ?? null;
export const URGENCIES = ['emergent', 'urgent', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const STATUSES = ['draft', 'sent', 'received', 'accepted', 'declined', 'in-progress', 'completed', 'not-completed', 'cancelled'] as const;
export type ReferralStatus = (typeof STATUSES)[number];
export const OUTCOMES = ['need-met', 'partly-met', 'not-met', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Items a participant may agree to share (besides plan goals, `goal:<id>`). */
export const BASE_ITEMS = ['name', 'pronouns', 'birthDate', 'phone', 'email', 'address', 'languages', 'note'] as const;
export const PART2_ITEM = 'sud-treatment';

/** Mirrors the server's transition table (referrals.rules.ts); the server decides. */
export const TRANSITIONS: Record<ReferralStatus, readonly ReferralStatus[]> = {
  draft: ['sent', 'cancelled'],
  sent: ['received', 'accepted', 'declined', 'cancelled'],
  received: ['accepted', 'declined', 'cancelled'],
  accepted: ['in-progress', 'completed', 'not-completed', 'cancelled'],
  'in-progress': ['completed', 'not-completed', 'cancelled'],
  declined: [],
  completed: [],
  'not-completed': [],
  cancelled: [],
};
export const REASON_REQUIRED: readonly ReferralStatus[] = ['declined', 'not-completed'];
export const CLOSED: readonly ReferralStatus[] = ['declined', 'completed', 'not-completed', 'cancelled'];

export interface SharedItem {
  code: string;
  value: string | null;
  part2: boolean;
  /** Why the value is not shown; null with a null value: simply not on file. */
  withheld: 'part2-revoked' | 'part2-expired' | null;
}

export interface Part2Consent {
  recipient: string;
  purpose: string;
  expiresOn: string;
  method: 'written' | 'electronic';
  signedOn: string;
}

export interface ReferralEvent {
  fromStatus: string | null;
  toStatus: ReferralStatus;
  reason: string | null;
  at: string;
  actor: { kind: 'user' | 'link' | 'system'; userId: string | null; name: string | null; receiving: boolean };
}

/** `Referral` in the OpenAPI document. */
export interface Referral {
  id: string;
  participant: { id: string | null; displayName: string };
  service: { id: string; name: string; organizationName: string | null };
  need: Need;
  urgency: Urgency;
  note: string;
  status: ReferralStatus;
  statusReason: string | null;
  referrerContact: string | null;
  shared: {
    items: SharedItem[];
    consent: { given: boolean; method: string; recordedAt: string };
    part2Consent: (Part2Consent & { revokedAt: string | null }) | null;
  };
  part2: boolean;
  part2Notice: string | null;
  followUpOn: string | null;
  overdue: boolean;
  outcome: Outcome | null;
  outcomeNote: string | null;
  outcomeRecordedAt: string | null;
  receivingOrganization: string | null;
  direction: 'sent' | 'received';
  createdBy: string | null;
  createdAt: string;
  sentAt: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  link: { state: 'active' | 'expired' | 'revoked'; createdAt: string; expiresAt: string; revokedAt: string | null; lastUsedAt: string | null; uses: number } | null;
  events: ReferralEvent[];
  receiverLink?: string;
}
export type ReferralListItem = Omit<Referral, 'events' | 'shared' | 'receiverLink'>;

export interface ReferralInput {
  participantId: string;
  serviceId: string;
  need: Need;
  urgency: Urgency;
  note: string;
  referrerContact?: string;
  followUpOn?: string;
  shared: {
    items: string[];
    consent: { given: boolean; method: 'verbal' | 'written' | 'electronic' };
    sudTreatment?: string;
    part2Consent?: Part2Consent;
  };
}

/** What the holder of a link sees (`ReferralLinkView`). */
export interface LinkReferral {
  need: Need;
  urgency: Urgency;
  status: ReferralStatus;
  statusReason: string | null;
  service: { name: string; organizationName: string | null };
  referredBy: { organizationName: string | null; name: string | null; contact: string | null };
  sentAt: string | null;
  expiresAt: string;
  shared: SharedItem[];
  part2Notice: string | null;
  allowedMoves: ReferralStatus[];
  events: Array<{ toStatus: ReferralStatus; reason: string | null; at: string }>;
  /** Present when the service keeps beds (peer respite, shelter, detox). */
  beds: { current: Beds | null } | null;
}

export interface Beds {
  available: number;
  total: number | null;
  note: string | null;
  updatedAt: string;
}

/** One group of the referral report (`ReferralReport`). */
export interface ReportGroup {
  key: string;
  label: string;
  sent: number;
  accepted: number;
  declined: number;
  completed: number;
  notCompleted: number;
  cancelled: number;
  open: number;
  completionRate: number | null;
  medianHoursToAcceptance: number | null;
}

export interface ReferralReport {
  from: string;
  to: string;
  total: ReportGroup;
  byNeed: ReportGroup[];
  byService: ReportGroup[];
  byOrganization: ReportGroup[];
}

export interface FollowUp {
  id: string;
  participant: { id: string; displayName: string };
  serviceName: string;
  need: Need;
  urgency: Urgency;
  status: ReferralStatus;
  followUpOn: string | null;
  overdue: boolean;
  needsOutcome: boolean;
}

const enc = encodeURIComponent;

export const referralKeys = {
  all: ['referrals'] as const,
  one: (id: string) => ['referrals', 'one', id] as const,
};

export const listReferrals = (q: { page: number; pageSize: number; status?: string; need?: string; participantId?: string; overdue?: boolean; box?: 'sent' | 'inbox' }) =>
  api<Paged<ReferralListItem>>('/referrals', { query: { ...q, overdue: q.overdue ? 'true' : undefined } });
export const getReferral = (id: string) => api<Referral>(`/referrals/${enc(id)}`);
export const createReferral = (input: ReferralInput) => api<Referral>('/referrals', { method: 'POST', body: input });
export const moveReferral = (id: string, status: ReferralStatus, reason?: string) =>
  api<Referral>(`/referrals/${enc(id)}/status`, { method: 'POST', body: { status, ...(reason ? { reason } : {}) } });
export const revokeLink = (id: string) => api<Referral>(`/referrals/${enc(id)}/link/revoke`, { method: 'POST' });
/** The participant withdraws the Part 2 consent (42 CFR 2.31): the receiver no longer sees the Part 2 items. */
export const revokePart2Consent = (id: string) => api<Referral>(`/referrals/${enc(id)}/part2-consent/revoke`, { method: 'POST' });
export const newLink = (id: string) => api<Referral>(`/referrals/${enc(id)}/link`, { method: 'POST' });
export const recordOutcome = (id: string, outcome: Outcome, note: string) =>
  api<Referral>(`/referrals/${enc(id)}/outcome`, { method: 'POST', body: { outcome, note } });
export const listFollowUps = () => api<{ today: string; items: FollowUp[] }>('/referrals/follow-ups');

export const getReferralReport = (from: string, to: string) => api<ReferralReport>('/referrals/reports', { query: { from, to } });

export const getLinkReferral = (token: string) => api<LinkReferral>(`/referral-links/${enc(token)}`);
export const moveLinkReferral = (token: string, status: ReferralStatus, reason?: string) =>
  api<LinkReferral>(`/referral-links/${enc(token)}/status`, { method: 'POST', body: { status, ...(reason ? { reason } : {}) } });
export const putLinkBeds = (token: string, beds: { available: number; total?: number; note?: string }) =>
  api<LinkReferral>(`/referral-links/${enc(token)}/beds`, { method: 'PUT', body: beds });
