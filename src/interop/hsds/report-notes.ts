// What the row report of an import says, as codes with their values (issue 19). The report's
// `problem` is the English sentence (the CLI prints it, the API and stored runs keep it); the
// `note` beside it lets the web page say the same in the reader's language (the import page is
// used in English and Spanish; its keys are web/src/app/i18n/*.json `directory.importNotes`).
//
// A note's values are text, numbers or, for the outcome notes (row skipped, dropped, ...), the
// notes that say why: two levels at most, so the API can describe them without recursion.

/** A value the reader sees as written (a cell of the export, a count, a field name). */
export type NoteScalar = string | number;
/** A note whose values are all plain (the "why" of an outcome note). */
export interface PlainNote {
  code: NoteCode;
  values?: Record<string, NoteScalar>;
}
/** A problem of the report: a code and the values its sentence names. */
export interface Note {
  code: NoteCode;
  values?: Record<string, NoteScalar | PlainNote | PlainNote[]>;
}
/** Why an outcome happened: one note, or several said in a row ("latitude 91 outside -90..90; longitude ..."). */
export type Why = PlainNote | PlainNote[];

const plainEnglish = (n: PlainNote): string => (ENGLISH[n.code] as (v: unknown) => string)(n.values ?? {});
const because = (why: Why): string => (Array.isArray(why) ? why.map(plainEnglish).join('; ') : plainEnglish(why));

