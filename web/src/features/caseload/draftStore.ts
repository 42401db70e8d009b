/**
 * The local copy of a session note being typed, so a dropped connection, a reload or a closed tab
 * never loses it (issue 4: "a draft that is never lost"; issue 17: a reload without signal). The
 * server copy (debounced PATCH) is the record; this copy only bridges the gap until the server has
 * the same text, then it is removed: a note is health information and should not linger in a
 * shared browser's storage. Every copy is keyed by the user who typed it, and all of a user's
 * copies are removed when they sign out (`clearDraftsOf`).
 *
 * localStorage rather than IndexedDB: the note editor reads the copy synchronously while it first
 * renders, so a restored draft never flashes empty or races the first keystroke; it survives a
 * reload and a closed tab like IndexedDB does, and a few drafts of text are far below its quota.
 */

export interface DraftValues {
  participantId: string;
  /** A group note's other participants (type `group`). */
  others: string[];
  type: string;
  modality: string;
  /** datetime-local value (browser zone). */
  startedAt: string;
  durationMinutes: string;
  placeOfService: string;
  activities: string[];
  goalIds: string[];
  narrative: string;
  nextSteps: string;
  followUpOn: string;
}

export interface StoredDraft {
  /** The user who typed it: another person signing in on the same browser never sees it. */
  userId: string;
  /** Server id once the draft was created there; null while it exists only here. */
  encounterId: string | null;
  values: DraftValues;
  savedAt: number;
}

const PREFIX = 'peerbridge.draft.';

/** The key of a note: its id, or `new` before the server has it. */
export const draftKey = (userId: string, encounterId: string | null): string => `${PREFIX}${userId}.${encounterId ?? 'new'}`;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

const browserStore = (): KeyValueStore | null => {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
};

export function saveDraft(draft: StoredDraft, store: KeyValueStore | null = browserStore()): void {
  try {
    store?.setItem(draftKey(draft.userId, draft.encounterId), JSON.stringify(draft));
  } catch {
    // Storage full or blocked: the server copy still saves.
  }
}

export function loadDraft(userId: string, encounterId: string | null, store: KeyValueStore | null = browserStore()): StoredDraft | null {
  try {
    const raw = store?.getItem(draftKey(userId, encounterId));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredDraft;
    if (parsed.userId !== userId || typeof parsed.values !== 'object' || parsed.values === null) return null;
    // Drafts stored before group notes had no `others`.
    return { ...parsed, values: { ...parsed.values, others: Array.isArray(parsed.values.others) ? parsed.values.others : [] } };
  } catch {
    return null;
  }
}

export function clearDraft(userId: string, encounterId: string | null, store: KeyValueStore | null = browserStore()): void {
  try {
    store?.removeItem(draftKey(userId, encounterId));
  } catch {
    // Nothing to do.
  }
}

/**
 * The server's last copy of a draft note this device opened or saved, so a reload without signal
 * opens the editor on it instead of "could not be loaded": once the server has the typed text the
 * typing copy above is removed, and the note would otherwise exist only on the server. Kept under
 * the same per-user prefix, so sign-out removes it with the rest; removed when the note is signed
 * or deleted (`forgetServerCopy`). Only used when the server cannot be reached: online, the
 * server's answer always wins (another device may have changed the note).
 */
const serverCopyKey = (userId: string, encounterId: string): string => `${PREFIX}${userId}.${encounterId}.server`;

export function keepServerCopy<T extends { id: string }>(userId: string, note: T, store: KeyValueStore | null = browserStore()): void {
  try {
    store?.setItem(serverCopyKey(userId, note.id), JSON.stringify(note));
  } catch {
    // Storage full or blocked: the note still loads whenever there is signal.
  }
}

export function loadServerCopy<T extends { id: string }>(userId: string, encounterId: string, store: KeyValueStore | null = browserStore()): T | null {
  try {
    const raw = store?.getItem(serverCopyKey(userId, encounterId));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as T;
    return parsed && parsed.id === encounterId ? parsed : null;
  } catch {
    return null;
  }
}

export function forgetServerCopy(userId: string, encounterId: string, store: KeyValueStore | null = browserStore()): void {
  try {
    store?.removeItem(serverCopyKey(userId, encounterId));
  } catch {
    // Nothing to do.
  }
}

/** Removes every draft a user kept on this browser (sign-out on a shared phone). */
export function clearDraftsOf(userId: string, store: KeyValueStore | null = browserStore()): void {
  try {
    if (!store) return;
    const mine = `${PREFIX}${userId}.`;
    const keys: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k?.startsWith(mine)) keys.push(k);
    }
    for (const k of keys) store.removeItem(k);
  } catch {
    // Nothing to do.
  }
}

/** Whether two sets of values are the same note (the server has what was typed). */
export function sameValues(a: DraftValues, b: DraftValues): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

const normalise = (v: DraftValues) => ({ ...v, others: [...(v.others ?? [])].sort(), activities: [...v.activities].sort(), goalIds: [...v.goalIds].sort() });

/** The fields that differ, for a PATCH that sends only what changed. */
export function changedFields(before: DraftValues, after: DraftValues): Array<keyof DraftValues> {
  const a = normalise(before);
  const b = normalise(after);
  return (Object.keys(b) as Array<keyof DraftValues>).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
