import { systemActor, type UserActor } from '../../core/actor.ts';
import { randomToken } from '../../core/crypto.ts';
import type { DemoContext } from '../demo-context.ts';
import { knownCounties } from './geography.ts';
import type { SubmittedRecord } from './snapshot.rules.ts';

/**
 * A state registry with three years of monthly snapshots from three member agencies (issue 22),
 * so a newcomer sees maps and trends at once. Everything is synthetic, including the county
 * populations and shortage designations, which are generated in the formats of the real files
 * (HRSA's HPSA detail file, data.census.gov's ACS export) and imported through the same parsers.
 */

// Illinois counties with most of the synthetic workforce, and their rough population.
const HUBS: [string, number][] = [
  ['17031', 5_173_000], ['17043', 930_000], ['17097', 711_000], ['17197', 695_000], ['17089', 516_000], ['17111', 310_000],
  ['17201', 284_000], ['17119', 265_000], ['17163', 257_000], ['17019', 206_000], ['17167', 195_000], ['17143', 182_000],
  ['17113', 171_000], ['17161', 143_000], ['17115', 102_000], ['17077', 53_000],
];

const monthsBack = (n: number, now: Date) => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1));
  return d.toISOString().slice(0, 7);
};

const csvLine = (cells: (string | number)[]) => cells.map((c) => (String(c).includes(',') ? `"${c}"` : String(c))).join(',');

