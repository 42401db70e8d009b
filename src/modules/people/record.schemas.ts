import { z } from 'zod';

/**
 * A participant's record as a timeline (issue 17): every entry has its kind, when it happened and
 * the facts of its kind. Statuses are plain strings here: each module owns its own list.
 */
const base = { id: z.string(), at: z.string() };

export const timelineEntry = z
  .discriminatedUnion('kind', [
    z.object({
      ...base,
      kind: z.literal('session'),
      encounterId: z.uuid(),
      status: z.string().describe('draft, signed, cosigned or returned (caseload)'),
      voided: z.boolean(),
      cosignRequired: z.boolean(),
      type: z.string(),
      modality: z.string(),
      serviceDate: z.string(),
      durationMinutes: z.number().int(),
      activities: z.array(z.string()),
      peer: z.string().nullable(),
    }),
    z.object({
      ...base,
      kind: z.literal('plan'),
      version: z.number().int(),
      changedFields: z.array(z.string()),
      goalCount: z.number().int(),
      changedBy: z.string().nullable(),
    }),
    z.object({
      ...base,
      kind: z.literal('referral'),
      referralId: z.uuid(),
      need: z.string(),
      urgency: z.string(),
      status: z.string(),
      serviceName: z.string(),
      organizationName: z.string().nullable(),
      followUpOn: z.string().nullable(),
      overdue: z.boolean(),
      outcome: z.string().nullable(),
    }),
    z.object({
      ...base,
      kind: z.literal('match'),
      event: z.enum(['assigned', 'ended']),
      assignmentId: z.uuid(),
      peer: z.object({ id: z.uuid(), displayName: z.string() }),
      endedBy: z.string().nullable(),
    }),
    z.object({
      ...base,
      kind: z.literal('coverage'),
      payer: z.string().nullable(),
      startDate: z.string(),
      endDate: z.string().nullable(),
    }),
  ])
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const timelineQuery = z.object({
  before: z.string().max(200).optional().describe('The `next` cursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TimelineQuery = z.infer<typeof timelineQuery>;

export const timelineView = z
  .object({
    participantId: z.uuid(),
    items: z.array(timelineEntry),
    /** Pass as `before` for the next (older) page; null when this page reached the beginning. */
    next: z.string().nullable(),
    /** The kinds this caller may see (coverage only for admins), so an empty kind is not "none on file". */
    kinds: z.array(z.string()),
  })
  .meta({ id: 'ParticipantTimeline' });
export type TimelineView = z.infer<typeof timelineView>;
