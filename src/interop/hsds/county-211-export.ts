// A real-shaped county 211 export (issue 19): what open-data 211 exports look like, one trait at
// a time, so each test shows the one thing a real file does, and the demo imports what an
// operator would receive. A package is built as the files
// a person receives (datapackage.json + CSV files, optionally zipped, in a data/ subfolder, with
// names in another case, in Windows-1252 or with a UTF-8 BOM), then handed to the importer
// exactly like a folder read from disk.
import { zipSync } from 'fflate';

export interface RealExportOptions {
  /** CSV files under this folder (`data/`). */
  folder?: string;
  /** File names as written by the exporting system (`Services.csv`); datapackage.json keeps lower case. */
  upperCaseNames?: boolean;
  encoding?: 'utf8' | 'utf8-bom' | 'windows-1252';
  /** Also replace or add files (name as in the package, before folder/case changes). */
  override?: Record<string, string | Uint8Array>;
  /** Leave out tables by file name. */
  omit?: string[];
}

/** The tables of a small county 211 export in the HSDS 1.x/2.x layout most 211 systems still use. */
export const REAL_EXPORT_TABLES: Record<string, string> = {
  'organizations.csv': [
    'id,name,description,url,email',
    'ORG-1,Harbor Food Bank,Groceries for families in the county,www.harborfood.org,info@harborfood.org',
    'ORG-2,Maison Espoir,Refugio y servicios para familias haitianas,,',
    // An organization whose name the export lost: its services still import.
    'ORG-3,,Legal clinic for tenants,,',
  ].join('\r\n'),
  'services.csv': [
    'id,organization_id,name,description,status,fees',
    'SVC-1,ORG-1,Harbor Food Pantry,"Weekly groceries, no ID needed; niños welcome",active,Free',
    'SVC-2,ORG-2,Maison Espoir Shelter,Emergency shelter for families,active,',
    'SVC-3,ORG-3,Tenant Legal Clinic,Eviction defense,active,',
    // The export left this service's organization out.
    'SVC-4,ORG-404,Hope Detox,Medically supervised withdrawal,active,',
    'SVC-5,ORG-1,Harbor Crisis Line,Call any time,active,',
  ].join('\r\n'),
  'locations.csv': [
    'id,organization_id,name,latitude,longitude',
    'LOC-1,ORG-1,Harbor warehouse,41.8781,-87.6298',
    'LOC-2,ORG-2,Confidential shelter site,41.88,-87.63',
    'LOC-3,ORG-3,Courthouse annex,41.882,-87.631',
  ].join('\r\n'),
  'services_at_location.csv': ['id,service_id,location_id', 'SAL-1,SVC-1,LOC-1', 'SAL-2,SVC-2,LOC-2', 'SAL-3,SVC-3,LOC-3'].join('\r\n'),
  'physical_addresses.csv': [
    'id,location_id,address_1,city,state_province,postal_code,country',
    'ADR-1,LOC-1,1200 S Halsted St,Chicago,il,60607,US',
    'ADR-2,LOC-2,Confidential Address,Chicago,IL,60607,US',
    'ADR-3,LOC-3,50 W Washington St,Chicago,ILLINOIS,60602,',
  ].join('\r\n'),
  // One row per language, each with its service's id as its own id (as some exports do).
  'languages.csv': ['id,service_id,language', 'SVC-2,SVC-2,Spanish', 'SVC-2,SVC-2,Haitian Creole', 'SVC-2,SVC-2,English', 'SVC-1,SVC-1,English'].join('\r\n'),
  'phones.csv': [
    'id,service_id,number,type',
    'PH-1,SVC-1,(312) 555-0101,voice',
    'PH-2,SVC-5,(312) 555-0199,hotline',
    // A phone of a service that is not in the export: never kept.
    'PH-3,SVC-999,(312) 555-0000,voice',
  ].join('\r\n'),
  'regular_schedules.csv': [
    'id,service_id,weekday,opens_at,closes_at',
    // Nine to five, typed as "9:00am" and "5:00".
    'SCH-1,SVC-1,Monday,9:00am,5:00',
    'SCH-2,SVC-1,Tuesday,9:00am-5:00,',
    // Nonsense: closes before it opens, no am or pm to tell what was meant.
    'SCH-3,SVC-3,Monday,9:00,5:00',
  ].join('\r\n'),
  // 211 LA / AIRS codes as the taxonomy ids and in services_taxonomy.
  'taxonomy.csv': [
    'id,name,parent_id,parent_name,vocabulary',
    'BD-1800.2000,Food Pantries,BD-1800,Emergency Food,AIRS',
    'BH-1800.8500,Emergency Shelter,BH-1800,Emergency Shelter,AIRS',
    'RX-8470.1700,Detoxification,RX-8470,Substance Use Disorder Treatment Programs,AIRS',
    'RP-1400.8000,Crisis Intervention Hotlines,RP-1400,Crisis Intervention,AIRS',
    'FT-3200,Legal Counseling,,,AIRS',
    // A code no category covers yet (AIRS P: Individual and Family Life), as real feeds carry many.
    'PH-6500.1500,Tenant Support Groups,PH-6500,Support Groups,AIRS',
  ].join('\r\n'),
  'services_taxonomy.csv': [
    'id,service_id,taxonomy_id',
    'ST-1,SVC-1,BD-1800.2000',
    'ST-2,SVC-2,BH-1800.8500',
    'ST-3,SVC-4,RX-8470.1700',
    'ST-4,SVC-5,RP-1400.8000',
    'ST-5,SVC-3,FT-3200',
    'ST-7,SVC-3,PH-6500.1500',
    // A link to a service not in the export: never kept.
    'ST-6,SVC-999,BD-1800.2000',
  ].join('\r\n'),
};

