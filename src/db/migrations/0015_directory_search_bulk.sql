-- Directory (issue 5): a big first import writes its search rows without the search table's
-- indexes too.
--
-- Maintaining directory_search's nine indexes row by row cost about 3.7 s of writing 100,000
-- search rows; building them once afterwards costs about 1.2 s (the tsv GIN most of it). So the
-- bulk path of 0013 (drop a nearly empty table's indexes, build them again before the commit,
-- a deferred check failing the commit otherwise) now also takes directory_search, when an import
-- refreshes at least 10,000 services into a table of fewer than 1,000 rows. As for the HSDS
-- tables, staff searches wait for that import to commit instead of reading a nearly empty table.

create or replace function pb_directory_unindex(p_table text) returns boolean
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  r record;
  big boolean;
begin
  if (p_table not like 'hsds\_%' and p_table <> 'directory_search') or to_regclass(p_table) is null then return false; end if;
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
