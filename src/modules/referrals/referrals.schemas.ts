import { z } from 'zod';
import { bedsView } from '../directory/directory.schemas.ts';
import { NEEDS, OUTCOMES, STATUSES, URGENCIES } from './referrals.rules.ts';

// Contracts of the referral endpoints (staff API and the receiver's link, no sign-in).

/** Free text PostgreSQL can store: it refuses the NUL character, which would answer 500. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !v.includes('\u0000'), 'Remove the NUL character');

/** A calendar date PostgreSQL can store: ISO 8601 has a year 0000, PostgreSQL does not (500). */
const day = () => z.iso.date().refine((v) => v >= '0001-01-01', 'Not a calendar date');

export const part2ConsentInput = z.object({
  recipient: text(300).min(1).describe('Who may receive the Part 2 information (42 CFR 2.31)'),
  purpose: text(1000).min(1),
  expiresOn: day(),
  method: z.enum(['written', 'electronic']),
  signedOn: day(),
});

export const sharedInput = z.object({
  items: z
    .array(z.string().trim().min(1).max(60))
    .max(60)
    .describe('Item codes: name, pronouns, birthDate, phone, email, address, languages, note, goal:<goal id>, sud-treatment (42 CFR Part 2)'),
  consent: z.object({
    given: z.boolean(),
    method: z.enum(['verbal', 'written', 'electronic']),
  }),
  /** The substance use treatment information to share (item `sud-treatment`), written with the participant. */
  sudTreatment: text(2000).optional(),
  part2Consent: part2ConsentInput.optional(),
});

export const referralInput = z
  .object({
    participantId: z.uuid(),
    serviceId: z.uuid(),
    need: z.enum(NEEDS),
    urgency: z.enum(URGENCIES),
    note: text(4000).default(''),
    referrerContact: text(200)
      .optional()
      .describe("How the receiver reaches the referring peer: the work phone, the agency's line or email the peer chooses to share (shown on the receiver's page)"),
    followUpOn: day().optional().describe('Default: from the urgency (emergent 1 day, urgent 3, routine 14)'),
    shared: sharedInput,
  })
  ;
export type ReferralInput = z.infer<typeof referralInput>;

export const statusInput = z
  .object({ status: z.enum(STATUSES), reason: text(2000).optional() })
  ;

export const outcomeInput = z
  .object({ outcome: z.enum(OUTCOMES), note: text(4000).default('') })
  ;

export const sharedItemView = z.object({
  code: z.string(),
  value: z.string().nullable().describe('null: not on file when the participant agreed, or withheld (see withheld)'),
  part2: z.boolean(),
  withheld: z
    .enum(['part2-revoked', 'part2-expired'])
    .nullable()
    .describe('Why a value is not shown: the Part 2 consent was withdrawn or has expired (42 CFR 2.31). null with a null value: simply not on file'),
});

export const eventView = z.object({
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  reason: z.string().nullable(),
  at: z.string(),
  actor: z.object({ kind: z.enum(['user', 'link', 'system']), userId: z.string().nullable(), name: z.string().nullable(), receiving: z.boolean() }),
});

export const linkView = z.object({
  state: z.enum(['active', 'expired', 'revoked']),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  uses: z.number().int(),
});

