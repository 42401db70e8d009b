-- Directory (issue 19): what real 211 exports carry, kept and found.
--
-- 1. AIRS / 211 LA taxonomy codes (BD-1800 food pantries, BH-1800 shelters, RX-8470 substance use
--    treatment, RP-1400 crisis lines) are kept as given and mapped to Peerbridge's categories, so
--    `taxonomy=food` or `shelter` finds them. The mapping is data: directory_category_map, one
--    row per code (a top-level section letter, a level-2 pair, or a full code), matched as a
--    prefix at the code's own boundaries (`BD-1800` covers `BD-1800.2000`, `B` covers `BD-...`).
--    An instance operator adds rows (`peerbridge directory category-map add`, or the API).
-- 2. A street line the importer emptied because it was a placeholder ("Confidential address") is
--    left out of the search line, which used to start with it.
create table directory_category_map (
  code text primary key check (code = upper(btrim(code)) and code <> ''),
  category text not null check (category ~ '^[a-z0-9-]+$'),
  note text,
  builtin boolean not null default false
);
-- Instance-wide reference data, like directory_time_zones: no row-level security; the app reads
-- it and the operator's commands write it.
grant select, insert, update, delete on directory_category_map to peerbridge_app;

insert into directory_category_map (code, category, note, builtin) values
  -- Top-level AIRS sections that map to one category as a whole.
  ('D', 'benefits', 'Consumer Services', true),
  ('F', 'legal', 'Criminal Justice and Legal Services', true),
  ('L', 'health', 'Health Care', true),
  ('N', 'benefits', 'Income Support and Employment', true),
  ('R', 'mental-health', 'Mental Health and Substance Use Disorder Services', true),
  ('T', 'information-referral', 'Organizational/Community/International Services', true),
  -- B (Basic Needs), P (Individual and Family Life) and Y (Target Populations) are too broad for
  -- one category: their level-2 sections map instead.
  ('BD', 'food', 'Food', true),
  ('BD-1800', 'food', 'Emergency Food (food pantries)', true),
  ('BD-5000', 'food', 'Meals', true),
  ('BH', 'housing', 'Housing/Shelter', true),
  ('BH-1800', 'shelter', 'Emergency Shelter', true),
  ('BH-8400', 'housing', 'Housing Search and Information', true),
  ('BH-3800', 'housing', 'Housing Expense Assistance', true),
  ('BM', 'benefits', 'Material Goods', true),
  ('BT', 'transportation', 'Transportation', true),
  ('BV', 'benefits', 'Utilities', true),
  ('FT', 'legal', 'Legal Assistance Modalities', true),
  ('FP', 'legal', 'Legal Services', true),
  ('LN', 'health', 'Outpatient Health Facilities', true),
  ('ND', 'employment', 'Employment', true),
  ('NL', 'benefits', 'Public Assistance Programs', true),
  ('NS', 'benefits', 'Social Insurance Programs', true),
  ('RP-1400', 'crisis-line', 'Crisis Intervention', true),
  ('RP-1500', 'crisis-line', 'Crisis Intervention (hotlines)', true),
  ('RX', 'substance-use', 'Substance Use Disorder Services', true),
  ('RX-8470', 'substance-use', 'Substance Use Disorder Treatment Programs', true),
  ('RX-1700', 'detox', 'Detoxification', true),
  ('RX-8450.1150', 'detox', 'Detoxification (treatment programs)', true),
  ('RX-8450.5000', 'moud', 'Medication Assisted Treatment', true),
  ('RM', 'mental-health', 'Mental Health Care Facilities', true),
  ('RF', 'mental-health', 'Mental Health Evaluation', true),
  ('RR', 'mental-health', 'Mental Health Support Services', true),
  ('RD', 'substance-use', 'Substance Use Disorder Services (older codes)', true),
  ('TJ-3000.8000', 'information-referral', 'Specialized Information and Referral', true),
  ('PH-2360.2500', 'warmline', 'Warmlines', true);

