// The shared import engine: raw rows (from JSON, 3.0 CSV or legacy CSV) in, a normalized
// Directory and a row-by-row report out. Readers only translate their format into raw rows.
//
// Three passes, each linear in the number of rows (lookups are Map/Set, never scans):
// 1. ids: every row gets its UUID; duplicates are merged (JSON repeats nested objects) or
//    reported (CSV);
// 2. fields: each value is normalized per the HSDS 3.0 field spec; required fields are checked;
// 3. links: foreign keys are checked table by table in RESOLVE_ORDER, so a skipped parent skips
//    its children (organization -> service -> service_at_location -> phone ...).
import { isUuid, stableId } from './ids.ts';
import {
  FOREIGN_KEYS,
  HsdsImportError,
  RESOLVE_ORDER,
  TABLES,
  TABLE_BY_RESOURCE,
  emptyDirectory,
} from './model.ts';
import type {
  ExternalId,
  ForeignKey,
  ImportOptions,
  ImportResult,
  ReportRow,
  ResourceName,
  Row,
  TableKey,
} from './model.ts';
import { normalizeDate, normalizeDateTime, normalizeEmail, normalizeNumber, normalizeTime, normalizeUri } from './normalize.ts';
import { appendText, normalizeEnumField, normalizeTableSpecific, splitScheduleRange, text } from './build.fields.ts';
import { english, note, type Note, type PlainNote, type Why } from './report-notes.ts';

export interface RawRow {
  resource: ResourceName;
  file: string;
  /** 1-based data row (CSV) or top-level item (JSON). */
  row: number;
  /** Path of this object inside a JSON item, for the report (`service_at_locations[0].`). */
  prefix: string;
  values: Record<string, unknown>;
  /** The id was made up by a reader (e.g. a legacy language split); not a source id. */
  synthetic?: boolean;
  /** The source id, when a reader already rewrote `values.id` (legacy holiday schedules). */
  sourceId?: string;
}

export interface BuildOptions extends ImportOptions {
  /** Same id twice: merge (JSON repeats nested objects) or report as an error (CSV). */
  duplicates: 'merge' | 'error';
}

const ALL_RESOURCES = TABLES.map((t) => t.resource);
const RESOURCE_ALIASES: Record<string, ResourceName> = {};
for (const t of TABLES) {
  RESOURCE_ALIASES[t.resource] = t.resource;
  RESOURCE_ALIASES[t.key] = t.resource;
}

/** Resolve a resource name as written in `link_entity`/`resource_type` (`service`, `services`). */
export function resourceOf(name: unknown): ResourceName | undefined {
  return typeof name === 'string' ? RESOURCE_ALIASES[name.trim().toLowerCase()] : undefined;
}

interface Pending {
  raw: RawRow;
  id: string;
  sourceId?: string;
  values: Record<string, unknown>;
  out: Row;
  dead: boolean;
}

/** Child tables whose rows may reuse an id (a repeated id is data there, not a duplicate). */
const REPEATABLE_IDS = new Set<ResourceName>(['language', 'phone', 'address', 'accessibility', 'schedule', 'funding', 'service_area', 'required_document', 'cost_option', 'attribute', 'metadata', 'organization_identifier']);
/** Rows that only mean something through their owner (a phone of nothing is noise). */
const OWNED_ROWS = new Set<ResourceName>(['phone', 'language', 'schedule', 'service_area', 'required_document', 'funding', 'address', 'accessibility']);

/** The id of the placeholder organization of services that name none. */
const NO_ORGANIZATION = '\u0002no-organization\u0002';

/**
 * A required field the export left empty that need not cost the row (issue 19): an organization
 * without a name gets a placeholder name, one without a description an empty one, a service
 * without an organization the placeholder organization. Each is a warning.
 */
