import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalizeByday,
  normalizeCountry,
  normalizeDate,
  normalizeEmail,
  normalizeTime,
  normalizeUri,
  roundCoordinate,
  splitPhoneExtension,
} from './normalize.ts';
import { english } from './report-notes.ts';

describe('times', () => {
  it.each([
    ['8:00am', '08:00:00'],
    ['8am', '08:00:00'],
    ['8 AM', '08:00:00'],
    ['17:30', '17:30:00'],
    ['5:30 PM', '17:30:00'],
    ['5:30 p.m.', '17:30:00'],
    ['12am', '00:00:00'],
    ['12pm', '12:00:00'],
    ['noon', '12:00:00'],
    ['0800', '08:00:00'],
    ['10:00:00', '10:00:00'],
    ['09:00-05:00', '09:00:00-05:00'],
    ['09:00Z', '09:00:00Z'],
    ['24:00', '24:00:00'],
  ])('%j -> %j', (raw, want) => {
    expect(normalizeTime(raw).value).toBe(want);
  });

  it.each(['by appointment', '25:00', '13pm', '8:61'])('%j is reported, not guessed', (raw) => {
    const n = normalizeTime(raw);
    expect(n.value).toBeUndefined();
    expect(n.note).toEqual({ code: 'unreadableTime', values: { value: raw } });
    expect(english(n.note!)).toBe(`unreadable time "${raw}"`);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (h, m) => {
        const once = normalizeTime(`${h}:${String(m).padStart(2, '0')}`).value!;
        expect(normalizeTime(once).value).toBe(once);
      }),
    );
  });
});

describe('weekdays into RFC 5545 byday', () => {
  it.each([
    ['Monday', 'MO'],
    ['mon', 'MO'],
    ['MO', 'MO'],
    ['1', 'MO'],
    ['7', 'SU'],
    ['0', 'SU'],
    ['Mon, Wed, Fri', 'MO,WE,FR'],
    ['Fri/Mon', 'MO,FR'],
    ['Mon-Fri', 'MO,TU,WE,TH,FR'],
    ['Monday through Friday', 'MO,TU,WE,TH,FR'],
    ['Fri-Mon', 'MO,FR,SA,SU'],
    ['weekdays', 'MO,TU,WE,TH,FR'],
    ['weekends', 'SA,SU'],
    ['daily', 'MO,TU,WE,TH,FR,SA,SU'],
    ['sábado', 'SA'],
    ['2MO,-1FR', '2MO,-1FR'],
    ['TH,FR', 'TH,FR'],
  ])('%j -> %j', (raw, want) => {
    expect(normalizeByday(raw).value).toBe(want);
  });

  it('reports what it cannot read', () => {
    expect(normalizeByday('someday').value).toBeUndefined();
  });
});

describe('phone extensions', () => {
  it.each([
    ['555-1234 ext. 12', '555-1234', 12],
    ['(555) 555-1234 x12', '(555) 555-1234', 12],
    ['555-555-1234, Extension 204', '555-555-1234', 204],
    ['555-555-1234 #3', '555-555-1234', 3],
    ['555-1234', '555-1234', undefined],
    ['+44 1234 234567', '+44 1234 234567', undefined],
  ])('%j -> %j ext %j', (raw, number, extension) => {
    expect(splitPhoneExtension(raw)).toEqual(extension === undefined ? { number } : { number, extension });
  });
});

describe('other fields', () => {
  it.each([
    ['us', 'US'],
    ['USA', 'US'],
    ['United States', 'US'],
    ['CA', 'CA'],
  ])('country %j -> %j', (raw, want) => expect(normalizeCountry(raw).value).toBe(want));
  it('refuses a country it cannot code', () => expect(normalizeCountry('Narnia').value).toBeUndefined());

  it.each([
    ['2019-12-24', '2019-12-24'],
    ['12/24/2019', '2019-12-24'],
    ['2008-09-15T15:53:00Z', '2008-09-15'],
    ['2019-02-30', undefined],
  ])('date %j -> %j', (raw, want) => expect(normalizeDate(raw).value).toBe(want));

  it.each([
    ['http://example.com', 'http://example.com'],
    ['www.example.org/food', 'http://www.example.org/food'],
    ['not a url', undefined],
  ])('uri %j -> %j', (raw, want) => expect(normalizeUri(raw).value).toBe(want));

  it.each([
    ['help@example.org', 'help@example.org'],
    ['mailto:help@example.org', 'help@example.org'],
    ['call us', undefined],
  ])('email %j -> %j', (raw, want) => expect(normalizeEmail(raw).value).toBe(want));
});

describe('coordinates', () => {
  it.each([
    [41.87811234567, 41.8781123],
    [-87.62979999999, -87.6298],
    [5e-324, 0],
    [-1e-9, 0],
    [90, 90],
  ])('%d is kept as %d (7 decimal places, never a subnormal or -0)', (raw, want) => expect(Object.is(roundCoordinate(raw), want)).toBe(true));

  it('rounding again changes nothing (import(export(x)) gives back x)', () => {
    fc.assert(fc.property(fc.double({ min: -180, max: 180, noNaN: true }), (x) => Object.is(roundCoordinate(roundCoordinate(x)), roundCoordinate(x))));
  });
});
