-- Directory (issue 19): the search rows of a big import are built with less repeated work.
--
-- pb_directory_refresh (last defined in 0036) builds the same rows (checked row for row against
-- 0036's on the benchmark's 100,000 services); what changes is how often it computes each piece.
-- Its backend CPU on that refresh went from about 7.6 s to 4.6 s (serial plans, loaded machine):
--
-- 1. The services' own words. A name or a description is normalized and analyzed (to_tsvector,
--    English and Spanish) once per distinct text, in materialized CTEs: a subquery that is pulled
--    up into the join has its output expressions evaluated per joined row, which analyzed every
--    service's words again. Each vector is concatenated in the same order as before (name A,
--    description C English, D Spanish), so it is the same value.
-- 2. Schedules. Each schedule row's JSON (to_jsonb, without the bookkeeping columns, nulls
--    stripped) is built once: the pulled-up LATERAL built it twice, once for the rows shown and
--    once for the pattern its weekly hours are computed from.
-- 3. Languages. An entry's languages are its service's and its location's, each already sorted
--    and distinct: the per-row subquery that merged them runs only when both have some.
-- 4. Addresses, location languages, phones and schedules are looked up with a hashed semi join
--    on the service-at-location rows instead of a DISTINCT of them (estimated at 200 rows, which
--    drove 100,000 index probes).
-- 5. work_mem 256MB: the insert's sort (rows in map order, 0011) of 100,000 wide rows spilled
--    127 MB to disk at 128MB.
--
-- The statement-level trigger of 0041 (the search version) fires as before: one insert and one
-- delete statement per refresh.
create or replace function pb_directory_refresh(p_service_ids uuid[], p_default_time_zone text, p_categories_taxonomy uuid)
returns integer language plpgsql set work_mem = '256MB' set jit = off as $$
declare n integer;
begin
  create temp table if not exists pb_refresh_ids (id uuid primary key) on commit drop;
  truncate pb_refresh_ids;
  insert into pb_refresh_ids select distinct u from unnest(p_service_ids) u where u is not null;
  analyze pb_refresh_ids;
  delete from directory_search d using pb_refresh_ids k where d.service_id = k.id;
  -- The service's own words: name (A) and description (C English, D Spanish), with only the
  -- columns a search row needs. Analyzing the words is most of the refresh's work, and names and
  -- descriptions repeat across a feed's services ("Food Pantry"), so each distinct name and each
  -- distinct description is normalized and analyzed once (OFFSET 0 keeps the normalized text from
  -- being computed again for each use), and each service's vector is concatenated from them in
  -- the same order as before (name, then description in English, then in Spanish): the same value.
  -- The services are joined with pb_refresh_ids (analyzed above): a big refresh hashes them, a
  -- small one looks its services up by primary key.
  drop table if exists pb_refresh_svc;
  create temp table pb_refresh_svc on commit drop as
    with s as materialized (
      select s.id, s.organization_id, s.name, s.description, s.status, s.eligibility_description, s.assured_date,
        coalesce(s.fees ~* '^\s*(free|none|no cost|gratis)\W*$', false)
          or coalesce(s.fees_description ~* '^\s*(free|none|no cost|gratis)\W*$', false) as fee_free
      from hsds_service s
      join pb_refresh_ids k on k.id = s.id
    ), name_vec as materialized (
      select d.name, x.n, setweight(to_tsvector('english'::regconfig, x.n) || to_tsvector('spanish'::regconfig, x.n), 'A') as v
      from (select distinct name from s) d,
        lateral (select lower(public.unaccent('public.unaccent'::regdictionary, d.name)) as n offset 0) x
    ), description_vec as materialized (
      select d.k, setweight(to_tsvector('english'::regconfig, x.d), 'C') as c_vec, setweight(to_tsvector('spanish'::regconfig, x.d), 'D') as d_vec
      from (select distinct coalesce(description, '') as k from s) d,
        lateral (select lower(public.unaccent('public.unaccent'::regdictionary, d.k)) as d offset 0) x
    )
    select s.id, s.organization_id, s.name, s.description, s.status, s.eligibility_description, s.assured_date, s.fee_free,
      nv.n as norm_name, nv.v || dv.c_vec || dv.d_vec as own_tsv
    from s join name_vec nv on nv.name = s.name join description_vec dv on dv.k = coalesce(s.description, '');
  -- Statistics for the join below: without them the planner misjudged the table and the insert
  -- took a quarter longer.
  analyze pb_refresh_svc;
  insert into directory_search (entry_id, service_id, location_id, organization_id, name, organization_name,
    description, terms, categories, taxonomy_term_ids, languages, free, status, lat, lon, postal_code, address,
    time_zone, phone, eligibility, last_verified, schedules, open_hours, search_text, tsv)
  with org as materialized (
    -- Organization names and taxonomy words repeat across services: each is analyzed once.
    select o.id, o.name, x.n as norm_name, setweight(to_tsvector('english'::regconfig, x.n) || to_tsvector('spanish'::regconfig, x.n), 'B') as tsv
    from hsds_organization o join (select distinct organization_id from pb_refresh_svc) so on so.organization_id = o.id,
      lateral (select lower(public.unaccent('public.unaccent'::regdictionary, o.name)) as n offset 0) x
  ), sal as (
    select x.id, x.service_id, x.location_id from hsds_service_at_location x join pb_refresh_ids k on k.id = x.service_id
  ), addr as (
    select distinct on (a.location_id) a.location_id, a.postal_code, a.state_province,
      concat_ws(', ', nullif(btrim(a.address_1), ''), a.city, a.state_province || ' ' || a.postal_code) as line
    from hsds_address a where a.location_id in (select location_id from sal)
    order by a.location_id, (a.address_type = 'physical') desc, a.id
  ), term_categories as materialized (
    -- The Peerbridge categories of each distinct term the services carry, by its code (AIRS /
    -- 211 LA codes as given: BD-1800.2000 is under BD-1800, under BD, under B): a feed has a few
    -- thousand terms however many services, so the prefix match runs once per term.
    select distinct tt.id as term_id, m.category
    from (select distinct a.taxonomy_term_id as id from hsds_attribute a join pb_refresh_ids k on k.id = a.link_id) u
    join hsds_taxonomy_term tt on tt.id = u.id
    join directory_category_map m on upper(btrim(tt.code)) = m.code or upper(btrim(tt.code)) like m.code || '-%'
      or upper(btrim(tt.code)) like m.code || '.%' or (length(m.code) = 1 and upper(btrim(tt.code)) ~ ('^' || m.code || '[A-Z](-|$)'))
    where tt.code is not null and (tt.taxonomy_id is distinct from p_categories_taxonomy)
  ), terms as (
    select t.link_id as service_id,
      string_agg(concat_ws(' ', tt.name, tt.code, tt.description), ' ' order by tt.name) as words,
      string_agg(tt.name, ' ' order by tt.name) as names,
      array_agg(distinct tt.id) as ids,
      coalesce(array_agg(distinct tt.code) filter (where tt.taxonomy_id = p_categories_taxonomy and tt.code is not null), '{}') as categories
    from hsds_attribute t join pb_refresh_ids k on k.id = t.link_id
    join hsds_taxonomy_term tt on tt.id = t.taxonomy_term_id
    group by t.link_id
  ), mapped as (
    select a.link_id as service_id, array_agg(distinct tc.category) as categories
    from hsds_attribute a join pb_refresh_ids k on k.id = a.link_id
    join term_categories tc on tc.term_id = a.taxonomy_term_id
    group by a.link_id
  ), term_vec as materialized (
    select d.words, setweight(to_tsvector('english'::regconfig, x.w) || to_tsvector('spanish'::regconfig, x.w), 'B') as tsv
    from (select distinct words from terms) d, lateral (select lower(public.unaccent('public.unaccent'::regdictionary, d.words)) as w) x
  ), term_names as (
    select distinct names, lower(public.unaccent('public.unaccent'::regdictionary, names)) as norm_names from terms
  ), lang_s as (
    select l.service_id as k, array_agg(distinct lower(x)) as langs
    from hsds_language l join pb_refresh_ids k on k.id = l.service_id, unnest(array[l.code, l.name]) x
    where x is not null group by l.service_id
  ), lang_l as (
    select l.location_id as k, array_agg(distinct lower(x)) as langs
    from hsds_language l, unnest(array[l.code, l.name]) x
    where l.location_id in (select location_id from sal) and x is not null group by l.location_id
  ), cost as (
    select c.service_id, bool_or(c.amount = 0 or c."option" ~* '\m(free|gratis|no cost)\M') as free
    from hsds_cost_option c join pb_refresh_ids k on k.id = c.service_id group by c.service_id
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
  ), hours as (
    -- The weekly hours of each distinct schedule pattern (the rows without their ids, which
    -- pb_weekly_hours does not read), computed once: a feed has few, however many services.
    select p.pattern, pb_weekly_hours(p.pattern) as hours
    from (select pattern from sch_s union select pattern from sch_sal union select pattern from sch_l union select '[]'::jsonb) p
  )
  select coalesce(sal.id, s.id), s.id, l.id, s.organization_id, s.name, o.name, s.description,
    coalesce(t.words, ''),
    case when mc.categories is null then coalesce(t.categories, '{}')
      else array(select distinct c from unnest(coalesce(t.categories, '{}') || mc.categories) c order by c) end,
    coalesce(t.ids, '{}'),
    -- Each side is already sorted and distinct (array_agg(distinct)): the merge runs only for an
    -- entry with languages on both its service and its location.
    case when ll.langs is null then coalesce(ls.langs, '{}') when ls.langs is null then ll.langs
      else (select array_agg(distinct v) from unnest(ls.langs || ll.langs) v) end,
    coalesce(c.free, false) or s.fee_free,
    s.status, l.latitude, l.longitude, a.postal_code, a.line,
    coalesce(tz.time_zone, p_default_time_zone),
    coalesce(psal.number, ps.number, pl.number), s.eligibility_description, s.assured_date,
    coalesce(ssal.rows, ss.rows, sl.rows, '[]'::jsonb), h.hours,
    concat_ws(' ', s.norm_name, o.norm_name, tn.norm_names),
    s.own_tsv || coalesce(o.tsv, ''::tsvector) || coalesce(tv.tsv, ''::tsvector)
  from pb_refresh_svc s
  left join org o on o.id = s.organization_id
  left join sal on sal.service_id = s.id
  left join hsds_location l on l.id = sal.location_id
  left join addr a on a.location_id = l.id
  left join directory_time_zones tz on tz.state_key = lower(btrim(a.state_province))
  left join terms t on t.service_id = s.id
  left join mapped mc on mc.service_id = s.id
  left join term_vec tv on tv.words = t.words
  left join term_names tn on tn.names = t.names
  left join lang_s ls on ls.k = s.id
  left join lang_l ll on ll.k = l.id
  left join cost c on c.service_id = s.id
  left join phone_s ps on ps.k = s.id
  left join phone_sal psal on psal.k = sal.id
  left join phone_l pl on pl.k = l.id
  left join sch_s ss on ss.k = s.id
  left join sch_sal ssal on ssal.k = sal.id
  left join sch_l sl on sl.k = l.id
  left join hours h on h.pattern = coalesce(ssal.pattern, ss.pattern, sl.pattern, '[]'::jsonb)
  -- Rows go in in bands of latitude (about 5.5 km) sorted by longitude, so the entries one map
  -- area covers share pages: a search around a point reads tens of pages, not thousands.
  order by floor(l.latitude * 20), l.longitude;
  get diagnostics n = row_count;
  -- The lexicon of typo correction: the words of the names the new rows' search_text is made of
  -- (service, organization and category names, normalized as there), each distinct name once.
  insert into directory_words (word)
  select distinct w from (
    select norm_name as t from pb_refresh_svc
    union select lower(public.unaccent('public.unaccent'::regdictionary, o.name)) from hsds_organization o
      where o.id in (select organization_id from pb_refresh_svc)
    union select lower(public.unaccent('public.unaccent'::regdictionary, tt.name)) from hsds_taxonomy_term tt
      where tt.id in (select a.taxonomy_term_id from hsds_attribute a join pb_refresh_ids k on k.id = a.link_id)
  ) names, pb_directory_words_of(names.t) w
  on conflict do nothing;
  return n;
end $$;