function fillRequired(resource: ResourceName, field: string, p: Pending, source: string): { value: string; note: PlainNote } | undefined {
  if (resource === 'organization' && field === 'name') {
    const given = text(p.values['id']) ?? p.id;
    return { value: `Organization ${given} (name missing in the export)`, note: note('organizationNamePlaceholder') };
  }
  if ((resource === 'organization' || resource === 'program' || resource === 'taxonomy' || resource === 'taxonomy_term') && field === 'description') {
    return { value: '', note: note('descriptionLeftEmpty') };
  }
  if ((resource === 'service' || resource === 'program') && field === 'organization_id') {
    return { value: stableId(source, 'organization', NO_ORGANIZATION), note: note('organizationIdPlaceholder') };
  }
  return undefined;
}

/** Marks a placeholder organization's description (the web and the HSDS API show it as is). */
export const INCOMPLETE_ORGANIZATION = 'Incomplete: the export names this organization but does not include it.';

function placeholderOrganization(id: string, given: string, from: RawRow): Pending {
  const name = given.includes(NO_ORGANIZATION) || id === given ? 'Organization not named in the export' : `Organization ${given} (not in the export)`;
  const raw: RawRow = { resource: 'organization', file: from.file, row: from.row, prefix: '', values: { id: given, name }, synthetic: true };
  return { raw, id, values: raw.values, out: { id, name, description: INCOMPLETE_ORGANIZATION }, dead: false };
}