export const seedRegistry = async (ctx: DemoContext): Promise<string[]> => {
  const { services, random } = ctx;
  const now = services.clock();
  const illinois = knownCounties().filter((f) => f.startsWith('17'));
  const pop = new Map<string, number>(illinois.map((f) => [f, 4_000 + Math.round(random() * 55_000)]));
  for (const [f, p] of HUBS) pop.set(f, p);

  // The registry runs in an organization of its own; its administrator is a demo sign-in.
  const reg = await services.identity.createOrganization(ctx.actor, { name: 'Illinois Peer Workforce Registry', timeZone: 'America/Chicago' });
  const regActor = systemActor('demo', reg.id);
  const password = `${randomToken(9)}-${randomToken(3)}`;
  const regAdmin = await services.identity.createUser(regActor, { orgId: reg.id, email: 'registry@riverside.example.org', role: 'admin', password, displayName: 'Grace Okafor' });
  ctx.users.push({ id: regAdmin.id, email: 'registry@riverside.example.org', password, role: 'admin', displayName: 'Grace Okafor (registry)' });
  const asUser = (orgId: string, userId: string): UserActor => ({ kind: 'user', orgId, userId, role: 'admin', via: 'session', sourceIp: null });
  const registry = await services.registry.create(asUser(reg.id, regAdmin.id), { name: 'Illinois Peer Workforce Registry' });

  // Three members: the demo agency (its admin sees its figures beside the registry's) and two more.
  const riversideAdmin = ctx.users.find((u) => u.role === 'admin')!;
  const members: { name: string; token: string }[] = [];
  members.push({ name: 'Riverside Peer Recovery Center', token: (await services.registry.join(asUser(ctx.orgId, riversideAdmin.id), registry.id, { acceptSharedFields: true, organizationName: 'Riverside Peer Recovery Center' })).submitToken });
  for (const name of ['Prairie Recovery Network', 'Lakeshore Peer Alliance']) {
    const org = await services.identity.createOrganization(ctx.actor, { name, timeZone: 'America/Chicago' });
    const admin = await services.identity.createUser(systemActor('demo', org.id), { orgId: org.id, email: `admin@${name.toLowerCase().replaceAll(' ', '-')}.example.org`, role: 'admin', password: `${randomToken(12)}-${randomToken(4)}`, displayName: `${name} admin` });
    members.push({ name, token: (await services.registry.join(asUser(org.id, admin.id), registry.id, { acceptSharedFields: true, organizationName: name })).submitToken });
  }

  // 800 synthetic peers; a tenth of them move to another member agency along the way.
  const races = [['White'], ['Black or African American'], ['Hispanic or Latino'], ['Asian'], ['American Indian or Alaska Native'], ['Black or African American', 'White']];
  const raceWeights = [0.5, 0.27, 0.14, 0.04, 0.02, 0.03];
  const pick = <T,>(items: T[], weights?: number[]) => {
    let r = random() * (weights ? weights.reduce((a, b) => a + b, 0) : items.length);
    for (let i = 0; i < items.length; i++) {
      r -= weights ? weights[i]! : 1;
      if (r <= 0) return items[i]!;
    }
    return items[items.length - 1]!;
  };
  const hubWeights = HUBS.map(([, p]) => Math.sqrt(p));
  const people = Array.from({ length: 800 }, (_, i) => {
    const hub = random() < 0.85;
    const county = hub ? pick(HUBS.map(([f]) => f), hubWeights) : pick(illinois);
    const start = Math.floor(random() * 48); // months before now the job began (some before the window)
    const stays = random() < 0.7 ? 99 : Math.floor(random() * 30) + 3;
    return {
      n: 40_000 + i,
      member: i % 3,
      movesTo: random() < 0.1 ? (i + 1) % 3 : null,
      county,
      startBack: start,
      endBack: Math.max(-1, start - stays),
      hours: random() < 0.45 ? 20 + Math.round(random() * 12) : 40,
      wage: 14 + Math.round(random() * 90) / 10,
      certified: random() < 0.8,
      race: random() < 0.75 ? pick(races, raceWeights) : null,
      spanish: random() < 0.16,
      role: pick(['peer-specialist', 'recovery-coach', 'family-peer', 'youth-peer', 'supervisor'], [0.55, 0.25, 0.08, 0.05, 0.07]),
    };
  });

  let snapshots = 0;
  for (let back = 35; back >= 1; back--) {
    const month = monthsBack(back, now);
    for (let m = 0; m < members.length; m++) {
      const records: SubmittedRecord[] = [];
      for (const p of people) {
        if (back > p.startBack || back <= p.endBack) continue;
        const movedNow = p.movesTo !== null && back < p.startBack / 2;
        if ((movedNow ? p.movesTo : p.member) !== m) continue;
        const startMonth = monthsBack(p.startBack, now);
        records.push({
          linkage: { credentialNumber: `IL-CRSS-${p.n}`, credentialState: 'IL' },
          credentialTypes: p.certified ? ['il-crss'] : [],
          certifiedOn: p.certified ? `${monthsBack(p.startBack + 3, now)}-15` : null,
          workFips: p.county,
          residenceFips: p.county,
          role: p.role,
          hoursPerWeek: p.hours,
          hourlyWage: Math.min(p.wage + (p.startBack - back) * 0.02, 99),
          benefits: p.hours >= 30,
          jobStart: `${movedNow ? monthsBack(Math.floor(p.startBack / 2), now) : startMonth}-01`,
          languages: p.spanish ? ['en', 'es'] : ['en'],
          raceEthnicity: p.race,
        });
      }
      const aggregates =
        back <= 3
          ? HUBS.slice(0, 6).flatMap(([fips], i) => [
              { kind: 'unmet-wish' as const, countyFips: fips, category: 'language:Spanish', people: 6 + ((i * 7 + m * 5) % 15), peersAvailable: i % 3 },
              { kind: 'unmet-wish' as const, countyFips: fips, category: 'lived:incarceration', people: 3 + ((i * 5 + m) % 12), peersAvailable: 0 },
              ...['white', 'black', 'hispanic', 'asian'].map((category, j) => ({ kind: 'served-race' as const, countyFips: fips, category, people: Math.round((pop.get(fips)! / 4000) * [0.45, 0.32, 0.18, 0.05][j]!) })),
            ])
          : [];
      await services.registrySubmit.byToken(members[m]!.token, registry.id, { month, records, aggregates });
      snapshots++;
    }
  }

  // Reference files in their real formats, through the real parsers.
  const hpsaHeader = ['HPSA Name', 'HPSA ID', 'Designation Type', 'HPSA Discipline Class', 'HPSA Score', 'HPSA Status', 'HPSA Designation Date', 'HPSA Component Source Identification Number', 'State and County Federal Information Processing Standard Code', 'Rural Status'];
  const rural = illinois.filter((f) => !HUBS.some(([h]) => h === f));
  const hpsaRows = rural.filter((_, i) => i % 2 === 0).map((f, i) => csvLine([`Catchment ${i + 1}, Illinois`, `717${String(i).padStart(7, '0')}`, 'Geographic HPSA', 'Mental Health', 12 + (i % 10), i % 9 === 0 ? 'Proposed For Withdrawal' : 'Designated', '05/01/2019', f, f, 'Rural']));
  hpsaRows.push(csvLine(['Chicago South Side, Low Income', '7179999999', 'HPSA Population', 'Mental Health', 18, 'Designated', '01/15/2016', '1703108000', '17031', 'Non-Rural']));
  await services.registryImports.hpsa(regActor, registry.id, 'BCD_HPSA_FCT_DET_MH.csv', Buffer.from(`${hpsaHeader.join(',')},\n${hpsaRows.map((r) => `${r},`).join('\n')}\n`));
  const acsVars = ['001', '003', '004', '005', '006', '009', '012'];
  const share = [1, 0.6, 0.14, 0.003, 0.06, 0.025, 0.18];
  const acs = [
    ['GEO_ID', 'NAME', ...acsVars.flatMap((v) => [`B03002_${v}E`, `B03002_${v}M`])].join(','),
    ['Geography', 'Geographic Area Name', ...acsVars.flatMap((v) => [`Estimate!!Total:!!${v}`, `Margin of Error!!Total:!!${v}`])].join(','),
    ...[...pop].map(([f, p]) => {
      const urban = HUBS.some(([h]) => h === f);
      return csvLine([`0500000US${f}`, `County ${f}, Illinois`, ...acsVars.flatMap((v, i) => {
        const s = urban ? share[i]! : [1, 0.88, 0.05, 0.003, 0.01, 0.02, 0.04][i]!;
        const e = Math.round(p * s);
        return [e, i === 0 ? '*****' : Math.max(11, Math.round(Math.sqrt(e) * 2.5))];
      })]);
    }),
  ].join('\n');
  await services.registryImports.acs(regActor, registry.id, 'ACSDT5Y2022.B03002-Data.csv', Buffer.from(acs), {});
  const roster = ['credential_number,credential_state,name,birth_year,credential_type,certified_on,expires_on,county_fips'];
  for (const p of people.filter((x) => x.certified)) roster.push(`IL-CRSS-${p.n},IL,,,il-crss,${monthsBack(p.startBack + 3, now)}-15,,${p.county}`);
  for (let i = 0; i < 180; i++) roster.push(`IL-CRSS-${90_000 + i},IL,,,il-crss,${monthsBack(1 + (i % 30), now)}-10,,${pick(HUBS.map(([f]) => f))}`);
  await services.registryImports.roster(regActor, registry.id, 'il-crss-roster.csv', Buffer.from(roster.join('\n')));

  // Openings on the public job board.
  const riversideActor = asUser(ctx.orgId, riversideAdmin.id);
  await services.jobs.post(riversideActor, { title: 'Certified Recovery Support Specialist (bilingual)', countyFips: '17031', hoursPerWeek: 32, wageMin: 18.5, wageMax: 22, benefits: true, certificationRequired: 'IL CRSS or within 12 months of hire' });
  await services.jobs.post(riversideActor, { title: 'Peer Recovery Coach, overnight crisis line', countyFips: '17031', hoursPerWeek: 24, wageMin: 17, wageMax: 19, benefits: false, certificationRequired: null });

  // Riverside's own peers get the job facts its admin would enter, so "Build and send" on the
  // registry page (and `peerbridge registry build-snapshot`) sends a month from the agency's data.
  const peerIds = [...((ctx.shared.peerIds as Map<string, string> | undefined)?.values() ?? [])];
  for (const [i, peerId] of peerIds.entries()) {
    await services.registryBuild.setJobProfile(riversideActor, peerId, {
      role: i % 4 === 3 ? 'recovery-coach' : 'peer-specialist',
      hoursPerWeek: i % 3 === 0 ? 24 : 40,
      wageBand: (['15-18', '18-21', '21-25'] as const)[i % 3]!,
      benefits: i % 3 !== 0,
      jobStart: `${monthsBack(6 + i * 5, now)}-01`,
      workFips: i % 2 === 0 ? '17031' : '17043',
    });
  }

  return [`Registry: "Illinois Peer Workforce Registry" with 3 member agencies, ${snapshots} monthly snapshots over 3 years, shortage areas and county populations (synthetic); sign in as registry@riverside.example.org, or as the Riverside admin to see your figures beside the registry's and send a month built from Riverside's own ${peerIds.length} peers' job facts; 2 openings on the public job board (/jobs).`];
};
