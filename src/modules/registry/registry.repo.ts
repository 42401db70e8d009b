import { sql, type SQL } from 'drizzle-orm';
import { copyCsv, csvField, rowsOf, type Tx } from '../../db/client.ts';
import type { HpsaComponent } from './hpsa.rules.ts';
import type { PopulationCell } from './acs.rules.ts';
import type { RegistryRecord } from './snapshot.rules.ts';

/** Queries of the registry (migration 0039). Each runs in the registry's tenant unless it says so. */

export interface RegistryRow {
  id: string;
  org_id: string;
  name: string;
  /** Bumped whenever the registry's figures may change (migration 0046): the key of cached answers. */
  data_version: string;
}

export const insertRegistry = async (tx: Tx, r: { id: string; orgId: string; name: string; secret: string; createdBy: string | null }) => {
  await tx.execute(sql`insert into registries (id, org_id, name, key_secret, created_by) values (${r.id}, ${r.orgId}, ${r.name}, ${r.secret}, ${r.createdBy})`);
};

/** Any registry's name and organization, whatever the caller's tenant (for joining). */
export const publicRegistry = async (tx: Tx, id: string) =>
  rowsOf<RegistryRow>(await tx.execute(sql`select id::text, org_id::text, name, data_version::text from pb_registry_public(${id}::uuid)`))[0] ?? null;

/** The registry's data changed (a snapshot, a member joining or leaving, an import, regions): cached figures are stale. */
export const bumpVersion = async (tx: Tx, registryId: string) => {
  await tx.execute(sql`update registries set data_version = data_version + 1 where id = ${registryId}`);
};

export const registrySecret = async (tx: Tx, id: string) =>
  rowsOf<{ key_secret: string }>(await tx.execute(sql`select key_secret from registries where id = ${id}`))[0]?.key_secret ?? null;

export const ownRegistries = async (tx: Tx) =>
  rowsOf<RegistryRow & { created_at: string }>(await tx.execute(sql`select id::text, org_id::text, name, data_version::text, created_at::text from registries order by created_at`));

export interface MemberRow {
  registry_id: string;
  member_org_id: string;
  member_name: string;
  shared_fields: string[];
  joined_at: string;
  left_at: string | null;
}

const memberCols = sql`registry_id::text, member_org_id::text, member_name, shared_fields, joined_at::text, left_at::text`;

export const membersOf = async (tx: Tx, registryId: string) =>
  rowsOf<MemberRow>(await tx.execute(sql`select ${memberCols} from registry_members where registry_id = ${registryId} order by member_name`));

/** The caller organization's own memberships (RLS lets a member see its own rows). */
export const membershipsOf = async (tx: Tx, memberOrgId: string) =>
  rowsOf<MemberRow>(await tx.execute(sql`select ${memberCols} from registry_members where member_org_id = ${memberOrgId}`));

export const membership = async (tx: Tx, registryId: string, memberOrgId: string) =>
  rowsOf<MemberRow>(await tx.execute(sql`select ${memberCols} from registry_members where registry_id = ${registryId} and member_org_id = ${memberOrgId}`))[0] ?? null;

export const upsertMember = async (
  tx: Tx,
  m: { registryId: string; orgId: string; memberOrgId: string; memberName: string; sharedFields: string[]; joinedBy: string | null; tokenHash: string },
) => {
  await tx.execute(sql`
    insert into registry_members (registry_id, org_id, member_org_id, member_name, shared_fields, joined_by, token_hash)
    values (${m.registryId}, ${m.orgId}, ${m.memberOrgId}, ${m.memberName}, ${sql`${`{${m.sharedFields.map((f) => JSON.stringify(f)).join(',')}}`}::text[]`}, ${m.joinedBy}, ${m.tokenHash})
    on conflict (registry_id, member_org_id) do update
      set joined_at = now(), left_at = null, joined_by = excluded.joined_by, token_hash = excluded.token_hash, shared_fields = excluded.shared_fields`);
};

