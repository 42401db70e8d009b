// Writers: HSDS 3.0 tabular data package (lossless) and HSDS 3.0 JSON (compiled services).
import { toCsvText } from './csv.ts';
import { FOREIGN_KEYS, TABLES, TABLE_BY_RESOURCE, emptyDirectory, rowsOf } from './model.ts';
import type { Directory, ResourceName, Row, TableKey } from './model.ts';
import { NESTING, writtenInCompiledService } from './nesting.ts';

/**
 * The directory as an HSDS 3.0 tabular data package: `{ 'services.csv': '...', ...,
 * 'datapackage.json': '...' }`. Columns follow the official datapackage.json field order; every
 * table is written (header only when empty) so the package is complete. Lossless: reading it back
 * with readHsds3Csv gives the same directory.
 */
export function toHsds3Csv(directory: Directory): Record<string, string> {
  const files: Record<string, string> = {};
  for (const t of TABLES) {
    files[t.path] = toCsvText(
      t.fields.map((f) => f.name),
      rowsOf(directory, t.key),
    );
  }
  files['datapackage.json'] = `${JSON.stringify(datapackage(), null, 2)}\n`;
  return files;
}

/** A Frictionless tabular-data-package descriptor for the written files (HSDS 3.0 layout). */
export function datapackage(): Record<string, unknown> {
  return {
    name: 'human_services_data',
    title: 'Human Services Data Specification',
    profile: 'tabular-data-package',
    version: '3.0.0',
    license: {
      url: 'https://creativecommons.org/licenses/by-sa/4.0/',
      type: 'CC-BY-SA-4.0',
      name: 'Creative Commons Attribution-ShareAlike 4.0',
    },
    resources: TABLES.map((t) => ({
      name: t.resource,
      path: t.path,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      profile: 'tabular-data-resource',
      schema: {
        primaryKey: 'id',
        fields: t.fields.map((f) => ({
          name: f.name,
          type: f.type,
          ...(f.format ? { format: f.format } : {}),
          constraints: {
            required: f.required === true,
            ...(f.name === 'id' ? { unique: true } : {}),
            ...(f.enum ? { enum: f.enum } : {}),
          },
        })),
        foreignKeys: (FOREIGN_KEYS[t.resource] ?? [])
          .filter((fk) => fk.target !== '*')
          .map((fk) => ({ fields: fk.field, reference: { resource: fk.target, fields: 'id' } })),
      },
    })),
  };
}

type Obj = Record<string, unknown>;

interface Compiled {
  services: Obj[];
  /** Every object written, with its table, for the coverage view. */
  written: Map<ResourceName, Map<string, Row>>;
}

function compile(directory: Directory): Compiled {
  // Index each child table by the foreign key a nesting follows: O(rows), no scans per parent.
  const byId = new Map<ResourceName, Map<string, Row>>();
  for (const t of TABLES) {
    byId.set(t.resource, new Map(rowsOf(directory, t.key).map((r) => [String(r['id']), r])));
  }
  const childIndex = new Map<string, Map<string, Row[]>>();
  const children = (child: ResourceName, fk: string, parentId: string): Row[] => {
    const key = `${child}.${fk}`;
    let index = childIndex.get(key);
    if (!index) {
      index = new Map();
      for (const r of rowsOf(directory, TABLE_BY_RESOURCE.get(child)!.key)) {
        const v = r[fk];
        if (v === undefined) continue;
        const list = index.get(String(v));
        if (list) list.push(r);
        else index.set(String(v), [r]);
      }
      childIndex.set(key, index);
    }
    return index.get(parentId) ?? [];
  };

  // Pass 1: which rows the compiled services reach.
  const written = new Map<ResourceName, Map<string, Row>>();
  for (const t of TABLES) written.set(t.resource, new Map());
  const visit = (resource: ResourceName, row: Row): void => {
    const seen = written.get(resource)!;
    const id = String(row['id']);
    if (seen.has(id)) return;
    seen.set(id, row);
    for (const nest of NESTING[resource]) {
      if (!writtenInCompiledService(resource, nest)) continue;
      if (nest.kind === 'one') {
        const ref = row[nest.fk];
        const target = ref === undefined ? undefined : byId.get(nest.child)!.get(String(ref));
        if (target) visit(nest.child, target);
      } else {
        for (const c of children(nest.child, nest.fk, id)) visit(nest.child, c);
      }
    }
  };
  for (const s of directory.services as unknown as Row[]) visit('service', s);

  // Pass 2: build the objects. A link to a row the export does not carry is left out, so the
  // export never points at something missing (and re-importing it gives the coverage view).
  const isWritten = (resource: ResourceName, field: string, value: string | number): boolean => {
    const fk = (FOREIGN_KEYS[resource] ?? []).find((f) => f.field === field);
    if (!fk) return true;
    if (fk.target === '*') {
      return [...written.values()].some((m) => m.has(String(value)));
    }
    return written.get(fk.target)!.has(String(value));
  };
  const build = (resource: ResourceName, row: Row): Obj => {
    const o: Obj = {};
    for (const [k, v] of Object.entries(row)) if (isWritten(resource, k, v)) o[k] = v;
    const id = String(row['id']);
    for (const nest of NESTING[resource]) {
      if (!writtenInCompiledService(resource, nest)) continue;
      if (nest.kind === 'one') {
        const ref = row[nest.fk];
        const target = ref === undefined ? undefined : byId.get(nest.child)!.get(String(ref));
        if (target) o[nest.key] = build(nest.child, target);
      } else {
        const list = children(nest.child, nest.fk, id);
        if (list.length > 0) o[nest.key] = list.map((c) => build(nest.child, c));
      }
    }
    return o;
  };
  const services = (directory.services as unknown as Row[]).map((s) => build('service', s));
  return { services, written };
}

/**
 * The directory as HSDS 3.0 JSON: an array of compiled services, each valid against
 * `compiled_service_with_definitions.json` (the body of `GET /services/{id}` in openapi.json),
 * with its organization, program, locations (through service_at_locations), phones, schedules,
 * contacts, attributes with their taxonomy terms, and so on nested inside.
 *
 * Limit: compiled services carry only what hangs off a service; organizations without services,
 * unused taxonomy terms and meta_table_descriptions are not in it. `jsonExportCoverage` returns
 * exactly what this export carries; the CSV package is the lossless format.
 */
export function toHsds3Json(directory: Directory): Obj[] {
  return compile(directory).services;
}

/** The part of `directory` that toHsds3Json carries: readHsds3Json(toHsds3Json(d)) equals it. */
export function jsonExportCoverage(directory: Directory): Directory {
  const { written } = compile(directory);
  const out = emptyDirectory();
  const isWritten = (resource: ResourceName, field: string, value: string | number): boolean => {
    const fk = (FOREIGN_KEYS[resource] ?? []).find((f) => f.field === field);
    if (!fk) return true;
    if (fk.target === '*') return [...written.values()].some((m) => m.has(String(value)));
    return written.get(fk.target)!.has(String(value));
  };
  for (const t of TABLES) {
    const rows = out[t.key as TableKey] as unknown as Row[];
    for (const r of rowsOf(directory, t.key)) {
      if (!written.get(t.resource)!.has(String(r['id']))) continue;
      const kept: Row = {};
      for (const [k, v] of Object.entries(r)) if (isWritten(t.resource, k, v)) kept[k] = v;
      rows.push(kept);
    }
  }
  return out;
}
