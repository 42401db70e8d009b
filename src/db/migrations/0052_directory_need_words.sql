-- Directory (issue 19): a search finds a need by the words people use for it, in English and
-- Spanish. A Spanish-speaking peer typed "comida" and found none of the food pantries a county
-- 211 export had classified BD-1800 (food) but named and described in English.
--
-- 1. directory_category_words: for each Peerbridge category, the words of its need in both
--    languages ("food meals groceries ... comida alimentos despensa"). Instance-wide reference
--    data, like directory_category_map; builtin rows are the ones shipped here.
-- 2. A search row's words (tsv) gain the need words of its categories, at the weight of its
--    taxonomy terms (B), appended last. They are analyzed once per distinct set of terms.
-- 3. Rows made before this migration get the same words appended (same place, same weight), and
--    the agency's own entries get them in their terms, which their words are made of.
create table directory_category_words (
  category text primary key check (category ~ '^[a-z0-9-]+$'),
  words text not null check (btrim(words) <> ''),
  builtin boolean not null default false
);
grant select on directory_category_words to peerbridge_app;

insert into directory_category_words (category, words, builtin) values
  ('food', 'food meals groceries pantry hunger comida comidas alimentos despensa comedor hambre', true),
  ('shelter', 'shelter emergency shelter overnight albergue refugio', true),
  ('housing', 'housing rent rental eviction vivienda alquiler renta desalojo', true),
  ('detox', 'detox withdrawal desintoxicación abstinencia', true),
  ('moud', 'moud buprenorphine suboxone methadone medication treatment buprenorfina metadona medicamento', true),
  ('mental-health', 'mental health counseling therapy salud mental consejería terapia', true),
  ('substance-use', 'substance use addiction recovery treatment drugs alcohol adicción adicciones recuperación tratamiento drogas', true),
  ('crisis-line', 'crisis hotline suicide línea de crisis suicidio', true),
  ('warmline', 'warmline peer support line línea de apoyo entre pares', true),
  ('peer-respite', 'peer respite respiro entre pares', true),
  ('transportation', 'transportation rides bus transit transporte autobús', true),
  ('employment', 'employment jobs work empleo trabajo', true),
  ('legal', 'legal aid lawyer expungement ayuda legal abogado', true),
  ('benefits', 'benefits public assistance beneficios asistencia pública', true),
  ('health', 'health care clinic doctor salud atención médica clínica médico', true),
  ('information-referral', 'information referral 211 información referidos', true);

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
  ), need_rows as materialized (
    -- The words people use for each category's need, in English and Spanish
    -- (directory_category_words): a Spanish speaker's "comida" finds an AIRS food pantry named in
    -- English. Once per distinct set of terms, like the term words.
    select tr.term_ids, setweight(to_tsvector('english'::regconfig, x.v) || to_tsvector('spanish'::regconfig, x.v), 'B') as tsv
    from (select r.term_ids, string_agg(w.words, ' ' order by w.category) as words
      from term_rows r, unnest(r.categories) c join directory_category_words w on w.category = c
      group by r.term_ids) tr,
      lateral (select lower(public.unaccent('public.unaccent'::regdictionary, tr.words)) as v offset 0) x
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
    nv.v || dv.c_vec || dv.d_vec || coalesce(o.tsv, ''::tsvector) || coalesce(t.tsv, ''::tsvector) || coalesce(nr.tsv, ''::tsvector)
  from pb_search_facts f
  join name_vec nv on nv.name = f.name
  join description_vec dv on dv.k = coalesce(f.description, '')
  left join org o on o.name = f.organization_name
  left join term_rows t on t.term_ids = f.term_ids
  left join need_rows nr on nr.term_ids = f.term_ids
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

-- Rows made before: the same need words, appended last as the function above appends them.
update directory_search s set tsv = s.tsv || n.tsv
from (
  select x.entry_id, setweight(to_tsvector('english'::regconfig, x.v) || to_tsvector('spanish'::regconfig, x.v), 'B') as tsv
  from (
    select d.entry_id, lower(public.unaccent('public.unaccent'::regdictionary, string_agg(w.words, ' ' order by w.category))) as v
    from directory_search d, unnest(d.categories) c join directory_category_words w on w.category = c
    group by d.entry_id
  ) x
) n
where n.entry_id = s.entry_id;

-- The agency's own entries: their terms are their categories; the need words join them there.
update directory_local_services l set terms = btrim(array_to_string(l.categories, ' ') || ' ' || coalesce((
  select string_agg(w.words, ' ' order by w.category) from directory_category_words w where w.category = any (l.categories)
), ''))
where cardinality(l.categories) > 0;
