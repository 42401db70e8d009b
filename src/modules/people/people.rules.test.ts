import { describe, expect, it } from 'vitest';
import { ageOn, codeProblems, duplicateCodeProblems, isYouth, mayChangeDisclosures, participantScope, visibleDisclosures, windowProblems } from './people.rules.ts';

const disclosures = [
  { code: 'substance-use.opioids', useForMatching: true, showToParticipants: true },
  { code: 'life.incarceration', useForMatching: true, showToParticipants: false },
  { code: 'mental-health.suicide-attempt-survivor', useForMatching: false, showToParticipants: false },
];

describe('disclosures', () => {
  it.each([
    ['the peer themself', { role: 'peer' as const, userId: 'u1' }, 3],
    ['an admin', { role: 'admin' as const, userId: 'x' }, 3],
    ['a supervisor', { role: 'supervisor' as const, userId: 'x' }, 2],
    ['another peer', { role: 'peer' as const, userId: 'u2' }, 2],
  ])('%s sees %i of 3', (_who, viewer, n) => {
    const seen = visibleDisclosures('u1', viewer, disclosures);
    expect(seen).toHaveLength(n);
    if (n === 2) expect(seen.map((d) => d.code)).not.toContain('mental-health.suicide-attempt-survivor');
  });

  it('only the peer and admins change disclosures', () => {
    expect(mayChangeDisclosures('u1', { role: 'peer', userId: 'u1' })).toBe(true);
    expect(mayChangeDisclosures('u1', { role: 'admin', userId: 'a' })).toBe(true);
    expect(mayChangeDisclosures('u1', { role: 'supervisor', userId: 's' })).toBe(false);
    expect(mayChangeDisclosures(null, { role: 'supervisor', userId: 's' })).toBe(false);
  });
});

describe('checks', () => {
  it('names impossible windows', () => {
    expect(windowProblems([{ start: '09:00', end: '17:00' }, { start: '18:00', end: '18:00' }, { start: '20:00', end: '08:00' }], 'availability')).toEqual([
      { field: 'availability.1.end', message: 'The window must end after it starts' },
      { field: 'availability.2.end', message: 'The window must end after it starts' },
    ]);
  });

  it('names unknown and duplicate taxonomy codes, and accepts organization extensions', () => {
    expect(codeProblems(['substance-use.opioids', 'substance-use.kratom'], 'livedExperience', [])).toEqual([
      { field: 'livedExperience.1.code', message: 'Unknown lived-experience code "substance-use.kratom"' },
    ]);
    expect(codeProblems(['substance-use.kratom'], 'x', [{ code: 'substance-use.kratom', labels: { en: 'Kratom', es: 'Kratom' } }])).toEqual([]);
    expect(duplicateCodeProblems(['a', 'b', 'a'], 'x')).toEqual([{ field: 'x.2.code', message: '"a" is listed twice' }]);
  });

  it.each([
    ['2000-06-15', '2026-06-14', 25],
    ['2000-06-15', '2026-06-15', 26],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
  ])('born %s is %i on %s', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it('youth is 18 to 27 inclusive', () => {
    expect([17, 18, 27, 28].map(isYouth)).toEqual([false, true, true, false]);
  });

  it('analysts never open a participant record', () => {
    expect(participantScope('analyst')).toBe('none');
    expect(participantScope('peer')).toBe('own');
    expect(participantScope('supervisor')).toBe('all');
  });
});