export const referralView = z
  .object({
    id: z.uuid(),
    participant: z.object({ id: z.uuid().nullable().describe('null in the receiving organization’s inbox'), displayName: z.string() }),
    service: z.object({ id: z.uuid(), name: z.string(), organizationName: z.string().nullable() }),
    need: z.enum(NEEDS),
    urgency: z.enum(URGENCIES),
    note: z.string(),
    status: z.enum(STATUSES),
    statusReason: z.string().nullable(),
    referrerContact: z.string().nullable().describe("The contact the referring peer shares with the receiver"),
    shared: z.object({
      items: z.array(sharedItemView),
      consent: z.object({ given: z.boolean(), method: z.string(), recordedAt: z.string() }),
      part2Consent: part2ConsentInput.extend({ revokedAt: z.string().nullable() }).nullable(),
    }),
    part2: z.boolean(),
    part2Notice: z.string().nullable(),
    followUpOn: z.string().nullable(),
    overdue: z.boolean(),
    outcome: z.enum(OUTCOMES).nullable(),
    outcomeNote: z.string().nullable(),
    outcomeRecordedAt: z.string().nullable(),
    receivingOrganization: z.string().nullable().describe('A Peerbridge organization that receives it in its inbox'),
    direction: z.enum(['sent', 'received']).describe('received: in your inbox from another organization'),
    createdBy: z.uuid().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    link: linkView.nullable(),
    events: z.array(eventView),
    receiverLink: z.string().optional().describe('Only in the answer that sends the referral or issues a new link'),
  })
  .meta({ id: 'Referral' });
export type ReferralView = z.infer<typeof referralView>;

export const referralListItem = referralView.omit({ events: true, shared: true, receiverLink: true }).meta({ id: 'ReferralListItem' });
export type ReferralListItem = z.infer<typeof referralListItem>;

/** What the holder of a link sees: only what was shared, never the participant's id. */
export const linkReferralView = z
  .object({
    need: z.enum(NEEDS),
    urgency: z.enum(URGENCIES),
    status: z.enum(STATUSES),
    statusReason: z.string().nullable(),
    service: z.object({ name: z.string(), organizationName: z.string().nullable() }),
    referredBy: z
      .object({ organizationName: z.string().nullable(), name: z.string().nullable(), contact: z.string().nullable() })
      .describe('Who referred and how to reach them: the contact the referring peer chose to share'),
    sentAt: z.string().nullable(),
    expiresAt: z.string(),
    shared: z.array(sharedItemView),
    part2Notice: z.string().nullable(),
    allowedMoves: z.array(z.enum(STATUSES)),
    events: z.array(z.object({ toStatus: z.string(), reason: z.string().nullable(), at: z.string() })),
    beds: z
      .object({ current: bedsView.nullable() })
      .nullable()
      .describe('Present when the service keeps beds (peer respite, shelter, detox): the receiver may publish them here'),
  })
  .meta({ id: 'ReferralLinkView' });
export type LinkReferralView = z.infer<typeof linkReferralView>;

export const listQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: z.enum(STATUSES).optional(),
  participantId: z.uuid().optional(),
  need: z.enum(NEEDS).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  box: z.enum(['sent', 'inbox']).default('sent').describe('inbox: referrals other organizations sent to yours'),
});
export type ListQuery = z.infer<typeof listQuery>;

export const followUpItem = z.object({
  id: z.uuid(),
  participant: z.object({ id: z.uuid(), displayName: z.string() }),
  serviceName: z.string(),
  need: z.enum(NEEDS),
  urgency: z.enum(URGENCIES),
  status: z.enum(STATUSES),
  followUpOn: z.string().nullable(),
  overdue: z.boolean(),
  needsOutcome: z.boolean().describe('Closed: record the outcome with the participant'),
});

export const reportQuery = z
  .object({ from: day(), to: day() })
  .refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['from'] });

const reportGroup = z.object({
  key: z.string(),
  label: z.string(),
  sent: z.number().int(),
  accepted: z.number().int(),
  declined: z.number().int(),
  completed: z.number().int(),
  notCompleted: z.number().int(),
  cancelled: z.number().int(),
  open: z.number().int(),
  completionRate: z.number().nullable(),
  medianHoursToAcceptance: z.number().nullable(),
});

export const reportView = z
  .object({
    from: z.string(),
    to: z.string(),
    total: reportGroup,
    byNeed: z.array(reportGroup),
    byService: z.array(reportGroup),
    byOrganization: z.array(reportGroup),
  })
  .meta({ id: 'ReferralReport' });