create or replace function pb_directory_refresh(p_service_ids uuid[], p_default_time_zone text, p_categories_taxonomy uuid)
returns integer language plpgsql set work_mem = '128MB' set jit = off as $$
declare n integer;
begin
  create temp table if not exists pb_refresh_ids (id uuid primary key) on commit drop;
  truncate pb_refresh_ids;
  insert into pb_refresh_ids select distinct u from unnest(p_service_ids) u where u is not null;
  analyze pb_refresh_ids;
  delete from directory_search d using pb_refresh_ids k where d.service_id = k.id;
  -- The service's own words, normalized once: name (A) and description (C English, D Spanish),
  -- with only the columns a search row needs. Analyzing the words is most of the refresh's work,
  -- and as CREATE TABLE AS over hsds_service it runs as a parallel plan on a server (an INSERT, a
  -- materialized CTE or a scan of the temporary pb_refresh_ids would force a serial one). The ids
  -- are the array itself: a constant in the plan, hashed, so a big refresh scans the table in
  -- parallel and a small one looks its services up by primary key.
  drop table if exists pb_refresh_svc;
  create temp table pb_refresh_svc on commit drop as
    select s.id, s.organization_id, s.name, s.description, s.status, s.eligibility_description, s.assured_date,
      coalesce(s.fees ~* '^\s*(free|none|no cost|gratis)\W*$', false)
        or coalesce(s.fees_description ~* '^\s*(free|none|no cost|gratis)\W*$', false) as fee_free,
      x.n as norm_name,
      setweight(to_tsvector('english'::regconfig, x.n) || to_tsvector('spanish'::regconfig, x.n), 'A')
        || setweight(to_tsvector('english'::regconfig, x.d), 'C') || setweight(to_tsvector('spanish'::regconfig, x.d), 'D') as own_tsv
    from hsds_service s,
      lateral (select lower(public.unaccent('public.unaccent'::regdictionary, s.name)) as n, coalesce(lower(public.unaccent('public.unaccent'::regdictionary, s.description)), '') as d) x
    where s.id = any(p_service_ids);
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
      lateral (select lower(public.unaccent('public.unaccent'::regdictionary, o.name)) as n) x
  ), sal as (
    select x.id, x.service_id, x.location_id from hsds_service_at_location x join pb_refresh_ids k on k.id = x.service_id
  ), loc_ids as (
    select distinct location_id as id from sal
  ), addr as (
    select distinct on (a.location_id) a.location_id, a.postal_code, a.state_province,
      concat_ws(', ', nullif(btrim(a.address_1), ''), a.city, a.state_province || ' ' || a.postal_code) as line
    from hsds_address a join loc_ids l on l.id = a.location_id
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
    from hsds_language l join loc_ids i on i.id = l.location_id, unnest(array[l.code, l.name]) x
    where x is not null group by l.location_id
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
    select distinct on (p.location_id) p.location_id as k, p.number from hsds_phone p join loc_ids i on i.id = p.location_id
    order by p.location_id, p.id
  ), sch_s as (
    select c.service_id as k, jsonb_agg(x.j) as rows, jsonb_agg(x.j - array['id', 'service_id', 'location_id', 'service_at_location_id']) as pattern
    from hsds_schedule c join pb_refresh_ids k on k.id = c.service_id, lateral (select jsonb_strip_nulls(to_jsonb(c) - array['pb_source', 'pb_import_id', 'pb_modified_at']) as j) x where c.service_at_location_id is null group by c.service_id
  ), sch_sal as (
    select c.service_at_location_id as k, jsonb_agg(x.j) as rows, jsonb_agg(x.j - array['id', 'service_id', 'location_id', 'service_at_location_id']) as pattern
    from hsds_schedule c join sal on sal.id = c.service_at_location_id, lateral (select jsonb_strip_nulls(to_jsonb(c) - array['pb_source', 'pb_import_id', 'pb_modified_at']) as j) x group by c.service_at_location_id
  ), sch_l as (
    select c.location_id as k, jsonb_agg(x.j) as rows, jsonb_agg(x.j - array['id', 'service_id', 'location_id', 'service_at_location_id']) as pattern
    from hsds_schedule c join loc_ids i on i.id = c.location_id, lateral (select jsonb_strip_nulls(to_jsonb(c) - array['pb_source', 'pb_import_id', 'pb_modified_at']) as j) x
    where c.service_id is null and c.service_at_location_id is null group by c.location_id
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
    coalesce((select array_agg(distinct v) from unnest(coalesce(ls.langs, '{}') || coalesce(ll.langs, '{}')) v), '{}'),
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

