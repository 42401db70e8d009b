import { describe, expect, it } from 'vitest';
import en from '../../../web/src/app/i18n/en.json' with { type: 'json' };
import es from '../../../web/src/app/i18n/es.json' with { type: 'json' };
import { ATTESTATIONS, addDays, addMonths, compareCaseload, cosignRequired, resolveDuration } from './caseload.rules.ts';

const start = '2026-03-02T15:00:00Z';
const settings = (cosign: Partial<{ all: boolean; newPeerMonths: number | null; billing: boolean }>) => ({ cosign: { all: false, newPeerMonths: null, billing: false, ...cosign } });

describe('resolveDuration', () => {
  it.each([
    [30, undefined, 30, []],
    [1, undefined, 1, []],
    [1440, undefined, 1440, []],
    [0, undefined, 0, ['body.durationMinutes']],
    [1441, undefined, 1441, ['body.durationMinutes']],
    [undefined, '2026-03-02T15:45:00Z', 45, []],
    [undefined, '2026-03-02T14:59:00Z', 0, ['body.endedAt']],
    [undefined, start, 0, ['body.endedAt']],
    [30, '2026-03-02T16:00:00Z', 30, ['body.endedAt']],
    [undefined, undefined, 0, ['body.durationMinutes']],
    [undefined, '2026-03-03T15:01:00Z', 1441, ['body.durationMinutes']],
  ] as const)('duration %s, end %s → %s minutes, problems %j', (duration, end, minutes, fields) => {
    const r = resolveDuration(start, duration, end);
    expect(r.problems.map((p) => p.field)).toEqual(fields);
    if (fields.length === 0) expect(r.minutes).toBe(minutes);
  });
});

describe('cosignRequired', () => {
  const base = { peerSince: new Date('2026-01-15T00:00:00Z'), signedAt: new Date('2026-03-02T00:00:00Z'), billsAPayer: true, payerRequiresCosign: false };
  it.each([
    [settings({}), false],
    [settings({ all: true }), true],
    [settings({ newPeerMonths: 1 }), false],
    [settings({ newPeerMonths: 2 }), true],
    [settings({ billing: true }), true],
  ])('%j → %s', (s, expected) => expect(cosignRequired({ ...base, settings: s })).toBe(expected));
  it('follows the payer and, for billing, only notes that bill', () => {
    expect(cosignRequired({ ...base, settings: settings({}), payerRequiresCosign: true })).toBe(true);
    expect(cosignRequired({ ...base, settings: settings({ billing: true }), billsAPayer: false })).toBe(false);
  });
});

describe('dates and ordering', () => {
  it('adds days and months in the calendar', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
  });
  it('orders overdue follow-ups first, then by date, then none; ties by name', () => {
    const rows = [
      { participantId: 'a', displayName: 'Zoe', nextFollowUpOn: null },
      { participantId: 'b', displayName: 'Yan', nextFollowUpOn: '2026-03-05' },
      { participantId: 'c', displayName: 'Xia', nextFollowUpOn: '2026-03-01' },
      { participantId: 'd', displayName: 'Will', nextFollowUpOn: '2026-02-20' },
      { participantId: 'e', displayName: 'Ann', nextFollowUpOn: '2026-03-02' },
      { participantId: 'f', displayName: 'Abe', nextFollowUpOn: null },
    ];
    expect(rows.sort(compareCaseload('2026-03-02')).map((r) => r.participantId)).toEqual(['d', 'c', 'e', 'b', 'f', 'a']);
  });
});

describe('ATTESTATIONS', () => {
  // The web app shows its translation before signing and the server stores its own: the same words.
  it('are word for word the statement the web app shows the signer, in English and Spanish', () => {
    expect(ATTESTATIONS).toEqual({ en: en.caseload.note.attestationText, es: es.caseload.note.attestationText });
    expect(ATTESTATIONS.en).toMatch(/^I attest /);
    expect(ATTESTATIONS.es).toMatch(/^Declaro /);
  });
});
