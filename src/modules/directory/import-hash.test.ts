import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importContentHash } from './import-hash.ts';

// The hash that lets an unchanged package skip its import (0042): any change to what is read
// must read the files again, or a fixed export would never reach the directory.
const options = { source: 'county-211', strict: false, defaultTimeZone: 'America/Chicago' };
const bytes = (text: string) => new TextEncoder().encode(text);

describe('importContentHash', () => {
  it('is the same for the same files in any key order, and differs when one byte changes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4096 }), fc.nat(), (data, at) => {
        const a = { 'services.csv': data, 'organizations.csv': bytes('id,name\n1,Harbor\n') };
        const b = { 'organizations.csv': bytes('id,name\n1,Harbor\n'), 'services.csv': new Uint8Array(data) };
        expect(importContentHash(a, options)).toBe(importContentHash(b, options));
        const changed = new Uint8Array(data);
        const i = at % data.length;
        changed[i] = changed[i]! ^ 1;
        expect(importContentHash({ ...a, 'services.csv': changed }, options)).not.toBe(importContentHash(a, options));
      }),
    );
  });

  it('tells apart bytes moved between files, renamed files and other options', () => {
    const base = importContentHash({ 'a.csv': bytes('ab'), 'b.csv': bytes('c') }, options);
    expect(importContentHash({ 'a.csv': bytes('a'), 'b.csv': bytes('bc') }, options)).not.toBe(base);
    expect(importContentHash({ 'a.csv': bytes('ab'), 'c.csv': bytes('c') }, options)).not.toBe(base);
    expect(importContentHash({ 'a.csv': bytes('ab'), 'b.csv': bytes('c') }, { ...options, defaultTimeZone: 'America/Denver' })).not.toBe(base);
    expect(importContentHash({ 'a.csv': bytes('ab'), 'b.csv': bytes('c') }, { ...options, source: 'other' })).not.toBe(base);
    expect(importContentHash({ 'a.csv': bytes('ab'), 'b.csv': bytes('c') }, { ...options, strict: true })).not.toBe(base);
  });
});
