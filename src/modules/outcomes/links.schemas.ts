import { z } from 'zod';

/** Contracts of self-completion links (issue 20). */

const instant = z.iso.datetime({ offset: true });
export const LINK_LANGS = ['en', 'es'] as const;

export const assessmentLinkInput = z.object({
  instrument: z.string().min(1).max(40),
  /** Absent: the newest published version. */
  version: z.string().max(20).optional(),
  lang: z.enum(LINK_LANGS),
});

export const assessmentLinkCreated = z
  .object({
    id: z.uuid(),
    /** The self-completion page; shown once (only a hash of the token is kept). */
    url: z.string(),
    token: z.string(),
    expiresAt: instant,
  })
  .meta({ id: 'AssessmentLinkCreated' });

export const assessmentLinkView = z
  .object({
    id: z.uuid(),
    instrument: z.string(),
    version: z.string(),
    lang: z.enum(LINK_LANGS),
    createdAt: instant,
    expiresAt: instant,
    state: z.enum(['active', 'expired', 'revoked', 'spent']),
    usedAt: instant.nullable(),
    assessmentId: z.uuid().nullable(),
  })
  .meta({ id: 'AssessmentLink' });
export type AssessmentLinkView = z.infer<typeof assessmentLinkView>;

export const linkIdParams = z.object({ id: z.uuid(), linkId: z.uuid() });

/** The form the link holder sees: the instrument in the chosen language, and nothing about the person. */
export const selfFormView = z
  .object({
    organization: z.string(),
    lang: z.enum(LINK_LANGS),
    expiresAt: instant,
    instrument: z.object({
      code: z.string(),
      version: z.string(),
      title: z.string(),
      instructions: z.string(),
      /** `original`: the instrument's own language; otherwise the Spanish translation's standing. */
      translation: z.enum(['original', 'validated', 'not-validated']),
      /** Answers that raise a safety flag: the page shows 988 and 211 as soon as one is chosen. */
      safety: z.array(z.object({ item: z.string(), atLeast: z.number() })),
      items: z.array(
        z.object({
          id: z.string(),
          text: z.string(),
          required: z.boolean(),
          answers: z.array(z.object({ value: z.number(), label: z.string() })),
        }),
      ),
    }),
  })
  .meta({ id: 'SelfCompletionForm' });
export type SelfFormView = z.infer<typeof selfFormView>;

export const selfAnswersInput = z.object({ answers: z.record(z.string().min(1).max(40), z.number().finite().nullable()) });

export const selfSubmitted = z
  .object({
    saved: z.literal(true),
    complete: z.boolean(),
    /** A safety answer (PHQ-9 item 9 at 1 or more): the page shows 988 and 211 at once. */
    safety: z.boolean(),
  })
  .meta({ id: 'SelfCompletionSaved' });
