import { describe, expect, it } from 'vitest';
import { changedFields, clearDraft, clearDraftsOf, draftKey, loadDraft, saveDraft, sameValues, type DraftValues, type KeyValueStore } from './draftStore';

const memory = (): KeyValueStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
    get length() {
      return data.size;
    },
    key: (i) => [...data.keys()][i] ?? null,
  };
};

const values: DraftValues = {
  participantId: 'p1',
  others: [],
  type: 'individual',
  modality: 'in-person',
  startedAt: '2026-03-02T10:00',
  durationMinutes: '30',
  placeOfService: '11',
  activities: ['skill-building', 'advocacy'],
  goalIds: ['g1'],
  narrative: 'We talked about housing.',
  nextSteps: '',
  followUpOn: '',
};

describe('local draft copy', () => {
  it('keeps a note per user and id, and gives it back only to the same user', () => {
    const store = memory();
    saveDraft({ userId: 'u1', encounterId: null, values, savedAt: 1 }, store);
    expect(loadDraft('u1', null, store)?.values.narrative).toBe('We talked about housing.');
    expect(loadDraft('u2', null, store)).toBeNull();
    expect(loadDraft('u1', 'e1', store)).toBeNull();
    expect([...store.data.keys()]).toEqual([draftKey('u1', null)]);
    clearDraft('u1', null, store);
    expect(loadDraft('u1', null, store)).toBeNull();
  });

  it('ignores a broken stored value instead of failing', () => {
    const store = memory();
    store.setItem(draftKey('u1', 'e1'), '{not json');
    expect(loadDraft('u1', 'e1', store)).toBeNull();
  });

  it('reads a draft stored before group notes as having no others', () => {
    const store = memory();
    const { others: _others, ...old } = values;
    store.setItem(draftKey('u1', 'e1'), JSON.stringify({ userId: 'u1', encounterId: 'e1', values: old, savedAt: 1 }));
    expect(loadDraft('u1', 'e1', store)?.values).toEqual({ ...values, others: [] });
  });

  it('sees a change of the group as a change of others only', () => {
    expect(changedFields(values, { ...values, others: ['p3', 'p2'] })).toEqual(['others']);
    expect(sameValues({ ...values, others: ['p2', 'p3'] }, { ...values, others: ['p3', 'p2'] })).toBe(true);
  });

  it('compares notes regardless of the order of chosen activities and goals', () => {
    const reordered = { ...values, activities: ['advocacy', 'skill-building'] };
    expect(sameValues(values, reordered)).toBe(true);
    expect(changedFields(values, reordered)).toEqual([]);
    expect(changedFields(values, { ...reordered, narrative: 'More.', durationMinutes: '45' })).toEqual(['durationMinutes', 'narrative']);
  });

  it('removes every draft of the user who signs out, and only theirs (a shared phone)', () => {
    const store = memory();
    saveDraft({ userId: 'u1', encounterId: null, values, savedAt: 1 }, store);
    saveDraft({ userId: 'u1', encounterId: 'e1', values, savedAt: 1 }, store);
    saveDraft({ userId: 'u10', encounterId: 'e2', values, savedAt: 1 }, store);
    store.setItem('peerbridge.language', 'es');
    clearDraftsOf('u1', store);
    expect(loadDraft('u1', null, store)).toBeNull();
    expect(loadDraft('u1', 'e1', store)).toBeNull();
    expect(loadDraft('u10', 'e2', store)?.values.narrative).toBe(values.narrative);
    expect(store.getItem('peerbridge.language')).toBe('es');
  });
});
