-- Security (issue 18): the audit hash covers when an event happened to the microsecond, as
-- PostgreSQL stores it. Events hashed before this migration (version 1) covered the time at
-- JavaScript's millisecond precision, so a change below the millisecond went unseen; new events
-- are version 2 (audit.rules.ts `eventHash`), and the version is itself hashed, so an event cannot
-- be passed off as the older kind. A constant default adds the column without rewriting the
-- table or firing the append-only trigger; the table's grants cover the new column.
alter table audit_events add column hash_version smallint not null default 1
  constraint audit_events_hash_version_check check (hash_version in (1, 2));
