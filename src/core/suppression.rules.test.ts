import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metaOf, suppressBreakdown, suppressCount, suppressPercent, suppressStatistic, suppressTable, SUPPRESSION_RULE_VERSION, type SuppressedCell } from './suppression.rules.ts';

const shown = (cells: SuppressedCell[]) => cells.map((c) => c.shown);

describe('P2: counts 1 to 10 are hidden, zero is shown', () => {
  it.each([
    [0, 0],
    [1, '<11'],
    [10, '<11'],
    [11, 11],
    [250, 250],
  ])('%i shows as %j', (value, expected) => {
    expect(suppressCount(value).shown).toBe(expected);
  });

  it('uses the report\'s own k', () => {
    expect(suppressCount(19, { k: 20 }).shown).toBe('<20');
  });

  it('hides a statistic with fewer than k contributors', () => {
    expect(suppressStatistic(3.2, 10)).toBeNull();
    expect(suppressStatistic(3.2, 11)).toBe(3.2);
  });

  it('P3: hides a percentage when its numerator or denominator is hidden', () => {
    expect(suppressPercent(suppressCount(5), suppressCount(40), 5, 40)).toBeNull();
    expect(suppressPercent(suppressCount(12), suppressCount(40), 12, 40)).toBe(30);
    expect(suppressPercent(suppressCount(0), suppressCount(8), 0, 8)).toBeNull();
  });

  it('P11: states k, rounding and the rule version', () => {
    expect(metaOf({ k: 11, roundTo5: true })).toEqual({ k: 11, rounded: true, ruleVersion: SUPPRESSION_RULE_VERSION });
  });
});

describe('P4: complementary suppression, worked tables', () => {
  it('(a) a lone small cell takes the next-smallest non-zero cell of its line with it', () => {
    // People served by race: 5 + 20 + 30 = 55. Showing 20, 30 and 55 would give away the 5.
    const r = suppressBreakdown([5, 20, 30], 55);
    expect(shown(r.groups)).toEqual(['<11', null, 30]);
    expect(r.total.shown).toBe(55);
  });

  it('(a) skips zeros: a zero gives nothing away and is shown', () => {
    const r = suppressBreakdown([5, 0, 30, 40], 75);
    expect(shown(r.groups)).toEqual(['<11', 0, null, 40]);
  });

  it('(b) hidden cells summing under k take the next-smallest too', () => {
    // 3 and 4 hidden sum to 7: 57 − 50 would say "7 people in those two groups".
    const r = suppressBreakdown([3, 4, 50, 60], 117);
    expect(shown(r.groups)).toEqual(['<11', '<11', null, 60]);
  });

  it('(c) re-checks crossing lines: rows and columns of a two-way table', () => {
    //        X   Y   Z | total
    //  A     5  15  20 |  40
    //  B    12  13  30 |  55
    //  tot  17  28  50 |  95
    const t = suppressTable({ cells: [[5, 15, 20], [12, 13, 30]], rowTotals: [40, 55], colTotals: [17, 28, 50], total: 95 });
    expect(t.cells.map(shown)).toEqual([
      ['<11', null, 20],
      [null, null, 30],
    ]);
    expect(shown(t.rowTotals!)).toEqual([40, 55]);
    expect(shown(t.colTotals!)).toEqual([17, 28, 50]);
    expect(t.total!.shown).toBe(95);
  });

  it('(d) a line with no other non-zero cell hides its total, and that spreads to the margins', () => {
    //        X   Y | total
    //  A     5  20 |  25
    //  B     0  30 |  30
    //  tot   5  50 |  55
    const t = suppressTable({ cells: [[5, 20], [0, 30]], rowTotals: [25, 30], colTotals: [5, 50], total: 55 });
    expect(t.cells.map(shown)).toEqual([
      ['<11', null],
      [0, null],
    ]);
    expect(shown(t.rowTotals!)).toEqual([null, null]);
    expect(shown(t.colTotals!)).toEqual(['<11', null]);
    expect(t.total!.shown).toBe(55);
  });

  it('P9: rounds shown counts to 5 after suppression, never a hidden one', () => {
    const r = suppressBreakdown([5, 22, 33, 41], 101, { k: 11, roundTo5: true });
    expect(shown(r.groups)).toEqual(['<11', null, 35, 40]);
    expect(r.total.shown).toBe(100);
  });

  it('no line with a shown total ever lets a small group be derived (property)', () => {
    const k = 11;
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 11, max: 80 })), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        (cells) => {
          const rowTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
          const colTotals = [0, 1, 2].map((c) => cells.reduce((a, r) => a + r[c]!, 0));
          const total = rowTotals.reduce((a, b) => a + b, 0);
          const t = suppressTable({ cells, rowTotals, colTotals, total }, { k });
          const check = (members: Array<{ v: number; c: SuppressedCell }>, tot: { v: number; c: SuppressedCell }) => {
            for (const m of members) if (!m.c.suppressed) expect(m.v === 0 || m.v >= k).toBe(true);
            if (tot.c.suppressed) return;
            const hiddenMembers = members.filter((m) => m.c.suppressed);
            if (hiddenMembers.length === 0) return;
            expect(hiddenMembers.length).toBeGreaterThanOrEqual(2);
            expect(hiddenMembers.reduce((s, m) => s + m.v, 0)).toBeGreaterThanOrEqual(k);
          };
          cells.forEach((row, r) => check(row.map((v, c) => ({ v, c: t.cells[r]![c]! })), { v: rowTotals[r]!, c: t.rowTotals![r]! }));
          [0, 1, 2].forEach((c) => check(cells.map((row, r) => ({ v: row[c]!, c: t.cells[r]![c]! })), { v: colTotals[c]!, c: t.colTotals![c]! }));
          check(colTotals.map((v, c) => ({ v, c: t.colTotals![c]! })), { v: total, c: t.total! });
          check(rowTotals.map((v, r) => ({ v, c: t.rowTotals![r]! })), { v: total, c: t.total! });
        },
      ),
      { numRuns: 500 },
    );
  });
});
