-- A workforce registry (issue 22): a state body, coalition or researcher counts the peer workforce
-- from de-identified monthly snapshots that member organizations choose to send.
--
-- Tenancy: everything a registry holds belongs to the organization that runs it (org_id), so the
-- tenant policy keeps it from every other organization. A member organization sees only its own
-- membership row (member_org_id) and its own submissions; the service writes a member's snapshot
-- in the registry's tenant after checking that membership.

create table registries (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  name text not null check (length(btrim(name)) between 1 and 200),
  -- The keyed hash that turns a peer's linkage fields into the pseudonymous key, so a peer who
  -- moves between agencies is counted once. Never leaves the server.
  key_secret text not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  -- Every table of a registry names it with its organization, so the database refuses a row of
  -- one organization's registry under another (the tenant keys on both sides of each link).
  unique (id, org_id)
);

-- Joining is the member admin's choice; leaving stops its records counting in new figures.
create table registry_members (
  registry_id uuid not null,
  org_id uuid not null references organizations(id),
  foreign key (registry_id, org_id) references registries (id, org_id),
  member_org_id uuid not null references organizations(id),
  member_name text not null,
  shared_fields text[] not null,
  joined_at timestamptz not null default now(),
  joined_by uuid,
  left_at timestamptz,
  -- sha256 of the member server's submission token (scope: this registry's snapshots only).
  token_hash text unique,
  primary key (registry_id, member_org_id)
);

-- One monthly snapshot of a member; re-sending the same content changes nothing (content_hash).
create table registry_snapshots (
  id uuid primary key,
  registry_id uuid not null,
  org_id uuid not null references organizations(id),
  foreign key (registry_id, org_id) references registries (id, org_id),
  member_org_id uuid not null references organizations(id),
  month date not null check (extract(day from month) = 1),
  version integer not null,
  content_hash text not null,
  source text not null check (source in ('api', 'csv')),
  record_count integer not null,
  received_at timestamptz not null default now(),
  unique (registry_id, member_org_id, month, version)
);

-- A de-identified record of one peer's job in one month. Never a name, contact, exact birth date
-- or free text: the columns are the whole of what leaves a member.
create table registry_records (
  registry_id uuid not null,
  org_id uuid not null references organizations(id),
  foreign key (registry_id, org_id) references registries (id, org_id),
  member_org_id uuid not null references organizations(id),
  month date not null,
  person_key text not null,
  credential_types text[] not null default '{}',
  certified_on date,
  work_fips text check (work_fips ~ '^[0-9]{5}$'),
  residence_fips text check (residence_fips ~ '^[0-9]{5}$'),
  role text not null,
  hours_per_week numeric not null check (hours_per_week between 0 and 80),
  wage_band text,
  benefits boolean,
  job_start date,
  job_end date,
  specialties text[] not null default '{}',
  languages text[] not null default '{}',
  -- Only when the peer consented to share them with a registry (off by default).
  race_ethnicity text[],
  lived_experience text[],
  primary key (registry_id, member_org_id, month, person_key)
);
create index registry_records_month_idx on registry_records (registry_id, month, work_fips);
create index registry_records_person_idx on registry_records (registry_id, month, person_key);

-- Distinct people and FTE per month over the members counting now, kept when a snapshot is
-- stored or a member leaves, so the three-year trend reads 36 rows instead of every record.
create table registry_monthly (
  registry_id uuid not null,
  org_id uuid not null references organizations(id),
  foreign key (registry_id, org_id) references registries (id, org_id),
  month date not null,
  people integer not null,
  fte numeric not null,
  primary key (registry_id, month)
);

-- The same per county of work: what the county map reads.
create table registry_monthly_county (
  registry_id uuid not null,
  org_id uuid not null references organizations(id),
  foreign key (registry_id, org_id) references registries (id, org_id),
  month date not null,
  county_fips text not null,
  people integer not null,
  fte numeric not null,
  primary key (registry_id, month, county_fips)
);

-- Aggregates a member sends with its snapshot: people served and unmet matching wishes by county.
create table registry_member_aggregates (
  registry_id uuid not null,
  org_id uuid not null references organizations(id),
  foreign key (registry_id, org_id) references registries (id, org_id),
  member_org_id uuid not null references organizations(id),
  month date not null,
  kind text not null check (kind in ('served-race', 'served-language', 'unmet-wish')),
  county_fips text not null check (county_fips ~ '^[0-9]{5}$'),
  category text not null,
  people integer not null check (people >= 0),
  peers_available integer check (peers_available >= 0),
  primary key (registry_id, member_org_id, month, kind, county_fips, category)
);

-- A state certification roster: who is certified, keyed like the snapshots.
create table registry_roster (
  registry_id uuid not null,
  org_id uuid not null references organizations(id),
  foreign key (registry_id, org_id) references registries (id, org_id),
  person_key text not null,
  credential_type text not null,
  certified_on date not null,
  expires_on date,
  county_fips text check (county_fips ~ '^[0-9]{5}$'),
  primary key (registry_id, person_key, credential_type)
);

