import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUuid, stableId, uuidV5 } from './ids.ts';

describe('stable ids', () => {
  it('computes RFC 9562 UUID v5 (the DNS-namespace example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it.each([
    ['12', true],
    ['  12 ', true],
    ['AC148810-D857-441C-9679-408F346DE14B', false],
  ])('maps source id %j to a UUID (rewritten: %s)', (sourceId, rewritten) => {
    const id = stableId('211-metro', 'service', sourceId);
    expect(isUuid(id)).toBe(true);
    expect(id !== sourceId.trim().toLowerCase()).toBe(rewritten);
  });

  it('gives the same id for the same source, table and source id, and different ones otherwise', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        fc.pre(a.trim() !== '' && !isUuid(a.trim()));
        expect(stableId('s', 'service', a)).toBe(stableId('s', 'service', a));
        expect(stableId('s', 'service', a)).not.toBe(stableId('s', 'location', a));
        expect(stableId('s', 'service', a)).not.toBe(stableId('other', 'service', a));
        if (a.trim() !== b.trim()) expect(stableId('s', 'service', a)).not.toBe(stableId('s', 'service', b));
      }),
    );
  });
});
