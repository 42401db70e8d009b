-- Matching: waitlist batch proposals, the reasons a match was made (for retention by criterion),
-- and a per-organization version of everything matching reads, so a server can keep its peers in
-- memory and still never serve a stale match (any change to peers or assignments bumps it).

alter table assignments add column match_reasons jsonb not null default '[]'::jsonb;

create table match_batches (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  status text not null default 'proposed' check (status in ('proposed', 'accepted', 'partly-accepted', 'discarded')),
  total_score double precision not null,
  -- [{participantId, peerId, score, reasons:[{code,label}], decision: null|'accepted'|'failed', problem}]
  proposals jsonb not null,
  unassigned jsonb not null default '[]'::jsonb,
  decided_at timestamptz,
  decided_by uuid references users(id)
);
create index match_batches_org_idx on match_batches (org_id, created_at desc);

create table matching_versions (
  org_id uuid primary key references organizations(id),
  version bigint not null default 0
);

create or replace function pb_bump_matching_version() returns trigger
language plpgsql as $$
begin
  insert into matching_versions (org_id, version) values (new.org_id, 1)
  on conflict (org_id) do update set version = matching_versions.version + 1;
  return null;
end $$;

create trigger peers_bump_matching after insert or update on peers
  for each row execute function pb_bump_matching_version();
create trigger assignments_bump_matching after insert or update on assignments
  for each row execute function pb_bump_matching_version();

alter table match_batches enable row level security;
alter table matching_versions enable row level security;
create policy tenant_isolation on match_batches using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on matching_versions using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert, update on match_batches, matching_versions to peerbridge_app;
