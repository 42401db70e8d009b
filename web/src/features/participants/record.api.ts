import { api } from '../../app/api';

/** `TimelineEntry` in the OpenAPI document: one event of a participant's record. */
export type TimelineEntry =
  | {
      kind: 'session';
      id: string;
      at: string;
      encounterId: string;
      status: string;
      voided: boolean;
      cosignRequired: boolean;
      type: string;
      modality: string;
      serviceDate: string;
      durationMinutes: number;
      activities: string[];
      peer: string | null;
    }
  | { kind: 'plan'; id: string; at: string; version: number; changedFields: string[]; goalCount: number; changedBy: string | null }
  | {
      kind: 'referral';
      id: string;
      at: string;
      referralId: string;
      need: string;
      urgency: string;
      status: string;
      serviceName: string;
      organizationName: string | null;
      followUpOn: string | null;
      overdue: boolean;
      outcome: string | null;
    }
  | { kind: 'match'; id: string; at: string; event: 'assigned' | 'ended'; assignmentId: string; peer: { id: string; displayName: string }; endedBy: string | null }
  | { kind: 'coverage'; id: string; at: string; payer: string | null; startDate: string; endDate: string | null };

export interface TimelinePage {
  participantId: string;
  items: TimelineEntry[];
  next: string | null;
  kinds: string[];
}

export const TIMELINE_PAGE = 20;

export const recordKeys = {
  timeline: (participantId: string) => ['participants', 'timeline', participantId] as const,
  access: (participantId: string, page: number) => ['audit-events', 'participant', participantId, page] as const,
};

export const getTimeline = (participantId: string, before: string | null) =>
  api<TimelinePage>(`/participants/${encodeURIComponent(participantId)}/timeline`, { query: { limit: TIMELINE_PAGE, ...(before ? { before } : {}) } });
