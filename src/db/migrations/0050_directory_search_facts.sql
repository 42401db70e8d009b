-- Directory (issue 19): the search rows are made in two steps. A refresh of the benchmark's
-- 100,000 services took 8.5-12.8 s of backend CPU with 0049's one statement and takes 7.0-8.1 s
-- (same data, same machine, seven or eight runs each).
--
-- 1. pb_directory_refresh gathers the facts of each search entry (one per service and location,
--    or one per service without a location) into the temporary table pb_search_facts: the
--    service's own columns and, already chosen, its organization's name, its location's point
--    and address, its phone, the raw values of its languages, its taxonomy terms and its
--    schedules. These are joins of narrow rows.
-- 2. pb_directory_search_from_facts turns facts into search rows: the words (analyzed once per
--    distinct text), the categories and term words (once per distinct set of terms), the
--    languages (once per distinct list), the time zone, the weekly hours (once per distinct
--    pattern), free of charge, the map order. Each of these joins the facts to a small table.
--
-- In 0049 every one of those lookups joined the growing row of the entry (600 bytes and more, its
-- words included), which was copied into a hash table again at each join.
--
-- The rows are those 0049 made: checked column for column on the benchmark's 100,000 services,
-- and by the search tests. The facts table is not analyzed: it joins only small tables, and the
-- statistics cost 0.8 s of a big refresh.