export const leave = async (tx: Tx, registryId: string, memberOrgId: string) =>
  rowsOf<{ n: number }>(
    await tx.execute(sql`update registry_members set left_at = now(), token_hash = null where registry_id = ${registryId} and member_org_id = ${memberOrgId} and left_at is null returning 1 as n`),
  ).length;

export const submitTokenOwner = async (tx: Tx, tokenHash: string) =>
  rowsOf<{ registry_id: string; org_id: string; member_org_id: string }>(
    await tx.execute(sql`select registry_id::text, org_id::text, member_org_id::text from pb_registry_by_submit_token(${tokenHash})`),
  )[0] ?? null;

// ---------- snapshots ----------

export const latestSnapshot = async (tx: Tx, registryId: string, memberOrgId: string, month: string) =>
  rowsOf<{ id: string; version: number; content_hash: string }>(
    await tx.execute(sql`
      select id::text, version, content_hash from registry_snapshots
       where registry_id = ${registryId} and member_org_id = ${memberOrgId} and month = ${month}
       order by version desc limit 1`),
  )[0] ?? null;

/** A text[] literal for COPY: every element quoted. */
const pgArray = (values: readonly string[] | null) => (values === null ? null : `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`);

/**
 * Bulk rows through COPY: into a temporary table first (the registry's tables force row-level
 * security, which COPY FROM does not support), then one INSERT ... SELECT, which the tenant
 * policy checks. Several times faster than INSERTs of the same rows. `table` and `columns` are
 * identifiers from the code.
 */
const copyRows = async (tx: Tx, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], onConflict = '') => {
  if (rows.length === 0) return;
  const temp = `pb_copy_${table}`;
  await tx.execute(sql.raw(`create temp table if not exists ${temp} (like ${table}) on commit drop`));
  await tx.execute(sql.raw(`truncate ${temp}`));
  await copyCsv(tx, temp, columns, rows.map((r) => r.map((v) => csvField(Array.isArray(v) ? pgArray(v as string[]) : v)).join(',')).join('\n') + '\n');
  await tx.execute(sql.raw(`insert into ${table} (${columns.join(', ')}) select ${columns.join(', ')} from ${temp} ${onConflict}`));
};


/**
 * A new version of a member's month replaces the records and aggregates of the one before
 * (the snapshot is the month's whole truth); the versions themselves are kept as history.
 */
export const replaceMonth = async (
  tx: Tx,
  s: { id: string; registryId: string; orgId: string; memberOrgId: string; month: string; version: number; hash: string; source: 'api' | 'csv' },
  records: readonly RegistryRecord[],
  aggregates: readonly { kind: string; countyFips: string; category: string; people: number; peersAvailable: number | null }[],
) => {
  const where = sql`registry_id = ${s.registryId} and member_org_id = ${s.memberOrgId} and month = ${s.month}`;
  await tx.execute(sql`delete from registry_records where ${where}`);
  await tx.execute(sql`delete from registry_member_aggregates where ${where}`);
  await tx.execute(sql`
    insert into registry_snapshots (id, registry_id, org_id, member_org_id, month, version, content_hash, source, record_count)
    values (${s.id}, ${s.registryId}, ${s.orgId}, ${s.memberOrgId}, ${s.month}, ${s.version}, ${s.hash}, ${s.source}, ${records.length})`);
  await copyRows(
    tx,
    'registry_records',
    ['registry_id', 'org_id', 'member_org_id', 'month', 'person_key', 'credential_types', 'certified_on', 'work_fips', 'residence_fips', 'role', 'hours_per_week', 'wage_band', 'benefits', 'job_start', 'job_end', 'specialties', 'languages', 'race_ethnicity', 'lived_experience'],
    records.map((r) => [s.registryId, s.orgId, s.memberOrgId, s.month, r.personKey, r.credentialTypes, r.certifiedOn, r.workFips, r.residenceFips, r.role, r.hoursPerWeek, r.wageBand, r.benefits === null ? null : String(r.benefits), r.jobStart, r.jobEnd, r.specialties, r.languages, r.raceEthnicity, r.livedExperience]),
  );
  // One row per key (the last one sent wins, as an upsert would), in one statement.
  const byKey = new Map(aggregates.map((a) => [`${a.kind}|${a.countyFips}|${a.category}`, a]));
  await copyRows(
    tx,
    'registry_member_aggregates',
    ['registry_id', 'org_id', 'member_org_id', 'month', 'kind', 'county_fips', 'category', 'people', 'peers_available'],
    [...byKey.values()].map((a) => [s.registryId, s.orgId, s.memberOrgId, s.month, a.kind, a.countyFips, a.category, a.people, a.peersAvailable]),
  );
};