export const datapackageJson = (names: readonly string[]): string =>
  JSON.stringify({ name: 'county-211-export', version: '2.0.0', resources: names.map((path) => ({ name: path.replace(/\.csv$/, ''), path, profile: 'tabular-data-resource' })) }, null, 2);

/** Windows-1252 bytes of a text (Latin-1 range directly; the few 0x80-0x9F characters mapped). */
export const windows1252 = (text: string): Uint8Array => {
  const special: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    out[i] = special[c] ?? (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f);
  }
  return out;
};

/** The files of a real-shaped package, keyed as a folder read from disk would be. */
export const realExport = (o: RealExportOptions = {}): Record<string, Uint8Array> => {
  const tables: Record<string, string | Uint8Array> = { ...REAL_EXPORT_TABLES, ...(o.override ?? {}) };
  for (const name of o.omit ?? []) delete tables[name];
  const csvNames = Object.keys(tables).filter((n) => n.endsWith('.csv'));
  const files: Record<string, Uint8Array> = {};
  if (!('datapackage.json' in tables)) files['datapackage.json'] = new TextEncoder().encode(datapackageJson(csvNames));
  for (const [name, contents] of Object.entries(tables)) {
    const shown = o.upperCaseNames && name.endsWith('.csv') ? name.charAt(0).toUpperCase() + name.slice(1).replace(/_(\w)/g, (_, c: string) => `_${c.toUpperCase()}`) : name;
    const path = name.endsWith('.csv') && o.folder ? `${o.folder.replace(/\/$/, '')}/${shown}` : shown;
    if (contents instanceof Uint8Array) files[path] = contents;
    else if (o.encoding === 'windows-1252') files[path] = windows1252(contents);
    else if (o.encoding === 'utf8-bom') files[path] = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(contents)]);
    else files[path] = new TextEncoder().encode(contents);
  }
  return files;
};

/** The same package as one .zip archive (what a county's open-data portal hands out). */
export const realExportZip = (o: RealExportOptions = {}, name = 'county-211-export.zip'): Record<string, Uint8Array> => ({
  [name]: zipSync(realExport(o)),
});

/** Bytes no text file has: what a CSV download that failed midway, or a renamed .xlsx, holds. */
export const binaryGarbage = (n = 2048): Uint8Array => {
  const b = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >>> 16;
  }
  return b;
};
