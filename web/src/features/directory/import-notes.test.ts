import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOTE_CODES, english, type Note } from '../../../../src/interop/hsds/report-notes.ts';
import { allTexts } from '../../app/i18n/all-texts';

const { en, es } = allTexts;
import { sayNote } from './import-notes';

// The import page says each problem of the row report in the reader's language: every code of the
// server's catalogue (src/interop/hsds/report-notes.ts) has its text in English and Spanish,
// naming the same values as the catalogue's English sentence.

type Tree = { [key: string]: string | Tree };
const texts = (messages: unknown): Record<string, unknown> => ((messages as { directory: { importNotes?: Record<string, unknown> } }).directory.importNotes ?? {});
const placeholders = (s: string) => new Set([...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!));
const sorted = (s: Iterable<string>) => [...s].sort();

/** A value each name stands for, so a sentence shows where it put it. */
const mark = (name: string) => `⟦${name}⟧`;
/** The "why" of an outcome note in the samples: a plain note with a value of its own. */
const WHY = { code: 'notADate', values: { value: mark('inner') } } as const;

/**
 * The catalogue's English sentence of a code with every value it names marked, and those names:
 * read off the catalogue by calling it (each value it asks for is recorded).
 */
const sample = (code: string) => {
  const names = new Set<string>();
  const values = new Proxy({} as Record<string, unknown>, {
    get: (_, name) => {
      if (typeof name !== 'string') return undefined;
      names.add(name);
      return name === 'why' ? WHY : mark(name);
    },
  });
  const sentence = english({ code, values } as unknown as Note);
  const note = { code, values: Object.fromEntries([...names].map((n) => [n, n === 'why' ? WHY : mark(n)])) };
  return { names, sentence, note };
};

let tEn: TFunction;
let tEs: TFunction;
/** Spanish alone, as a phone set to Spanish has it (one language's texts loaded). */
let tEsOnly: TFunction;
beforeAll(async () => {
  const make = async (lng: string, resources: Record<string, { translation: unknown }>) => {
    const i = createInstance();
    await i.init({ resources: resources as never, lng, fallbackLng: 'en', interpolation: { escapeValue: false } });
    return i.t;
  };
  tEn = await make('en', { en: { translation: en }, es: { translation: es } });
  tEs = await make('es', { en: { translation: en }, es: { translation: es } });
  const older = structuredClone(es) as unknown as Tree;
  const notes = (older.directory as Tree).importNotes as Tree;
  delete notes.rowSkipped;
  tEsOnly = await make('es', { es: { translation: older } });
});

describe('import notes: every code in every language', () => {
  it('the catalogue has codes, and the texts no code it lacks', () => {
    expect(NOTE_CODES.length).toBeGreaterThan(50);
    expect(sorted(Object.keys(texts(en)))).toEqual(sorted(NOTE_CODES));
    expect(sorted(Object.keys(texts(es)))).toEqual(sorted(NOTE_CODES));
  });

  it.each(NOTE_CODES)('%s: in English and Spanish, naming exactly the values of the English sentence', (code) => {
    const { names } = sample(code);
    for (const [lang, messages] of [['en', en], ['es', es]] as const) {
      const text = texts(messages)[code];
      expect(typeof text, `${lang}: directory.importNotes.${code}`).toBe('string');
      expect(sorted(placeholders(text as string)), `${lang}: directory.importNotes.${code}`).toEqual(sorted(names));
    }
  });

  it.each(NOTE_CODES)('%s: the English text reads as the catalogue’s sentence; the Spanish one is another and shows every value', (code) => {
    const { note, sentence } = sample(code);
    expect(sayNote(tEn, note, 'fallback')).toBe(sentence);
    const spanish = sayNote(tEs, note, 'fallback');
    expect(spanish).not.toBe('fallback');
    expect(spanish).not.toBe(sentence);
    expect(spanish).not.toMatch(/\{\{|\}\}/);
    for (const name of Object.keys(note.values)) expect(spanish).toContain(name === 'why' ? `"${mark('inner')}"` : mark(name));
  });

  it('quotes the values where the English quotes them', () => {
    for (const code of NOTE_CODES) {
      const quoted = (s: string) => sorted([...s.matchAll(/"\{\{(\w+)\}\}"/g)].map((m) => m[1]!));
      expect(quoted(texts(es)[code] as string), code).toEqual(quoted(texts(en)[code] as string));
    }
  });
});

