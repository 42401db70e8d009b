import { z } from 'zod';
import { ENCOUNTER_STATUSES, ENCOUNTER_TYPES } from './caseload.schemas.ts';

/**
 * The notes list (issue 17: "no page lists notes at all"). A peer reads their own notes (`mine`),
 * their `drafts` and the notes a supervisor `returned` to them; supervisors and admins read the
 * `team`'s notes (optionally one peer's), the team's `returned` notes and the drafts still
 * `unsigned` more than `days` days after the session.
 */
export const NOTE_VIEWS = ['mine', 'drafts', 'returned', 'team', 'unsigned'] as const;
export type NoteView = (typeof NOTE_VIEWS)[number];

export const notesQuery = z.object({
  view: z.enum(NOTE_VIEWS).default('mine'),
  /** Supervisors and admins: one peer's notes only. */
  peerId: z.uuid().optional(),
  /** `unsigned`: drafts of sessions that started more than this many days ago. */
  days: z.coerce.number().int().min(0).max(365).default(2),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type NotesQuery = z.infer<typeof notesQuery>;

const personRef = z.object({ id: z.uuid(), displayName: z.string() });

export const noteListItem = z
  .object({
    id: z.uuid(),
    status: z.enum(ENCOUNTER_STATUSES),
    voided: z.boolean(),
    participants: z.array(personRef),
    peer: personRef,
    type: z.enum(ENCOUNTER_TYPES),
    /** Date of service in the organization's time zone. */
    serviceDate: z.string(),
    startedAt: z.string(),
    durationMinutes: z.number().int(),
    /** Whether the note bills now (its first participant's line) and, when not, why. */
    billable: z.boolean(),
    billingReason: z.string().nullable(),
    signedAt: z.string().nullable(),
    returnComment: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'NoteListItem' });
export type NoteListItem = z.infer<typeof noteListItem>;

/** `peerbridge notes check-activities`: notes carrying every activity the form offers, per organization. */
export interface ActivitiesCheck {
  activities: number;
  organizations: Array<{ orgId: string; name: string; signed: number; drafts: number; signedIds: string[]; draftIds: string[] }>;
  signed: number;
  drafts: number;
}
