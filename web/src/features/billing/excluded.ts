// What a claims export leaves out, grouped for the admin who fixes it (ExcludedTable.tsx): a
// missing coverage or address is fixed once per person, so the page first lists each reason with
// the people it holds back and how many of their notes.
import type { Exclusion } from './billing.api';

export interface ReasonGroup {
  reason: string;
  notes: number;
  people: { first: Exclusion; notes: number }[];
}

/** The exclusions by reason (most notes first), each with its people (most notes first). */
export function byReason(excluded: readonly Exclusion[]): ReasonGroup[] {
  const groups = new Map<string, { notes: number; people: Map<string, { first: Exclusion; notes: number }> }>();
  for (const x of excluded) {
    let g = groups.get(x.reason);
    if (!g) groups.set(x.reason, (g = { notes: 0, people: new Map() }));
    g.notes++;
    const p = g.people.get(x.participantId);
    if (p) p.notes++;
    else g.people.set(x.participantId, { first: x, notes: 1 });
  }
  return [...groups]
    .map(([reason, g]) => ({
      reason,
      notes: g.notes,
      people: [...g.people.values()].sort((a, b) => b.notes - a.notes || a.first.participantName.localeCompare(b.first.participantName)),
    }))
    .sort((a, b) => b.notes - a.notes || a.reason.localeCompare(b.reason));
}
