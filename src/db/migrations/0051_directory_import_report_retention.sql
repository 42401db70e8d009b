-- Directory imports (issue 19): the row report is kept with the latest run only. A re-import of
-- the unchanged source hands back the latest run's report, and nothing reads an earlier one; each
-- nightly re-import stored a copy (a 211 export's report runs to thousands of rows), without end.
--
-- The import log stays append-only for the application role: this function can only drop the
-- reports of runs other than the one named, never change a run's counts or who ran it.
create or replace function pb_directory_import_reports_keep(p_latest uuid) returns void
language sql security definer set search_path = public, pg_temp as $$
  update directory_imports set report = null where report is not null and id <> p_latest;
$$;
revoke all on function pb_directory_import_reports_keep(uuid) from public;
grant execute on function pb_directory_import_reports_keep(uuid) to peerbridge_app;
