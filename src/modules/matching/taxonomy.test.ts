import { describe, expect, it } from 'vitest';
import {
  DAYS,
  GENERIC_SHARED_EXPERIENCE,
  LIVED_EXPERIENCE,
  MODALITIES,
  SPECIALTIES,
  SPECIALTY_LABELS,
  genericSharedExperience,
  isKnownCode,
  isSameOrAncestor,
  labelOf,
  parentOf,
  sharedPhraseOf,
  taxonomyWith,
  validateExtensions,
} from './taxonomy.ts';

// The codes issue 3 lists, verbatim.
const ISSUE_CODES = [
  'substance-use', 'substance-use.opioids', 'substance-use.alcohol', 'substance-use.stimulants', 'substance-use.cannabis',
  'recovery-pathway', 'recovery-pathway.mutual-help', 'recovery-pathway.medication', 'recovery-pathway.harm-reduction',
  'recovery-pathway.faith-based',
  'mental-health', 'mental-health.depression', 'mental-health.bipolar', 'mental-health.psychosis', 'mental-health.ptsd',
  'mental-health.anxiety', 'mental-health.eating-disorder', 'mental-health.suicide-attempt-survivor',
  'life', 'life.homelessness', 'life.incarceration', 'life.foster-care', 'life.military-service', 'life.domestic-violence',
  'life.loss-to-overdose', 'life.loss-to-suicide', 'life.immigration', 'life.chronic-illness', 'life.disability',
  'identity', 'identity.lgbtq', 'family', 'family.parent-of-child-with-challenges',
];

describe('lived-experience taxonomy', () => {
  it('holds exactly the codes of the issue, each once', () => {
    const codes = LIVED_EXPERIENCE.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...ISSUE_CODES].sort());
  });

  it('gives every code a parent that exists, and English and Spanish labels and phrases', () => {
    for (const entry of LIVED_EXPERIENCE) {
      if (entry.parent !== null) expect(isKnownCode(entry.parent)).toBe(true);
      for (const text of [entry.labels.en, entry.labels.es, entry.shared.en, entry.shared.es]) expect(text.trim()).not.toBe('');
      expect(entry.labels.es).not.toBe(entry.shared.es);
    }
  });

  it.each([
    ['substance-use.opioids', 'substance-use'],
    ['substance-use', null],
    ['substance-use.opioids.fentanyl', 'substance-use.opioids'],
  ])('parentOf(%s) is %s', (code, parent) => {
    expect(parentOf(code)).toBe(parent);
  });

  it.each([
    ['substance-use', 'substance-use.opioids', true],
    ['substance-use', 'substance-use', true],
    ['substance-use.opioids', 'substance-use', false],
    ['substance-use', 'substance-user', false],
    ['life', 'life.homelessness', true],
  ])('isSameOrAncestor(%s, %s) is %s', (a, b, expected) => {
    expect(isSameOrAncestor(a, b)).toBe(expected);
  });

  it('labels codes in English and Spanish, and words a shared experience', () => {
    expect(labelOf('substance-use.opioids', 'en')).toBe('Opioids');
    expect(labelOf('substance-use.opioids', 'es')).toBe('Opioides');
    expect(sharedPhraseOf('substance-use.opioids', 'en')).toBe('Also in recovery from opioid use');
    expect(sharedPhraseOf('substance-use.opioids', 'es')).toBe('También en recuperación del consumo de opioides');
  });

  it('has a generic wording for experience a peer keeps from participants', () => {
    expect(genericSharedExperience('en')).toBe('Shares lived experience relevant to your goals');
    expect(genericSharedExperience('es')).toBe(GENERIC_SHARED_EXPERIENCE.es);
    expect(GENERIC_SHARED_EXPERIENCE.es).not.toBe(GENERIC_SHARED_EXPERIENCE.en);
  });
});

describe('organization extensions', () => {
  const kratom = { code: 'substance-use.kratom', labels: { en: 'Kratom', es: 'Kratom' } };

  it('are known and labelled only when passed in', () => {
    expect(isKnownCode('substance-use.kratom')).toBe(false);
    expect(isKnownCode('substance-use.kratom', [kratom])).toBe(true);
    expect(labelOf('substance-use.kratom', 'es', [kratom])).toBe('Kratom');
    expect(sharedPhraseOf('substance-use.kratom', 'en', [kratom])).toBe('Also has lived experience: Kratom');
    expect(taxonomyWith([kratom]).at(-1)).toMatchObject({ code: 'substance-use.kratom', parent: 'substance-use' });
  });

  it.each([
    { name: 'a valid child of a standard code', ext: [kratom], problems: [] },
    { name: 'a new top level with its own child', ext: [{ code: 'culture', labels: { en: 'Culture', es: 'Cultura' } }, { code: 'culture.tribal', labels: { en: 'Tribal', es: 'Tribal' } }], problems: [] },
    { name: 'an upper-case code', ext: [{ code: 'Substance-Use.X', labels: { en: 'X', es: 'X' } }], problems: [{ index: 0, field: 'code' }] },
    { name: 'a clash with a standard code', ext: [{ code: 'life.homelessness', labels: { en: 'H', es: 'H' } }], problems: [{ index: 0, field: 'code' }] },
    { name: 'an unknown parent', ext: [{ code: 'nowhere.thing', labels: { en: 'T', es: 'T' } }], problems: [{ index: 0, field: 'code' }] },
    { name: 'a duplicate', ext: [kratom, kratom], problems: [{ index: 1, field: 'code' }] },
    { name: 'a missing Spanish label', ext: [{ code: 'life.gig-work', labels: { en: 'Gig work', es: ' ' } }], problems: [{ index: 0, field: 'labels' }] },
  ])('validation: $name', ({ ext, problems }) => {
    expect(validateExtensions(ext).map(({ index, field }) => ({ index, field }))).toEqual(problems);
  });
});

describe('specialties, modalities and days', () => {
  it('lists the specialties of the issue with both labels', () => {
    expect([...SPECIALTIES]).toEqual(['peer-support-specialist', 'recovery-coach', 'family-support-partner', 'youth-peer', 'veteran-peer', 'forensic-peer']);
    for (const s of SPECIALTIES) expect(SPECIALTY_LABELS[s].es.trim()).not.toBe('');
  });

  it('lists modalities and ISO-ordered days', () => {
    expect([...MODALITIES]).toEqual(['in-person', 'phone', 'video', 'text']);
    expect([...DAYS]).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
  });
});