// ---------- reference files ----------

export const replaceHpsa = async (tx: Tx, registryId: string, orgId: string, rows: readonly HpsaComponent[]) => {
  await tx.execute(sql`delete from registry_hpsa where registry_id = ${registryId}`);
  await copyRows(
    tx,
    'registry_hpsa',
    ['registry_id', 'org_id', 'hpsa_id', 'component', 'name', 'designation_type', 'status', 'score', 'county_fips', 'state_fips', 'rural_status', 'designated_on'],
    rows.map((c) => [registryId, orgId, c.hpsaId, c.component, c.name, c.designationType, c.status, c.score, c.countyFips, c.stateFips, c.ruralStatus, c.designatedOn]),
  );
};

export const replacePopulation = async (tx: Tx, registryId: string, orgId: string, table: string, year: number, cells: readonly PopulationCell[]) => {
  await tx.execute(sql`delete from registry_population where registry_id = ${registryId} and table_id = ${table}`);
  for (let i = 0; i < cells.length; i += 1000) {
    const chunk = cells.slice(i, i + 1000);
    await tx.execute(sql`
      insert into registry_population (registry_id, org_id, table_id, year, county_fips, category, estimate, moe)
      values ${sql.join(
        chunk.map((c) => sql`(${registryId}, ${orgId}, ${table}, ${year}, ${c.countyFips}, ${c.category}, ${c.estimate}, ${c.moe})`),
        sql`, `,
      )}
      on conflict (registry_id, table_id, county_fips, category) do update set estimate = excluded.estimate, moe = excluded.moe, year = excluded.year`);
  }
};

export const upsertRoster = async (
  tx: Tx,
  registryId: string,
  orgId: string,
  rows: readonly { personKey: string; credentialType: string; certifiedOn: string; expiresOn: string | null; countyFips: string | null }[],
) => {
  const byKey = new Map(rows.map((r) => [`${r.personKey}|${r.credentialType}`, r]));
  await copyRows(
    tx,
    'registry_roster',
    ['registry_id', 'org_id', 'person_key', 'credential_type', 'certified_on', 'expires_on', 'county_fips'],
    [...byKey.values()].map((r) => [registryId, orgId, r.personKey, r.credentialType, r.certifiedOn, r.expiresOn, r.countyFips]),
    'on conflict (registry_id, person_key, credential_type) do update set certified_on = excluded.certified_on, expires_on = excluded.expires_on, county_fips = excluded.county_fips',
  );
};

// ---------- figures ----------

/** Records counting in a month: those of members that have not left (their history stops counting). */
const counting = (registryId: string, month: string, extra: SQL = sql`true`) => sql`
  select r.* from registry_records r
    join registry_members m on m.registry_id = r.registry_id and m.member_org_id = r.member_org_id and m.left_at is null
   where r.registry_id = ${registryId} and r.month = ${month} and (r.job_end is null or r.job_end >= r.month) and ${extra}`;

export type HeadcountBy = 'county' | 'region' | 'state' | 'credential' | 'role';

/** Counties to the region each is in (a county in no region counts as "outside"). */
export interface RegionMap {
  counties: string[];
  regions: string[];
}

