import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Secret, TOTP } from 'otpauth';
import { newTotpSecret, otpauthUrl, totpAt, verifyTotp } from './totp.ts';

// RFC 6238 appendix B, SHA-1 vectors (8 digits), secret "12345678901234567890".
const RFC_SECRET = new Secret({ buffer: new TextEncoder().encode('12345678901234567890').buffer }).base32;
const vectors: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, through otpauth)', () => {
  it.each(vectors)('at %i seconds the 8-digit code is %s', (t, code) => {
    const totp = new TOTP({ algorithm: 'SHA1', digits: 8, period: 30, secret: Secret.fromBase32(RFC_SECRET) });
    expect(totp.generate({ timestamp: t * 1000 })).toBe(code);
  });

  it.each(vectors)('at %i seconds the 6-digit code is the last six digits of %s', (t, code) => {
    expect(totpAt(RFC_SECRET, t)).toBe(code.slice(2));
  });

  it('accepts the current code and one step of drift, refuses older codes and replays', () => {
    const secret = RFC_SECRET;
    const now = 1_700_000_000;
    const step = Math.floor(now / 30);
    expect(verifyTotp(secret, totpAt(secret, now), now)).toBe(step);
    expect(verifyTotp(secret, totpAt(secret, now - 30), now)).toBe(step - 1);
    expect(verifyTotp(secret, totpAt(secret, now + 30), now)).toBe(step + 1);
    expect(verifyTotp(secret, totpAt(secret, now - 90), now)).toBeNull();
    const used = verifyTotp(secret, totpAt(secret, now), now);
    expect(verifyTotp(secret, totpAt(secret, now), now, used)).toBeNull();
    // A code of an earlier step, still inside the drift window, is refused once a later one was used.
    expect(verifyTotp(secret, totpAt(secret, now - 30), now, used)).toBeNull();
    expect(verifyTotp(secret, totpAt(secret, now + 30), now, used)).toBe(step + 1);
    expect(verifyTotp(secret, 'abc123', now)).toBeNull();
    expect(verifyTotp(secret, '1234567', now)).toBeNull();
  });

  it('a new secret is 160 random bits in base32 and its codes verify at any time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (now) => {
        const secret = newTotpSecret();
        expect(secret).toMatch(/^[A-Z2-7]{32}$/);
        expect(verifyTotp(secret, totpAt(secret, now), now)).toBe(Math.floor(now / 30));
      }),
      { numRuns: 50 },
    );
  });

  it('the otpauth URL carries the secret, issuer and parameters authenticator apps read', () => {
    const url = new URL(otpauthUrl(RFC_SECRET, 'dana@example.org'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(RFC_SECRET);
    expect(url.searchParams.get('issuer')).toBe('Peerbridge');
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(url.pathname)).toContain('dana@example.org');
  });
});
