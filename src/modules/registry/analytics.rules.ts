import { suppressBreakdown, suppressCount, suppressPercent, suppressStatistic, type SuppressedCell, type SuppressionPolicy } from '../../core/suppression.rules.ts';

/**
 * The registry's figures from de-identified counts (issue 22). Every count is of unduplicated
 * people (P1: a peer at two agencies is one person), every count 1-10 is hidden and complementary
 * cells with it (P2, P4), every statistic needs k contributors (P2), and a share is hidden when
 * its numerator or denominator is (P3). Callers state k and the rule version (P11).
 */

export interface GroupCount {
  group: string;
  people: number;
  /** Sum of weekly hours / 40 over the group's jobs. */
  fte: number;
}

export interface ShownGroup {
  group: string;
  headcount: SuppressedCell;
  fte: number | null;
}

/** Headcount and FTE by group, with the total of distinct people (which a group can't exceed). */
export const headcountTable = (groups: readonly GroupCount[], total: GroupCount, policy: SuppressionPolicy) => {
  const shown = suppressBreakdown(
    groups.map((g) => g.people),
    total.people,
    policy,
  );
  return {
    groups: groups.map<ShownGroup>((g, i) => ({
      group: g.group,
      headcount: shown.groups[i]!,
      // FTE is a magnitude whose contributors are the people behind it (P1): hidden with them.
      fte: shown.groups[i]!.suppressed ? null : suppressStatistic(round1(g.fte), g.people, policy),
    })),
    total: { headcount: shown.total, fte: shown.total.suppressed ? null : suppressStatistic(round1(total.fte), total.people, policy) },
  };
};

/** Turnover over a year: of the people working at the start, the share no longer working a year on. */
export const turnover = (atStart: number, stillThere: number, policy: SuppressionPolicy) => {
  const start = suppressCount(atStart, policy);
  const left = suppressCount(atStart - stillThere, policy);
  return { atStart: start, left, rate: suppressPercent(left, start, atStart - stillThere, atStart) };
};

export interface RepresentationInput {
  group: string;
  workforce: number;
  workforceTotal: number;
  served: number | null;
  servedTotal: number | null;
  population: number | null;
  populationMoe: number | null;
  populationTotal: number | null;
  populationTotalMoe: number | null;
}

const Z90 = 1.645;

/**
 * Representation index of a group: its share of the workforce over its share of the county
 * population (1 = represented as in the population; under 1, fewer peers than the population
 * would suggest). The 90% interval combines the sampling error of the ACS share (its published
 * margins of error, with the Census Bureau's formula for a proportion) and the binomial error of
 * the workforce share, by the delta method on the ratio. Hidden when the workforce count is.
 */
export const representation = (r: RepresentationInput, policy: SuppressionPolicy) => {
  const workforce = suppressCount(r.workforce, policy);
  const workforceTotal = suppressCount(r.workforceTotal, policy);
  const workforceShare = suppressPercent(workforce, workforceTotal, r.workforce, r.workforceTotal);
  const served = r.served === null || r.servedTotal === null ? null : suppressCount(r.served, policy);
  const servedShare =
    served && r.served !== null && r.servedTotal !== null ? suppressPercent(served, suppressCount(r.servedTotal, policy), r.served, r.servedTotal) : null;
  const populationShare = r.population !== null && r.populationTotal ? round1((100 * r.population) / r.populationTotal) : null;
  let index: number | null = null;
  let ci90: [number, number] | null = null;
  if (!workforce.suppressed && !workforceTotal.suppressed && r.workforceTotal >= policy.k && r.population !== null && r.populationTotal && r.population > 0) {
    const s = r.workforce / r.workforceTotal;
    const q = r.population / r.populationTotal;
    index = s / q;
    const seS = Math.sqrt((s * (1 - s)) / r.workforceTotal);
    const seX = (r.populationMoe ?? 0) / Z90;
    const seY = (r.populationTotalMoe ?? 0) / Z90;
    const under = seX ** 2 - q ** 2 * seY ** 2;
    const seQ = Math.sqrt(under >= 0 ? under : seX ** 2 + q ** 2 * seY ** 2) / r.populationTotal;
    const relSe = Math.sqrt((s > 0 ? seS / s : 0) ** 2 + (seQ / q) ** 2);
    const se = index * relSe;
    ci90 = [round2(Math.max(0, index - Z90 * se)), round2(index + Z90 * se)];
    index = round2(index);
  }
  return { group: r.group, workforce, workforceShare, servedShare, populationShare, index, ci90 };
};

/** Peers per 10,000 residents; hidden with the headcount it comes from (P3). */
export const perTenThousand = (people: SuppressedCell, rawPeople: number, residents: number | null): number | null =>
  people.suppressed || !residents ? null : round2((10_000 * rawPeople) / residents);

/** The middle value (even count: mean of the two middle values), null for none. */
export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
};

/** A median shown only when k people contributed (P2). */
export const shownMedian = (values: readonly number[], policy: SuppressionPolicy) => suppressStatistic(median(values), values.length, policy);

/** Plain words for an unmet wish, for the hiring gap: "a peer who speaks Spanish". */
export const wishWords = (category: string, lang: 'en' | 'es'): string => {
  const [kind, value] = category.split(':');
  if (lang === 'es') {
    if (kind === 'language') return `un par que hable ${value}`;
    if (kind === 'lived') return `un par con experiencia de ${value}`;
    if (kind === 'gender') return `un par de género ${value}`;
    return `un par (${category})`;
  }
  if (kind === 'language') return `a peer who speaks ${value}`;
  if (kind === 'lived') return `a peer with lived experience of ${value}`;
  if (kind === 'gender') return `a peer of gender ${value}`;
  return `a peer (${category})`;
};

const round1 = (v: number) => Math.round(v * 10) / 10;
const round2 = (v: number) => Math.round(v * 100) / 100;
