-- Directory (issue 5): a faster first import of a big package on PostgreSQL, storing the same rows.
--
-- 1. pb_directory_refresh analyzes the services' own words (most of its work) in a CREATE TABLE
--    AS, which a server runs as a parallel plan (see the function), and normalizes organization
--    names and taxonomy term names once each, not once per service.
-- 2. pb_directory_unindex / pb_directory_reindex: a table that is (nearly) empty when an import
--    starts is loaded without its indexes, which are then built once from the stored definitions.
--    Building an index over 100,000 rows costs about half of maintaining it row by row while COPY
--    writes them. ALTER and DROP need the table's owner, so these run as the owner (security definer),
--    only for hsds_* tables, only while the table is nearly empty, and a check at commit refuses to
--    commit while any table of the transaction still lacks the indexes it had.

-- jit is off: the insert's estimated cost is far above jit_optimize_above_cost once the HSDS tables
-- have row counts, and compiling its plan took 4 s of a 100,000-service refresh.
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
    time_zone, phone, eligibility, last_verified, schedules, search_text, tsv)
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
      concat_ws(', ', a.address_1, a.city, a.state_province || ' ' || a.postal_code) as line
    from hsds_address a join loc_ids l on l.id = a.location_id
    order by a.location_id, (a.address_type = 'physical') desc, a.id
  ), terms as (
    select t.link_id as service_id,
      string_agg(concat_ws(' ', tt.name, tt.code, tt.description), ' ' order by tt.name) as words,
      string_agg(tt.name, ' ' order by tt.name) as names,
      array_agg(distinct tt.id) as ids,
      coalesce(array_agg(distinct tt.code) filter (where tt.taxonomy_id = p_categories_taxonomy and tt.code is not null), '{}') as categories
    from hsds_attribute t join pb_refresh_ids k on k.id = t.link_id
    join hsds_taxonomy_term tt on tt.id = t.taxonomy_term_id
    group by t.link_id
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
    select c.service_id as k, jsonb_agg(jsonb_strip_nulls(to_jsonb(c) - 'pb_source' - 'pb_import_id' - 'pb_modified_at')) as rows
    from hsds_schedule c join pb_refresh_ids k on k.id = c.service_id where c.service_at_location_id is null group by c.service_id
  ), sch_sal as (
    select c.service_at_location_id as k, jsonb_agg(jsonb_strip_nulls(to_jsonb(c) - 'pb_source' - 'pb_import_id' - 'pb_modified_at')) as rows
    from hsds_schedule c join sal on sal.id = c.service_at_location_id group by c.service_at_location_id
  ), sch_l as (
    select c.location_id as k, jsonb_agg(jsonb_strip_nulls(to_jsonb(c) - 'pb_source' - 'pb_import_id' - 'pb_modified_at')) as rows
    from hsds_schedule c join loc_ids i on i.id = c.location_id
    where c.service_id is null and c.service_at_location_id is null group by c.location_id
  )
  select coalesce(sal.id, s.id), s.id, l.id, s.organization_id, s.name, o.name, s.description,
    coalesce(t.words, ''), coalesce(t.categories, '{}'), coalesce(t.ids, '{}'),
    coalesce((select array_agg(distinct v) from unnest(coalesce(ls.langs, '{}') || coalesce(ll.langs, '{}')) v), '{}'),
    coalesce(c.free, false) or s.fee_free,
    s.status, l.latitude, l.longitude, a.postal_code, a.line,
    coalesce(tz.time_zone, p_default_time_zone),
    coalesce(psal.number, ps.number, pl.number), s.eligibility_description, s.assured_date,
    coalesce(ssal.rows, ss.rows, sl.rows, '[]'::jsonb),
    concat_ws(' ', s.norm_name, o.norm_name, tn.norm_names),
    s.own_tsv || coalesce(o.tsv, ''::tsvector) || coalesce(tv.tsv, ''::tsvector)
  from pb_refresh_svc s
  left join org o on o.id = s.organization_id
  left join sal on sal.service_id = s.id
  left join hsds_location l on l.id = sal.location_id
  left join addr a on a.location_id = l.id
  left join directory_time_zones tz on tz.state_key = lower(btrim(a.state_province))
  left join terms t on t.service_id = s.id
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
  -- Rows go in in bands of latitude (about 5.5 km) sorted by longitude, so the entries one map
  -- area covers share pages: a search around a point reads tens of pages, not thousands.
  order by floor(l.latitude * 20), l.longitude;
  get diagnostics n = row_count;
  return n;
