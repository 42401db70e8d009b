// Reader for HSDS 3.0 JSON: a compiled object (service_full.json, organization_full.json,
// service_at_location_full.json, location.json, taxonomy_term.json ...), an array of them, or an
// API `Page` wrapper (`{ total_items, ..., contents: [...] }`, openapi.json components.schemas.Page).
// Nested objects are flattened into their tables and linked by the foreign key the nesting stands
// for (see nesting.ts); the same object repeated in several places is merged into one row.
import { buildDirectory } from './build.ts';
import type { RawRow } from './build.ts';
import { decodeText } from './csv.ts';
import type { FileContents } from './csv.ts';
import { HsdsImportError } from './model.ts';
import type { ImportOptions, ImportResult, ReportRow, ResourceName } from './model.ts';
import { NESTING } from './nesting.ts';
import { note, said } from './report-notes.ts';

export type JsonEntity = 'service' | 'organization' | 'service_at_location' | 'location' | 'taxonomy_term' | 'taxonomy';

export interface JsonReadOptions extends ImportOptions {
  /** The file name used in the report. */
  file?: string;
  /** Force the type of the top-level objects instead of guessing it. */
  entity?: JsonEntity;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Guess what a top-level object is, from the file name first, then from its properties. */
export function guessJsonEntity(item: Obj, file = ''): JsonEntity | undefined {
  const name = file.toLowerCase().replace(/^.*[\\/]/, '');
  if (name.startsWith('service_at_location')) return 'service_at_location';
  if (name.startsWith('service')) return 'service';
  if (name.startsWith('organization')) return 'organization';
  if (name.startsWith('location')) return 'location';
  if (name.startsWith('taxonomy_term')) return 'taxonomy_term';
  if (name.startsWith('taxonomy') || name.startsWith('taxonomies')) return 'taxonomy';
  if (isObj(item['service']) && isObj(item['location'])) return 'service_at_location';
  if ('status' in item || 'service_at_locations' in item || isObj(item['organization'])) {
    return 'service';
  }
  if ('services' in item || 'organization_identifiers' in item || 'website' in item || 'legal_status' in item || 'year_incorporated' in item) {
    return 'organization';
  }
  if ('location_type' in item || 'addresses' in item) return 'location';
  if ('taxonomy_detail' in item || 'term_uri' in item || 'code' in item || 'taxonomy_id' in item) {
    return 'taxonomy_term';
  }
  if ('name' in item && 'description' in item && ('version' in item || 'uri' in item)) return 'taxonomy';
  return undefined;
}

/** The top-level items of an HSDS JSON document, or undefined when it is not one. */
export function jsonItems(doc: unknown): Obj[] | undefined {
  if (Array.isArray(doc)) return doc.every(isObj) ? doc : undefined;
  if (!isObj(doc)) return undefined;
  if (Array.isArray(doc['contents'])) return (doc['contents'] as unknown[]).filter(isObj);
  if ('id' in doc || 'name' in doc) return [doc];
  return undefined;
}

function flatten(
  resource: ResourceName,
  obj: Obj,
  links: Obj,
  file: string,
  row: number,
  prefix: string,
  out: RawRow[],
  report: ReportRow[],
): void {
  const values: Obj = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || typeof v !== 'object') values[k] = v;
  }
  // Nesting fills a link the object does not state itself; an explicit value wins.
  for (const [k, v] of Object.entries(links)) {
    if (values[k] === undefined || values[k] === null || values[k] === '') values[k] = v;
  }
  out.push({ resource, file, row, prefix, values });
  const id = values['id'];
  for (const nest of NESTING[resource]) {
    const v = obj[nest.key];
    if (v === undefined || v === null) continue;
    if (nest.kind === 'one') {
      if (!isObj(v)) {
        report.push({ file, row, field: prefix + nest.key, ...said(note('expectedObject')), severity: 'warning' });
        continue;
      }
      if (values[nest.fk] === undefined && v['id'] !== undefined) values[nest.fk] = v['id'];
      const childLinks: Obj = {};
      // A program nested in a service belongs to the service's organization (tabular requires it).
      if (nest.child === 'program' && values['organization_id'] !== undefined) {
        childLinks['organization_id'] = values['organization_id'];
      }
      flatten(nest.child, v, childLinks, file, row, `${prefix}${nest.key}.`, out, report);
      continue;
    }
    if (!Array.isArray(v)) {
      report.push({ file, row, field: prefix + nest.key, ...said(note('expectedArray')), severity: 'warning' });
      continue;
    }
    v.forEach((child, i) => {
      const childPrefix = `${prefix}${nest.key}[${i}].`;
      if (!isObj(child)) {
        report.push({ file, row, field: childPrefix.slice(0, -1), ...said(note('expectedObject')), severity: 'warning' });
        return;
      }
      const childLinks: Obj = { [nest.fk]: id };
      if (nest.child === 'attribute') childLinks['link_entity'] = resource;
      if (nest.child === 'metadata') childLinks['resource_type'] = resource;
      flatten(nest.child, child, childLinks, file, row, childPrefix, out, report);
    });
  }
}

/** Read HSDS 3.0 JSON (file contents or an already parsed document). */
export function readHsds3Json(input: FileContents | unknown, options: JsonReadOptions = {}): ImportResult {
  const file = options.file ?? 'input.json';
  const report: ReportRow[] = [];
  let doc: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const decoded = decodeText(input, file);
    report.push(...decoded.report);
    try {
      doc = JSON.parse(decoded.text);
    } catch (e) {
      throw new HsdsImportError('unparseable', `${file}: not valid JSON (${(e as Error).message})`);
    }
  }
  const items = jsonItems(doc);
  if (!items) {
    throw new HsdsImportError('unknown-format', `${file}: not an HSDS 3.0 object, array or Page`);
  }
  const raw: RawRow[] = [];
  items.forEach((item, index) => {
    const row = index + 1;
    const entity = options.entity ?? guessJsonEntity(item, file);
    if (!entity) {
      report.push({ file, row, field: '', ...said(note('unknownObject')), severity: 'error' });
      return;
    }
    flatten(entity, item, {}, file, row, '', raw, report);
  });
  return buildDirectory(raw, { ...options, duplicates: 'merge' }, report);
}
