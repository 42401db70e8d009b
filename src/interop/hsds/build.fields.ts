// Pass 2 of the import engine (build.ts), the parts that depend on the table: each row's values
// normalized where real exports differ from HSDS 3.0 (phones with their extension, a blank
// country, language names for codes, 211 taxonomy codes, placeholder addresses, coordinates out
// of range, opening hours without am or pm). Each change is a note of the row report.
import type { ImportOptions, ResourceName, Row } from './model.ts';
import {
  isAirsCode,
  isPlaceholderAddress,
  languageCode,
  normalizeByday,
  normalizeCountry,
  normalizeEnum,
  normalizeOpeningTimes,
  normalizeState,
  parseWeekday,
  roundCoordinate,
  splitPhoneExtension,
  splitTimeRange,
} from './normalize.ts';
import { note, type Note, type PlainNote, type Why } from './report-notes.ts';

/** A value as text: trimmed, undefined when empty (numbers and booleans as written). */
export function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** `opens_at` = `9:00am-5:00` with no `closes_at`: the range is split into the two columns. */
export function splitScheduleRange(values: Record<string, unknown>, warn: (field: string, said: Note) => void): void {
  const opens = text(values['opens_at']);
  if (opens === undefined || text(values['closes_at']) !== undefined) return;
  const range = splitTimeRange(opens);
  if (!range) return;
  values['opens_at'] = range.opens;
  values['closes_at'] = range.closes;
  warn('opens_at', note('rangeSplit', { value: opens }));
}

export function appendText(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}

export function normalizeEnumField(
  resource: ResourceName,
  field: string,
  value: string,
  allowed: readonly string[],
): { value?: string; note?: PlainNote } {
  const direct = normalizeEnum(value, allowed);
  if (direct) return { value: direct };
  if (resource === 'schedule' && field === 'wkst') {
    // schema_simple.csv lists MON..SUN while the JSON schema wants MO..SU.
    const d = parseWeekday(value);
    return d ? { value: d } : {};
  }
  if (resource === 'schedule' && field === 'freq' && /^daily$/i.test(value)) {
    // HSDS 3.0 allows only WEEKLY/MONTHLY; DAILY is WEEKLY on every day (byday set below).
    return { value: 'WEEKLY', note: note('dailyAsWeekly') };
  }
  if (resource === 'service' && field === 'status' && /^(open|yes|true|1)$/i.test(value)) {
    return { value: 'active', note: note('statusAsActive', { value }) };
  }
  return {};
}

export function normalizeTableSpecific(
  resource: ResourceName,
  out: Row,
  values: Record<string, unknown>,
  warn: (field: string, said: Note) => void,
  /** Skips the row, saying why. */
  fail: (field: string, why: Why) => void,
  options: ImportOptions,
): void {
  if (resource === 'phone' && typeof out['number'] === 'string') {
    let number = out['number'];
    const unquoted = number.replace(/^["']+|["']+$/g, '').trim();
    if (unquoted !== number) {
      warn('number', note('phoneQuotesRemoved'));
      number = unquoted;
    }
    const split = splitPhoneExtension(number);
    if (split.extension !== undefined) {
      if (out['extension'] !== undefined && out['extension'] !== split.extension) {
        warn('number', note('extensionDiffers', { extension: String(split.extension), column: String(out['extension']) }));
      } else {
        out['extension'] = split.extension;
        warn('number', note('extensionMoved', { extension: String(split.extension) }));
      }
      number = split.number;
    }
    if (number === '') delete out['number'];
    else out['number'] = number;
  }
  if (resource === 'address' && out['country'] === undefined) {
    // HSDS requires a country; US 211 exports leave it blank because it goes without saying.
    out['country'] = 'US';
    warn('country', note('countryAssumed'));
  } else if (resource === 'address' && typeof out['country'] === 'string') {
    const c = normalizeCountry(out['country']);
    if (c.value) {
      out['country'] = c.value;
      if (c.note) warn('country', c.note);
    } else {
      fail('country', c.note ?? note('unreadableValue'));
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
        warn('code', note('languageWritten', { value: code, code: c }));
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
      warn('address_1', note('addressPlaceholder', { value: out['address_1'] }));
      out['address_1'] = '';
    }
  }
  if (resource === 'location') {
    const lat = out['latitude'];
    const lon = out['longitude'];
    const bad: PlainNote[] = [];
    if (typeof lat === 'number') out['latitude'] = roundCoordinate(lat);
    if (typeof lon === 'number') out['longitude'] = roundCoordinate(lon);
    if (typeof lat === 'number' && (lat < -90 || lat > 90)) bad.push(note('latitudeOutOfRange', { value: lat }));
    if (typeof lon === 'number' && (lon < -180 || lon > 180)) bad.push(note('longitudeOutOfRange', { value: lon }));
    if ((lat === undefined) !== (lon === undefined)) bad.push(note('coordinatesUnpaired'));
    if (bad.length > 0) {
      const field = bad[0]!.code === 'longitudeOutOfRange' ? 'longitude' : 'latitude';
      if (options.invalidCoordinates === 'skip') {
        fail(field, bad);
      } else {
        delete out['latitude'];
        delete out['longitude'];
        warn(field, note('coordinatesDropped', { why: bad }));
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
        warn('closes_at', note('movedToNotes', { why: t.note ?? note('unreadableValue') }));
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
        warn('byday', note('dropped', { why: b.note ?? note('unreadableValue') }));
      }
    }
    const freq = text(values['freq']);
    if (freq !== undefined && /^daily$/i.test(freq) && out['byday'] === undefined) {
      out['byday'] = 'MO,TU,WE,TH,FR,SA,SU';
    }
  }
}
