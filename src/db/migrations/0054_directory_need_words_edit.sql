-- Directory (issue 19): an instance operator extends the words of a need (0052), as they extend
-- the category map (0036). A county whose callers speak Haitian Creole or Vietnamese adds "manje"
-- or "thức ăn" to food, and every food service is found by them.
--
-- 1. The application may add and change rows of directory_category_words (it checks that the
--    actor is an instance operator, as for directory_category_map). An edited row is no longer
--    builtin.
-- 2. pb_directory_local_need_words(category) writes the need words into the terms of the
--    agencies' own entries that carry the category (null: every category), organization by
--    organization: directory_local_services is a tenant table under forced row-level security
--    (0021), which binds the owner too, so a change across organizations must name each one.
-- 3. 0052 wrote the need words into the agencies' own entries without naming an organization: on
--    a server whose owner is an ordinary role that changed nothing. They are written again here,
--    organization by organization.
grant insert, update on directory_category_words to peerbridge_app;

create or replace function pb_directory_local_need_words(p_category text)
returns integer language plpgsql security definer set search_path = public, pg_temp as $$
declare
  o record;
  changed integer := 0;
  k integer;
  previous text := current_setting('app.org_id', true);
begin
  for o in select id from organizations loop
    perform set_config('app.org_id', o.id::text, true);
    update directory_local_services l set terms = btrim(array_to_string(l.categories, ' ') || ' ' || coalesce((
      select string_agg(w.words, ' ' order by w.category) from directory_category_words w where w.category = any (l.categories)
    ), ''))
    where cardinality(l.categories) > 0 and (p_category is null or p_category = any (l.categories));
    get diagnostics k = row_count;
    changed := changed + k;
  end loop;
  perform set_config('app.org_id', coalesce(previous, ''), true);
  return changed;
end $$;
revoke all on function pb_directory_local_need_words(text) from public;
grant execute on function pb_directory_local_need_words(text) to peerbridge_app;

select pb_directory_local_need_words(null);
