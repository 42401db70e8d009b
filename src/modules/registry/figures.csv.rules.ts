import { csvCell } from '../../core/csv-cell.ts';
import type { SuppressedCell } from '../../core/suppression.rules.ts';

/**
 * The registry's figures as CSV (issue 22), exactly the cells the API shows in JSON: a hidden count
 * is "<11" when it is small itself and "not shown" when it is hidden as a complement (never its
 * number), and the suppression rule (k and rule version, P11) is stated on the first line, a
 * comment line starting with "#". One table per file, so any CSV reader takes it.
 */


interface Suppression {
  k: number;
  ruleVersion: string;
}

/** A count cell as shown: its number, "<11", or "not shown"; empty when there is no figure. */
const shown = (c: SuppressedCell | null | undefined) => (c === undefined || c === null ? '' : c.shown === null ? 'not shown' : c.shown);
const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : v);

const table = (first: string, s: Suppression, header: string[], rows: unknown[][]) =>
  [`# ${first}; counts under ${s.k} not shown; rules ${s.ruleVersion}`, header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';

interface CsvHeadcount {
  month: string | null;
  by: string;
  regionSet: string | null;
  suppression: Suppression;
  groups: { group: string; label: string; headcount: SuppressedCell; fte: number | null }[];
  total: { headcount: SuppressedCell; fte: number | null } | null;
  member: { groups: { group: string; headcount: SuppressedCell }[]; total: { headcount: SuppressedCell } | null } | null;
}

/** Headcount and FTE by county, region, state, credential or role (with the member's own column). */
export const headcountCsv = (h: CsvHeadcount, registryName: string): string => {
  const mine = new Map(h.member?.groups.map((g) => [g.group, g.headcount]) ?? []);
  const header = ['code', h.by, 'peers', 'fte', ...(h.member ? ['your_peers'] : [])];
  const line = (code: string, label: string, people: SuppressedCell, fte: number | null, yours: SuppressedCell | undefined) => [
    code,
    label,
    shown(people),
    num(fte),
    ...(h.member ? [shown(yours)] : []),
  ];
  return table(`${csvCell(registryName)}; month ${h.month ?? 'none'}; by ${h.by}${h.regionSet ? ` (${h.regionSet})` : ''}`, h.suppression, header, [
    ...h.groups.map((g) => line(g.group, g.label, g.headcount, g.fte, mine.get(g.group))),
    ...(h.total ? [line('total', 'Total', h.total.headcount, h.total.fte, h.member?.total?.headcount)] : []),
  ]);
};

interface CsvTrend {
  suppression: Suppression;
  month: string | null;
  trend: { month: string; headcount: SuppressedCell; fte: number | null }[];
  turnover: { from: string; atStart: SuppressedCell; left: SuppressedCell; rate: number | null } | null;
}

/** Growth and turnover: one line per month, then the peers working a year before and those of them who left, with the rate. */
export const trendCsv = (t: CsvTrend, registryName: string): string =>
  table(`${csvCell(registryName)}; growth and turnover to ${t.month ?? 'none'}`, t.suppression, ['figure', 'from', 'to', 'peers', 'fte', 'percent'], [
    ...t.trend.map((p) => ['headcount', p.month, p.month, shown(p.headcount), num(p.fte), '']),
    ...(t.turnover && t.month
      ? [
          ['turnover-working-at-start', t.turnover.from, t.month, shown(t.turnover.atStart), '', ''],
          ['turnover-left', t.turnover.from, t.month, shown(t.turnover.left), '', num(t.turnover.rate)],
        ]
      : []),
  ]);

interface CsvRepresentation {
  suppression: Suppression;
  county: string | null;
  countyName: string | null;
  dimension: string;
  month: string | null;
  consentedWorkforce: SuppressedCell;
  notShared?: SuppressedCell | undefined;
  groups: { group: string; label: string; workforce: SuppressedCell; workforceShare: number | null; servedShare: number | null; populationShare: number | null; index: number | null; ci90: [number, number] | null }[];
}

/** Representation per group: peers, the workforce's share against the people served and the population, the index and its 90% interval. */
export const representationCsv = (r: CsvRepresentation, registryName: string): string =>
  table(
    `${csvCell(registryName)}; representation by ${r.dimension}; ${r.county ? `county ${r.county} ${r.countyName ?? ''}`.trim() : 'all counties'}; month ${r.month ?? 'none'}`,
    r.suppression,
    ['group', 'label', 'peers', 'workforce_share_percent', 'served_share_percent', 'population_share_percent', 'index', 'index_90_low', 'index_90_high'],
    [
      ...r.groups.map((g) => [g.group, g.label, shown(g.workforce), num(g.workforceShare), num(g.servedShare), num(g.populationShare), num(g.index), num(g.ci90?.[0]), num(g.ci90?.[1])]),
      ['all-who-shared', 'Peers who shared this', shown(r.consentedWorkforce), '', '', '', '', '', ''],
      ...(r.notShared ? [['not-shared', 'Peers who did not share this', shown(r.notShared), '', '', '', '', '', '']] : []),
    ],
  );

interface CsvUnmet {
  suppression: Suppression;
  month: string | null;
  gaps: { countyFips: string; countyName: string | null; wish: string; waiting: SuppressedCell; peersAvailable: SuppressedCell | null; sentence: string }[];
}

/** The hiring gap: per county and wish, the participants waiting and the peers who could meet it, with the sentence. */
export const unmetCsv = (u: CsvUnmet, registryName: string): string =>
  table(`${csvCell(registryName)}; unmet matches; month ${u.month ?? 'none'}`, u.suppression, ['county_fips', 'county', 'wish', 'participants_waiting', 'peers_available', 'in_words'], [
    ...u.gaps.map((g) => [g.countyFips, g.countyName ?? '', g.wish, shown(g.waiting), shown(g.peersAvailable), g.sentence]),
  ]);

interface CsvArea {
  peers: SuppressedCell;
  residents: number | null;
  perTenThousand: number | null;
}
interface CsvShortage {
  suppression: Suppression;
  month: string | null;
  shortageCounties: number;
  inShortageAreas: CsvArea;
  outsideShortageAreas: CsvArea;
  counties: ({ countyFips: string; countyName: string | null; shortageArea: boolean; designations: number } & CsvArea)[];
}

/** Peers per 10,000 residents in and outside shortage areas (first two lines), then by county. */
export const shortageCsv = (s: CsvShortage, registryName: string): string =>
  table(
    `${csvCell(registryName)}; mental health shortage areas (HRSA HPSA); ${s.shortageCounties} counties designated; month ${s.month ?? 'none'}`,
    s.suppression,
    ['area', 'county_fips', 'county', 'shortage_area', 'designations', 'peers', 'residents', 'peers_per_10000'],
    [
      ['in-shortage-areas', '', '', 'yes', '', shown(s.inShortageAreas.peers), num(s.inShortageAreas.residents), num(s.inShortageAreas.perTenThousand)],
      ['outside-shortage-areas', '', '', 'no', '', shown(s.outsideShortageAreas.peers), num(s.outsideShortageAreas.residents), num(s.outsideShortageAreas.perTenThousand)],
      ...s.counties.map((c) => ['county', c.countyFips, c.countyName ?? '', c.shortageArea ? 'yes' : 'no', c.designations, shown(c.peers), num(c.residents), num(c.perTenThousand)]),
    ],
  );

interface CsvCareers {
  suppression: Suppression;
  month: string | null;
  working: SuppressedCell;
  medianDaysCertificationToFirstJob: number | null;
  medianTenureMonthsOfThoseWhoLeft: number | null;
  partTimeShare: number | null;
  wageBands: { band: string; peers: SuppressedCell }[];
  comparison: { hourlyWage: number; source: string };
  certifiedPeers: SuppressedCell;
  destinations: { destination: string; peers: SuppressedCell }[];
}

/** Careers as measure, key, value lines (a figure that is not shown is empty, a hidden count "<11" or "not shown"). */
export const careersCsv = (c: CsvCareers, registryName: string): string =>
  table(`${csvCell(registryName)}; careers; month ${c.month ?? 'none'}`, c.suppression, ['measure', 'key', 'value'], [
    ['peers-working', '', shown(c.working)],
    ['median-days-certification-to-first-peer-job', '', num(c.medianDaysCertificationToFirstJob)],
    ['median-tenure-months-of-those-who-left', '', num(c.medianTenureMonthsOfThoseWhoLeft)],
    ['part-time-share-percent', '', num(c.partTimeShare)],
    ...c.wageBands.map((w) => ['peers-by-wage-band', w.band, shown(w.peers)]),
    ['comparison-hourly-wage', c.comparison.source, c.comparison.hourlyWage],
    ['certified-peers', '', shown(c.certifiedPeers)],
    ...c.destinations.map((d) => ['certified-peers-by-destination', d.destination, shown(d.peers)]),
  ]);
