/**
 * National Provider Identifier check digit (45 CFR 162.406; CMS "Requirements for NPI check
 * digit"): 10 digits, the last being the ISO/IEC 7812 Luhn check digit of the first 9 prefixed by
 * the health-industry issuer prefix 80840. Pure.
 */

/** What the prefix 80840 adds to the Luhn sum in its place (the constant CMS gives). */
const PREFIX_SUM = 24;

/** The check digit of the first 9 digits of an NPI. */
export function npiCheckDigit(first9: string): number {
  if (!/^\d{9}$/.test(first9)) throw new RangeError('an NPI check digit is computed from 9 digits');
  let sum = PREFIX_SUM;
  // From the right of the 9 digits (the check digit will sit to their right): double every
  // other digit starting with the rightmost.
  for (let i = 0; i < 9; i++) {
    let d = first9.charCodeAt(8 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True for 10 digits whose last is the NPI check digit of the first 9. */
export function isValidNpi(value: string): boolean {
  return /^\d{10}$/.test(value) && npiCheckDigit(value.slice(0, 9)) === value.charCodeAt(9) - 48;
}