const ENGLISH = {
  // What happened to the row or value, after why.
  rowSkipped: (v: { why: Why }) => `${because(v.why)}; row skipped`,
  dropped: (v: { why: Why }) => `${because(v.why)}; dropped`,
  movedToNotes: (v: { why: Why }) => `${because(v.why)}; moved to notes`,
  coordinatesDropped: (v: { why: Why }) => `${because(v.why)}; coordinates dropped`,
  linkRemoved: (v: { why: Why }) => `${because(v.why)}; link removed`,

  // Files and packages.
  notUtf8: () => 'file is not valid UTF-8; decoded as Windows-1252',
  unterminatedQuote: () => 'unterminated quoted field',
  tooManyFields: (v: { fields: number; header: number }) => `row has ${v.fields} fields, header has ${v.header}`,
  tooFewFields: (v: { fields: number; header: number }) => `row has ${v.fields} fields, header has ${v.header}; missing ones read as empty`,
  fileNamedTwice: (v: { name: string; other: string }) => `another file named ${v.name} (${v.other}) was read; this one ignored`,
  noKnownColumn: (v: { columns: string }) => `no column of this table in the header (${v.columns}); file not read`,
  unknownColumn: (v: { column: string }) => `column "${v.column}" is not an HSDS 3.0 field of this table; not imported`,
  datapackageInvalid: () => 'datapackage.json is not valid JSON; default 3.0 file names used',
  expectedObject: () => 'expected an object; ignored',
  expectedArray: () => 'expected an array; ignored',
  unknownObject: () => 'cannot tell what kind of HSDS object this is; skipped',
  notLegacyTable: () => 'not an HSDS 1.x/2.x table; ignored',

  // Ids.
  idEmpty: () => 'empty id; a stable id was derived from the row content',
  idDuplicate: (v: { id: string; row: number }) => `duplicate id "${v.id}" (first seen in row ${v.row}); row skipped`,
  idNotUuid: (v: { id: string }) => `id "${v.id}" is not a UUID; a stable UUID was assigned (the id is kept as the source id)`,
  idsNotUuid: (v: { count: number; id: string }) =>
    `${v.count} ids of this file are not UUIDs (first "${v.id}"); each was given a stable UUID (the ids are kept as source ids)`,
  idsReused: (v: { count: number; id: string; row: number }) =>
    `${v.count} row(s) of this file reuse an id of an earlier row (first "${v.id}", as in row ${v.row}); each kept, with an id derived from its content`,
  valueConflict: (v: { table: string; id: string; given: string; kept: string }) =>
    `conflicting value for repeated ${v.table} ${v.id}: "${v.given}" ignored, "${v.kept}" kept`,

  // Fields.
  requiredMissing: (v: { field: string }) => `missing required field ${v.field}`,
  unreadableValue: () => 'unreadable value',
  notInList: (v: { value: string; allowed: string }) => `"${v.value}" is not one of ${v.allowed}`,
  organizationNamePlaceholder: () => 'missing required field name; placeholder name written, organization marked incomplete',
  descriptionLeftEmpty: () => 'missing required field description; left empty',
  organizationIdPlaceholder: () => 'missing organization_id; kept under a placeholder organization marked incomplete',
  descriptionFromName: () => 'description missing (not in HSDS 1.x); the name is used',
  descriptionsFromNames: (v: { count: number }) => `${v.count} rows have no description (not in HSDS 1.x); each row's name is used`,
  statusAssumed: () => 'blank status; active assumed',
  statusAsActive: (v: { value: string }) => `status "${v.value}" read as active`,
  noneWritten: (v: { field: string }) => `blank ${v.field}; "(none)" written`,
  paymentsAppended: () => 'HSDS 3.0 has no payments table; accepted payments appended to services.fees_description',
  notANumber: (v: { value: string }) => `not a number: "${v.value}"`,
  notAnEmail: (v: { value: string }) => `not an email address: "${v.value}"`,
  mailtoRemoved: () => 'mailto: removed',
  notAUrl: (v: { value: string }) => `not a URL: "${v.value}"`,
  schemeAdded: (v: { value: string }) => `scheme added: "${v.value}"`,
  notADate: (v: { value: string }) => `not a date: "${v.value}"`,
  notADateTime: (v: { value: string }) => `not a date-time: "${v.value}"`,

  // Links between rows.
  refersToSkipped: (v: { table: string; value: string }) => `refers to ${v.table} "${v.value}", which was skipped`,
  refersToMissing: (v: { table: string; value: string }) => `refers to ${v.table} "${v.value}", which is not in this import`,
  linkKept: (v: { value: string }) => `refers to "${v.value}", which is not in this import; link kept`,
  linkKeptUnknown: (v: { value: string; field: string }) => `refers to "${v.value}", which is not in this import; link kept, ${v.field} "unknown"`,
  organizationMissing: (v: { value: string }) => `organization "${v.value}" is not in this import; kept under a placeholder organization marked incomplete`,
  belongsToNothing: () => 'belongs to no row of this import',
  builtinEntry: () => 'This is a built-in national entry (988, 211 or a category); an import cannot change it.',
  builtinChild: () => 'This row belongs to a built-in national entry (988 or 211); an import cannot change it.',
  builtinCategoryUsed: () => "This is one of Peerbridge's own categories: the built-in one is kept, and the services filed under it stay filed under it.",

  // Phones, addresses, places, languages.
  phoneQuotesRemoved: () => 'quotes around the number removed',
  extensionMoved: (v: { extension: string }) => `extension ${v.extension} moved out of the number`,
  extensionDiffers: (v: { extension: string; column: string }) => `extension ${v.extension} in the number differs from extension ${v.column}; column kept`,
  countryAssumed: () => 'blank country; US assumed',
  countryRead: (v: { value: string; code: string }) => `country "${v.value}" read as ${v.code}`,
  countryNotIso: (v: { value: string }) => `country "${v.value}" is not an ISO 3166-1 alpha-2 code`,
  stateWritten: (v: { value: string; code: string }) => `state "${v.value}" written as ${v.code}`,
  addressPlaceholder: (v: { value: string }) => `"${v.value}" is a placeholder, not a street address; not shown`,
  latitudeOutOfRange: (v: { value: number }) => `latitude ${v.value} outside -90..90`,
  longitudeOutOfRange: (v: { value: number }) => `longitude ${v.value} outside -180..180`,
  coordinatesUnpaired: () => 'latitude and longitude must come together',
  languageWritten: (v: { value: string; code: string }) => `language "${v.value}" written as code ${v.code}`,

  // Schedules.
  rangeSplit: (v: { value: string }) => `range "${v.value}" split into opens_at and closes_at`,
  dailyAsWeekly: () => 'DAILY written as WEEKLY on every day',
  unreadableTime: (v: { value: string }) => `unreadable time "${v.value}"`,
  unreadableDays: (v: { value: string }) => `unreadable days "${v.value}"`,
  hoursGuessed: (v: { opens: string; closes: string; from: string; to: string }) =>
    `"${v.opens}"-"${v.closes}" read as ${v.from}-${v.to} (the closing time said neither am nor pm)`,
  hoursBackwards: (v: { opens: string; closes: string }) => `"${v.opens}"-"${v.closes}" closes before it opens and says neither am nor pm; not used for open hours`,
} satisfies Record<string, (v: never) => string>;

export type NoteCode = keyof typeof ENGLISH;
type ValuesOf<C extends NoteCode> = Parameters<(typeof ENGLISH)[C]>[0];

/** A note of the report: `note('notADate', { value: '31/02' })`. */
export const note = <C extends NoteCode>(code: C, ...values: ValuesOf<C> extends undefined ? [] : [ValuesOf<C>]): { code: C; values?: ValuesOf<C> } =>
  values[0] === undefined ? { code } : { code, values: values[0] as ValuesOf<C> };

/** The report's English sentence of a note (the `problem` of a report row). */
export const english = (n: Note): string => (ENGLISH[n.code] as (v: unknown) => string)(n.values ?? {});

/** Every code, for the tests that check each has its sentence in every language of the web app. */
export const NOTE_CODES = Object.keys(ENGLISH) as NoteCode[];

/** A report row's problem and note: `report.push({ file, row, field, ...said(note('notUtf8')), severity })`. */
export const said = (n: Note): { problem: string; note: Note } => ({ problem: english(n), note: n });
