import { describe, expect, it } from 'vitest';
import en from '../../../web/src/app/i18n/en.json' with { type: 'json' };
import es from '../../../web/src/app/i18n/es.json' with { type: 'json' };
import { ACTIVITY_LABELS, ATTESTATION_TEMPLATES, PLACE_LABELS, attestationFor, attestationText } from './attestation.rules.ts';
import { LEGACY_ATTESTATIONS, addDays, addMonths, compareCaseload, cosignRequired, resolveDuration } from './caseload.rules.ts';

const start = '2026-03-02T15:00:00Z';
const settings = (cosign: Partial<{ all: boolean; newPeerMonths: number | null; billing: boolean }>) => ({ cosign: { all: false, newPeerMonths: null, billing: false, ...cosign }, startWithLastActivities: false });

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

describe('the attestation a peer signs', () => {
  const facts = { durationMinutes: 38, placeOfService: '12', activities: ['transport', 'shared-lived-experience'] };
  // The web app builds the statement from its language files before signing and the server builds
  // its own from the note as recorded: the same words, or the signature is refused.
  it('uses word for word the web app\'s statement, activity and place labels, in English and Spanish', () => {
    expect(ATTESTATION_TEMPLATES).toEqual({ en: en.caseload.note.attestationText, es: es.caseload.note.attestationText });
    expect(ACTIVITY_LABELS).toEqual({ en: en.caseload.activities, es: es.caseload.activities });
    expect(PLACE_LABELS).toEqual({ en: en.caseload.places, es: es.caseload.places });
    expect(en.caseload.minutes_other).toBe('{{count}} minutes');
    expect(es.caseload.minutes_other).toBe('{{count}} minutos');
  });
  it('names exactly the minutes, the place of service and the activities recorded (in the form\'s order)', () => {
    expect(attestationText('en', facts)).toBe(
      'I attest that I provided this service as documented (38 minutes; place of service: 12 · Home; activities: Shared lived experience, Transport) and that this note is accurate and complete.',
    );
    expect(attestationText('es', { ...facts, durationMinutes: 1 })).toBe(
      'Declaro que presté este servicio tal como está documentado (1 minuto; lugar del servicio: 12 · Hogar; actividades: Experiencia vivida compartida, Transporte) y que esta nota es exacta y completa.',
    );
    expect(attestationText('en', { ...facts, placeOfService: '23' })).toContain('place of service: 23;');
  });
  it('accepts the statement shown only when it names the note as recorded', () => {
    expect(attestationFor('en', facts, undefined).text).toBe(attestationText('en', facts));
    expect(attestationFor('en', facts, attestationText('es', facts))).toEqual({ text: attestationText('es', facts), problems: [] });
    expect(attestationFor('en', facts, attestationText('en', { ...facts, durationMinutes: 30 })).problems.map((p) => p.field)).toEqual(['body.attestation']);
    expect(attestationFor('en', facts, LEGACY_ATTESTATIONS.en).problems.map((p) => p.field)).toEqual(['body.attestation']);
  });
});
