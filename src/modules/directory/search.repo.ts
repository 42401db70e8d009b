// Staff search over the directory (issue 5), and the ranking kept for a search by words alone
// (issue 19). Split from directory.repo.ts; with it and import.repo.ts, only these files touch
// the directory's tables.
import { and, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { executeNamed, rowsOf } from '../../db/client.ts';
import { inBox, textArray, textMatch } from './directory.repo.ts';
import type { BoundingBox } from './directory.rules.ts';

export interface SearchFilter {
  q?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  radiusKm?: number | undefined;
  box?: BoundingBox | undefined;
  languages?: string[] | undefined;
  taxonomyTermId?: string | undefined;
  category?: string | undefined;
  free?: boolean | undefined;
  /** Also match close spellings (directory words spelled like the query's), not only the words as typed. */
  typos?: boolean | undefined;
  /** Only entries open at this instant, in each entry's time zone (pb_open_at, 0012). */
  openAt?: Date | undefined;
}

export interface SearchRow {
  entry_id: string;
  service_id: string;
  location_id: string | null;
  local: boolean;
  name: string;
  organization_name: string | null;
  categories: string[];
  languages: string[];
  free: boolean;
  status: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  postal_code: string | null;
  time_zone: string;
  phone: string | null;
  eligibility: string | null;
  last_verified: string | null;
  schedules: Record<string, unknown>[];
  distance_km: number | null;
  relevance: number;
  beds_available: number | null;
  beds_total: number | null;
  beds_updated_at: Date | string | null;
  total: number;
}

const entryColumns = (local: boolean) =>
  local
    ? sql.raw(`e.id as entry_id, e.id as service_id, null::uuid as location_id, true as local, e.name, e.organization_name, e.categories,
        e.languages, e.free, e.status, e.lat, e.lon, e.address, e.postal_code, e.time_zone, e.phone, e.eligibility, e.last_verified::text as last_verified, e.schedules`)
    : sql.raw(`e.entry_id, e.service_id, e.location_id, false as local, e.name, e.organization_name, e.categories,
        e.languages, e.free, e.status, e.lat, e.lon, e.address, e.postal_code, e.time_zone, e.phone, e.eligibility, e.last_verified::text as last_verified, e.schedules`);

/** The columns a search result shows, of a search row (`e`) or of a local service (`l`). */
const DISPLAY_COLUMNS = ['location_id', 'organization_name', 'categories', 'languages', 'free', 'status', 'lat', 'lon', 'address', 'postal_code', 'time_zone', 'phone', 'eligibility', 'last_verified', 'schedules'] as const;
const displayColumns = DISPLAY_COLUMNS.map((c) =>
  c === 'location_id' ? 'e.location_id' : `case when t.local then l.${c} else e.${c} end${c === 'last_verified' ? '::text' : ''} as ${c}`,
).join(', ');

/** The SQL pieces of a staff search for one filter (searchEntries and the words-alone path). */
const searchParts = (f: SearchFilter) => {
  const hasPoint = f.lat !== undefined && f.lon !== undefined;
  const conditions = (): SQL[] => {
    const c: SQL[] = [sql`e.status in ('active', 'temporarily closed')`];
    if (f.q) c.push(textMatch('e', f.q, f.typos === true));
    if (f.languages && f.languages.length > 0) c.push(sql`e.languages && ${textArray(f.languages)}`);
    if (f.taxonomyTermId) c.push(sql`e.taxonomy_term_ids @> array[${f.taxonomyTermId}::uuid]`);
    if (f.category) c.push(sql`e.categories @> array[${f.category}]::text[]`);
    if (f.free) c.push(sql`e.free`);
    if (f.openAt) c.push(sql`pb_open_at(e.open_hours, e.schedules, e.time_zone, ${f.openAt.toISOString()}::timestamptz)`);
    // Within the radius, or with no location at all (a national line, a virtual service): the
    // planner ORs the GiST point index with the partial index of entries without coordinates.
    if (f.box && f.radiusKm !== undefined && hasPoint) {
      c.push(sql`(e.lat is null or (${inBox('e', f.box)} and pb_distance_km(${f.lat!}, ${f.lon!}, e.lat, e.lon) <= ${f.radiusKm}))`);
    }
    return c;
  };
  const distance = hasPoint ? sql`case when e.lat is null then null else pb_distance_km(${f.lat!}, ${f.lon!}, e.lat, e.lon) end` : sql`null::double precision`;
  const rank = f.q
    ? sql`ts_rank_cd(e.tsv, (select websearch_to_tsquery('english', pb_search_norm(${f.q})) || websearch_to_tsquery('spanish', pb_search_norm(${f.q}))))`
    : sql`0::real`;
  const branch = (from: SQL, local: boolean) =>
    sql`select ${sql.raw(local ? 'e.id as entry_id, e.id as service_id, true' : 'e.entry_id, e.service_id, false')} as local, e.name, e.search_text,
      ${distance} as distance_km, ${rank} as rank from ${from} e where ${and(...conditions())}`;
  // score(relevance) over the rows of `x`; with a words query, relevance = rank + similarity.
  const scored = (relevance: SQL) =>
    f.q ? (hasPoint ? sql`${relevance} / (1 + coalesce(x.distance_km, 10) / 10)` : relevance) : hasPoint ? sql`-coalesce(x.distance_km, 1e6)` : sql`0::double precision`;
  const relevance = f.q ? sql`(x.rank + word_similarity((select pb_search_norm(${f.q})), x.search_text))::double precision` : sql`0::double precision`;
  // The bar: the `depth`th score counting rank alone, which every score is at least. Word
  // similarity (half the cost of ranking thousands of matches) adds at most 1 to the rank, so a
  // match whose rank + 1 scores below the bar can never reach the first `depth` places.
  const candidates = (depth: number) =>
    f.q
      ? sql`select x.* from x where ${scored(sql`(x.rank + 1::real)::double precision`)} >=
        coalesce((select ${scored(sql`x.rank::double precision`)} as s from x order by s desc limit 1 offset ${depth - 1}), '-Infinity')`
      : sql`select x.* from x`;
  return { hasPoint, branch, scored, relevance, candidates };
};

/** The page's rows read whole (`p`: entry_id, service_id, local, name, distance_km, relevance, score). */
const pageRows = sql.raw(`t.entry_id, t.service_id, t.local, t.name, ${displayColumns}, t.distance_km, t.relevance,
        b.available as beds_available, b.total as beds_total, b.updated_at as beds_updated_at`);
const pageJoins = sql.raw(`from p t
      left join directory_search e on not t.local and e.entry_id = t.entry_id
      left join directory_local_services l on t.local and l.id = t.entry_id
      left join directory_beds b on b.service_id = t.service_id
      order by t.score desc, t.name, t.service_id`);

/**
 * The ranking of the public directory for one search by words alone, kept between searches
 * (issue 19): its first places (entry, service, name and relevance, best first), the number of
 * matches, and the version of the directory it was made from (directory_search_state, 0041).
 */
export interface KeptRanking {
  version: string;
  total: number;
  places: { entry_id: string; service_id: string; name: string; relevance: number }[];
}
/** Kept rankings by query, least recently used first (one per directory service, so per database). */
export type RankingCache = Map<string, KeptRanking>;
export const newRankingCache = (): RankingCache => new Map();
/**
 * How many rankings are kept, how many places of each at least (a page holds up to 100), and at
 * most: a page past the 1,000th match is ranked for itself, as a search with filters is.
 */
const KEPT_QUERIES = 256;
const KEPT_PLACES = 200;
const MAX_KEPT_PLACES = 1000;

/** A search by words alone: no place, no other filter (the search the kept rankings serve). */
export const isWordsAlone = (f: SearchFilter) =>
  Boolean(f.q) && f.lat === undefined && f.lon === undefined && !f.box && !(f.languages && f.languages.length > 0) && !f.taxonomyTermId && !f.category && !f.free && !f.openAt;

/**
 * Staff search over the public index and the organization's own local services (RLS shows only
 * its own), one row per service (its nearest location), best first, at most `limit` rows and the
 * number of matches. Relevance is full-text rank plus trigram word similarity; with a point, the
 * score is divided by (1 + km / 10) so a close good match beats a far perfect one.
 *
 * Matches are ranked on narrow rows, and only the page's rows are read whole; word similarity is
 * computed only for the matches that can reach the page (searchParts' bar), so the page is the
 * same as with every similarity computed. A search by words alone with `kept` ranks the public
 * directory once per version of it (searchWordsAlone).
 */
export const searchEntries = async (tx: Tx, f: SearchFilter, limit: number, offset: number, kept?: RankingCache): Promise<SearchRow[]> => {
  if (kept && isWordsAlone(f) && limit + offset <= MAX_KEPT_PLACES) return searchWordsAlone(tx, f, limit, offset, kept);
  const { branch, scored, relevance, candidates } = searchParts(f);
  const branches = sql`${branch(sql`directory_search`, false)} union all ${branch(sql`directory_local_services`, true)}`;
  return executeNamed<SearchRow>(
    tx,
    sql`
      with x as (select distinct on (m.service_id) m.* from (${branches}) m order by m.service_id, m.distance_km nulls last),
      c as (select x.entry_id, x.service_id, x.local, x.name, x.distance_km, ${relevance} as relevance from (${candidates(limit + offset)}) x),
      p as (select x.*, ${scored(sql`x.relevance`)} as score from c x order by score desc, x.name, x.service_id limit ${limit} offset ${offset})
      select ${pageRows}, (select count(*) from x)::int as total ${pageJoins}`,
  );
};

/**
 * Ranks the public directory's matches of a search by words alone: its first `depth` places, the
 * number of matches and the directory's version, all from one statement (so one snapshot).
 */
const rankPublic = async (tx: Tx, f: SearchFilter, depth: number): Promise<KeptRanking> => {
  const { branch, relevance, candidates } = searchParts(f);
  const rows = await executeNamed<{ entry_id: string | null; service_id: string | null; name: string | null; relevance: number | null; total: number; version: string }>(
    tx,
    sql`
      with x as (select distinct on (m.service_id) m.* from (${branch(sql`directory_search`, false)}) m order by m.service_id, m.distance_km nulls last),
      c as (select x.entry_id, x.service_id, x.name, ${relevance} as relevance from (${candidates(depth)}) x),
      p as (select c.* from c order by c.relevance desc, c.name, c.service_id limit ${depth})
      select p.entry_id, p.service_id, p.name, p.relevance, n.total, v.version::text as version
      from (select count(*)::int as total from x) n cross join directory_search_state v left join p on true
      order by p.relevance desc, p.name, p.service_id`,
  );
  const places = rows.filter((r) => r.entry_id !== null).map((r) => ({ entry_id: r.entry_id!, service_id: r.service_id!, name: r.name!, relevance: Number(r.relevance) }));
  return { version: rows[0]!.version, total: Number(rows[0]!.total), places };
};

const directoryVersion = async (tx: Tx) => rowsOf<{ version: string }>(await tx.execute(sql`select version::text as version from directory_search_state`))[0]!.version;

/**
 * A search by words alone (a peer typing "food" with no place): every peer typing the same words
 * asks for the same ranking of the public directory, thousands of matches ranked for each page.
 * The ranking is kept (per query and close-spellings flag) while the directory's version stays
 * the same, and each page reads only its own rows whole, merged with the organization's local
 * services ranked at the time, by the same score, ties by name then id. A page past the kept places
 * ranks again, deeper. The page statement reads the version too: when an import changed the
 * directory since the ranking was made, the ranking is made again and the page read again.
 */
const searchWordsAlone = async (tx: Tx, f: SearchFilter, limit: number, offset: number, kept: RankingCache): Promise<SearchRow[]> => {
  const key = JSON.stringify([f.typos === true, f.q]);
  const need = limit + offset;
  const { branch, relevance } = searchParts(f);
  for (let attempt = 0; ; attempt++) {
    let r = kept.get(key);
    if (r) kept.delete(key); // most recently used last
    if (!r || (r.places.length < need && r.places.length < r.total)) r = await rankPublic(tx, f, Math.min(MAX_KEPT_PLACES, Math.max(KEPT_PLACES, need * 2)));
    kept.set(key, r);
    while (kept.size > KEPT_QUERIES) kept.delete(kept.keys().next().value!);
    const places = JSON.stringify(r.places.slice(0, need));
    const rows = await executeNamed<SearchRow & { version: string }>(
      tx,
      sql`
        with x as (select distinct on (m.service_id) m.* from (${branch(sql`directory_local_services`, true)}) m order by m.service_id),
        c as (select x.entry_id, x.service_id, true as local, x.name, null::double precision as distance_km, ${relevance} as relevance from x
          union all
          select u.entry_id, u.service_id, false, u.name, null::double precision, u.relevance
          from jsonb_to_recordset(${places}::jsonb) u(entry_id uuid, service_id uuid, name text, relevance double precision)),
        p as (select c.*, c.relevance as score from c order by score desc, c.name, c.service_id limit ${limit} offset ${offset})
        select ${pageRows}, (${r.total}::int + (select count(*) from x))::int as total,
          (select version::text from directory_search_state) as version ${pageJoins}`,
    );
    const version = rows[0]?.version ?? (await directoryVersion(tx));
    if (version === r.version || attempt >= 2) return rows;
    kept.delete(key); // made from a directory an import has changed since
  }
};

export const searchEntriesOfService = async (tx: Tx, serviceId: string) =>
  rowsOf<SearchRow>(
    await tx.execute(sql`select ${entryColumns(false)}, null::double precision as distance_km, 0::double precision as relevance,
      null::int as beds_available, null::int as beds_total, null::timestamptz as beds_updated_at, 0 as total
      from directory_search e where e.service_id = ${serviceId}::uuid order by e.entry_id`),
  );

