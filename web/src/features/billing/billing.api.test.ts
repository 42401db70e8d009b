import { describe, expect, it } from 'vitest';
import { centsOf, dollarsOf } from './billing.api';

describe('money typed by a person', () => {
  it.each([
    ['17.50', 1750],
    ['17.5', 1750],
    ['$9', 900],
    [' 0.05 ', 5],
    ['1200', 120000],
  ])('%s is %i cents', (text, cents) => expect(centsOf(text)).toBe(cents));

  it.each(['', 'abc', '1.234', '-3', '1,50'])('%j is not an amount', (text) => expect(centsOf(text)).toBeNull());

  it('shows cents back as dollars with two decimals', () => {
    expect(dollarsOf(1750)).toBe('17.50');
    expect(dollarsOf(5)).toBe('0.05');
  });
});