/** Distinct people and FTE per group in one month, and the month's total of distinct people. */
export const headcount = async (tx: Tx, registryId: string, month: string, by: HeadcountBy, member?: string, regions?: RegionMap) => {
  const extra = member ? sql`r.member_org_id = ${member}` : sql`true`;
  const group =
    by === 'county'
      ? sql`c.work_fips`
      : by === 'region'
        ? sql`coalesce(rg.name, 'outside')`
        : by === 'state'
          ? sql`substr(c.work_fips, 1, 2)`
          : by === 'role'
            ? sql`c.role`
            : sql`unnest(case when cardinality(c.credential_types) = 0 then array['none'] else c.credential_types end)`;
  // A person counts once per region however many of its counties they work in (P1).
  const join =
    by === 'region'
      ? sql`left join unnest(${pgArray(regions?.counties ?? [])}::text[], ${pgArray(regions?.regions ?? [])}::text[]) as rg(fips, name) on rg.fips = c.work_fips`
      : sql``;
  const groups = rowsOf<{ grp: string | null; people: number; fte: number }>(
    await tx.execute(sql`
      select g.grp, count(distinct g.person_key)::int as people, coalesce(sum(g.hours_per_week), 0)::float / 40 as fte
        from (select ${group} as grp, c.person_key, c.hours_per_week from (${counting(registryId, month, extra)}) c ${join}) g
       group by g.grp order by g.grp`),
  );
  const [total] = rowsOf<{ people: number; fte: number }>(
    await tx.execute(sql`select count(distinct c.person_key)::int as people, coalesce(sum(c.hours_per_week), 0)::float / 40 as fte from (${counting(registryId, month, extra)}) c`),
  );
  return { groups: groups.map((g) => ({ group: g.grp ?? 'unknown', people: Number(g.people), fte: Number(g.fte) })), total: { group: 'total', people: Number(total?.people ?? 0), fte: Number(total?.fte ?? 0) } };
};

// ---------- regions ----------

export const regionSets = async (tx: Tx, registryId: string) =>
  rowsOf<{ region_set: string; name: string; counties: string[] }>(
    await tx.execute(sql`select region_set, name, counties from registry_regions where registry_id = ${registryId} order by region_set, name`),
  );

export const regionSet = async (tx: Tx, registryId: string, set: string) =>
  rowsOf<{ name: string; counties: string[] }>(await tx.execute(sql`select name, counties from registry_regions where registry_id = ${registryId} and region_set = ${set} order by name`));

/** Replaces a region set whole (or deletes it with no regions). */
export const replaceRegionSet = async (tx: Tx, registryId: string, orgId: string, set: string, regions: readonly { name: string; counties: readonly string[] }[]) => {
  const gone = rowsOf<{ n: number }>(await tx.execute(sql`delete from registry_regions where registry_id = ${registryId} and region_set = ${set} returning 1 as n`)).length;
  await copyRows(
    tx,
    'registry_regions',
    ['registry_id', 'org_id', 'region_set', 'name', 'counties'],
    regions.map((r) => [registryId, orgId, set, r.name, r.counties]),
  );
  await bumpVersion(tx, registryId);
  return gone;
};

/** Recounts the rollup of one month (or every month) over the members counting now. */
export const refreshMonthly = async (tx: Tx, registryId: string, orgId: string, month?: string) => {
  await bumpVersion(tx, registryId);
  await tx.execute(sql`delete from registry_monthly where registry_id = ${registryId} ${month ? sql`and month = ${month}` : sql``}`);
  await tx.execute(sql`
    insert into registry_monthly (registry_id, org_id, month, people, fte)
    select r.registry_id, ${orgId}, r.month, count(distinct r.person_key), coalesce(sum(r.hours_per_week), 0) / 40
      from registry_records r
      join registry_members m on m.registry_id = r.registry_id and m.member_org_id = r.member_org_id and m.left_at is null
     where r.registry_id = ${registryId} ${month ? sql`and r.month = ${month}` : sql``} and (r.job_end is null or r.job_end >= r.month)
     group by r.registry_id, r.month`);
  await tx.execute(sql`delete from registry_monthly_county where registry_id = ${registryId} ${month ? sql`and month = ${month}` : sql``}`);
  await tx.execute(sql`
    insert into registry_monthly_county (registry_id, org_id, month, county_fips, people, fte)
    select r.registry_id, ${orgId}, r.month, r.work_fips, count(distinct r.person_key), coalesce(sum(r.hours_per_week), 0) / 40
      from registry_records r
      join registry_members m on m.registry_id = r.registry_id and m.member_org_id = r.member_org_id and m.left_at is null
     where r.registry_id = ${registryId} ${month ? sql`and r.month = ${month}` : sql``} and (r.job_end is null or r.job_end >= r.month) and r.work_fips is not null
     group by r.registry_id, r.month, r.work_fips`);
};

