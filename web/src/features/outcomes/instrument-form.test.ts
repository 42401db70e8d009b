import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, draftFrom, toInstrumentInput } from './instrument-form';
import type { Instrument } from './outcomes.api';

const draft = {
  ...EMPTY_DRAFT,
  code: 'state-functional',
  titleEn: 'State functional scale',
  titleEs: 'Escala funcional estatal',
  instructionsEn: 'In the last month…',
  licence: 'State of Example, public domain',
  citation: 'Example DHS 2025',
  itemsEn: 'Keeps a home\nManages money\nHas someone to call',
  itemsEs: 'Mantiene un hogar\nManeja el dinero\nTiene a quién llamar',
  reverse: '2',
  method: 'mean' as const,
  bandsEn: '0-1 Needs support\n1.01-3 Doing well',
  bandsEs: 'Necesita apoyo\nBien',
};

describe('an organization instrument typed as lines', () => {
  it('becomes the API definition: items with their Spanish, one answer set, reverse items, mean scoring, bands', () => {
    const { input, errors } = toInstrumentInput(draft);
    expect(errors).toEqual([]);
    expect(input!.items.map((i) => [i.id, i.text.es, i.reverse ?? false])).toEqual([
      ['statefunctional.1', 'Mantiene un hogar', false],
      ['statefunctional.2', 'Maneja el dinero', true],
      ['statefunctional.3', 'Tiene a quién llamar', false],
    ]);
    expect(input!.answerSets.answers!.map((a) => [a.value, a.label.en, a.label.es])).toEqual([
      [0, 'Never', 'Nunca'],
      [1, 'Sometimes', 'A veces'],
      [2, 'Often', 'A menudo'],
      [3, 'Always', 'Siempre'],
    ]);
    expect(input!.scales).toEqual([{ code: 'total', label: { en: 'Total', es: 'Total' }, items: ['statefunctional.1', 'statefunctional.2', 'statefunctional.3'], method: 'mean' }]);
    expect(input!.bands.total!.map((b) => [b.code, b.min, b.max, b.label.es])).toEqual([
      ['needs-support', 0, 1, 'Necesita apoyo'],
      ['doing-well', 1.01, 3, 'Bien'],
    ]);
    expect(input!.translations.es?.status).toBe('not-validated');
  });

  it('names the line that cannot be read, and a reverse item that is not a question', () => {
    const { input, errors } = toInstrumentInput({ ...draft, answersEn: '0 = Never\nsometimes', reverse: '7', bandsEn: 'low' });
    expect(input).toBeUndefined();
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'answersEn', key: 'answerLine', line: 2 },
        { field: 'reverse', key: 'reverseItem' },
        { field: 'bandsEn', key: 'bandLine', line: 1 },
      ]),
    );
  });

  it('a new version starts from the published one under the next number', () => {
    const { input } = toInstrumentInput(draft);
    const next = draftFrom({ ...input!, version: '1', builtIn: false, publishedAt: '2026-01-01T00:00:00Z' } as Instrument);
    expect(next.version).toBe('2');
    expect(next.reverse).toBe('2');
    expect(toInstrumentInput(next).input!.items).toEqual(input!.items);
  });
});
