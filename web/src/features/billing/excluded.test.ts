import { describe, expect, it } from 'vitest';
import type { Exclusion } from './billing.api';
import { byReason } from './excluded';

const x = (participantName: string, reason: string, n: number): Exclusion => ({
  encounterId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  participantId: `11111111-0000-4000-8000-${participantName.length.toString().padStart(12, '0')}`,
  participantName,
  serviceDate: '2026-11-02',
  reason,
  explanation: '',
});

describe('what an export leaves out, by reason and person', () => {
  it('counts notes per reason and per person, the reason and the person holding back most notes first', () => {
    const rows = [
      x('Tyrone Jackson', 'no-coverage', 1),
      x('Robert Nguyen', 'no-coverage', 2),
      x('Robert Nguyen', 'no-coverage', 3),
      x('Tyrone Jackson', 'missing-subscriber-address', 4),
      x('Robert Nguyen', 'no-coverage', 5),
    ];
    expect(byReason(rows).map((g) => [g.reason, g.notes, g.people.map((p) => [p.first.participantName, p.notes])])).toEqual([
      ['no-coverage', 4, [['Robert Nguyen', 3], ['Tyrone Jackson', 1]]],
      ['missing-subscriber-address', 1, [['Tyrone Jackson', 1]]],
    ]);
  });

  it('is empty when nothing is left out', () => {
    expect(byReason([])).toEqual([]);
  });
});
