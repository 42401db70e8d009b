import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidNpi, npiCheckDigit } from './npi.rules.ts';

describe('NPI check digit', () => {
  it.each([
    // The CMS worked example: 123456789 → check digit 3.
    ['1234567893', true],
    ['1497758544', true],
    ['1245319599', true],
    ['1234567890', false],
    ['1234567894', false],
    ['123456789', false],
    ['12345678930', false],
    ['12345-7893', false],
    ['', false],
  ])('%s is %s', (npi, valid) => {
    expect(isValidNpi(npi)).toBe(valid);
  });

  it('computes the CMS example', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
  });

  it('matches the Luhn check of the number prefixed with 80840', () => {
    const luhn = (digits: string) =>
      [...digits].reverse().reduce((sum, ch, i) => {
        let d = Number(ch);
        if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        return sum + d;
      }, 0) %
        10 ===
      0;
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (npi) => {
        expect(isValidNpi(npi)).toBe(luhn(`80840${npi}`));
      }),
    );
  });

  it('every wrong last digit is refused', () => {
    for (let d = 0; d <= 9; d++) expect(isValidNpi(`123456789${d}`)).toBe(d === 3);
  });
});
