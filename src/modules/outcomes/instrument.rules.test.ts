import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeOf, checkAnswers, checkDefinition, scoreResponse, textIn, type InstrumentDefinition } from './instrument.rules.ts';
import { BUILT_IN_INSTRUMENTS } from './instruments/index.ts';
import { BARC10 } from './instruments/barc10.ts';
import { GAD7 } from './instruments/gad7.ts';
import { PHQ9 } from './instruments/phq9.ts';
import { SATISFACTION } from './instruments/satisfaction.ts';

const answersOf = (prefix: string, values: number[]) => Object.fromEntries(values.map((v, i) => [`${prefix}.${i + 1}`, v]));

describe('built-in instruments', () => {
  it.each(BUILT_IN_INSTRUMENTS.map((d) => [d.code, d] as const))('%s is a valid definition with a licence and a citation', (_code, d) => {
    expect(checkDefinition(d)).toEqual([]);
    expect(d.licence.length).toBeGreaterThan(10);
    expect(d.citation.length).toBeGreaterThan(10);
    // Spanish text is offered for every item and answer, marked validated or not.
    expect(d.translations.es).toBeDefined();
    for (const item of d.items) expect(item.text.es, item.id).toBeTruthy();
  });

  it('marks the Spanish BARC-10 as a translation that is not validated (no validated Spanish BARC-10 exists)', () => {
    expect(textIn(BARC10, BARC10.items[0]!.text, 'es').validated).toBe(false);
    expect(textIn(PHQ9, PHQ9.items[0]!.text, 'es').validated).toBe(true);
  });
});

describe('PHQ-9 scoring (Kroenke 2001): sum 0-27, bands 0-4, 5-9, 10-14, 15-19, 20-27', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
    [[1, 1, 1, 1, 0, 0, 0, 0, 0], 4, 'minimal'],
    [[1, 1, 1, 1, 1, 0, 0, 0, 0], 5, 'mild'],
    [[1, 1, 1, 1, 1, 1, 1, 1, 1], 9, 'mild'],
    [[2, 2, 2, 2, 2, 0, 0, 0, 0], 10, 'moderate'],
    [[2, 2, 2, 2, 2, 2, 2, 0, 0], 14, 'moderate'],
    [[3, 3, 3, 3, 3, 0, 0, 0, 0], 15, 'moderately-severe'],
    [[3, 3, 3, 3, 3, 2, 2, 0, 0], 19, 'moderately-severe'],
    [[3, 3, 3, 3, 3, 3, 2, 0, 0], 20, 'severe'],
    [[3, 3, 3, 3, 3, 3, 3, 3, 3], 27, 'severe'],
  ])('%j scores %i (%s)', (values, total, band) => {
    const r = scoreResponse(PHQ9, answersOf('phq9', values));
    expect(r).toMatchObject({ complete: true, total, band, missing: [] });
  });

  it('flags item 9 at 1 or more for same-day follow-up whatever the total', () => {
    const r = scoreResponse(PHQ9, answersOf('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(r.total).toBe(1);
    expect(r.band).toBe('minimal');
    expect(r.flags).toContain('self-harm-thoughts');
    expect(r.safety).toBe(true);
    expect(scoreResponse(PHQ9, answersOf('phq9', [3, 3, 3, 3, 3, 3, 3, 3, 0])).safety).toBe(false);
  });

  it('raises the item 9 flag even when the form is incomplete, and gives no total', () => {
    const r = scoreResponse(PHQ9, { 'phq9.1': 2, 'phq9.9': 2 });
    expect(r.complete).toBe(false);
    expect(r.total).toBeNull();
    expect(r.band).toBeNull();
    expect(r.missing).toEqual(['phq9.2', 'phq9.3', 'phq9.4', 'phq9.5', 'phq9.6', 'phq9.7', 'phq9.8']);
    expect(r.safety).toBe(true);
  });

  it('scores the PHQ-2 as items 1 and 2, positive at 3 or more', () => {
    const r = scoreResponse(PHQ9, answersOf('phq9', [2, 1, 0, 0, 0, 0, 0, 0, 0]));
    expect(r.subscales).toEqual([{ code: 'phq-2', score: 3, band: null, prorated: false }]);
    expect(r.flags).toEqual(['phq-2-positive']);
    expect(scoreResponse(PHQ9, answersOf('phq9', [1, 1, 3, 3, 3, 3, 3, 3, 0])).flags).toEqual([]);
  });
});

describe('GAD-7 scoring (Spitzer 2006): sum 0-21, bands 0-4, 5-9, 10-14, 15-21', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
    [[1, 1, 1, 1, 0, 0, 0], 4, 'minimal'],
    [[1, 1, 1, 1, 1, 0, 0], 5, 'mild'],
    [[2, 2, 2, 2, 1, 0, 0], 9, 'mild'],
    [[2, 2, 2, 2, 2, 0, 0], 10, 'moderate'],
    [[2, 2, 2, 2, 2, 2, 2], 14, 'moderate'],
    [[3, 3, 3, 3, 3, 0, 0], 15, 'severe'],
    [[3, 3, 3, 3, 3, 3, 3], 21, 'severe'],
  ])('%j scores %i (%s)', (values, total, band) => {
    expect(scoreResponse(GAD7, answersOf('gad7', values))).toMatchObject({ complete: true, total, band });
  });
});

