import type { Actor } from '../../core/actor.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { acsFileName, parseAcsFile } from './acs.rules.ts';
import { parseHpsaFile, shortageCounties } from './hpsa.rules.ts';
import { csvRows, decodeText, FatalImportError, parseDate, type RowProblem } from './import.rules.ts';
import { isKnownCounty } from './geography.ts';
import { requireRegistryAdmin, viewOf } from './registry.access.ts';
import * as repo from './registry.repo.ts';
import { personKeyOf, ROSTER_CSV_COLUMNS } from './snapshot.rules.ts';

export interface ImportReport {
  file: string;
  imported: number;
  problems: RowProblem[];
}

/**
 * The files a registry imports (issue 22; formats in OUTCOMES-AND-WORKFORCE.md section 5): the
 * HRSA mental health HPSA file, Census ACS county tables, and a state certification roster. A
 * fatal problem (not text, wrong headers, another HPSA discipline) throws `FatalImportError`
 * before anything is written; each replaces the registry's previous copy in one transaction.
 */
export const createImportService = ({ db, audit }: { db: Database; audit: AuditService }) => ({
  async hpsa(actor: Actor, registryId: string, file: string, bytes: Uint8Array): Promise<ImportReport & { designations: number; counties: number }> {
    const view = await viewOf(db, actor, registryId);
    requireRegistryAdmin(view);
    const { components, problems } = parseHpsaFile(file, decodeText(file, bytes));
    await db.tenant(view.registry.org_id, async (tx) => {
      await repo.replaceHpsa(tx, registryId, view.registry.org_id, components);
      await repo.bumpVersion(tx, registryId);
      await audit.record(tx, actor, { action: 'registry.import_hpsa', entityType: 'registry', entityId: registryId, details: { rows: components.length, problems: problems.length } });
    }, null, db.longStatements);
    return { file, imported: components.length, designations: new Set(components.map((c) => c.hpsaId)).size, counties: shortageCounties(components).size, problems };
  },

  async acs(actor: Actor, registryId: string, file: string, bytes: Uint8Array, opts: { table?: string | undefined; year?: number | undefined }): Promise<ImportReport & { table: string; year: number }> {
    const view = await viewOf(db, actor, registryId);
    requireRegistryAdmin(view);
    const named = acsFileName(file);
    const table = (opts.table ?? named?.table)?.toUpperCase();
    const year = opts.year ?? named?.year;
    if (!table || !year) throw new FatalImportError(file, 'name the table and year (the file name ACSDT5Y{year}.{table}-Data.csv says them, or give --table and --year).');
    const { cells, problems } = parseAcsFile(file, decodeText(file, bytes), table);
    await db.tenant(view.registry.org_id, async (tx) => {
      await repo.replacePopulation(tx, registryId, view.registry.org_id, table, year, cells);
      await repo.bumpVersion(tx, registryId);
      await audit.record(tx, actor, { action: 'registry.import_acs', entityType: 'registry', entityId: registryId, details: { table, year, cells: cells.length } });
    }, null, db.longStatements);
    return { file, table, year, imported: new Set(cells.map((c) => c.countyFips)).size, problems };
  },

  /** A certification roster: who holds which credential since when; keyed like the snapshots. */
  async roster(actor: Actor, registryId: string, file: string, bytes: Uint8Array): Promise<ImportReport> {
    const view = await viewOf(db, actor, registryId);
    requireRegistryAdmin(view);
    const rows = csvRows(file, decodeText(file, bytes));
    const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
    const missing = ROSTER_CSV_COLUMNS.filter((c) => !header.includes(c));
    if (missing.length > 0) throw new FatalImportError(file, `the header is missing ${missing.join(', ')}. The columns are: ${ROSTER_CSV_COLUMNS.join(',')}.`);
    const at = (row: string[], c: string) => (row[header.indexOf(c)] ?? '').trim();
    return db.tenant(view.registry.org_id, async (tx) => {
      const secret = (await repo.registrySecret(tx, registryId))!;
      const problems: RowProblem[] = [];
      const out: { personKey: string; credentialType: string; certifiedOn: string; expiresOn: string | null; countyFips: string | null }[] = [];
      rows.slice(1).forEach((row, i) => {
        const line = i + 2;
        const key = personKeyOf(secret, {
          credentialNumber: at(row, 'credential_number') || undefined,
          credentialState: at(row, 'credential_state') || undefined,
          name: at(row, 'name') || undefined,
          birthYear: Number(at(row, 'birth_year')) || undefined,
        });
        const certifiedOn = parseDate(at(row, 'certified_on'));
        const expiresOn = parseDate(at(row, 'expires_on'));
        const county = at(row, 'county_fips').padStart(at(row, 'county_fips') ? 5 : 0, '0');
        if (!key) return void problems.push({ line, column: 'credential_number', severity: 'error', message: 'No credential number and state, nor name and birth year.' });
        if (!certifiedOn) return void problems.push({ line, column: 'certified_on', severity: 'error', message: 'No readable certification date.' });
        if (expiresOn === undefined) return void problems.push({ line, column: 'expires_on', severity: 'error', message: 'The expiry date cannot be read.' });
        if (county && !isKnownCounty(county)) problems.push({ line, column: 'county_fips', severity: 'warning', message: `Unknown county "${county}": kept without a county.` });
        out.push({ personKey: key, credentialType: at(row, 'credential_type') || 'unknown', certifiedOn, expiresOn, countyFips: county && isKnownCounty(county) ? county : null });
      });
      await repo.upsertRoster(tx, registryId, view.registry.org_id, out);
      await repo.bumpVersion(tx, registryId);
      await audit.record(tx, actor, { action: 'registry.import_roster', entityType: 'registry', entityId: registryId, details: { rows: out.length, problems: problems.length } });
      return { file, imported: out.length, problems };
    }, null, db.longStatements);
  },
});

export type RegistryImportService = ReturnType<typeof createImportService>;
