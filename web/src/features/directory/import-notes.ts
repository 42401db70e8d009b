import type { Translate } from './display';

// An import's row report says each problem in English (`problem`) and, since issue 19, also as a
// code with its values (`note`, src/interop/hsds/report-notes.ts): the import page says the note
// in the reader's language with the keys `directory.importNotes.<code>`.

/** A value of a note as the file wrote it (a cell, a count, a field name). */
export type NoteScalar = string | number;
/** A note whose values are all plain: the "why" of an outcome note (row skipped, dropped, ...). */
export interface PlainNote {
  code: string;
  values?: Record<string, NoteScalar>;
}
/** A problem of the report as a code and the values its sentence names (two levels at most). */
export interface ReportNote {
  code: string;
  values?: Record<string, NoteScalar | PlainNote | PlainNote[]>;
}

/** A code is a key name, never a path into the texts ("a.b", "ns:key") nor an inherited property. */
const CODE = /^[A-Za-z][A-Za-z0-9]*$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One note in the reader's language, or null when it cannot be said: not a note, a code this app
 * has no text for, or a value its text names that the note does not carry. The notes of a value
 * (why a row was skipped) are said first and joined with "; ", as the English report does.
 */
const say = (t: Translate, note: unknown, nested: boolean): string | null => {
  if (!isRecord(note) || typeof note.code !== 'string' || !CODE.test(note.code)) return null;
  const given = note.values ?? {};
  if (!isRecord(given)) return null;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (typeof value === 'string' || typeof value === 'number') {
      values[name] = String(value);
      continue;
    }
    if (nested) return null;
    const notes = Array.isArray(value) ? value : [value];
    const said = notes.map((n) => say(t, n, true));
    if (said.length === 0 || said.some((s) => s === null)) return null;
    values[name] = said.join('; ');
  }
  const key = `directory.importNotes.${note.code}`;
  let missing = false;
  // `replace` carries the values, so a value named like an option of t (count, context) is only a value.
  const text = t(key, {
    replace: values,
    missingInterpolationHandler: () => {
      missing = true;
      return '';
    },
  });
  return typeof text === 'string' && text !== '' && text !== key && !missing ? text : null;
};

/**
 * A report row's problem in the reader's language: its note said with `t`, else (a report stored
 * before notes, a code this version does not know) the row's English `problem`.
 */
export const sayNote = (t: Translate, note: unknown, problem: string): string => (note === undefined ? problem : (say(t, note, false) ?? problem));
