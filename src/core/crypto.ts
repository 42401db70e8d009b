import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Keys are derived from the one instance secret (PEERBRIDGE_SECRET) with HKDF, one key per purpose,
 * so a leak of one derived key does not expose the others.
 */
export interface Keys {
  /** Keyed hash of session and API tokens: the database alone cannot be used to forge a token. */
  tokenHash: Buffer;
  /** AES-256-GCM key for fields encrypted at rest (TOTP secrets, and sensitive module fields). */
  field: Buffer;
  /** HMAC key of the audit hash chain: tampering cannot be hidden without the secret. */
  audit: Buffer;
}

export const deriveKeys = (secret: string): Keys => {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'peerbridge', info, 32));
  return { tokenHash: derive('token-hash'), field: derive('field-encryption'), audit: derive('audit-chain') };
};

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * Given a Buffer, createHmac builds a KeyObject on every call, several times the cost of hashing
 * a token or an audit link; every request does both. So each key gets its KeyObject once, on
 * first use (the derived keys are never modified after `deriveKeys`; a WeakMap lets a key that is
 * no longer used go).
 */
const hmacKeys = new WeakMap<Buffer, KeyObject>();

export const hmacHex = (key: Buffer, text: string): string => {
  let keyObject = hmacKeys.get(key);
  if (keyObject === undefined) {
    keyObject = createSecretKey(key);
    hmacKeys.set(key, keyObject);
  }
  return createHmac('sha256', keyObject).update(text).digest('hex');
};

export const safeEqual = (a: string, b: string): boolean => {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
};

/** `v1.<iv>.<tag>.<ciphertext>` in base64url; the version prefix allows key rotation later. */
export const encryptField = (key: Buffer, plaintext: string): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
};

export const decryptField = (key: Buffer, sealed: string): string => {
  const [version, iv, tag, ct] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('Unrecognised encrypted field format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
};

/**
 * JSON with object keys sorted at every level, so the same value always hashes the same way
 * (PostgreSQL's jsonb reorders keys on the way back).
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};
