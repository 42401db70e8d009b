import { isKnownCounty } from './geography.ts';
import { csvRows, FatalImportError, parseFigure, type RowProblem } from './import.rules.ts';
import type { RaceGroup } from './demographics.rules.ts';

/**
 * Census ACS 5-year tables as data.census.gov exports them (`ACSDT5Y{year}.{TABLE}-Data.csv`,
 * OUTCOMES-AND-WORKFORCE.md section 5): two header rows (variable codes, then labels), a county
 * is `GEO_ID` `0500000US` + its FIPS, each estimate `_E` has its margin of error `_M` (90%).
 * Supported: B03002 (Hispanic or Latino origin by race) and C16001 (language spoken at home).
 */
export interface PopulationCell {
  countyFips: string;
  category: string;
  estimate: number;
  moe: number | null;
}

export const B03002: Record<string, RaceGroup | 'total'> = {
  B03002_001: 'total',
  B03002_003: 'white',
  B03002_004: 'black',
  B03002_005: 'aian',
  B03002_006: 'asian',
  B03002_007: 'nhpi',
  B03002_008: 'other',
  B03002_009: 'multiracial',
  B03002_012: 'hispanic',
};

const C16001_LINES = ['001', '002', '003', '006', '009', '012', '018', '021', '024', '027', '033'];

const categoriesOf = (table: string): Record<string, string> => {
  if (table === 'B03002') return B03002;
  if (table === 'C16001') return Object.fromEntries(C16001_LINES.map((l) => [`C16001_${l}`, l === '001' ? 'total' : `C16001_${l}`]));
  throw new Error(`unsupported table ${table}`);
};

/** The table and year a data.census.gov file name states, e.g. `ACSDT5Y2022.B03002-Data.csv`. */
export const acsFileName = (name: string): { year: number; table: string } | null => {
  const m = /ACSDT5Y(\d{4})\.([BC]\d{5})/i.exec(name);
  return m ? { year: Number(m[1]), table: m[2]!.toUpperCase() } : null;
};

export const parseAcsFile = (file: string, text: string, table: string): { cells: PopulationCell[]; problems: RowProblem[] } => {
  if (table !== 'B03002' && table !== 'C16001') throw new FatalImportError(file, `table ${table} is not one the registry compares; import B03002 or C16001.`);
  const rows = csvRows(file, text);
  const codes = rows[0]?.map((c) => c.trim()) ?? [];
  if (!codes.includes('GEO_ID')) throw new FatalImportError(file, 'the first header row has no GEO_ID column: export the table from data.census.gov as CSV.');
  const categories = categoriesOf(table);
  const estimates = Object.keys(categories).filter((v) => codes.includes(`${v}E`));
  if (!estimates.includes(`${table}_001`)) throw new FatalImportError(file, `this is not table ${table}: its total (${table}_001E) is missing.`);
  // The second header row holds labels ("Geography", "Estimate!!Total:"); data starts after it.
  const labelsRow = rows[1] && rows[1][codes.indexOf('GEO_ID')] === 'Geography' ? 1 : 0;
  const cells: PopulationCell[] = [];
  const problems: RowProblem[] = [];
  rows.slice(1 + labelsRow).forEach((row, i) => {
    const line = i + 2 + labelsRow;
    const geo = (row[codes.indexOf('GEO_ID')] ?? '').trim();
    const m = /^0500000US(\d{5})$/.exec(geo);
    if (!m) {
      problems.push({ line, column: 'GEO_ID', severity: 'warning', message: `"${geo}" is not a county: the row is skipped.` });
      return;
    }
    const fips = m[1]!;
    if (!isKnownCounty(fips)) problems.push({ line, column: 'GEO_ID', severity: 'warning', message: `County ${fips} is not on the registry's map (another boundary vintage); its figures are kept but not drawn.` });
    for (const variable of estimates) {
      const estimate = parseFigure(row[codes.indexOf(`${variable}E`)]);
      if (estimate === null) {
        problems.push({ line, column: `${variable}E`, severity: 'warning', message: 'No estimate: this figure is left out.' });
        continue;
      }
      const mi = codes.indexOf(`${variable}M`);
      cells.push({ countyFips: fips, category: categories[variable]!, estimate, moe: mi < 0 ? null : parseFigure(row[mi]) });
    }
  });
  if (cells.length === 0) throw new FatalImportError(file, 'no county row could be read from this file.');
  return { cells, problems };
};
