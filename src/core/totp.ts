import { createHmac, randomBytes } from 'node:crypto';

/**
 * Time-based one-time passwords, RFC 6238 (HMAC-SHA1, 30-second steps, 6 digits): the parameters
 * every authenticator app understands. Secrets are RFC 4648 base32 without padding.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const base32Encode = (buf: Buffer): string => {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
};

export const base32Decode = (text: string): Buffer => {
  const clean = text.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error('Invalid base32 character');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
};

export const newTotpSecret = (): string => base32Encode(randomBytes(20));

/** RFC 4226 HOTP with dynamic truncation; `digits` 6 (or 8 for the RFC test vectors). */
export const hotp = (key: Buffer, counter: number, digits = 6, algorithm = 'sha1'): string => {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(code % 10 ** digits).padStart(digits, '0');
};

export const totpAt = (secretBase32: string, unixSeconds: number, step = 30, digits = 6): string =>
  hotp(base32Decode(secretBase32), Math.floor(unixSeconds / step), digits);

/**
 * Accepts the code of the current step and one step either side (clock drift on phones), and
 * returns the step it matched so the caller can refuse a replay of the same step.
 */
export const verifyTotp = (
  secretBase32: string,
  code: string,
  unixSeconds: number,
  lastUsedStep: number | null = null,
): number | null => {
  if (!/^\d{6}$/.test(code)) return null;
  const step = Math.floor(unixSeconds / 30);
  for (const s of [step, step - 1, step + 1]) {
    if (lastUsedStep !== null && s <= lastUsedStep) continue;
    if (hotp(base32Decode(secretBase32), s) === code) return s;
  }
  return null;
};

export const otpauthUrl = (secretBase32: string, account: string, issuer = 'Peerbridge'): string =>
  `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
