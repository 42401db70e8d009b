-- Directory (issue 19): a search by words alone ranks its matches once per version of the
-- directory, not once per request.
--
-- A search by words with no place ("food", "detox") matches about a tenth of a 100,000-service
-- directory, and ranking those matches (ts_rank_cd over each match's vector, word similarity for
-- those that can reach the page) was nearly all of its time, the same work for every peer who
-- types the same words. The server now keeps the ranking of the public directory for a query (the
-- first few hundred services, their relevance and the number of matches) and, for each page, reads
-- only that page's rows, merged with the organization's own local services ranked at the time.
--
-- directory_search_state.version says which directory a kept ranking was made from: every
-- statement that writes directory_search (pb_directory_refresh, or anything else) moves it on, in
-- its own transaction, so a search sees the version that matches the rows it sees, and a ranking
-- made from rows that are gone is never used again. No process needs to be told.
create table directory_search_state (
  id boolean primary key default true check (id),
  version bigint not null default 1
);
insert into directory_search_state default values;
grant select on directory_search_state to peerbridge_app;

-- Runs as the owner: the application role reads the version and may only move it on. A writer
-- that replaces directory_search without writing to it (a new table swapped in) calls
-- pb_directory_search_touch() in the same transaction instead.
create or replace function pb_directory_search_touch() returns void
language sql security definer set search_path = public, pg_temp as $$
  update directory_search_state set version = version + 1
$$;
grant execute on function pb_directory_search_touch() to peerbridge_app;

create or replace function pb_directory_search_changed() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform pb_directory_search_touch();
  return null;
end $$;

-- Once per statement (no transition table, no row copies): a refresh of 100,000 services pays one
-- update of one row.
create trigger directory_search_version after insert or update or delete or truncate on directory_search
  for each statement execute function pb_directory_search_changed();