describe('sayNote', () => {
  // As the server sends it for a location with a latitude of 91 and no longitude.
  const skipped = {
    code: 'rowSkipped',
    values: { why: [{ code: 'latitudeOutOfRange', values: { value: 91 } }, { code: 'coordinatesUnpaired' }] },
  };
  const problem = 'latitude 91 outside -90..90; latitude and longitude must come together; row skipped';

  it('says the notes of why first, joined as the English report joins them, in English and Spanish', () => {
    expect(english(skipped as Note)).toBe(problem);
    expect(sayNote(tEn, skipped, 'unused')).toBe(problem);
    expect(sayNote(tEs, skipped, problem)).toBe('latitud 91 fuera de -90..90; la latitud y la longitud deben ir juntas; se omitió la fila');
    const refers = { code: 'rowSkipped', values: { why: { code: 'refersToMissing', values: { table: 'service', value: 'SVC-9' } } } };
    expect(sayNote(tEs, refers, '')).toBe('apunta a service "SVC-9", que no está en esta importación; se omitió la fila');
    expect(sayNote(tEs, { code: 'idDuplicate', values: { id: '7', row: 3 } }, '')).toBe('id duplicado "7" (apareció primero en la fila 3); se omitió la fila');
  });

  it('a value is only a value: counts do not pick a plural, braces and $t( are not read', () => {
    expect(sayNote(tEs, { code: 'idsNotUuid', values: { count: 1, id: 'A' } }, '')).toMatch(/^1 ids de este archivo/);
    expect(sayNote(tEs, { code: 'notADate', values: { value: '{{id}} $t(app.name)' } }, '')).toBe('no es una fecha: "{{id}} $t(app.name)"');
  });

  it('says the English problem for a row without a note, or with one this app cannot say', () => {
    expect(sayNote(tEs, undefined, problem)).toBe(problem);
    expect(sayNote(tEs, null, problem)).toBe(problem);
    expect(sayNote(tEs, { code: 'aCodeFromANewerServer' }, problem)).toBe(problem);
    expect(sayNote(tEs, { code: 'rowSkipped', values: { why: [{ code: 'coordinatesUnpaired' }, { code: 'aCodeFromANewerServer' }] } }, problem)).toBe(problem);
    expect(sayNote(tEs, { code: 'rowSkipped', values: { why: [] } }, problem)).toBe(problem);
    // Missing a value its text names, or nested deeper than the API describes.
    expect(sayNote(tEs, { code: 'idDuplicate', values: { id: '7' } }, problem)).toBe(problem);
    expect(sayNote(tEs, { code: 'rowSkipped', values: { why: { code: 'rowSkipped', values: { why: { code: 'coordinatesUnpaired' } } } } }, problem)).toBe(problem);
    // Not keys of the texts: paths, inherited properties, a whole group.
    for (const code of ['constructor', 'toString', '__proto__', 'import.title', 'directory:importNotes', '', 7]) expect(sayNote(tEs, { code }, problem)).toBe(problem);
    expect(sayNote(tEs, { code: 'notADate', values: 'x' }, problem)).toBe(problem);
    // Spanish loaded alone, without the text of a code: the English problem, not the key.
    expect(sayNote(tEsOnly, skipped, problem)).toBe(problem);
    expect(sayNote(tEsOnly, { code: 'coordinatesUnpaired' }, 'English')).toBe('la latitud y la longitud deben ir juntas');
  });
});