export function buildDirectory(
  rawRows: readonly RawRow[],
  options: BuildOptions,
  report: ReportRow[] = [],
): ImportResult {
  const source = options.source ?? 'hsds';
  const byResource = new Map<ResourceName, Map<string, Pending>>();
  for (const r of ALL_RESOURCES) byResource.set(r, new Map());
  const skipped = new Map<ResourceName, Set<string>>();
  for (const r of ALL_RESOURCES) skipped.set(r, new Set());

  const problem = (raw: RawRow, field: string, said: Note, severity: 'error' | 'warning'): void => {
    report.push({ file: raw.file, row: raw.row, field: raw.prefix + field, problem: english(said), note: said, severity });
  };

  // Rows of child tables that reuse an id (some exports give each `languages` row its service's
  // id): kept with an id derived from their content, and reported once per file.
  const repeats = new Map<string, { raw: RawRow; rawId: string; n: number; firstRow: number }>();
  const notUuid = new Map<string, { raw: RawRow; rawId: string; n: number }>();
  const contentOf = (values: Record<string, unknown>) =>
    Object.keys(values)
      .filter((k) => k !== 'id')
      .sort()
      .map((k) => `${k}=${text(values[k]) ?? ''}`)
      .join('\u0001');

  // Pass 1: ids and duplicates.
  for (const raw of rawRows) {
    const table = byResource.get(raw.resource)!;
    const rawId = text(raw.values['id']);
    let id: string;
    let sourceId: string | undefined;
    if (rawId === undefined) {
      // No id: derive one from the row's content so the same row gets the same id next time.
      const content = Object.keys(raw.values)
        .sort()
        .map((k) => `${k}=${text(raw.values[k]) ?? ''}`)
        .join('\u0001');
      id = stableId(source, raw.resource, `\u0002content\u0002${content}`);
      problem(raw, 'id', note('idEmpty'), 'warning');
    } else {
      id = stableId(source, raw.resource, rawId);
      if (!isUuid(rawId)) {
        if (!raw.synthetic) sourceId = rawId;
        if (!raw.synthetic) {
          // Real 211 exports number their rows: one warning per file, not one per row, so the
          // report's other lines are seen.
          const key = `${raw.file}\u0000${raw.resource}`;
          const seen = notUuid.get(key);
          if (seen) seen.n++;
          else notUuid.set(key, { raw, rawId, n: 1 });
        }
      }
    }
    if (raw.sourceId !== undefined) sourceId = raw.sourceId;
    let existing = table.get(id);
    if (existing && options.duplicates === 'error' && REPEATABLE_IDS.has(raw.resource) && rawId !== undefined) {
      const key = `${raw.file}\u0000${raw.resource}`;
      const seen = repeats.get(key);
      if (seen) seen.n++;
      else repeats.set(key, { raw, rawId, n: 1, firstRow: existing.raw.row });
      id = stableId(source, raw.resource, `\u0002repeat\u0002${rawId}\u0002${contentOf(raw.values)}`);
      sourceId = undefined;
      existing = table.get(id);
      // The very same row twice is one row.
      if (existing) continue;
    }
    if (existing) {
      if (options.duplicates === 'error') {
        problem(raw, 'id', note('idDuplicate', { id: rawId ?? '', row: existing.raw.row }), 'error');
        continue;
      }
      for (const [k, v] of Object.entries(raw.values)) {
        const nv = text(v);
        if (nv === undefined) continue;
        const ov = text(existing.values[k]);
        if (ov === undefined) existing.values[k] = v;
        else if (ov !== nv) {
          problem(raw, k, note('valueConflict', { table: raw.resource, id, given: nv, kept: ov }), 'warning');
        }
      }
      continue;
    }
    // The raw values are the reader's own objects: merged into in place, never copied (memory
    // matters at 100,000 services).
    table.set(id, { raw, id, sourceId, values: raw.values, out: { id }, dead: false });
  }

  for (const { raw, rawId, n } of notUuid.values()) {
    problem(raw, 'id', n === 1 ? note('idNotUuid', { id: rawId }) : note('idsNotUuid', { count: n, id: rawId }), 'warning');
  }
  for (const { raw, rawId, n, firstRow } of repeats.values()) {
    problem(raw, 'id', note('idsReused', { count: n, id: rawId, row: firstRow }), 'warning');
  }

  // Pass 2: fields.
  const polyRaw = new Map<Pending, Map<string, string>>();
  for (const resource of ALL_RESOURCES) {
    const spec = TABLE_BY_RESOURCE.get(resource)!;
    const fks = new Map<string, ForeignKey>((FOREIGN_KEYS[resource] ?? []).map((f) => [f.field, f]));
    // Each field's link looked up once per table, not once per row (900,000 rows in a 211 export).
    const fields = spec.fields.filter((f) => f.name !== 'id').map((f) => ({ f, fk: fks.get(f.name) }));
    const required = spec.fields.filter((f) => f.required && f.name !== 'id');
    for (const p of byResource.get(resource)!.values()) {
      const { raw, values, out } = p;
      const fail = (field: string, why: Why): void => {
        problem(raw, field, note('rowSkipped', { why }), 'error');
        p.dead = true;
      };
      const warn = (field: string, said: Note): void => problem(raw, field, said, 'warning');
      if (resource === 'schedule') splitScheduleRange(values, warn);

      for (const { f, fk } of fields) {
        const value = text(values[f.name]);
        if (value === undefined) continue;
        if (fk) {
          if (fk.target === '*') {
            let m = polyRaw.get(p);
            if (!m) polyRaw.set(p, (m = new Map()));
            m.set(f.name, value);
          } else {
            out[f.name] = stableId(source, fk.target, value);
          }
          continue;
        }
        if (f.enum) {
          const e = normalizeEnumField(resource, f.name, value, f.enum);
          if (e.value !== undefined) {
            out[f.name] = e.value;
            if (e.note) warn(f.name, e.note);
          } else if (f.required) {
            fail(f.name, note('notInList', { value, allowed: f.enum.join(', ') }));
          } else {
            warn(f.name, note('dropped', { why: note('notInList', { value, allowed: f.enum.join(', ') }) }));
          }
          continue;
        }
        let n: { value?: string | number; note?: PlainNote };
        if (f.type === 'number') n = normalizeNumber(values[f.name] as string | number);
        else if (f.type === 'date') n = normalizeDate(value);
        else if (f.type === 'datetime') n = normalizeDateTime(value);
        else if (f.type === 'time') n = normalizeTime(value);
        else if (f.format === 'email') n = normalizeEmail(value);
        else if (f.format === 'uri') n = normalizeUri(value);
        else if (f.format === 'uuid') {
          n = isUuid(value) ? { value: value.toLowerCase() } : { value: stableId(source, resource, value) };
        } else n = { value };
        if (n.value !== undefined) {
          out[f.name] = n.value;
          if (n.note) warn(f.name, n.note);
        } else if (f.type === 'time' && resource === 'schedule') {
          // "By appointment" in a time column is information, not garbage: keep it in notes.
          out['notes'] = appendText(text(values['notes']), value);
          warn(f.name, note('movedToNotes', { why: n.note ?? note('unreadableValue') }));
        } else if (f.required) {
          fail(f.name, n.note ?? note('unreadableValue'));
        } else {
          warn(f.name, note('dropped', { why: n.note ?? note('unreadableValue') }));
        }
      }

      normalizeTableSpecific(resource, out, values, warn, fail, options);

      for (const f of required) {
        if (out[f.name] !== undefined || polyRaw.get(p)?.has(f.name)) continue;
        // The target table of a polymorphic link is inferred in pass 3 when not given.
        if ((f.name === 'resource_type' || f.name === 'link_entity') && polyRaw.get(p) !== undefined) continue;
        if (text(values[f.name]) !== undefined) continue;
        const filled = fillRequired(resource, f.name, p, source);
        if (filled) {
          out[f.name] = filled.value;
          warn(f.name, filled.note);
        } else fail(f.name, note('requiredMissing', { field: f.name }));
      }
      if (p.dead) skipped.get(resource)!.add(p.id);
    }
  }

  // Pass 3: links, parents before children.
  const alive = (r: ResourceName, id: string): boolean => {
    const p = byResource.get(r)!.get(id);
    return p !== undefined && !p.dead;
  };
  const wasSkipped = (r: ResourceName, id: string): boolean => skipped.get(r)!.has(id);

  for (const resource of RESOLVE_ORDER) {
    const fks = FOREIGN_KEYS[resource] ?? [];
    for (const p of byResource.get(resource)!.values()) {
      if (p.dead) continue;
      const { raw, out } = p;
      const removed: [string, PlainNote][] = [];
      for (const fk of fks) {
        if (fk.kind === 'soft') continue;
        if (fk.target === '*') {
          const rawValue = polyRaw.get(p)?.get(fk.field);
          if (rawValue === undefined) continue;
          const typeField = resource === 'attribute' ? 'link_entity' : 'resource_type';
          const named = resourceOf(out[typeField]);
          const candidates = named ? [named, ...ALL_RESOURCES.filter((r) => r !== named)] : ALL_RESOURCES;
          let resolved: ResourceName | undefined;
          let skippedTarget: ResourceName | undefined;
          for (const c of candidates) {
            const id = stableId(source, c, rawValue);
            if (alive(c, id)) {
              resolved = c;
              out[fk.field] = id;
              break;
            }
            if (wasSkipped(c, id)) skippedTarget ??= c;
          }
          if (!resolved && skippedTarget) {
            problem(raw, fk.field, note('rowSkipped', { why: note('refersToSkipped', { table: skippedTarget, value: rawValue }) }), 'error');
            p.dead = true;
            break;
          }
          if (!resolved && resource === 'attribute' && named !== undefined) {
            // A taxonomy link of a service (or other row) the export does not carry: never kept.
            problem(raw, fk.field, note('rowSkipped', { why: note('refersToMissing', { table: named, value: rawValue }) }), 'error');
            p.dead = true;
            break;
          }
          if (resolved) {
            if (out[typeField] === undefined) out[typeField] = resolved;
          } else {
            out[fk.field] = stableId(source, named ?? resource, rawValue);
            if (out[typeField] === undefined) {
              // Nothing says what the target is; HSDS requires the column, so say so plainly.
              out[typeField] = 'unknown';
              problem(raw, fk.field, note('linkKeptUnknown', { value: rawValue, field: typeField }), 'warning');
            } else {
              problem(raw, fk.field, note('linkKept', { value: rawValue }), 'warning');
            }
          }
          continue;
        }
        const value = out[fk.field];
        if (value === undefined) continue;
        const target = fk.target as ResourceName;
        if (alive(target, String(value))) continue;
        const rawValue = text(p.values[fk.field]) ?? String(value);
        if (wasSkipped(target, String(value)) || byResource.get(target)!.get(String(value))?.dead) {
          problem(raw, fk.field, note('rowSkipped', { why: note('refersToSkipped', { table: target, value: rawValue }) }), 'error');
          p.dead = true;
          break;
        }
        if (fk.kind === 'required' && target === 'organization' && (resource === 'service' || resource === 'program')) {
          // A service whose organization the export left out is still a service people need:
          // it hangs from a placeholder organization, marked incomplete, made once per id.
          if (!byResource.get('organization')!.has(String(value))) {
            const placeholder = placeholderOrganization(String(value), rawValue, raw);
            byResource.get('organization')!.set(placeholder.id, placeholder);
          }
          problem(raw, fk.field, note('organizationMissing', { value: rawValue }), 'warning');
          continue;
        }
        if (fk.kind === 'required') {
          problem(raw, fk.field, note('rowSkipped', { why: note('refersToMissing', { table: target, value: rawValue }) }), 'error');
          p.dead = true;
          break;
        }
        delete out[fk.field];
        removed.push([fk.field, note('refersToMissing', { table: target, value: rawValue })]);
      }
      // A phone, language or schedule whose every owner is missing belongs to nothing that was
      // imported: never kept (it would be a link to a service that is not there).
      const owners = fks.filter((fk) => fk.kind === 'owner');
      if (!p.dead && owners.length > 0 && OWNED_ROWS.has(resource) && owners.some((fk) => text(p.values[fk.field]) !== undefined) && owners.every((fk) => out[fk.field] === undefined)) {
        const [field, why] = removed[0] ?? [owners[0]!.field, note('belongsToNothing')];
        problem(raw, field, note('rowSkipped', { why }), 'error');
        p.dead = true;
      } else {
        for (const [field, why] of removed) problem(raw, field, note('linkRemoved', { why }), 'warning');
      }
      if (p.dead) skipped.get(resource)!.add(p.id);
    }
  }
  // Soft links last: they never skip a row, and their targets' fate is now known.
  for (const resource of RESOLVE_ORDER) {
    for (const fk of FOREIGN_KEYS[resource] ?? []) {
      if (fk.kind !== 'soft') continue;
      const target = fk.target as ResourceName;
      for (const p of byResource.get(resource)!.values()) {
        if (p.dead) continue;
        const value = p.out[fk.field];
        if (value === undefined || alive(target, String(value))) continue;
        const rawValue = text(p.values[fk.field]) ?? String(value);
        const why = note(wasSkipped(target, String(value)) ? 'refersToSkipped' : 'refersToMissing', { table: target, value: rawValue });
        delete p.out[fk.field];
        problem(p.raw, fk.field, note('linkRemoved', { why }), 'warning');
      }
    }
  }

  const directory = emptyDirectory();
  const externalIds: ExternalId[] = [];
  for (const t of TABLES) {
    const rows = directory[t.key as TableKey] as unknown as Row[];
    for (const p of byResource.get(t.resource)!.values()) {
      if (p.dead) continue;
      rows.push(p.out);
      if (p.sourceId !== undefined) {
        externalIds.push({ resource: t.resource, id: p.id, source, source_id: p.sourceId });
      }
    }
  }
  if (options.strict && report.some((r) => r.severity === 'error')) {
    const n = report.filter((r) => r.severity === 'error').length;
    throw new HsdsImportError('strict-row-problems', `strict import: ${n} row problem(s); nothing imported`, report);
  }
  // Group the report by file and row (stable, so each row's problems keep their order).
  report.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.row - b.row));
  return { directory, report, externalIds };
}
