import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base32Decode, base32Encode, hotp, totpAt, verifyTotp } from './totp.ts';

// RFC 6238 appendix B, SHA-1 vectors (8 digits), secret "12345678901234567890".
const RFC_SECRET = Buffer.from('12345678901234567890');
const vectors: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('at %i seconds the code is %s', (t, code) => {
    expect(hotp(RFC_SECRET, Math.floor(t / 30), 8)).toBe(code);
  });

  it('base32 round-trips any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      expect(base32Decode(base32Encode(Buffer.from(bytes)))).toEqual(Buffer.from(bytes));
    }));
  });

  it('accepts the current code and one step of drift, refuses older codes and replays', () => {
    const secret = base32Encode(RFC_SECRET);
    const now = 1_700_000_000;
    expect(verifyTotp(secret, totpAt(secret, now), now)).toBe(Math.floor(now / 30));
    expect(verifyTotp(secret, totpAt(secret, now - 30), now)).toBe(Math.floor(now / 30) - 1);
    expect(verifyTotp(secret, totpAt(secret, now - 90), now)).toBeNull();
    const used = verifyTotp(secret, totpAt(secret, now), now);
    expect(verifyTotp(secret, totpAt(secret, now), now, used)).toBeNull();
    expect(verifyTotp(secret, 'abc123', now)).toBeNull();
  });
});