-- The second step: the search rows of the facts in pb_search_facts (made by pb_directory_refresh).
create or replace function pb_directory_search_from_facts(p_default_time_zone text, p_categories_taxonomy uuid)
returns integer language plpgsql set work_mem = '256MB' set jit = off as $$
declare n integer;
begin
  insert into directory_search (entry_id, service_id, location_id, organization_id, name, organization_name,
    description, terms, categories, taxonomy_term_ids, languages, free, status, lat, lon, postal_code, address,
    time_zone, phone, eligibility, last_verified, schedules, open_hours, search_text, tsv)
  with name_vec as materialized (
    -- Names and descriptions repeat across a feed's services ("Food Pantry"): each distinct one is
    -- normalized and analyzed once (OFFSET 0 keeps the normalized text from being computed again
    -- for each use).
    select d.name, x.n, setweight(to_tsvector('english'::regconfig, x.n) || to_tsvector('spanish'::regconfig, x.n), 'A') as v
    from (select distinct name from pb_search_facts) d,
      lateral (select lower(public.unaccent('public.unaccent'::regdictionary, d.name)) as n offset 0) x
  ), description_vec as materialized (
    select d.k, setweight(to_tsvector('english'::regconfig, x.d), 'C') as c_vec, setweight(to_tsvector('spanish'::regconfig, x.d), 'D') as d_vec
    from (select distinct coalesce(description, '') as k from pb_search_facts) d,
      lateral (select lower(public.unaccent('public.unaccent'::regdictionary, d.k)) as d offset 0) x
  ), org as materialized (
    select d.name, x.n as norm_name, setweight(to_tsvector('english'::regconfig, x.n) || to_tsvector('spanish'::regconfig, x.n), 'B') as tsv
    from (select distinct organization_name as name from pb_search_facts where organization_name is not null) d,
      lateral (select lower(public.unaccent('public.unaccent'::regdictionary, d.name)) as n offset 0) x
  ), term_sets as materialized (
    select distinct term_ids from pb_search_facts where cardinality(term_ids) > 0
  ), term_categories as materialized (
    -- The Peerbridge categories of each distinct term, by its code (AIRS / 211 LA codes as given:
    -- BD-1800.2000 is under BD-1800, under BD, under B): a feed has a few thousand terms however
    -- many services, so the prefix match runs once per term.
    select distinct tt.id as term_id, m.category
    from (select distinct u from term_sets, unnest(term_ids) u) u
    join hsds_taxonomy_term tt on tt.id = u.u
    join directory_category_map m on upper(btrim(tt.code)) = m.code or upper(btrim(tt.code)) like m.code || '-%'
      or upper(btrim(tt.code)) like m.code || '.%' or (length(m.code) = 1 and upper(btrim(tt.code)) ~ ('^' || m.code || '[A-Z](-|$)'))
    where tt.code is not null and (tt.taxonomy_id is distinct from p_categories_taxonomy)
  ), terms as materialized (
    -- Each distinct set of terms once: its words, names, ids and categories.
    select ts.term_ids,
      string_agg(concat_ws(' ', tt.name, tt.code, tt.description), ' ' order by tt.name) as words,
      string_agg(tt.name, ' ' order by tt.name) as names,
      array_agg(distinct tt.id) as ids,
      coalesce(array_agg(distinct tt.code) filter (where tt.taxonomy_id = p_categories_taxonomy and tt.code is not null), '{}') as categories
    from term_sets ts, unnest(ts.term_ids) u join hsds_taxonomy_term tt on tt.id = u
    group by ts.term_ids
  ), mapped as (
    select ts.term_ids, array_agg(distinct tc.category) as categories
    from term_sets ts, unnest(ts.term_ids) u join term_categories tc on tc.term_id = u
    group by ts.term_ids
  ), term_rows as materialized (
    select t.term_ids, t.words, t.ids,
      case when mc.categories is null then t.categories
        else array(select distinct c from unnest(t.categories || mc.categories) c order by c) end as categories,
      x.w as norm_names,
      setweight(to_tsvector('english'::regconfig, x.v) || to_tsvector('spanish'::regconfig, x.v), 'B') as tsv
    from terms t left join mapped mc on mc.term_ids = t.term_ids,
      lateral (select lower(public.unaccent('public.unaccent'::regdictionary, t.words)) as v,
        lower(public.unaccent('public.unaccent'::regdictionary, t.names)) as w offset 0) x
  ), langs as materialized (
    select d.language_values, coalesce((select array_agg(distinct lower(v)) from unnest(d.language_values) v where v is not null), '{}') as langs
    from (select distinct language_values from pb_search_facts) d
  ), cost as (
    select c.service_id, bool_or(c.amount = 0 or c."option" ~* '\m(free|gratis|no cost)\M') as free
    from hsds_cost_option c where c.service_id in (select service_id from pb_search_facts) group by c.service_id
  ), hours as (
    -- The weekly hours of each distinct schedule pattern (the rows without their ids, which
    -- pb_weekly_hours does not read), computed once: a feed has few, however many services.
    select p.pattern, pb_weekly_hours(p.pattern) as hours from (select distinct pattern from pb_search_facts) p
  )
  select f.entry_id, f.service_id, f.location_id, f.organization_id, f.name, f.organization_name, f.description,
    coalesce(t.words, ''), coalesce(t.categories, '{}'), coalesce(t.ids, '{}'), lg.langs,
    coalesce(c.free, false)
      or coalesce(f.fees ~* '^\s*(free|none|no cost|gratis)\W*$', false)
      or coalesce(f.fees_description ~* '^\s*(free|none|no cost|gratis)\W*$', false),
    f.status, f.lat, f.lon, f.postal_code,
    case when f.addressed then concat_ws(', ', nullif(btrim(f.address_1), ''), f.city, f.state_province || ' ' || f.postal_code) end,
    coalesce(tz.time_zone, p_default_time_zone),
    f.phone, f.eligibility, f.last_verified, f.schedules, h.hours,
    concat_ws(' ', nv.n, o.norm_name, t.norm_names),
    nv.v || dv.c_vec || dv.d_vec || coalesce(o.tsv, ''::tsvector) || coalesce(t.tsv, ''::tsvector)
  from pb_search_facts f
  join name_vec nv on nv.name = f.name
  join description_vec dv on dv.k = coalesce(f.description, '')
  left join org o on o.name = f.organization_name
  left join term_rows t on t.term_ids = f.term_ids
  join langs lg on lg.language_values = f.language_values
  left join cost c on c.service_id = f.service_id
  left join directory_time_zones tz on f.addressed and tz.state_key = lower(btrim(f.state_province))
  join hours h on h.pattern = f.pattern
  -- Rows go in in bands of latitude (about 5.5 km) sorted by longitude, so the entries one map
  -- area covers share pages: a search around a point reads tens of pages, not thousands.
  order by floor(f.lat * 20), f.lon;
  get diagnostics n = row_count;
  -- The lexicon of typo correction: the words of the names the new rows' search_text is made of
  -- (service, organization and category names, normalized as there), each distinct name once.
  insert into directory_words (word)
  select distinct w from (
    select lower(public.unaccent('public.unaccent'::regdictionary, d.name)) as t from (select distinct name from pb_search_facts) d
    union select lower(public.unaccent('public.unaccent'::regdictionary, d.name)) from (select distinct organization_name as name from pb_search_facts where organization_name is not null) d
    union select lower(public.unaccent('public.unaccent'::regdictionary, tt.name)) from hsds_taxonomy_term tt
      where tt.id in (select u from (select distinct term_ids from pb_search_facts) s, unnest(s.term_ids) u)
  ) names, pb_directory_words_of(names.t) w
  on conflict do nothing;
  return n;
