import type { Actor } from '../../core/actor.ts';
import { badRequest } from '../../core/errors.ts';
import { DEFAULT_POLICY, metaOf, suppressBreakdown, suppressCount, suppressPercent } from '../../core/suppression.rules.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { headcountTable, perTenThousand, representation, shownMedian, turnover, wishWords } from './analytics.rules.ts';
import { B03002 } from './acs.rules.ts';
import { LANGUAGE_GROUPS, languageGroupOf, RACE_GROUPS, raceGroupOf } from './demographics.rules.ts';
import { countyName, stateName } from './geography.ts';
import { shortageCounties } from './hpsa.rules.ts';
import { viewOf, type RegistryView } from './registry.access.ts';
import { regionLabel, regionMapOf } from './registry.regions.ts';
import * as repo from './registry.repo.ts';

const policy = DEFAULT_POLICY;
/** Answers kept per server (least recently read dropped first). */
const CACHED_ANSWERS = 300;
const monthOf = (m: string | undefined, latest: string | null) => {
  if (m !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) throw badRequest('Give the month as YYYY-MM.', [{ field: 'query.month', message: 'YYYY-MM' }]);
  return m ? `${m}-01` : latest;
};
const addMonths = (month: string, n: number) => {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};
const labelOf = (by: repo.HeadcountBy, group: string) => (by === 'county' ? countyName(group) : by === 'state' ? stateName(group) : by === 'region' ? regionLabel(group) : null) ?? group;

/**
 * The registry's figures (issue 22), every one suppressed for every role (the registry's outputs
 * leave the agencies' staff pages: P2-P4, P11) and stating its suppression block. A member
 * organization's admin gets its own figures beside the registry's.
 */
