import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hsdsDataDir } from '../../../test/harness/shared.ts';
import type { ReportRow } from './model.ts';
import { readDirectory, readFileSet } from './read-directory.ts';
import { realExport, realExportZip, windows1252 } from './county-211-export.ts';
import { NOTE_CODES, english, note } from './report-notes.ts';

// Issue 19: the row report is read in English and Spanish. Each problem carries its note (a code
// and values) beside the English sentence, and the sentence is the note's, so the web page can
// say exactly what the CLI says, in the reader's language.
const everyRowNoted = (report: readonly ReportRow[]) => {
  for (const r of report) {
    expect(r.note, `${r.file}:${r.row} ${r.field}: ${r.problem}`).toBeDefined();
    expect(english(r.note!)).toBe(r.problem);
    expect(NOTE_CODES).toContain(r.note!.code);
  }
};

/** A 3.0 package with a problem of each kind the engine reports beyond the real-shaped export's. */
const messy = (): Record<string, string | Uint8Array> => ({
  'organizations.csv': 'id,name,description,email,website\norg-1,,Help,mailto:help@example.org,www.example.org\norg-2,Two,,not an email,http://exa mple.org\n',
  'services.csv': [
    'id,organization_id,name,description,status,assured_date,extra_column',
    's-1,org-1,Pantry,Food,open,31/02/2024,x',
    's-1,org-1,Pantry again,Food,active,,',
    's-2,org-missing,Shelter,Beds,closed-ish,,',
    's-3,,Clinic,Care,active,2024-01-01,',
    's-4,org-2,"Broken',
  ].join('\n') + '\n',
  'locations.csv': 'id,organization_id,name,location_type,latitude,longitude\nl-1,org-1,Site,physical,91,200\nl-2,org-1,Half,physical,41,\n',
  'phones.csv': 'id,service_id,location_id,number,extension\np-1,s-1,,"\'555-1234 ext. 9\'",\np-2,s-9,,555-0000,\np-3,s-1,,555-2222 x 12,4\n',
  'schedules.csv': 'id,service_id,freq,byday,opens_at,closes_at\nh-1,s-1,DAILY,,9:00am-5:00,\nh-2,s-1,WEEKLY,Funday,9:00,5:00\nh-3,s-1,WEEKLY,MO,by appointment,25:00\n',
  'addresses.csv': 'id,location_id,address_1,city,state_province,postal_code,country,address_type\na-1,l-1,Confidential,Chicago,illinois,60601,United States,physical\na-2,l-1,1 Main,Chicago,IL,60601,Narnia,physical\n',
  'languages.csv': 'id,service_id,name,code\ns-1,s-1,,Spanish\ns-1,s-1,,Haitian Creole\n',
  'attributes.csv': 'id,link_id,link_entity,taxonomy_term_id\nat-1,s-404,service,t-1\n',
  'taxonomy_terms.csv': 'id,code,name,description\nt-1,BD-1800,Food Pantries,\n',
});

describe('every problem of the row report carries its note, and its sentence is the note\'s', () => {
  it('the real-shaped 211 export, as a folder and as a Windows-1252 .zip with its tables in data/', () => {
    everyRowNoted(readFileSet(realExport(), { source: 'county-211' }).report);
    everyRowNoted(readFileSet(realExportZip({ folder: 'data', upperCaseNames: true, encoding: 'windows-1252' }), { source: 'county-211' }).report);
  });

  it('a package with a problem of each kind', () => {
    const files = { ...messy(), 'data/services.csv': windows1252('id,name\nx,y\n') };
    const r = readFileSet(files, { source: 'messy' });
    everyRowNoted(r.report);
    const codes = new Set(r.report.map((x) => x.note!.code));
    // The outcome and its reason are both codes: "row skipped" because of a missing link.
    expect(r.report).toContainEqual(
      expect.objectContaining({
        file: 'phones.csv',
        note: { code: 'rowSkipped', values: { why: { code: 'refersToMissing', values: { table: 'service', value: 's-9' } } } },
        problem: 'refers to service "s-9", which is not in this import; row skipped',
      }),
    );
    for (const c of ['idNotUuid', 'idsNotUuid', 'idDuplicate', 'organizationMissing', 'organizationNamePlaceholder', 'unknownColumn', 'stateWritten', 'addressPlaceholder', 'hoursGuessed', 'coordinatesDropped', 'extensionMoved', 'fileNamedTwice', 'idsReused']) {
      expect(codes, c).toContain(c);
    }
  });

  it('the official samples: the HSDS 1.1 package (the legacy reader) and a 3.0 example', () => {
    everyRowNoted(readDirectory(join(hsdsDataDir(), 'hsds-1.1-sample-datapackage')).report);
    everyRowNoted(readDirectory(join(hsdsDataDir(), 'hsds-3.0-examples', 'service_full.json')).report);
  });
});

describe('the English sentences', () => {
  it('say why and then what happened, with every reason of a list', () => {
    expect(english(note('rowSkipped', { why: [note('latitudeOutOfRange', { value: 91 }), note('coordinatesUnpaired')] }))).toBe(
      'latitude 91 outside -90..90; latitude and longitude must come together; row skipped',
    );
    expect(english(note('linkRemoved', { why: note('refersToSkipped', { table: 'location', value: 'l-7' }) }))).toBe('refers to location "l-7", which was skipped; link removed');
  });
});
