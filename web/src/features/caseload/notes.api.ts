import { api } from '../../app/api';
import type { EncounterStatus, EncounterType, PersonRef } from './caseload.api';

/** The notes list (src/modules/caseload/notes.schemas.ts). */
export const PEER_VIEWS = ['mine', 'drafts', 'returned'] as const;
export const TEAM_VIEWS = ['team', 'unsigned', 'returned'] as const;
export type NoteView = 'mine' | 'drafts' | 'returned' | 'team' | 'unsigned';

export interface NoteListItem {
  id: string;
  status: EncounterStatus;
  voided: boolean;
  participants: PersonRef[];
  peer: PersonRef;
  type: EncounterType;
  serviceDate: string;
  startedAt: string;
  durationMinutes: number;
  billable: boolean;
  billingReason: string | null;
  signedAt: string | null;
  returnComment: string | null;
  updatedAt: string;
}

export interface NotesQuery {
  view: NoteView;
  peerId?: string | undefined;
  days?: number | undefined;
  page: number;
  pageSize: number;
}

export const notesKeys = { list: (q: NotesQuery) => ['caseload', 'notes', q] as const };

export const listNotes = (q: NotesQuery) =>
  api<{ items: NoteListItem[]; total: number; page: number; pageSize: number }>('/notes', {
    query: { view: q.view, page: q.page, pageSize: q.pageSize, ...(q.peerId ? { peerId: q.peerId } : {}), ...(q.view === 'unsigned' && q.days !== undefined ? { days: q.days } : {}) },
  });