/** The county map's figures of a month (from the rollup) and the month's distinct total. */
export const countyHeadcount = async (tx: Tx, registryId: string, month: string) => {
  const groups = rowsOf<{ county_fips: string; people: number; fte: number }>(
    await tx.execute(sql`select county_fips, people, fte::float as fte from registry_monthly_county where registry_id = ${registryId} and month = ${month} order by county_fips`),
  ).map((g) => ({ group: g.county_fips, people: Number(g.people), fte: Number(g.fte) }));
  const [total] = rowsOf<{ people: number; fte: number }>(await tx.execute(sql`select people, fte::float as fte from registry_monthly where registry_id = ${registryId} and month = ${month}`));
  return { groups, total: { group: 'total', people: Number(total?.people ?? 0), fte: Number(total?.fte ?? 0) } };
};

/** Distinct people per month over a range, for the trend line (from the rollup). */
export const monthlyTotals = async (tx: Tx, registryId: string, from: string, to: string) =>
  rowsOf<{ month: string; people: number; fte: number }>(
    await tx.execute(sql`
      select month::text as month, people, fte::float as fte from registry_monthly
       where registry_id = ${registryId} and month between ${from} and ${to} order by month`),
  ).map((r) => ({ month: r.month.slice(0, 7), people: Number(r.people), fte: Number(r.fte) }));

/** People working in `month` who still work a year later (turnover). */
export const stayers = async (tx: Tx, registryId: string, month: string, yearLater: string) =>
  rowsOf<{ at_start: number; still: number }>(
    await tx.execute(sql`
      select count(*)::int as at_start, count(b.person_key)::int as still
        from (select distinct person_key from (${counting(registryId, month)}) c) a
        left join (select distinct person_key from (${counting(registryId, yearLater)}) d) b on b.person_key = a.person_key`),
  )[0] ?? { at_start: 0, still: 0 };

export const latestMonth = async (tx: Tx, registryId: string) =>
  rowsOf<{ month: string | null }>(await tx.execute(sql`select max(month)::text as month from registry_monthly where registry_id = ${registryId}`))[0]?.month ?? null;

/** Each person's race/ethnicity words and languages in a month (consented ones only), by county. */
export const workforceDemographics = async (tx: Tx, registryId: string, month: string, county?: string) =>
  rowsOf<{ person_key: string; work_fips: string | null; race_ethnicity: string[] | null; languages: string[] }>(
    await tx.execute(sql`
      select distinct on (c.person_key) c.person_key, c.work_fips, c.race_ethnicity, c.languages
        from (${counting(registryId, month, county ? sql`r.work_fips = ${county}` : sql`true`)}) c
       order by c.person_key, c.race_ethnicity is null`),
  );

export const population = async (tx: Tx, registryId: string, table: string, county?: string) =>
  rowsOf<{ category: string; estimate: number; moe: number | null }>(
    await tx.execute(sql`
      select category, sum(estimate)::float as estimate, sqrt(sum(coalesce(moe, 0) ^ 2))::float as moe
        from registry_population where registry_id = ${registryId} and table_id = ${table} ${county ? sql`and county_fips = ${county}` : sql``}
       group by category`),
  ).map((r) => ({ category: r.category, estimate: Number(r.estimate), moe: r.moe === null ? null : Number(r.moe) }));