describe('BARC-10 scoring (Vilsaint 2017): sum 10-60, 47 or more predicts sustained remission', () => {
  it.each([
    [[1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 10, 'building'],
    [[5, 5, 5, 5, 5, 5, 5, 4, 4, 3], 46, 'building'],
    [[5, 5, 5, 5, 5, 5, 5, 4, 4, 4], 47, 'strong'],
    [[6, 6, 6, 6, 6, 6, 6, 6, 6, 6], 60, 'strong'],
  ])('%j scores %i (%s)', (values, total, band) => {
    expect(scoreResponse(BARC10, answersOf('barc10', values))).toMatchObject({ complete: true, total, band });
  });

  it('reports crossing the cut-off of 47 and reads change as band movement (no published reliable change)', () => {
    expect(changeOf(BARC10, 40, 48)).toEqual({ delta: 8, direction: 'improved', reliable: true, crossedCutOff: 'up' });
    expect(changeOf(BARC10, 30, 40)).toEqual({ delta: 10, direction: 'unchanged', reliable: false, crossedCutOff: null });
    expect(changeOf(BARC10, 50, 44)).toEqual({ delta: -6, direction: 'worsened', reliable: true, crossedCutOff: 'down' });
  });
});

describe('reliable change', () => {
  it.each([
    [PHQ9, 18, 12, 'improved', true],
    [PHQ9, 18, 13, 'unchanged', false],
    [PHQ9, 8, 14, 'worsened', true],
    [GAD7, 12, 8, 'improved', true],
    [GAD7, 12, 9, 'unchanged', false],
  ] as Array<[InstrumentDefinition, number, number, string, boolean]>)('%s: %i to %i is %s', (d, first, latest, direction, reliable) => {
    expect(changeOf(d, first, latest)).toMatchObject({ direction, reliable });
  });
});

describe('answers', () => {
  it('refuses an answer out of range or an item the instrument does not have, naming the field', () => {
    expect(checkAnswers(PHQ9, { 'phq9.1': 4 })).toEqual([{ field: 'answers.phq9.1', message: 'Answer one of 0, 1, 2, 3' }]);
    expect(checkAnswers(PHQ9, { 'phq9.10': 1 })).toEqual([{ field: 'answers.phq9.10', message: 'phq-9 1 has no item "phq9.10"' }]);
    expect(checkAnswers(BARC10, { 'barc10.1': 0 })[0]?.field).toBe('answers.barc10.1');
    expect(checkAnswers(PHQ9, { 'phq9.1': null })).toEqual([]);
  });

  it('prorates only where the instrument allows it: the satisfaction mean with one statement left out', () => {
    const r = scoreResponse(SATISFACTION, { 'sat.1': 5, 'sat.2': 4, 'sat.3': 4, 'sat.4': 3 });
    expect(r).toMatchObject({ complete: false, total: 4, missing: ['sat.5'] });
    expect(scoreResponse(SATISFACTION, { 'sat.1': 5, 'sat.2': 4, 'sat.3': 4 }).total).toBeNull();
  });

  it('reverse-scores items as min + max − answer', () => {
    const d: InstrumentDefinition = {
      ...SATISFACTION,
      code: 'reverse-test',
      items: SATISFACTION.items.map((i, n) => (n === 0 ? { ...i, reverse: true } : i)),
      scales: [{ code: 'total', label: { en: 'Sum' }, items: SATISFACTION.items.map((i) => i.id), method: 'sum' }],
    };
    // 1 on a reversed 1-5 item counts 5.
    expect(scoreResponse(d, { 'sat.1': 1, 'sat.2': 1, 'sat.3': 1, 'sat.4': 1, 'sat.5': 1 }).total).toBe(9);
  });

  it('a complete PHQ-9 total is always the sum of its answers, within 0-27, in the band that holds it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }), (values) => {
        const r = scoreResponse(PHQ9, answersOf('phq9', values));
        const sum = values.reduce((a, b) => a + b, 0);
        expect(r.total).toBe(sum);
        const band = PHQ9.bands.total!.find((b) => sum >= b.min && sum <= b.max)!;
        expect(r.band).toBe(band.code);
        expect(r.safety).toBe(values[8]! >= 1);
      }),
    );
  });
});

describe('an organization instrument is checked before it is published', () => {
  it('names each problem', () => {
    const bad: InstrumentDefinition = {
      ...GAD7,
      code: 'State Scale!',
      items: [...GAD7.items, { ...GAD7.items[0]!, answerSet: 'missing' }],
      scales: [{ code: 'total', label: { en: 'x' }, items: ['gad7.1', 'nope'], method: 'sum' }],
      bands: { total: [{ code: 'a', label: { en: 'a' }, min: 0, max: 10 }, { code: 'b', label: { en: 'b' }, min: 10, max: 21 }] },
    };
    expect(checkDefinition(bad).map((p) => p.field)).toEqual(['code', 'items.7.id', 'items.7.answerSet', 'scales.0.items.1', 'bands.total.1.min']);
  });
});
