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
import {
  normalizeByday,
  normalizeCountry,
  normalizeDate,
  normalizeDateTime,
  normalizeEmail,
  normalizeEnum,
  normalizeNumber,
  normalizeOpeningTimes,
  normalizeState,
  normalizeTime,
  isAirsCode,
  isPlaceholderAddress,
  languageCode,
  splitTimeRange,
  normalizeUri,
  parseWeekday,
  roundCoordinate,
  splitPhoneExtension,
} from './normalize.ts';

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

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
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
function fillRequired(resource: ResourceName, field: string, p: Pending, source: string): { value: string; note: string } | undefined {
  if (resource === 'organization' && field === 'name') {
    const given = text(p.values['id']) ?? p.id;
    return { value: `Organization ${given} (name missing in the export)`, note: 'missing required field name; placeholder name written, organization marked incomplete' };
  }
  if ((resource === 'organization' || resource === 'program' || resource === 'taxonomy' || resource === 'taxonomy_term') && field === 'description') {
    return { value: '', note: 'missing required field description; left empty' };
  }
  if ((resource === 'service' || resource === 'program') && field === 'organization_id') {
    return { value: stableId(source, 'organization', NO_ORGANIZATION), note: 'missing organization_id; kept under a placeholder organization marked incomplete' };
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

  const problem = (
    raw: RawRow,
    field: string,
    message: string,
    severity: 'error' | 'warning',
  ): void => {
    report.push({ file: raw.file, row: raw.row, field: raw.prefix + field, problem: message, severity });
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
      problem(raw, 'id', 'empty id; a stable id was derived from the row content', 'warning');
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
        problem(raw, 'id', `duplicate id "${rawId ?? ''}" (first seen in row ${existing.raw.row}); row skipped`, 'error');
        continue;
      }
      for (const [k, v] of Object.entries(raw.values)) {
        const nv = text(v);
        if (nv === undefined) continue;
        const ov = text(existing.values[k]);
        if (ov === undefined) existing.values[k] = v;
        else if (ov !== nv) {
          problem(raw, k, `conflicting value for repeated ${raw.resource} ${id}: "${nv}" ignored, "${ov}" kept`, 'warning');
        }
      }
      continue;
    }
    // The raw values are the reader's own objects: merged into in place, never copied (memory
    // matters at 100,000 services).
    table.set(id, { raw, id, sourceId, values: raw.values, out: { id }, dead: false });
  }

  for (const { raw, rawId, n } of notUuid.values()) {
    problem(raw, 'id', n === 1 ? `id "${rawId}" is not a UUID; a stable UUID was assigned (the id is kept as the source id)` : `${n} ids of this file are not UUIDs (first "${rawId}"); each was given a stable UUID (the ids are kept as source ids)`, 'warning');
  }
  for (const { raw, rawId, n, firstRow } of repeats.values()) {
    problem(
      raw,
      'id',
      `${n} row(s) of this file reuse an id of an earlier row (first "${rawId}", as in row ${firstRow}); each kept, with an id derived from its content`,
      'warning',
    );
  }

  // Pass 2: fields.
  const polyRaw = new Map<Pending, Map<string, string>>();
  for (const resource of ALL_RESOURCES) {
    const spec = TABLE_BY_RESOURCE.get(resource)!;
    const fks = new Map<string, ForeignKey>((FOREIGN_KEYS[resource] ?? []).map((f) => [f.field, f]));
    for (const p of byResource.get(resource)!.values()) {
      const { raw, values, out } = p;
      const fail = (field: string, message: string): void => {
        problem(raw, field, message, 'error');
        p.dead = true;
      };
      const warn = (field: string, message: string): void => problem(raw, field, message, 'warning');
      if (resource === 'schedule') splitScheduleRange(values, warn);

      for (const f of spec.fields) {
        if (f.name === 'id') continue;
        const value = text(values[f.name]);
        if (value === undefined) continue;
        const fk = fks.get(f.name);
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
            fail(f.name, `"${value}" is not one of ${f.enum.join(', ')}; row skipped`);
          } else {
            warn(f.name, `"${value}" is not one of ${f.enum.join(', ')}; dropped`);
          }
          continue;
        }
        let n: { value?: string | number; note?: string };
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
          warn(f.name, `${n.note}; moved to notes`);
        } else if (f.required) {
          fail(f.name, `${n.note ?? 'unreadable value'}; row skipped`);
        } else {
          warn(f.name, `${n.note ?? 'unreadable value'}; dropped`);
        }
      }

      normalizeTableSpecific(resource, out, values, warn, fail, options);

      for (const f of spec.fields) {
        if (!f.required || f.name === 'id') continue;
        if (out[f.name] !== undefined || polyRaw.get(p)?.has(f.name)) continue;
        // The target table of a polymorphic link is inferred in pass 3 when not given.
        if ((f.name === 'resource_type' || f.name === 'link_entity') && polyRaw.get(p) !== undefined) continue;
        if (text(values[f.name]) !== undefined) continue;
        const filled = fillRequired(resource, f.name, p, source);
        if (filled) {
          out[f.name] = filled.value;
          warn(f.name, filled.note);
        } else fail(f.name, `missing required field ${f.name}; row skipped`);
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
      const removed: [string, string][] = [];
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
            problem(raw, fk.field, `refers to ${skippedTarget} "${rawValue}" which was skipped; row skipped`, 'error');
            p.dead = true;
            break;
          }
          if (!resolved && resource === 'attribute' && named !== undefined) {
            // A taxonomy link of a service (or other row) the export does not carry: never kept.
            problem(raw, fk.field, `refers to ${named} "${rawValue}", which is not in this import; row skipped`, 'error');
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
              problem(raw, fk.field, `refers to "${rawValue}", which is not in this import; link kept, ${typeField} "unknown"`, 'warning');
            } else {
              problem(raw, fk.field, `refers to "${rawValue}", which is not in this import; link kept`, 'warning');
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
          problem(raw, fk.field, `refers to ${target} "${rawValue}" which was skipped; row skipped`, 'error');
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
          problem(raw, fk.field, `organization "${rawValue}" is not in this import; kept under a placeholder organization marked incomplete`, 'warning');
          continue;
        }
        if (fk.kind === 'required') {
          problem(raw, fk.field, `refers to ${target} "${rawValue}", which is not in this import; row skipped`, 'error');
          p.dead = true;
          break;
        }
        delete out[fk.field];
        removed.push([fk.field, `refers to ${target} "${rawValue}", which is not in this import; link removed`]);
      }
      // A phone, language or schedule whose every owner is missing belongs to nothing that was
      // imported: never kept (it would be a link to a service that is not there).
      const owners = fks.filter((fk) => fk.kind === 'owner');
      if (!p.dead && owners.length > 0 && OWNED_ROWS.has(resource) && owners.some((fk) => text(p.values[fk.field]) !== undefined) && owners.every((fk) => out[fk.field] === undefined)) {
        const [field, why] = removed[0] ?? [owners[0]!.field, 'belongs to no row of this import'];
        problem(raw, field, `${why.replace(/; link removed$/, '')}; row skipped`, 'error');
        p.dead = true;
      } else {
        for (const [field, why] of removed) problem(raw, field, why, 'warning');
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
        const why = wasSkipped(target, String(value)) ? 'which was skipped' : 'which is not in this import';
        delete p.out[fk.field];
        problem(p.raw, fk.field, `refers to ${target} "${rawValue}", ${why}; link removed`, 'warning');
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

/** `opens_at` = `9:00am-5:00` with no `closes_at`: the range is split into the two columns. */
function splitScheduleRange(values: Record<string, unknown>, warn: (field: string, message: string) => void): void {
  const opens = text(values['opens_at']);
  if (opens === undefined || text(values['closes_at']) !== undefined) return;
  const range = splitTimeRange(opens);
  if (!range) return;
  values['opens_at'] = range.opens;
  values['closes_at'] = range.closes;
  warn('opens_at', `range "${opens}" split into opens_at and closes_at`);
}

function appendText(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}

function normalizeEnumField(
  resource: ResourceName,
  field: string,
  value: string,
  allowed: readonly string[],
): { value?: string; note?: string } {
  const direct = normalizeEnum(value, allowed);
  if (direct) return { value: direct };
  if (resource === 'schedule' && field === 'wkst') {
    // schema_simple.csv lists MON..SUN while the JSON schema wants MO..SU.
    const d = parseWeekday(value);
    return d ? { value: d } : {};
  }
  if (resource === 'schedule' && field === 'freq' && /^daily$/i.test(value)) {
    // HSDS 3.0 allows only WEEKLY/MONTHLY; DAILY is WEEKLY on every day (byday set below).
    return { value: 'WEEKLY', note: 'DAILY written as WEEKLY on every day' };
  }
  if (resource === 'service' && field === 'status' && /^(open|yes|true|1)$/i.test(value)) {
    return { value: 'active', note: `status "${value}" read as active` };
  }
  return {};
}

function normalizeTableSpecific(
  resource: ResourceName,
  out: Row,
  values: Record<string, unknown>,
  warn: (field: string, message: string) => void,
  fail: (field: string, message: string) => void,
  options: ImportOptions,
): void {
  if (resource === 'phone' && typeof out['number'] === 'string') {
    let number = out['number'];
    const unquoted = number.replace(/^["']+|["']+$/g, '').trim();
    if (unquoted !== number) {
      warn('number', 'quotes around the number removed');
      number = unquoted;
    }
    const split = splitPhoneExtension(number);
    if (split.extension !== undefined) {
      if (out['extension'] !== undefined && out['extension'] !== split.extension) {
        warn('number', `extension ${split.extension} in the number differs from extension ${out['extension']}; column kept`);
      } else {
        out['extension'] = split.extension;
        warn('number', `extension ${split.extension} moved out of the number`);
      }
      number = split.number;
    }
    if (number === '') delete out['number'];
    else out['number'] = number;
  }
  if (resource === 'address' && out['country'] === undefined) {
    // HSDS requires a country; US 211 exports leave it blank because it goes without saying.
    out['country'] = 'US';
    warn('country', 'blank country; US assumed');
  } else if (resource === 'address' && typeof out['country'] === 'string') {
    const c = normalizeCountry(out['country']);
    if (c.value) {
      out['country'] = c.value;
      if (c.note) warn('country', c.note);
    } else {
      fail('country', `${c.note}; row skipped`);
    }
  }
  if (resource === 'language') {
    // A name without a code ("Haitian Creole"), or a name in the code column ("Spanish"): the
    // code is what search by language matches on.
    const code = typeof out['code'] === 'string' ? out['code'] : undefined;
    if (code !== undefined && !/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(code)) {
      const c = languageCode(code);
      if (c) {
        out['code'] = c;
        if (out['name'] === undefined) out['name'] = code;
        warn('code', `language "${code}" written as code ${c}`);
      }
    } else if (code === undefined && typeof out['name'] === 'string') {
      const c = languageCode(out['name']);
      if (c) out['code'] = c;
    }
  }
  if (resource === 'taxonomy_term' && out['code'] === undefined) {
    // 211 exports identify AIRS / 211 LA terms by their code (taxonomy.csv id "BD-1800.2000"):
    // kept as the term's code, so the category mapping (0036) finds it.
    const given = text(values['id']);
    if (given !== undefined && isAirsCode(given)) out['code'] = given;
  }
  if (resource === 'address') {
    if (typeof out['state_province'] === 'string') {
      const st = normalizeState(out['state_province']);
      if (st.value !== undefined) out['state_province'] = st.value;
      if (st.note) warn('state_province', st.note);
    }
    if (typeof out['address_1'] === 'string' && isPlaceholderAddress(out['address_1'])) {
      // HSDS requires the column; empty, it is not shown as a street (the search line skips it).
      warn('address_1', `"${out['address_1']}" is a placeholder, not a street address; not shown`);
      out['address_1'] = '';
    }
  }
  if (resource === 'location') {
    const lat = out['latitude'];
    const lon = out['longitude'];
    const bad: string[] = [];
    if (typeof lat === 'number') out['latitude'] = roundCoordinate(lat);
    if (typeof lon === 'number') out['longitude'] = roundCoordinate(lon);
    if (typeof lat === 'number' && (lat < -90 || lat > 90)) bad.push(`latitude ${lat} outside -90..90`);
    if (typeof lon === 'number' && (lon < -180 || lon > 180)) bad.push(`longitude ${lon} outside -180..180`);
    if ((lat === undefined) !== (lon === undefined)) bad.push('latitude and longitude must come together');
    if (bad.length > 0) {
      const field = bad[0]!.startsWith('longitude') ? 'longitude' : 'latitude';
      if (options.invalidCoordinates === 'skip') {
        fail(field, `${bad.join('; ')}; row skipped`);
      } else {
        delete out['latitude'];
        delete out['longitude'];
        warn(field, `${bad.join('; ')}; coordinates dropped`);
      }
    }
  }
  if (resource === 'schedule') {
    const opens = text(values['opens_at']);
    const closes = text(values['closes_at']);
    if (opens !== undefined && closes !== undefined && out['opens_at'] !== undefined && out['closes_at'] !== undefined) {
      const t = normalizeOpeningTimes(opens, closes);
      if (t.nonsense) {
        // Never shown as open at night: without times the row says nothing about open now,
        // and the times as written stay readable in the notes.
        delete out['opens_at'];
        delete out['closes_at'];
        out['notes'] = appendText(text(out['notes']), `${opens}-${closes}`);
        warn('closes_at', `${t.note}; moved to notes`);
      } else if (t.opens !== undefined && t.closes !== undefined) {
        out['opens_at'] = t.opens;
        out['closes_at'] = t.closes;
        if (t.note) warn('closes_at', t.note);
      }
    }
    const byday = text(values['byday']);
    if (byday !== undefined) {
      const b = normalizeByday(byday);
      if (b.value) out['byday'] = b.value;
      else {
        delete out['byday'];
        warn('byday', `${b.note}; dropped`);
      }
    }
    const freq = text(values['freq']);
    if (freq !== undefined && /^daily$/i.test(freq) && out['byday'] === undefined) {
      out['byday'] = 'MO,TU,WE,TH,FR,SA,SU';
    }
  }
}