end $$;

-- The refresh of any set of services: their old rows out, their facts gathered, their new rows
-- made from the facts. A service id that is no longer stored only loses its rows. The joins are
-- 0049's, giving facts instead of rows.
create or replace function pb_directory_refresh(p_service_ids uuid[], p_default_time_zone text, p_categories_taxonomy uuid)
returns integer language plpgsql set work_mem = '256MB' set jit = off as $$
begin
  create temp table if not exists pb_refresh_ids (id uuid primary key) on commit drop;
  truncate pb_refresh_ids;
  insert into pb_refresh_ids select distinct u from unnest(p_service_ids) u where u is not null;
  analyze pb_refresh_ids;
  delete from directory_search d using pb_refresh_ids k where d.service_id = k.id;
  -- The facts of this refresh; dropped at commit. Schedules: the chosen rows as to_jsonb gives
  -- them (bookkeeping columns and nulls left out), and the same rows without their ids (the
  -- pattern pb_weekly_hours reads). language_values: the code and name of each language row of
  -- the service and of its location. term_ids: the terms of the service's attributes, repeats kept.
  create temp table if not exists pb_search_facts (
    entry_id uuid not null, service_id uuid not null, location_id uuid, organization_id uuid,
    name text not null, description text, status text not null, eligibility text, last_verified date,
    fees text, fees_description text, organization_name text,
    lat double precision, lon double precision,
    addressed boolean not null, address_1 text, city text, state_province text, postal_code text,
    phone text, language_values text[] not null, term_ids uuid[] not null,
    schedules jsonb not null, pattern jsonb not null
  ) on commit drop;
  truncate pb_search_facts;
  insert into pb_search_facts
  with sal as (
    select x.id, x.service_id, x.location_id from hsds_service_at_location x join pb_refresh_ids k on k.id = x.service_id
  ), addr as (
    select distinct on (a.location_id) a.location_id, a.address_1, a.city, a.state_province, a.postal_code
    from hsds_address a where a.location_id in (select location_id from sal)
    order by a.location_id, (a.address_type = 'physical') desc, a.id
  ), terms as (
    select t.link_id as service_id, array_agg(t.taxonomy_term_id order by t.taxonomy_term_id) as ids
    from hsds_attribute t join pb_refresh_ids k on k.id = t.link_id
    where exists (select 1 from hsds_taxonomy_term tt where tt.id = t.taxonomy_term_id)
    group by t.link_id
  ), lang_s as (
    select l.service_id as k, array_agg(x) as vals
    from hsds_language l join pb_refresh_ids k on k.id = l.service_id, unnest(array[l.code, l.name]) x
    where x is not null group by l.service_id
  ), lang_l as (
    select l.location_id as k, array_agg(x) as vals
    from hsds_language l, unnest(array[l.code, l.name]) x
    where l.location_id in (select location_id from sal) and x is not null group by l.location_id
  ), phone_s as (
    select distinct on (p.service_id) p.service_id as k, p.number from hsds_phone p join pb_refresh_ids k on k.id = p.service_id
    order by p.service_id, p.id
  ), phone_sal as (
    select distinct on (p.service_at_location_id) p.service_at_location_id as k, p.number from hsds_phone p join sal on sal.id = p.service_at_location_id
    order by p.service_at_location_id, p.id
  ), phone_l as (
    select distinct on (p.location_id) p.location_id as k, p.number from hsds_phone p where p.location_id in (select location_id from sal)
    order by p.location_id, p.id
  ), sch_s as (
    -- Each schedule row's JSON is built once (OFFSET 0 keeps the subquery from being pulled up,
    -- which evaluated to_jsonb twice per row: once for the rows, once for the pattern).
    select x.k, jsonb_agg(x.j) as rows, jsonb_agg(x.j - array['id', 'service_id', 'location_id', 'service_at_location_id']) as pattern
    from (select c.service_id as k, jsonb_strip_nulls(to_jsonb(c) - array['pb_source', 'pb_import_id', 'pb_modified_at']) as j
      from hsds_schedule c join pb_refresh_ids k on k.id = c.service_id where c.service_at_location_id is null offset 0) x
    group by x.k
  ), sch_sal as (
    select x.k, jsonb_agg(x.j) as rows, jsonb_agg(x.j - array['id', 'service_id', 'location_id', 'service_at_location_id']) as pattern
    from (select c.service_at_location_id as k, jsonb_strip_nulls(to_jsonb(c) - array['pb_source', 'pb_import_id', 'pb_modified_at']) as j
      from hsds_schedule c join sal on sal.id = c.service_at_location_id offset 0) x
    group by x.k
  ), sch_l as (
    select x.k, jsonb_agg(x.j) as rows, jsonb_agg(x.j - array['id', 'service_id', 'location_id', 'service_at_location_id']) as pattern
    from (select c.location_id as k, jsonb_strip_nulls(to_jsonb(c) - array['pb_source', 'pb_import_id', 'pb_modified_at']) as j
      from hsds_schedule c where c.location_id in (select location_id from sal) and c.service_id is null and c.service_at_location_id is null offset 0) x
    group by x.k
  )
  select coalesce(sal.id, s.id), s.id, l.id, s.organization_id, s.name, s.description, s.status,
    s.eligibility_description, s.assured_date, s.fees, s.fees_description, o.name,
    l.latitude, l.longitude, a.location_id is not null, a.address_1, a.city, a.state_province, a.postal_code,
    coalesce(psal.number, ps.number, pl.number),
    coalesce(ls.vals, '{}') || coalesce(ll.vals, '{}'), coalesce(t.ids, '{}'),
    coalesce(ssal.rows, ss.rows, sl.rows, '[]'::jsonb), coalesce(ssal.pattern, ss.pattern, sl.pattern, '[]'::jsonb)
  from hsds_service s
  join pb_refresh_ids k on k.id = s.id
  left join hsds_organization o on o.id = s.organization_id
  left join sal on sal.service_id = s.id
  left join hsds_location l on l.id = sal.location_id
  left join addr a on a.location_id = l.id
  left join terms t on t.service_id = s.id
  left join lang_s ls on ls.k = s.id
  left join lang_l ll on ll.k = l.id
  left join phone_s ps on ps.k = s.id
  left join phone_sal psal on psal.k = sal.id
  left join phone_l pl on pl.k = l.id
  left join sch_s ss on ss.k = s.id
  left join sch_sal ssal on ssal.k = sal.id
  left join sch_l sl on sl.k = l.id;
  return pb_directory_search_from_facts(p_default_time_zone, p_categories_taxonomy);
end $$;
