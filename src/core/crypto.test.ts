import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { deriveKeys, hmacHex } from './crypto.ts';

describe('hmacHex', () => {
  it('is HMAC-SHA256 of the key (RFC 4231 test case 2)', () => {
    expect(hmacHex(Buffer.from('Jefe'), 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('gives what createHmac gives with the raw key, for each key, on first and later calls', () => {
    const keys = deriveKeys('a-test-secret-a-test-secret-a-test-secret');
    const others = [keys.tokenHash, keys.audit, keys.field, Buffer.alloc(0), Buffer.alloc(32, 7), Buffer.alloc(200, 1)];
    for (let round = 0; round < 3; round++) {
      for (const key of others) {
        for (const text of ['', 'pbt_token', `prev\n{"a":${round}}`, 'ñ✓']) {
          expect(hmacHex(key, text)).toBe(createHmac('sha256', key).update(text).digest('hex'));
        }
      }
    }
  });

  it('keeps keys with the same bytes in different buffers apart from keys with other bytes', () => {
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 2);
    expect(hmacHex(a, 'x')).not.toBe(hmacHex(b, 'x'));
    expect(hmacHex(Buffer.alloc(32, 1), 'x')).toBe(hmacHex(a, 'x'));
  });
});
