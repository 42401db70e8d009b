// Pure rules protecting the built-in national entries of the shared directory (issue 18).
import { FOREIGN_KEYS, RESOLVE_ORDER, TABLE_BY_RESOURCE, emptyDirectory, rowsOf } from '../../interop/hsds/model.ts';
import type { Directory, ReportRow, ResourceName, Row, TableKey } from '../../interop/hsds/model.ts';
import { note, said, type Note } from '../../interop/hsds/report-notes.ts';

/**
 * The source of the entries Peerbridge ships (0005: 988, 211 and the staff search categories).
 * No import may use it: a re-import of a source removes that source's rows the feed dropped.
 */
export const BUILTIN_SOURCE = 'peerbridge';

/**
 * Built-in rows others may point at without changing them: the categories. An imported service
 * filed under "crisis line" uses the category; a phone added to the 988 service changes the line
 * every organization and the public HSDS API serve.
 */
const REFERABLE = new Set<ResourceName>(['taxonomy', 'taxonomy_term']);

/**
 * Drops from an import every row that is a built-in row (same id) or hangs from one (a phone,
 * schedule, location link or attribute of the 988 service), and the rows hanging from those in
 * turn; each dropped row is reported as a row problem (severity error: the row was skipped). A
 * built-in category the import carries is left out with a warning, and what points at it is kept.
 * `builtin` maps each built-in id to its resource. Pure: the caller reads the ids.
 */
export const withoutBuiltinRows = (directory: Directory, builtin: ReadonlyMap<string, ResourceName>): { directory: Directory; report: ReportRow[] } => {
  const refused = new Set([...builtin].filter(([, resource]) => !REFERABLE.has(resource)).map(([id]) => id));
  const report: ReportRow[] = [];
  const out = emptyDirectory();
  for (const resource of RESOLVE_ORDER) {
    const table = TABLE_BY_RESOURCE.get(resource);
    if (!table) continue;
    const keys = (FOREIGN_KEYS[resource] ?? []).map((k) => k.field);
    const kept: Row[] = [];
    rowsOf(directory, table.key).forEach((row, i) => {
      const id = String(row['id'] ?? '');
      const refuse = (field: string, why: Note) => {
        report.push({ file: table.path, row: i + 1, field, ...said(why), severity: 'error' });
        if (id) refused.add(id);
      };
      // A feed that files its services under Peerbridge's categories carries their terms, as an
      // HSDS package carries every term its attributes name: the term row is left out (the
      // built-in one stays as it is) with a warning, and the services stay filed under it.
      if (builtin.has(id) && REFERABLE.has(resource)) {
        report.push({ file: table.path, row: i + 1, field: 'id', ...said(note('builtinCategoryUsed')), severity: 'warning' });
        return;
      }
      if (builtin.has(id)) return refuse('id', note('builtinEntry'));
      const link = keys.find((k) => row[k] !== undefined && refused.has(String(row[k])));
      if (link) return refuse(link, note('builtinChild'));
      kept.push(row);
    });
    (out[table.key as TableKey] as unknown as Row[]).push(...kept);
  }
  return { directory: out, report };
};