end $$;


-- The indexes (primary key included) of a nearly empty hsds_* table (under 1,000 rows: none, or
-- the examples 0005 seeds) are dropped for a bulk load, their definitions kept in pb_unindexed (a
-- temporary table of the owner, so the application role can neither read nor change what will be
-- executed) until pb_directory_reindex builds them again. Until the commit, DROP INDEX holds the
-- table's exclusive lock: readers of the table wait until the import commits.
-- Returns whether it dropped them: a bigger table, or one that is not an HSDS table, keeps them.

-- pb_unindexed must be the owner's own: the application role may create temporary tables too,
-- and one it made under that name would have the owner execute what it wrote there.
create or replace function pb_directory_refuse_unindexed() returns boolean language plpgsql as $$
begin
  raise exception 'pg_temp.pb_unindexed is not the directory owner''s table';
end $$;
create or replace function pb_directory_unindexed_owned() returns boolean
language sql stable set search_path = public, pg_temp as $$
  select case when to_regclass('pg_temp.pb_unindexed') is null then false
    when (select relowner from pg_class where oid = to_regclass('pg_temp.pb_unindexed')) = (select oid from pg_roles where rolname = current_user) then true
    else pb_directory_refuse_unindexed() end
$$;

create or replace function pb_directory_unindex(p_table text) returns boolean
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  r record;
  big boolean;
begin
  if p_table not like 'hsds\_%' or to_regclass(p_table) is null then return false; end if;
  execute format('select count(*) >= 1000 from (select from %I limit 1000) x', p_table) into big;
  if big then return false; end if;
  if not pb_directory_unindexed_owned() then
    create temp table pb_unindexed (table_name text not null, index_def text not null, constraint_name text,
      constraint_def text) on commit drop;
    -- Checked at commit: a table left without its indexes fails the commit (and so the import).
    create constraint trigger pb_unindexed_restored after insert on pb_unindexed
      deferrable initially deferred for each row execute function pb_directory_unindexed_check();
  end if;
  for r in
    select ic.relname as index_name, pg_get_indexdef(i.indexrelid) as index_def, c.conname, pg_get_constraintdef(c.oid) as constraint_def
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
    left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u')
    where i.indrelid = p_table::regclass
  loop
    insert into pb_unindexed values (p_table, r.index_def, r.conname, r.constraint_def);
    if r.conname is not null then
      execute format('alter table %I drop constraint %I', p_table, r.conname);
    else
      execute format('drop index %I', r.index_name);
    end if;
  end loop;
  return true;
end $$;

create or replace function pb_directory_reindex(p_table text) returns void
language plpgsql security definer set search_path = public, pg_temp set maintenance_work_mem = '256MB' as $$
declare r record;
begin
  if not pb_directory_unindexed_owned() then return; end if;
  for r in select * from pb_unindexed where table_name = p_table loop
    if r.constraint_def is not null then
      execute format('alter table %I add constraint %I %s', p_table, r.constraint_name, r.constraint_def);
    else
      execute r.index_def;
    end if;
  end loop;
  delete from pb_unindexed where table_name = p_table;
end $$;

-- Runs at commit as the owner of pb_unindexed.
create or replace function pb_directory_unindexed_check() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if exists (select 1 from pb_unindexed where table_name = new.table_name) then
    raise exception 'directory table % is still without its indexes', new.table_name;
  end if;
  return null;
end $$;

revoke all on function pb_directory_unindex(text) from public;
revoke all on function pb_directory_reindex(text) from public;
revoke all on function pb_directory_unindexed_check() from public;
grant execute on function pb_directory_unindex(text) to peerbridge_app;
grant execute on function pb_directory_reindex(text) to peerbridge_app;