-- HRSA mental health HPSA components (one row per designation component, as the file has them).
create table registry_hpsa (
  registry_id uuid not null,
  org_id uuid not null references organizations(id),
  foreign key (registry_id, org_id) references registries (id, org_id),
  hpsa_id text not null,
  component text not null,
  name text not null,
  designation_type text not null,
  status text not null,
  score integer,
  county_fips text,
  state_fips text,
  rural_status text,
  designated_on date,
  primary key (registry_id, hpsa_id, component)
);
create index registry_hpsa_county_idx on registry_hpsa (registry_id, county_fips);

-- Census ACS 5-year county estimates with their margins of error.
create table registry_population (
  registry_id uuid not null,
  org_id uuid not null references organizations(id),
  foreign key (registry_id, org_id) references registries (id, org_id),
  table_id text not null,
  year integer not null,
  county_fips text not null check (county_fips ~ '^[0-9]{5}$'),
  category text not null,
  estimate numeric not null,
  moe numeric,
  primary key (registry_id, table_id, county_fips, category)
);

-- Openings member agencies post: public by design (the job board and its feed).
create table job_postings (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  -- Shown on the public board, which cannot read the organization row (tenant isolation).
  organization_name text not null,
  title text not null check (length(btrim(title)) between 1 and 200),
  county_fips text not null check (county_fips ~ '^[0-9]{5}$'),
  hours_per_week numeric not null check (hours_per_week between 1 and 80),
  wage_min numeric not null check (wage_min >= 7.25),
  wage_max numeric not null,
  benefits boolean not null default false,
  certification_required text,
  apply_url text,
  posted_at timestamptz not null default now(),
  closes_on date,
  filled_at timestamptz,
  check (wage_max >= wage_min and wage_max <= 150)
);
create index job_postings_open_idx on job_postings (posted_at desc) where filled_at is null;

-- A peer's own choice to let their demographics and lived experience be counted by a registry,
-- separate from matching (off by default), and the job facts a snapshot needs.
alter table peers add column registry_consent jsonb not null default '{}'::jsonb;
alter table peers add column job_profile jsonb not null default '{}'::jsonb;

alter table registries enable row level security;
alter table registries force row level security;
alter table registry_members enable row level security;
alter table registry_members force row level security;
alter table registry_snapshots enable row level security;
alter table registry_snapshots force row level security;
alter table registry_records enable row level security;
alter table registry_monthly enable row level security;
alter table registry_monthly_county enable row level security;
alter table registry_monthly_county force row level security;
alter table registry_monthly force row level security;
alter table registry_records force row level security;
alter table registry_member_aggregates enable row level security;
alter table registry_member_aggregates force row level security;
alter table registry_roster enable row level security;
alter table registry_roster force row level security;
alter table registry_hpsa enable row level security;
alter table registry_hpsa force row level security;
alter table registry_population enable row level security;
alter table registry_population force row level security;
alter table job_postings enable row level security;
alter table job_postings force row level security;

create policy tenant_isolation on registries using (org_id = pb_current_org()) with check (org_id = pb_current_org());
-- A member sees its own membership (to leave, and to see what it shares); the registry sees all.
create policy tenant_isolation on registry_members
  using (org_id = pb_current_org() or member_org_id = pb_current_org()) with check (org_id = pb_current_org() or member_org_id = pb_current_org());
create policy tenant_isolation on registry_snapshots
  using (org_id = pb_current_org() or member_org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on registry_monthly using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on registry_monthly_county using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on registry_records using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on registry_member_aggregates using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on registry_roster using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on registry_hpsa using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on registry_population using (org_id = pb_current_org()) with check (org_id = pb_current_org());
-- Job postings are public: anyone reads them; only the posting organization writes.
create policy public_read on job_postings for select using (true);
create policy tenant_write on job_postings for insert with check (org_id = pb_current_org());
create policy tenant_update on job_postings for update using (org_id = pb_current_org()) with check (org_id = pb_current_org());

grant select, insert on registries to peerbridge_app;
grant select, insert, update on registry_members to peerbridge_app;
grant select, insert on registry_snapshots to peerbridge_app;
grant select, insert, delete on registry_records, registry_hpsa to peerbridge_app;
-- Re-imports and re-sent aggregates update rows in place (insert ... on conflict do update).
grant select, insert, update, delete on registry_monthly, registry_monthly_county, registry_member_aggregates, registry_roster, registry_population to peerbridge_app;
grant select, insert, update on job_postings to peerbridge_app;

-- A member organization must find a registry it is not part of to join it, and a member server's
-- submission token must lead to its registry before any organization is known. These return only
-- the registry's name and organization; they are the only way past the registry's tenant.
create or replace function pb_registry_public(p_id uuid)
returns table (id uuid, org_id uuid, name text)
language sql stable security definer set search_path = public, pg_temp as $$
  select r.id, r.org_id, r.name from registries r where r.id = p_id
$$;

create or replace function pb_registry_by_submit_token(p_token_hash text)
returns table (registry_id uuid, org_id uuid, member_org_id uuid)
language sql stable security definer set search_path = public, pg_temp as $$
  select m.registry_id, m.org_id, m.member_org_id from registry_members m
  where m.token_hash = p_token_hash and m.left_at is null
$$;

revoke all on function pb_registry_public(uuid), pb_registry_by_submit_token(text) from public;
grant execute on function pb_registry_public(uuid), pb_registry_by_submit_token(text) to peerbridge_app;
