-- People: peer profiles (the peer controls their disclosures), participants, and the assignments
-- that pair them. Participant rows are health data: every read and write is audited in the service.

create table peers (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  user_id uuid unique references users(id),
  display_name text not null check (length(btrim(display_name)) between 1 and 200),
  pronouns text,
  languages text[] not null default '{}',
  -- [{code, useForMatching, showToParticipants}]; both flags false (the default) = private.
  lived_experience jsonb not null default '[]'::jsonb,
  specialties text[] not null default '{}',
  gender_identity text,
  race_ethnicity text[] not null default '{}',
  birth_year integer check (birth_year between 1900 and 2100),
  postal_code text,
  lat double precision check (lat between -90 and 90),
  lon double precision check (lon between -180 and 180),
  service_radius_km double precision check (service_radius_km >= 0),
  modalities text[] not null default '{}',
  availability jsonb not null default '[]'::jsonb,
  time_zone text not null default 'America/New_York',
  max_caseload integer not null default 15 check (max_caseload >= 0),
  accepting_new boolean not null default true,
  -- [{type, issuer, number, expiresOn}]: billing stops when the one in force has expired.
  certifications jsonb not null default '[]'::jsonb,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index peers_org_idx on peers (org_id, display_name);

create table participants (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  given_name text not null,
  family_name text not null,
  preferred_name text,
  pronouns text,
  birth_date date,
  -- Phone, email and address, encrypted at rest with the field key (AES-256-GCM).
  contact_enc text,
  languages text[] not null default '{}',
  postal_code text,
  lat double precision check (lat between -90 and 90),
  lon double precision check (lon between -180 and 180),
  gender_identity text,
  race_ethnicity text[] not null default '{}',
  preferences jsonb not null default '{}'::jsonb,
  status text not null default 'waitlisted' check (status in ('waitlisted', 'active', 'inactive')),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index participants_org_idx on participants (org_id, family_name, given_name);
create index participants_status_idx on participants (org_id, status);

create table assignments (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null references participants(id),
  peer_id uuid not null references peers(id),
  status text not null default 'active' check (status in ('active', 'ended')),
  assigned_at timestamptz not null default now(),
  assigned_by uuid references users(id),
  -- {given: true, method: 'verbal'|'written'|'electronic', recordedAt}
  consent jsonb not null,
  match_score double precision,
  ended_at timestamptz,
  ended_by uuid references users(id),
  -- Who ended it, without blame: 'participant', 'peer', 'program'.
  ended_side text check (ended_side in ('participant', 'peer', 'program')),
  end_reason text,
  -- Match quality after the first meetings: 1-5 rating and whether they kept meeting.
  rating integer check (rating between 1 and 5),
  kept_meeting boolean,
  quality_recorded_at timestamptz
);
create unique index assignments_one_active on assignments (participant_id) where status = 'active';
create index assignments_peer_idx on assignments (peer_id, status);

alter table peers enable row level security;
alter table participants enable row level security;
alter table assignments enable row level security;
create policy tenant_isolation on peers using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on participants using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on assignments using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert, update on peers, participants, assignments to peerbridge_app;
