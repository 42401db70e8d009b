-- Outcomes, safety and reports (issue 20, second part): self-completion links, mandated reports
-- recorded on a note, and what the program report reads quickly.

-- A participant answers an instrument by themselves from a one-time link: only a keyed hash of
-- the token is stored (as referral_links). The link is spent when its answers are stored
-- (`assessment_id`), and it expires or is revoked otherwise; nothing else about the person is
-- reachable through it.
create table assessment_links (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null,
  instrument text not null,
  version text not null,
  lang text not null check (lang in ('en', 'es')),
  token_hash text not null unique,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by uuid references users(id),
  used_at timestamptz,
  assessment_id uuid,
  check ((used_at is null) = (assessment_id is null)),
  constraint assessment_links_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id),
  constraint assessment_links_assessment_org_fkey foreign key (assessment_id, org_id) references assessments (id, org_id)
);
create index assessment_links_participant_idx on assessment_links (org_id, participant_id, created_at desc);

-- Peers are mandated reporters (DOMAIN.md, Privacy): a note can record a report made (what, to
-- whom, when). Only supervisors and admins read them (the service checks the role and audits
-- each read); the peer who recorded one does not read it back. Never changed or deleted.
create table mandated_reports (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  encounter_id uuid not null,
  what text not null,
  reported_to text not null,
  reported_at timestamptz not null,
  recorded_by uuid references users(id),
  created_at timestamptz not null default now(),
  constraint mandated_reports_encounter_org_fkey foreign key (encounter_id, org_id) references encounters (id, org_id)
);
create index mandated_reports_encounter_idx on mandated_reports (org_id, encounter_id, created_at);

alter table assessment_links enable row level security;
alter table assessment_links force row level security;
alter table mandated_reports enable row level security;
alter table mandated_reports force row level security;
create policy tenant_isolation on assessment_links using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on mandated_reports using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert, update on assessment_links to peerbridge_app;
grant select, insert on mandated_reports to peerbridge_app;

-- The self-completion page is opened without signing in: the organization of a token hash is
-- found before any tenant is known (as pb_referral_link), and only that. RLS is forced, so the
-- owner (who runs this function) keeps a read of this one table (0021's owner_lookup).
do $$
begin
  execute format('create policy owner_lookup on assessment_links for select to %I using (true)', current_user);
end $$;
create or replace function pb_assessment_link(p_token_hash text)
returns table (org_id uuid, link_id uuid)
language sql stable security definer set search_path = public, pg_temp as $$
  select l.org_id, l.id from assessment_links l where l.token_hash = p_token_hash
$$;
revoke all on function pb_assessment_link(text) from public;
grant execute on function pb_assessment_link(text) to peerbridge_app;

-- The program report (report.service.ts) reads a period's signed, not voided sessions with their
-- people, and each person's sessions before the period (new people): covering indexes so both
-- are index-only range reads instead of scans of every session.
create index encounters_report_idx on encounters (org_id, service_date) include (id, peer_id, program, duration_minutes)
  where signed_at is not null and voided_at is null;
create index encounter_participants_report_idx on encounter_participants (encounter_id) include (participant_id);
create index encounter_participants_person_idx on encounter_participants (participant_id) include (encounter_id);
create index assessments_report_idx on assessments (org_id, administered_at) include (participant_id, instrument, version, total)
  where complete and total is not null;

-- The program report's results are kept in the server's memory per period and grouping
-- (report.service.ts) and reused while the data it reads has not changed. Every committed change
-- to what it reads adds one to a counter here: the report reads the counters' sum before its
-- data, and a cached result is reused only under the same sum. The bump runs at commit (a
-- deferred constraint trigger, once per transaction), so the counter's row is locked only for
-- the instant before the commit and never while other locks are being taken: no deadlock, and
-- writers do not queue behind each other's whole transactions. 16 rows (by backend) spread it.
create table report_data_versions (bucket int primary key, n bigint not null default 0);
insert into report_data_versions select g, 0 from generate_series(0, 15) g;
grant select on report_data_versions to peerbridge_app;

create or replace function pb_report_data_changed() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if coalesce(current_setting('pb.report_changed', true), '') <> txid_current()::text then
    perform set_config('pb.report_changed', txid_current()::text, true);
    update report_data_versions set n = n + 1 where bucket = pg_backend_pid() % 16;
  end if;
  return null;
end $$;
revoke all on function pb_report_data_changed() from public;

do $$
declare
  t text;
begin
  foreach t in array array['encounters', 'encounter_participants', 'assignments', 'referrals', 'assessments', 'participants', 'peers', 'instruments', 'organizations']
  loop
    execute format('create constraint trigger %I after insert or update or delete on %I deferrable initially deferred for each row execute function pb_report_data_changed()', t || '_report_changed', t);
  end loop;
end $$;