export const createFiguresService = ({ db }: { db: Database; audit: AuditService }) => {
  const answers = new Map<string, Promise<unknown>>();
  // Reads of suppressed, de-identified aggregates are not audited one by one (no person's record
  // is read; the imports, snapshots, joins and leavings that change them are). Each answer is kept
  // for the registry's data version (bumped by every change, migration 0046), so the next reader of
  // the same figure costs one lookup: the suppression of 3,143 counties runs once per version.
  const read = async <T extends object>(actor: Actor, registryId: string, what: string, params: unknown, fn: (tx: Tx, view: RegistryView) => Promise<T>): Promise<T & { registryName: string }> => {
    const view = await viewOf(db, actor, registryId);
    const key = `${registryId}|${view.registry.data_version}|${view.memberOrgId ?? ''}|${what}|${JSON.stringify(params)}`;
    const hit = answers.get(key);
    if (hit) {
      answers.delete(key);
      answers.set(key, hit);
      return hit as Promise<T & { registryName: string }>;
    }
    // The registry's name goes with every answer (the first line of its CSV).
    const answer = db.tenant(view.registry.org_id, async (tx) => ({ ...(await fn(tx, view)), registryName: view.registry.name }), null, db.longStatements);
    answers.set(key, answer);
    answer.catch(() => answers.delete(key));
    while (answers.size > CACHED_ANSWERS) answers.delete(answers.keys().next().value!);
    return answer;
  };

  const headcountOf = async (tx: Tx, registryId: string, month: string, by: repo.HeadcountBy, member?: string, regions?: repo.RegionMap) => {
    // The registry's county figures (the map) come from the rollup kept at each snapshot.
    const { groups, total } = by === 'county' && !member ? await repo.countyHeadcount(tx, registryId, month) : await repo.headcount(tx, registryId, month, by, member, regions);
    // People outside every region of a set come last, after the regions.
    if (by === 'region') groups.sort((a, b) => Number(a.group === 'outside') - Number(b.group === 'outside'));
    const table = headcountTable(groups, total, policy);
    return { groups: table.groups.map((g) => ({ ...g, label: labelOf(by, g.group) })), total: table.total };
  };

  return {
    /** Headcount and FTE of one month by county (the map), region, state, credential or role. */
    async headcount(actor: Actor, registryId: string, q: { by: repo.HeadcountBy; month?: string | undefined; regions?: string | undefined }) {
      const key = { by: q.by, month: q.month, regions: q.by === 'region' ? (q.regions ?? 'census-division') : undefined };
      return read(actor, registryId, 'headcount', key, async (tx, view) => {
        const regionSet = key.regions ?? null;
        const regions = regionSet ? await regionMapOf(tx, registryId, regionSet) : undefined;
        const month = monthOf(q.month, await repo.latestMonth(tx, registryId));
        if (!month) return { suppression: metaOf(policy), registryName: view.registry.name, month: null, by: q.by, regionSet, groups: [], total: null, member: null };
        const registry = await headcountOf(tx, registryId, month, q.by, undefined, regions);
        const member = view.memberOrgId ? await headcountOf(tx, registryId, month, q.by, view.memberOrgId, regions) : null;
        return { suppression: metaOf(policy), registryName: view.registry.name, month: month.slice(0, 7), by: q.by, regionSet, ...registry, member };
      });
    },

    /** Three years of monthly headcount and FTE, and turnover over the last year. */
    async trend(actor: Actor, registryId: string, q: { month?: string | undefined }) {
      return read(actor, registryId, 'trend', q, async (tx) => {
        const month = monthOf(q.month, await repo.latestMonth(tx, registryId));
        if (!month) return { suppression: metaOf(policy), month: null, trend: [], turnover: null };
        const trendRows = await repo.monthlyTotals(tx, registryId, addMonths(month, -35), month);
        const trend = trendRows.map((t) => ({ month: t.month, headcount: suppressCount(t.people, policy), fte: t.people >= policy.k ? Math.round(t.fte * 10) / 10 : null }));
        const yearBefore = addMonths(month, -12);
        const s = await repo.stayers(tx, registryId, yearBefore, month);
        return { suppression: metaOf(policy), month: month.slice(0, 7), trend, turnover: { from: yearBefore.slice(0, 7), ...turnover(s.at_start, s.still, policy) } };
      });
    },

    /** The workforce against the people served and the county population, per group. */
    async representation(actor: Actor, registryId: string, q: { county?: string | undefined; month?: string | undefined; dimension: 'race' | 'language' }) {
      return read(actor, registryId, 'representation', q, async (tx) => {
        const month = monthOf(q.month, await repo.latestMonth(tx, registryId));
        const base = { suppression: metaOf(policy), county: q.county ?? null, countyName: q.county ? countyName(q.county) : null, dimension: q.dimension };
        if (!month) return { ...base, month: null, groups: [], consentedWorkforce: suppressCount(0, policy) };
        const people = await repo.workforceDemographics(tx, registryId, month, q.county);
        const table = q.dimension === 'race' ? 'B03002' : 'C16001';
        const pop = await repo.population(tx, registryId, table, q.county);
        const popTotal = pop.find((p) => p.category === 'total');
        const served = await repo.memberAggregates(tx, registryId, month, q.dimension === 'race' ? 'served-race' : 'served-language', q.county);
        const servedTotal = served.reduce((s, a) => s + a.people, 0);
        let categories: { key: string; label: string; matches: (p: (typeof people)[number]) => boolean; popCategory: string }[];
        let contributors: typeof people;
        if (q.dimension === 'race') {
          // Only peers who consented to share their race and ethnicity count here (P6: the others are a cell of their own).
          contributors = people.filter((p) => raceGroupOf(p.race_ethnicity) !== null);
          categories = RACE_GROUPS.map((g) => ({ key: g, label: g, matches: (p) => raceGroupOf(p.race_ethnicity) === g, popCategory: Object.entries(B03002).find(([, v]) => v === g)![1] }));
        } else {
          contributors = people;
          const lines = [...new Set(Object.values(LANGUAGE_GROUPS).map((l) => l.acs))];
          categories = lines.map((acs) => ({
            key: acs,
            label: Object.values(LANGUAGE_GROUPS).find((l) => l.acs === acs)!.label,
            matches: (p) => p.languages.some((l) => languageGroupOf(l) === acs) || (acs === 'C16001_002' && p.languages.length === 0),
            popCategory: acs,
          }));
        }
        const groups = categories.map((c) => {
          const popCell = pop.find((p) => p.category === c.popCategory);
          const servedCell = served.filter((s) => s.category === c.key).reduce((s, a) => s + a.people, 0);
          return {
            label: c.label,
            ...representation(
              {
                group: c.key,
                workforce: contributors.filter(c.matches).length,
                workforceTotal: contributors.length,
                served: servedTotal > 0 ? servedCell : null,
                servedTotal: servedTotal > 0 ? servedTotal : null,
                population: popCell?.estimate ?? null,
                populationMoe: popCell?.moe ?? null,
                populationTotal: popTotal?.estimate ?? null,
                populationTotalMoe: popTotal?.moe ?? null,
              },
              policy,
            ),
          };
        });
        const notShared = people.length - contributors.length;
        return { ...base, month: month.slice(0, 7), groups, consentedWorkforce: suppressCount(contributors.length, policy), notShared: suppressCount(notShared, policy) };
      });
    },

    /** Participants' wishes no peer could meet, by county: the hiring gap in plain words. */
    async unmetMatches(actor: Actor, registryId: string, q: { county?: string | undefined; month?: string | undefined; lang: 'en' | 'es' }) {
      return read(actor, registryId, 'unmet', q, async (tx) => {
        const month = monthOf(q.month, await repo.latestMonth(tx, registryId));
        if (!month) return { suppression: metaOf(policy), month: null, gaps: [] };
        const rows = await repo.memberAggregates(tx, registryId, month, 'unmet-wish', q.county);
        const gaps = rows
          .map((r) => {
            const waiting = suppressCount(r.people, policy);
            const peers = r.peers_available === null ? null : suppressCount(r.peers_available, policy);
            const words = wishWords(r.category, q.lang);
            const sentence =
              q.lang === 'es'
                ? `Participantes que esperan ${words}: ${waiting.shown ?? 'no se muestra'}; pares: ${peers?.shown ?? 'sin dato'}`
                : `Participants waiting for ${words}: ${waiting.shown ?? 'not shown'}; peers: ${peers?.shown ?? 'no figure'}`;
            return { countyFips: r.county_fips, countyName: countyName(r.county_fips), wish: r.category, waiting, peersAvailable: peers, sentence, rawWaiting: r.people };
          })
          .sort((a, b) => b.rawWaiting - a.rawWaiting)
          .map(({ rawWaiting: _, ...g }) => g);
        return { suppression: metaOf(policy), month: month.slice(0, 7), gaps };
      });
    },

    /** Peers per 10,000 residents in and outside mental health shortage areas, and by county for the map. */
    async shortageAreas(actor: Actor, registryId: string, q: { month?: string | undefined }) {
      return read(actor, registryId, 'shortage', q, async (tx) => {
        const month = monthOf(q.month, await repo.latestMonth(tx, registryId));
        const hpsa = shortageCounties(await repo.hpsaComponents(tx, registryId));
        const residents = await repo.countyPopulation(tx, registryId);
        const counts = month ? (await repo.countyHeadcount(tx, registryId, month)).groups : [];
        const byCounty = new Map(counts.map((c) => [c.group, c.people]));
        const people = month ? await repo.peopleInShortageAreas(tx, registryId, month) : { inside: 0, outside: 0 };
        const sum = (inShortage: boolean) => {
          let pop = 0;
          for (const [fips, n] of residents) if (hpsa.has(fips) === inShortage) pop += n;
          const raw = inShortage ? people.inside : people.outside;
          const shown = suppressCount(raw, policy);
          return { peers: shown, residents: pop, perTenThousand: perTenThousand(shown, raw, pop) };
        };
        const shownCounties = suppressBreakdown(
          [...byCounty.values()],
          [...byCounty.values()].reduce((a, b) => a + b, 0),
          policy,
        );
        const counties = [...byCounty.keys()].map((fips, i) => {
          const cell = shownCounties.groups[i]!;
          return {
            countyFips: fips,
            countyName: countyName(fips),
            shortageArea: hpsa.has(fips),
            designations: hpsa.get(fips) ?? 0,
            peers: cell,
            residents: residents.get(fips) ?? null,
            perTenThousand: perTenThousand(cell, byCounty.get(fips)!, residents.get(fips) ?? null),
          };
        });
        for (const [fips, n] of hpsa) {
          if (!byCounty.has(fips)) counties.push({ countyFips: fips, countyName: countyName(fips), shortageArea: true, designations: n, peers: { shown: 0, suppressed: false }, residents: residents.get(fips) ?? null, perTenThousand: residents.get(fips) ? 0 : null });
        }
        return {
          suppression: metaOf(policy),
          month: month?.slice(0, 7) ?? null,
          shortageCounties: hpsa.size,
          inShortageAreas: sum(true),
          outsideShortageAreas: sum(false),
          counties: counties.sort((a, b) => a.countyFips.localeCompare(b.countyFips)),
        };
      });
    },

    /** Careers: time from certification to a first peer job, tenure, wages, part-time share, destinations. */
    async careers(actor: Actor, registryId: string, q: { month?: string | undefined }) {
      return read(actor, registryId, 'careers', q, async (tx) => {
        const latest = monthOf(q.month, await repo.latestMonth(tx, registryId));
        const people = await repo.careers(tx, registryId);
        const roster = await repo.rosterOf(tx, registryId);
        const working = new Map(people.map((p) => [p.person_key, p]));
        const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
        const toFirstJob = roster.flatMap((r) => {
          const p = working.get(r.person_key);
          const start = p?.job_start ?? p?.first_month;
          return start && start >= r.certified_on ? [days(r.certified_on, start)] : [];
        });
        const current = latest ? people.filter((p) => p.last_month >= latest) : [];
        const left = people.filter((p) => latest && p.last_month < latest);
        const tenureMonths = left.map((p) => days(p.job_start ?? p.first_month, p.last_month) / 30.44);
        const partTime = current.filter((p) => Number(p.hours) < 35).length;
        const bands = ['under-15', '15-18', '18-21', '21-25', '25-plus'];
        const wageCounts = bands.map((b) => current.filter((p) => p.wage_band === b).length);
        const wages = suppressBreakdown(wageCounts, wageCounts.reduce((a, b) => a + b, 0), policy);
        const certified = roster.length;
        const inPeerJob = roster.filter((r) => working.get(r.person_key)?.last_month === latest).length;
        const everWorked = roster.filter((r) => working.has(r.person_key)).length;
        const destinations = suppressBreakdown([inPeerJob, everWorked - inPeerJob, certified - everWorked], certified, policy);
        const currentCell = suppressCount(current.length, policy);
        const partCell = suppressCount(partTime, policy);
        return {
          suppression: metaOf(policy),
          month: latest?.slice(0, 7) ?? null,
          working: currentCell,
          medianDaysCertificationToFirstJob: shownMedian(toFirstJob, policy),
          medianTenureMonthsOfThoseWhoLeft: (() => {
            const m = shownMedian(tenureMonths, policy);
            return m === null ? null : Math.round(m * 10) / 10;
          })(),
          partTimeShare: suppressPercent(partCell, currentCell, partTime, current.length),
          wageBands: bands.map((b, i) => ({ band: b, peers: wages.groups[i]! })),
          // OUTCOMES-AND-WORKFORCE.md section 6: about $16 an hour in the Midwest (2016 national compensation survey).
          comparison: { hourlyWage: 16, source: 'Average Midwest peer support pay, 2016 national compensation survey' },
          certifiedPeers: suppressCount(certified, policy),
          destinations: [
            { destination: 'peer-job-now', peers: destinations.groups[0]! },
            { destination: 'peer-job-before', peers: destinations.groups[1]! },
            { destination: 'no-peer-job-in-registry', peers: destinations.groups[2]! },
          ],
        };
      });
    },
  };
};

export type RegistryFiguresService = ReturnType<typeof createFiguresService>;
