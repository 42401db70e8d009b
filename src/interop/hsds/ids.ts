// Stable identifiers. HSDS 3.0 requires UUIDs (`format: uuid`), but 211 exports use integers,
// short strings or nothing at all. A non-UUID source id becomes a name-based UUID v5 (RFC 9562
// section 5.5) of (source, table, source id): the same source re-imported gets the same ids, so a
// re-import updates rows instead of duplicating them.
import { createHash } from 'node:crypto';

/** Peerbridge's namespace for HSDS ids (a fixed random UUID; never change it). */
export const HSDS_ID_NAMESPACE = '5a0c8f0e-3b8e-4d7a-9a51-6c2f4f6b1d2e';

/**
 * /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, written out: an import tests
 * every id and link, and the loop is several times faster than the regular expression.
 */
export function isUuid(value: string): boolean {
  if (value.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = value.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

const DEFAULT_NAMESPACE_BYTES = uuidBytes(HSDS_ID_NAMESPACE);

/** UUID version 5 (SHA-1, name based) of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string = HSDS_ID_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(namespace === HSDS_ID_NAMESPACE ? DEFAULT_NAMESPACE_BYTES : uuidBytes(namespace))
    .update(name, 'utf8')
    .digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The HSDS id for a source id of a table: a UUID is kept (lower-cased, UUIDs compare without
 * case); anything else maps to a stable UUID v5. The NUL separators keep ("a","b c") and
 * ("a b","c") apart.
 */
export function stableId(source: string, resource: string, sourceId: string): string {
  const trimmed = sourceId.trim();
  if (isUuid(trimmed)) return trimmed.toLowerCase();
  return uuidV5(`${source}\u0000${resource}\u0000${trimmed}`);
}
