import { z } from 'zod';
import { INTAKE_FIELDS } from './public-intake.rules.ts';

/** Contracts of the public request, the intake queue, peers' public bios and the portal (issue 23). */

const text = (max: number) => z.string().max(max);

export const slugParam = z.object({ slug: z.string().min(1).max(50) });
export const langQuery = z.object({ lang: z.enum(['en', 'es']).optional() });

export const publicOrganizationView = z
  .object({
    name: z.string(),
    slug: z.string(),
    phone: z.string().nullable(),
    responseDays: z.number().int(),
    asks: z.array(z.enum(INTAKE_FIELDS)),
    crisisLines: z.array(z.object({ number: z.string(), label: z.string() })),
    experiences: z.array(z.object({ code: z.string(), heading: z.string(), options: z.array(z.object({ code: z.string(), label: z.string() })) })),
    challenge: z.object({ question: z.string(), token: z.string() }),
  })
  .meta({ id: 'PublicOrganization' });

export const peerRequestInput = z.object({
  contact: z.object({
    phone: text(40).nullable().optional(),
    email: text(320).nullable().optional(),
    byText: z.boolean().optional(),
    okToLeaveMessage: z.boolean().optional(),
    safeTimes: text(300).nullable().optional(),
  }),
  name: text(100).nullable().optional(),
  language: z.enum(['en', 'es', 'other']).nullable().optional(),
  experiences: z.array(z.string().max(100)).max(40).optional(),
  gender: text(100).nullable().optional(),
  modality: z.enum(['in-person', 'phone', 'either']).nullable().optional(),
  place: text(200).nullable().optional(),
  challenge: z.object({ token: z.string().max(200), answer: z.string().max(10) }),
  /** Left empty by people; a script that fills every field fills this one too. */
  website: z.string().max(500).optional(),
});
export type PeerRequestBody = z.infer<typeof peerRequestInput>;

export const referenceView = z.object({ reference: z.string() }).meta({ id: 'PeerRequestReference' });

export const publicPeerView = z
  .object({ displayName: z.string(), pronouns: z.string().nullable(), languages: z.array(z.string()), experiences: z.array(z.string()), bio: z.string() })
  .meta({ id: 'PublicPeer' });

export const peerRequestView = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    status: z.enum(['new', 'intake', 'closed']),
    createdAt: z.string(),
    name: z.string().nullable(),
    contact: z.object({ phone: z.string().nullable(), email: z.string().nullable(), byText: z.boolean(), okToLeaveMessage: z.boolean(), safeTimes: z.string().nullable() }),
    language: z.string().nullable(),
    experiences: z.array(z.object({ code: z.string(), label: z.string() })),
    gender: z.string().nullable(),
    modality: z.string().nullable(),
    place: z.string().nullable(),
    participantId: z.uuid().nullable(),
  })
  .meta({ id: 'PeerRequest' });
export type PeerRequestView = z.infer<typeof peerRequestView>;

export const peerRequestQuery = z.object({ status: z.enum(['new', 'intake', 'closed']).optional(), lang: z.enum(['en', 'es']).optional() });

export const intakeInput = z.object({
  givenName: z.string().trim().min(1).max(100).optional(),
  familyName: z.string().trim().min(1).max(100).optional(),
});

export const intakeView = z
  .object({
    participantId: z.uuid(),
    matches: z.array(z.object({ peer: z.object({ id: z.uuid(), displayName: z.string() }), score: z.number(), reasons: z.array(z.object({ code: z.string(), label: z.string() })) })),
  })
  .meta({ id: 'PeerRequestIntake' });

export const publicSettingsView = z
  .object({
    slug: z.string().nullable(),
    enabled: z.boolean(),
    fields: z.array(z.enum(INTAKE_FIELDS)),
    phone: z.string().nullable(),
    responseDays: z.number().int(),
  })
  .meta({ id: 'PublicIntakeSettings' });

export const publicSettingsInput = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/, 'Use 1 to 50 lower-case letters, digits and dashes')
    .nullable(),
  enabled: z.boolean(),
  fields: z.array(z.enum(INTAKE_FIELDS)).max(INTAKE_FIELDS.length),
  phone: z.string().trim().max(40).nullable(),
  responseDays: z.number().int().min(1).max(30),
});

