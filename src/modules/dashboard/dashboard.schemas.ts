import { z } from 'zod';

/**
 * The numbers a day starts with (issue 17). Each metric is an id the web app words and links to
 * the list behind it, so a new one (credentials expiring, with the workforce work) is one more id.
 */
export const METRICS = [
  // a peer's own day
  'sessionsToday',
  'drafts',
  'returnedMine',
  'referralFollowUpsMine',
  'assessmentsDue',
  // a supervisor's team, an admin's organization
  'cosignWaiting',
  'returned',
  'referralFollowUpsOverdue',
  'referralsAwaitingReceiver',
  'waitlist',
] as const;
export type Metric = (typeof METRICS)[number];

export const dashboardSummary = z
  .object({
    date: z.string().describe("The organization's today"),
    scope: z.enum(['peer', 'team', 'organization']),
    metrics: z.array(z.object({ id: z.enum(METRICS), count: z.number().int() })),
    /** Supervisors and admins: the fullest peers first, and the totals over every active peer. */
    caseloads: z
      .object({
        peers: z.number().int(),
        active: z.number().int(),
        capacity: z.number().int(),
        full: z.number().int(),
        items: z.array(z.object({ peerId: z.uuid(), displayName: z.string(), active: z.number().int(), maxCaseload: z.number().int(), acceptingNew: z.boolean() })),
      })
      .nullable(),
  })
  .meta({ id: 'DashboardSummary' });
export type DashboardSummary = z.infer<typeof dashboardSummary>;
