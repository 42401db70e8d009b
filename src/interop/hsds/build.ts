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
  normalizeTime,
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
          problem(raw, 'id', `id "${rawId}" is not a UUID; stable UUID ${id} assigned`, 'warning');
        }
      }
    }
    if (raw.sourceId !== undefined) sourceId = raw.sourceId;
    const existing = table.get(id);
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
        if (text(values[f.name]) === undefined) fail(f.name, `missing required field ${f.name}; row skipped`);
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
        if (fk.kind === 'required') {
          problem(raw, fk.field, `refers to ${target} "${rawValue}", which is not in this import; row skipped`, 'error');
          p.dead = true;
          break;
        }
        delete out[fk.field];
        problem(raw, fk.field, `refers to ${target} "${rawValue}", which is not in this import; link removed`, 'warning');
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