export const bioView = z.object({ bio: z.string(), approved: z.boolean(), updatedAt: z.string().nullable() }).meta({ id: 'PeerPublicBio' });
export const bioInput = z.object({ bio: z.string().trim().max(1200), approved: z.boolean() });

// ---------- the portal ----------

export const invitationView = z.object({ url: z.string(), expiresAt: z.string() }).meta({ id: 'PortalInvitation' });
export const signInInput = z.object({ token: z.string().min(1).max(200) });
export const portalSessionView = z.object({ csrfToken: z.string(), expiresAt: z.string() }).meta({ id: 'PortalSession' });

export const portalMeView = z
  .object({
    firstName: z.string(),
    organization: z.object({ name: z.string(), phone: z.string().nullable() }),
    peer: z.object({ displayName: z.string(), pronouns: z.string().nullable(), email: z.string().nullable() }).nullable(),
    upcoming: z.array(z.object({ on: z.string(), modality: z.string() })),
    csrfToken: z.string(),
    sessionExpiresAt: z.string(),
  })
  .meta({ id: 'PortalMe' });

export const portalPlanView = z
  .object({
    plan: z
      .object({
        version: z.number(),
        updatedAt: z.string(),
        nextReviewOn: z.string().nullable(),
        goals: z.array(z.object({ id: z.string(), text: z.string(), status: z.string(), steps: z.array(z.object({ id: z.string(), text: z.string(), status: z.string(), targetDate: z.string().nullable() })) })),
        strengths: z.array(z.string()),
        supports: z.array(z.object({ name: z.string(), kind: z.string() })),
      })
      .nullable(),
    suggestions: z.array(z.object({ id: z.uuid(), text: z.string(), status: z.enum(['open', 'done']), createdAt: z.string() })),
  })
  .meta({ id: 'PortalPlan' });

export const requestTextInput = z.object({ text: z.string().trim().min(1, 'Write what you would like changed').max(4000) });
export const portalRequestCreated = z.object({ id: z.uuid(), dueOn: z.string() }).meta({ id: 'PortalRequestCreated' });

export const checkinsView = z
  .object({ items: z.array(z.object({ id: z.uuid(), instrument: z.string(), total: z.number().nullable(), band: z.string().nullable(), on: z.string(), complete: z.boolean() })) })
  .meta({ id: 'PortalCheckins' });

export const portalReferralsView = z
  .object({ items: z.array(z.object({ id: z.uuid(), service: z.string(), organization: z.string().nullable(), need: z.string(), status: z.string(), sentAt: z.string().nullable(), followUpOn: z.string().nullable(), outcome: z.string().nullable() })) })
  .meta({ id: 'PortalReferrals' });

export const accessLogView = z
  .object({ items: z.array(z.object({ at: z.string(), who: z.string(), whoKind: z.enum(['you', 'peer', 'staff', 'system', 'receiver']), what: z.string(), times: z.number().int() })) })
  .meta({ id: 'PortalAccessLog' });

export const consentKind = z.enum(['peer-support', 'referral-sharing', 'part2']);
export const consentsView = z
  .object({
    items: z.array(
      z.object({
        kind: consentKind,
        referralId: z.uuid().nullable(),
        about: z.string(),
        givenOn: z.string(),
        method: z.string(),
        state: z.enum(['in-force', 'revoked', 'expired']),
        revokedOn: z.string().nullable(),
        canRevoke: z.boolean(),
        effectOfRevoking: z.string(),
      }),
    ),
  })
  .meta({ id: 'PortalConsents' });
export const revokeInput = z.object({ kind: z.enum(['referral-sharing', 'part2']), referralId: z.uuid() });
export const revokedView = z.object({ effect: z.string() }).meta({ id: 'PortalConsentRevoked' });

export const portalRequestsQuery = z.object({ status: z.enum(['open', 'done']).optional() });
export const staffPortalRequestView = z
  .object({ id: z.uuid(), participantId: z.uuid(), participantName: z.string(), kind: z.enum(['correction', 'plan-change']), text: z.string(), status: z.enum(['open', 'done']), createdAt: z.string(), dueOn: z.string() })
  .meta({ id: 'PortalRequest' });
