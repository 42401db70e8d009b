import { isKnownCounty } from './geography.ts';
import { csvRows, FatalImportError, parseDate, parseFigure, type RowProblem } from './import.rules.ts';

/**
 * HRSA's mental health HPSA file, `BCD_HPSA_FCT_DET_MH.csv` (OUTCOMES-AND-WORKFORCE.md section 5):
 * one row per designation component; every line ends with a comma (an empty unnamed column);
 * FIPS codes are strings, `XXXXX` when the component is not a county; statuses `Designated`,
 * `Withdrawn`, `Proposed For Withdrawal`. Designations are counted by `HPSA ID`.
 */
export interface HpsaComponent {
  hpsaId: string;
  component: string;
  name: string;
  designationType: string;
  status: string;
  score: number | null;
  countyFips: string | null;
  stateFips: string | null;
  ruralStatus: string | null;
  designatedOn: string | null;
}

const COLUMNS = {
  id: 'HPSA ID',
  name: 'HPSA Name',
  type: 'Designation Type',
  discipline: 'HPSA Discipline Class',
  status: 'HPSA Status',
  score: 'HPSA Score',
  fips: 'State and County Federal Information Processing Standard Code',
  component: 'HPSA Component Source Identification Number',
  rural: 'Rural Status',
  designated: 'HPSA Designation Date',
  stateFips: 'State FIPS Code',
} as const;
const REQUIRED = [COLUMNS.id, COLUMNS.name, COLUMNS.type, COLUMNS.discipline, COLUMNS.status, COLUMNS.fips] as const;
const STATUSES = new Set(['Designated', 'Withdrawn', 'Proposed For Withdrawal']);

/** Statuses under which an area counts as a shortage area today. */
export const isInForce = (status: string) => status === 'Designated' || status === 'Proposed For Withdrawal';

export const parseHpsaFile = (file: string, text: string): { components: HpsaComponent[]; problems: RowProblem[] } => {
  const rows = csvRows(file, text);
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new FatalImportError(file, `this is not an HRSA HPSA detail file: the columns ${missing.map((m) => `"${m}"`).join(', ')} are missing.`);
  const index = new Map(header.map((h, i) => [h, i]));
  const at = (row: string[], name: string) => {
    const i = index.get(name);
    return i === undefined ? '' : (row[i] ?? '').trim();
  };
  const disciplines = new Set(rows.slice(1).map((r) => at(r, COLUMNS.discipline)).filter((d) => d !== ''));
  if (disciplines.size > 0 && ![...disciplines].every((d) => d === 'Mental Health')) {
    throw new FatalImportError(file, `this HPSA file is for ${[...disciplines].join(', ')}; import the mental health file (BCD_HPSA_FCT_DET_MH.csv).`);
  }
  const components: HpsaComponent[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const hpsaId = at(row, COLUMNS.id);
    if (hpsaId === '') {
      problems.push({ line, column: COLUMNS.id, severity: 'error', message: 'No HPSA ID: the row is skipped.' });
      return;
    }
    const status = at(row, COLUMNS.status);
    if (!STATUSES.has(status)) {
      problems.push({ line, column: COLUMNS.status, severity: 'error', message: `Unknown status "${status}": the row is skipped.` });
      return;
    }
    let fips: string | null = at(row, COLUMNS.fips);
    if (/^X+$/i.test(fips) || fips === '') fips = null; // not a county (a facility or population group)
    else if (/^\d{4}$/.test(fips)) {
      // A spreadsheet that read the code as a number dropped its leading zero.
      problems.push({ line, column: COLUMNS.fips, severity: 'warning', message: `County code ${fips} read as 0${fips} (its leading zero was lost).` });
      fips = `0${fips}`;
    }
    if (fips !== null && (!/^\d{5}$/.test(fips) || !isKnownCounty(fips))) {
      problems.push({ line, column: COLUMNS.fips, severity: 'warning', message: `Unknown county code "${fips}": the designation is kept without a county.` });
      fips = null;
    }
    const component = at(row, COLUMNS.component) || `${fips ?? 'X'}:${line}`;
    const key = `${hpsaId}|${component}`;
    if (seen.has(key)) {
      problems.push({ line, severity: 'warning', message: `HPSA ${hpsaId} component ${component} appears twice: the first is kept.` });
      return;
    }
    seen.add(key);
    const score = parseFigure(at(row, COLUMNS.score));
    components.push({
      hpsaId,
      component,
      name: at(row, COLUMNS.name),
      designationType: at(row, COLUMNS.type),
      status,
      score: score === null ? null : Math.round(score),
      countyFips: fips,
      stateFips: fips?.slice(0, 2) ?? (at(row, COLUMNS.stateFips).padStart(2, '0') || null),
      ruralStatus: at(row, COLUMNS.rural) || null,
      designatedOn: parseDate(at(row, COLUMNS.designated)) ?? null,
    });
  });
  if (components.length === 0) throw new FatalImportError(file, 'no designation could be read from this file.');
  return { components, problems };
};

/** Counties with a mental health shortage designation in force, and how many designations each has. */
export const shortageCounties = (components: readonly Pick<HpsaComponent, 'hpsaId' | 'status' | 'countyFips'>[]): Map<string, number> => {
  const ids = new Map<string, Set<string>>();
  for (const c of components) {
    if (!c.countyFips || !isInForce(c.status)) continue;
    const set = ids.get(c.countyFips) ?? new Set<string>();
    set.add(c.hpsaId);
    ids.set(c.countyFips, set);
  }
  return new Map([...ids].map(([fips, set]) => [fips, set.size]));
};
