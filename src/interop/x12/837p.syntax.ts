/**
 * X12 syntax for the 837P writer (837p.ts): the separators, the segment writer (free text cleaned,
 * identifiers checked, trailing empty elements dropped), and the element formats (R amounts, D8
 * dates, digit-only identifiers) of the ASC X12 005010X222A1 implementation guide. Shared by the
 * envelope and header loops (837p.ts) and the claim loop (837p.claim.ts).
 */
export interface X12Separators {
  element: string;
  component: string;
  segment: string;
  repetition: string;
}

export const DEFAULT_SEPARATORS: X12Separators = { element: '*', component: ':', segment: '~', repetition: '^' };

/** Cents as an X12 decimal (R type): no float, trailing zeros after the point suppressed. */
export function formatAmount(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be whole cents (got ${cents})`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  if (fraction === 0) return `${sign}${whole}`;
  const digits = String(fraction).padStart(2, '0').replace(/0$/, '');
  return `${sign}${whole}.${digits}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export function compactDate(isoDate: string): string {
  if (!ISO_DATE.test(isoDate)) throw new RangeError(`not a date YYYY-MM-DD: ${isoDate}`);
  return isoDate.slice(0, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);
}

/**
 * Writer of one envelope's segments. Free text (names, addresses) is upper-cased and any
 * separator character is replaced by a space, since X12 has no escape; identifiers (NPI,
 * member ids, codes) must not contain separators and are rejected if they do.
 */
export class SegmentWriter {
  readonly sep: X12Separators;
  readonly terminator: string;
  private readonly forbidden: RegExp;
  constructor(sep: X12Separators, lineBreak: string) {
    this.sep = sep;
    this.terminator = sep.segment + lineBreak;
    const escaped = [sep.element, sep.component, sep.segment, sep.repetition]
      .map((c) => c.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&'))
      .join('');
    this.forbidden = new RegExp(`[${escaped}\\r\\n\\u0000-\\u001f]`, 'g');
  }
  text(value: string, max: number): string {
    return value.replace(this.forbidden, ' ').replace(/\s+/g, ' ').trim().toUpperCase().slice(0, max);
  }
  id(value: string, name: string): string {
    this.forbidden.lastIndex = 0;
    if (value.length === 0 || this.forbidden.test(value)) {
      this.forbidden.lastIndex = 0;
      throw new RangeError(`${name} is empty or contains an X12 separator: ${JSON.stringify(value)}`);
    }
    return value;
  }
  /** A segment from its elements; trailing empty elements are dropped, as X12 requires. */
  segment(tag: string, ...elements: string[]): string {
    let end = elements.length;
    while (end > 0 && elements[end - 1] === '') end--;
    return tag + (end > 0 ? this.sep.element + elements.slice(0, end).join(this.sep.element) : '') + this.terminator;
  }
}

export function digits(value: string, name: string, lengths: readonly number[]): string {
  const clean = value.replace(/[-\s]/g, '');
  if (!/^\d+$/.test(clean) || !lengths.includes(clean.length)) {
    throw new RangeError(`${name} must be ${lengths.join(' or ')} digits (got ${value})`);
  }
  return clean;
}
