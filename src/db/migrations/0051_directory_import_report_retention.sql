-- Directory imports (issue 19): the row report is kept with the latest run of each source. The
-- import page shows it (the import history), and a re-import of the unchanged source hands it
-- back; nothing reads an earlier run's. Each nightly re-import stored a copy (a 211 export's
-- report runs to thousands of rows), without end. Earlier runs keep their counts.
--
-- The import log stays append-only for the application role: this function can only drop the
-- reports of the named run's source other than that run's, never change a run's counts or who
-- ran it.
create or replace function pb_directory_import_reports_keep(p_latest uuid) returns void
language sql security definer set search_path = public, pg_temp as $$
  update directory_imports d set report = null
  from directory_imports latest
  where latest.id = p_latest and d.source = latest.source and d.id <> p_latest and d.report is not null;
$$;
revoke all on function pb_directory_import_reports_keep(uuid) from public;
grant execute on function pb_directory_import_reports_keep(uuid) to peerbridge_app;
