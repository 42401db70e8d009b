/**
 * Small-cell suppression for every report that leaves the agency's staff pages (outcomes, team
 * wellbeing, the workforce registry): the rule set P1-P11 of shared/OUTCOMES-AND-WORKFORCE.md §3,
 * after the CMS cell size policy (no cell of 1 to 10, nor anything it can be derived from).
 *
 * - P1: count cells count unduplicated people; magnitudes (encounters, units, means) carry the
 *   number of people behind them as their contributors.
 * - P2: counts 1 to k−1 are hidden and shown as `<k`; zero is shown; a statistic needs k contributors.
 * - P3: a percentage is hidden when its numerator or denominator is hidden.
 * - P4: complementary suppression per row, column and total line, repeated until nothing changes.
 * - P9: shown counts may be rounded to 5 after suppression (public dashboards only).
 * - P11: every output states k, whether it was rounded, and the rule version.
 * P5 (tables released together) is the caller's: suppress them as one table with shared lines.
 */

export const SUPPRESSION_RULE_VERSION = 'peerbridge-P1-P11-2026.1';

export interface SuppressionPolicy {
  /** The smallest count shown (CMS: 11). */
  k: number;
  /** P9: round shown counts to 5 (public dashboards); funder files keep exact counts. */
  roundTo5?: boolean;
}

export const DEFAULT_POLICY: SuppressionPolicy = { k: 11 };

/** P11: what every suppressed output says about itself. */
export interface SuppressionMeta {
  k: number;
  rounded: boolean;
  ruleVersion: string;
}

export const metaOf = (policy: SuppressionPolicy): SuppressionMeta => ({ k: policy.k, rounded: policy.roundTo5 === true, ruleVersion: SUPPRESSION_RULE_VERSION });

/**
 * A shown count: the number, or for a hidden cell `"<k"` when it is small itself (P2) and `null`
 * when it is hidden only so that a small one cannot be derived (P4), so a reader never takes a
 * complementary cell for a small one.
 */
export type ShownCount = number | string | null;

export interface SuppressedCell {
  shown: ShownCount;
  suppressed: boolean;
}

/** A cross-table of counts with its margins: `cells[row][col]`, row totals, column totals, grand total. */
export interface CountTable {
  cells: number[][];
  rowTotals?: number[];
  colTotals?: number[];
  total?: number;
}

export interface SuppressedTable {
  cells: SuppressedCell[][];
  rowTotals?: SuppressedCell[];
  colTotals?: SuppressedCell[];
  total?: SuppressedCell;
}

const isSmall = (v: number, k: number) => v > 0 && v < k;

const round5 = (v: number) => Math.round(v / 5) * 5;

const show = (value: number, hidden: boolean, policy: SuppressionPolicy): SuppressedCell => {
  if (!hidden) return { shown: policy.roundTo5 ? round5(value) : value, suppressed: false };
  return { shown: isSmall(value, policy.k) ? `<${policy.k}` : null, suppressed: true };
};

/** One count on its own (a total with no breakdown): P2. */
export const suppressCount = (value: number, policy: SuppressionPolicy = DEFAULT_POLICY): SuppressedCell => show(value, isSmall(value, policy.k), policy);

/** P2: a statistic (mean, change, effect size) needs k contributors; else it is not shown. */
export const suppressStatistic = (value: number | null, contributors: number, policy: SuppressionPolicy = DEFAULT_POLICY): number | null =>
  value === null || contributors < policy.k ? null : value;

/** P3: a percentage is hidden when its numerator or denominator is hidden (or the denominator is 0). */
export const suppressPercent = (numerator: SuppressedCell, denominator: SuppressedCell, rawNumerator: number, rawDenominator: number): number | null =>
  numerator.suppressed || denominator.suppressed || rawDenominator === 0 ? null : Math.round((1000 * rawNumerator) / rawDenominator) / 10;

interface Line {
  members: number[];
  total: number | null;
}

/**
 * P2 then P4 on a table with its margins. Each row (its cells and its row total), each column
 * (its cells and its column total), the column totals' line and the row totals' line (each with
 * the grand total) is a line. While anything changes, for each line whose total is shown:
 * (a) one hidden member alone is recoverable from the total, so the next-smallest non-zero shown
 * member is hidden too; (b) while the hidden members sum to less than k (their sum is the total
 * minus what is shown), the next-smallest is hidden; (d) when no non-zero member is left to hide,
 * the total itself is hidden. (c), re-checking crossing lines, is the repetition.
 */
export const suppressTable = (table: CountTable, policy: SuppressionPolicy = DEFAULT_POLICY): SuppressedTable => {
  const values: number[] = [];
  const cellIndex = table.cells.map((row) => row.map((v) => values.push(v) - 1));
  const rowTotalIndex = table.rowTotals?.map((v) => values.push(v) - 1);
  const colTotalIndex = table.colTotals?.map((v) => values.push(v) - 1);
  const totalIndex = table.total === undefined ? null : values.push(table.total) - 1;
  const hidden = values.map((v) => isSmall(v, policy.k));

  const lines: Line[] = [];
  cellIndex.forEach((row, r) => lines.push({ members: row, total: rowTotalIndex?.[r] ?? null }));
  const cols = cellIndex[0]?.length ?? 0;
  for (let c = 0; c < cols; c++) lines.push({ members: cellIndex.map((row) => row[c]!), total: colTotalIndex?.[c] ?? null });
  if (colTotalIndex) lines.push({ members: colTotalIndex, total: totalIndex });
  if (rowTotalIndex) lines.push({ members: rowTotalIndex, total: totalIndex });

  const hideNextSmallest = (line: Line): boolean => {
    let best = -1;
    for (const m of line.members) if (!hidden[m] && values[m]! > 0 && (best === -1 || values[m]! < values[best]!)) best = m;
    if (best !== -1) {
      hidden[best] = true;
      return true;
    }
    if (line.total !== null && !hidden[line.total]) {
      hidden[line.total] = true;
      return true;
    }
    return false;
  };

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      if (line.total === null || hidden[line.total]) continue;
      const hiddenMembers = () => line.members.filter((m) => hidden[m]);
      if (hiddenMembers().length === 0) continue;
      // (a) a lone hidden member equals the total minus the shown ones.
      if (hiddenMembers().length === 1 && hideNextSmallest(line)) changed = true;
      // (b), (d): hidden members summing under k reveal a small group.
      while (!hidden[line.total] && hiddenMembers().length > 0 && hiddenMembers().reduce((s, m) => s + values[m]!, 0) < policy.k) {
        if (!hideNextSmallest(line)) break;
        changed = true;
      }
    }
  }

  const out = (i: number) => show(values[i]!, hidden[i]!, policy);
  return {
    cells: cellIndex.map((row) => row.map(out)),
    ...(rowTotalIndex ? { rowTotals: rowTotalIndex.map(out) } : {}),
    ...(colTotalIndex ? { colTotals: colTotalIndex.map(out) } : {}),
    ...(totalIndex !== null ? { total: out(totalIndex) } : {}),
  };
};

/** A one-way breakdown (groups and their total) is a table of one column. */
export const suppressBreakdown = (counts: number[], total: number, policy: SuppressionPolicy = DEFAULT_POLICY) => {
  const t = suppressTable({ cells: counts.map((c) => [c]), colTotals: [total] }, policy);
  return { groups: t.cells.map((row) => row[0]!), total: t.colTotals![0]! };
};
