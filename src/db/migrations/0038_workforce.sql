-- Workforce (issue 21): credential rule sets of the organization's own, peers' credentials and
-- continuing education with their evidence files, reminders sent, calendar feed tokens,
-- supervision sessions, and wellbeing check-ins that stay the peer's own.
-- Built-in rule sets are code data (src/modules/workforce/credential-types.data.ts); a published
-- version never changes (no update grant): a change is a new version.

create table credential_types (
  org_id uuid not null references organizations(id),
  code text not null check (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  version text not null,
  definition jsonb not null,
  published_at timestamptz not null default now(),
  published_by uuid references users(id),
  primary key (org_id, code, version)
);

create table peer_credentials (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  peer_id uuid not null,
  type_code text not null,
  type_version text not null,
  number text not null check (length(btrim(number)) between 1 and 60),
  issuing_body text not null,
  issued_on date not null,
  expires_on date not null check (expires_on >= issued_on),
  -- A status recorded by hand (the body suspended it, the peer chose inactive); null: from the dates.
  recorded_status text check (recorded_status in ('active', 'grace', 'lapsed', 'inactive')),
  verified_by uuid references users(id),
  verified_at timestamptz,
  verified_how text,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint peer_credentials_peer_org_fkey foreign key (peer_id, org_id) references peers (id, org_id),
  constraint peer_credentials_id_org_key unique (id, org_id),
  -- A credential number belongs to one peer of the organization.
  constraint peer_credentials_number_key unique (org_id, type_code, number)
);
create index peer_credentials_peer_idx on peer_credentials (org_id, peer_id);
create index peer_credentials_expiry_idx on peer_credentials (org_id, expires_on);

create table ce_records (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  peer_id uuid not null,
  title text not null,
  provider text not null,
  completed_on date not null,
  amount numeric not null check (amount > 0),
  unit text not null check (unit in ('hours', 'semester-credits', 'trimester-credits', 'quarter-credits', 'ceu')),
  topics text[] not null default '{}',
  format text not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  constraint ce_records_peer_org_fkey foreign key (peer_id, org_id) references peers (id, org_id),
  constraint ce_records_id_org_key unique (id, org_id)
);
create index ce_records_peer_idx on ce_records (org_id, peer_id, completed_on);

-- Evidence files (a credential's, a CE certificate), PDF or image checked by content, in the
-- database so a backup carries them.
create table workforce_files (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  peer_id uuid not null,
  credential_id uuid,
  ce_id uuid,
  name text not null,
  media_type text not null check (media_type in ('application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif')),
  size_bytes integer not null check (size_bytes between 1 and 2097152),
  sha256 text not null,
  content bytea not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check ((credential_id is null) <> (ce_id is null)),
  constraint workforce_files_peer_org_fkey foreign key (peer_id, org_id) references peers (id, org_id),
  constraint workforce_files_credential_org_fkey foreign key (credential_id, org_id) references peer_credentials (id, org_id),
  constraint workforce_files_ce_org_fkey foreign key (ce_id, org_id) references ce_records (id, org_id)
);
create index workforce_files_owner_idx on workforce_files (org_id, peer_id);

-- One row per reminder sent by the nightly pass, so a rerun never sends twice.
create table credential_reminders (
  org_id uuid not null references organizations(id),
  credential_id uuid not null,
  kind text not null,
  about date not null,
  sent_on date not null,
  primary key (org_id, credential_id, kind, about),
  constraint credential_reminders_credential_org_fkey foreign key (credential_id, org_id) references peer_credentials (id, org_id)
);

-- A peer's subscribable calendar: the URL carries a random token, stored hashed.
create table calendar_feeds (
  org_id uuid not null references organizations(id),
  user_id uuid not null references users(id),
  token_hash text not null,
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create unique index calendar_feeds_token_idx on calendar_feeds (org_id, token_hash);

create table supervision_sessions (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  supervisor_id uuid not null references users(id),
  peer_id uuid not null,
  held_on date not null,
  minutes integer not null check (minutes between 1 and 600),
  kind text not null check (kind in ('individual', 'group')),
  topics text[] not null default '{}',
  -- Visible only to the supervisor and the peer of the session (the service enforces it).
  notes text,
  follow_ups jsonb not null default '[]',
  created_at timestamptz not null default now(),
  constraint supervision_sessions_peer_org_fkey foreign key (peer_id, org_id) references peers (id, org_id)
);
create index supervision_sessions_peer_idx on supervision_sessions (org_id, peer_id, held_on);

-- Wellbeing answers are the peer's own: only the service's "own" queries read them, and no
-- view, export or audit entry carries them.
create table wellbeing_checkins (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  user_id uuid not null references users(id),
  instrument text not null check (instrument in ('proqol-5', 'cbi', 'pulse')),
  answers jsonb not null,
  scores jsonb not null,
  created_at timestamptz not null default now()
);
create index wellbeing_checkins_user_idx on wellbeing_checkins (org_id, user_id, created_at);

create table wellbeing_sharing (
  org_id uuid not null references organizations(id),
  user_id uuid not null references users(id),
  share_band boolean not null default false,
  ask_checkin boolean not null default false,
  updated_at timestamptz not null default now(),
  primary key (org_id, user_id)
);

alter table credential_types enable row level security;
alter table credential_types force row level security;
alter table peer_credentials enable row level security;
alter table peer_credentials force row level security;
alter table ce_records enable row level security;
alter table ce_records force row level security;
alter table workforce_files enable row level security;
alter table workforce_files force row level security;
alter table credential_reminders enable row level security;
alter table credential_reminders force row level security;
alter table calendar_feeds enable row level security;
alter table calendar_feeds force row level security;
alter table supervision_sessions enable row level security;
alter table supervision_sessions force row level security;
alter table wellbeing_checkins enable row level security;
alter table wellbeing_checkins force row level security;
alter table wellbeing_sharing enable row level security;
alter table wellbeing_sharing force row level security;
create policy tenant_isolation on credential_types using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on peer_credentials using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on ce_records using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on workforce_files using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on credential_reminders using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on calendar_feeds using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on supervision_sessions using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on wellbeing_checkins using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on wellbeing_sharing using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert on credential_types, ce_records, workforce_files, credential_reminders, supervision_sessions, wellbeing_checkins to peerbridge_app;
grant select, insert, update on peer_credentials, calendar_feeds, wellbeing_sharing to peerbridge_app;
grant delete on calendar_feeds to peerbridge_app;
