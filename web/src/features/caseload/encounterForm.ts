import { fromLocalInput, toLocalInput, type Encounter, type EncounterInput } from './caseload.api';
import type { DraftValues } from './draftStore';

/**
 * The note form's values and what they send: the blank note, a stored note's values, the checks
 * that keep a draft from being sent, and the POST/PATCH bodies.
 */

/** How long typing pauses before the draft goes to the server. */
export const SAVE_DELAY_MS = 800;
/** How soon a save that failed for want of a connection is tried again. */
export const RETRY_MS = 5_000;

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'offline' | 'error' | 'restored';

export const blankValues = (participantId: string): DraftValues => ({
  participantId,
  others: [],
  type: 'individual',
  modality: 'in-person',
  startedAt: toLocalInput(new Date().toISOString()),
  durationMinutes: '30',
  placeOfService: '11',
  activities: [],
  goalIds: [],
  narrative: '',
  nextSteps: '',
  followUpOn: '',
});

export const valuesOf = (e: Encounter): DraftValues => ({
  participantId: e.participantId,
  others: e.participantIds.filter((id) => id !== e.participantId),
  type: e.type,
  modality: e.modality,
  startedAt: toLocalInput(e.startedAt),
  durationMinutes: String(e.durationMinutes),
  placeOfService: e.placeOfService,
  activities: [...e.activities],
  goalIds: [...e.goalIds],
  narrative: e.narrative,
  nextSteps: e.nextSteps,
  followUpOn: e.followUpOn ?? '',
});

export type Problems = Partial<Record<'participantId' | 'durationMinutes' | 'startedAt' | 'narrative' | 'activities', string>>;

/** Checks that keep a draft from being sent at all (the narrative is only needed to sign). */
export function draftProblems(v: DraftValues, t: (k: string) => string): Problems {
  const out: Problems = {};
  const minutes = Number(v.durationMinutes);
  if (!v.durationMinutes.trim() || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440) out.durationMinutes = t('caseload.note.durationInvalid');
  if (!fromLocalInput(v.startedAt)) out.startedAt = t('caseload.note.startInvalid');
  return out;
}

/** A group note's others; none for any other type (the server refuses several otherwise). */
const othersOf = (v: DraftValues) => (v.type === 'group' ? v.others.filter((id) => id && id !== v.participantId) : []);

export const toInput = (v: DraftValues): EncounterInput => ({
  participantId: v.participantId,
  ...(othersOf(v).length > 0 ? { participantIds: othersOf(v) } : {}),
  type: v.type as EncounterInput['type'],
  modality: v.modality as EncounterInput['modality'],
  startedAt: fromLocalInput(v.startedAt) ?? new Date().toISOString(),
  durationMinutes: Number(v.durationMinutes),
  placeOfService: v.placeOfService,
  activities: v.activities as EncounterInput['activities'],
  goalIds: v.goalIds,
  narrative: v.narrative,
  nextSteps: v.nextSteps,
  followUpOn: v.followUpOn || null,
});

export const patchOf = (v: DraftValues, fields: Array<keyof DraftValues>): Partial<EncounterInput> => {
  const full = toInput(v);
  const patch = Object.fromEntries(fields.filter((f) => f !== 'others').map((f) => [f, full[f as keyof EncounterInput]])) as Partial<EncounterInput>;
  // Who took part is sent whole (the server replaces the list) when it or the type changed.
  if (fields.includes('others') || fields.includes('type')) Object.assign(patch, { participantId: v.participantId, participantIds: othersOf(v) });
  return patch;
};
