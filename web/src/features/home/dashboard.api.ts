import { api } from '../../app/api';
import { pages } from '../../app/routes';

/** `DashboardSummary` in the OpenAPI document. */
export type MetricId =
  | 'sessionsToday'
  | 'drafts'
  | 'returnedMine'
  | 'referralFollowUpsMine'
  | 'assessmentsDue'
  | 'cosignWaiting'
  | 'returned'
  | 'referralFollowUpsOverdue'
  | 'referralsAwaitingReceiver'
  | 'waitlist';

export interface DashboardSummary {
  date: string;
  scope: 'peer' | 'team' | 'organization';
  metrics: Array<{ id: MetricId; count: number }>;
  caseloads: null | {
    peers: number;
    active: number;
    capacity: number;
    full: number;
    items: Array<{ peerId: string; displayName: string; active: number; maxCaseload: number; acceptingNew: boolean }>;
  };
}

export const dashboardKeys = { summary: ['dashboard', 'summary'] as const };
export const getDashboardSummary = () => api<DashboardSummary>('/dashboard/summary');

/** The notes list page (its `view` parameter picks mine, drafts, returned, team or unsigned). */
const notesPath = () => pages.find((p) => p.id === 'notes' && p.component)?.path;

/**
 * The list behind each number: the same query as the count (dashboard.service.ts). A number whose
 * list has no page yet shows without a link rather than leading nowhere.
 */
export const metricLink = (id: MetricId): string | undefined => {
  switch (id) {
    case 'cosignWaiting':
      return '/review-queue';
    case 'returned':
      return notesPath() ? `${notesPath()}?view=returned` : undefined;
    case 'referralFollowUpsOverdue':
      return '/referrals?overdue=true';
    case 'referralsAwaitingReceiver':
      return '/referrals?status=sent';
    case 'waitlist':
      return '/matching';
    case 'sessionsToday':
      return notesPath();
    case 'drafts':
      return '#day-drafts';
    case 'returnedMine':
      return '#day-returned';
    case 'referralFollowUpsMine':
      return '#day-referrals';
    case 'assessmentsDue':
      return '/participants';
  }
};
