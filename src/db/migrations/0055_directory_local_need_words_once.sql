-- Directory (issue 19): 0054's pb_directory_local_need_words names each organization in turn so
-- that forced row-level security (0021) lets it write that organization's own entries. Where the
-- function's owner bypasses row-level security (a superuser: the embedded database, and servers
-- set up as postgres), each turn wrote every organization's entries: the same terms, written
-- once per organization, and a count that many times too large (4 for one food pantry in the
-- demo's four organizations). Each turn now writes its own organization's entries only.
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
    where l.org_id = o.id and cardinality(l.categories) > 0 and (p_category is null or p_category = any (l.categories));
    get diagnostics k = row_count;
    changed := changed + k;
  end loop;
  perform set_config('app.org_id', coalesce(previous, ''), true);
  return changed;
end $$;
revoke all on function pb_directory_local_need_words(text) from public;
grant execute on function pb_directory_local_need_words(text) to peerbridge_app;