export const countyPopulation = async (tx: Tx, registryId: string) =>
  new Map(
    rowsOf<{ county_fips: string; estimate: number }>(
      await tx.execute(sql`select county_fips, estimate::float as estimate from registry_population where registry_id = ${registryId} and table_id = 'B03002' and category = 'total'`),
    ).map((r) => [r.county_fips, Number(r.estimate)]),
  );

export const memberAggregates = async (tx: Tx, registryId: string, month: string, kind: string, county?: string) =>
  rowsOf<{ county_fips: string; category: string; people: number; peers_available: number | null }>(
    await tx.execute(sql`
      select a.county_fips, a.category, sum(a.people)::int as people, sum(a.peers_available)::int as peers_available
        from registry_member_aggregates a
        join registry_members m on m.registry_id = a.registry_id and m.member_org_id = a.member_org_id and m.left_at is null
       where a.registry_id = ${registryId} and a.month = ${month} and a.kind = ${kind} ${county ? sql`and a.county_fips = ${county}` : sql``}
       group by a.county_fips, a.category order by a.county_fips, a.category`),
  ).map((r) => ({ ...r, people: Number(r.people), peers_available: r.peers_available === null ? null : Number(r.peers_available) }));

export const hpsaComponents = async (tx: Tx, registryId: string) =>
  rowsOf<{ hpsa_id: string; status: string; county_fips: string | null; designation_type: string }>(
    await tx.execute(sql`select hpsa_id, status, county_fips, designation_type from registry_hpsa where registry_id = ${registryId}`),
  ).map((r) => ({ hpsaId: r.hpsa_id, status: r.status, countyFips: r.county_fips, designationType: r.designation_type }));

/** Every person's jobs over all months (first and last month seen, hours, wage band, certification). */
export const careers = async (tx: Tx, registryId: string) =>
  rowsOf<{ person_key: string; first_month: string; last_month: string; certified_on: string | null; job_start: string | null; hours: number; wage_band: string | null; work_fips: string | null }>(
    await tx.execute(sql`
      select r.person_key, min(r.month)::text as first_month, max(r.month)::text as last_month, min(r.certified_on)::text as certified_on,
             min(r.job_start)::text as job_start, max(r.hours_per_week)::float as hours,
             (array_agg(r.wage_band order by r.month desc))[1] as wage_band, (array_agg(r.work_fips order by r.month desc))[1] as work_fips
        from registry_records r
        join registry_members m on m.registry_id = r.registry_id and m.member_org_id = r.member_org_id and m.left_at is null
       where r.registry_id = ${registryId}
       group by r.person_key`),
  );

export const rosterOf = async (tx: Tx, registryId: string) =>
  rowsOf<{ person_key: string; certified_on: string }>(
    await tx.execute(sql`select person_key, min(certified_on)::text as certified_on from registry_roster where registry_id = ${registryId} group by person_key`),
  );

/**
 * Distinct people working in and outside counties with a mental health shortage designation in
 * force (Designated or Proposed For Withdrawal) in a month: a peer is one person.
 */
export const peopleInShortageAreas = async (tx: Tx, registryId: string, month: string) => {
  const [row] = rowsOf<{ inside: number; outside: number }>(
    await tx.execute(sql`
      with shortage as (
        select distinct county_fips from registry_hpsa
         where registry_id = ${registryId} and county_fips is not null and status in ('Designated', 'Proposed For Withdrawal'))
      select count(distinct c.person_key) filter (where s.county_fips is not null)::int as inside,
             count(distinct c.person_key) filter (where s.county_fips is null)::int as outside
        from (${counting(registryId, month, sql`r.work_fips is not null`)}) c
        left join shortage s on s.county_fips = c.work_fips`),
  );
  return { inside: Number(row?.inside ?? 0), outside: Number(row?.outside ?? 0) };
};
