-- The participant's own door (issue 23): a public "find a peer" request per organization, the
-- staff intake queue it lands in, peers' own public bios, and the participant's portal
-- (one-time links, short sessions, requests to the organization: a correction under HIPAA's
-- right to amend, 45 CFR 164.526, or a suggested change to the recovery plan).

-- The organization's public address (/o/{slug}/find-a-peer). Which fields the request asks lives
-- in settings.publicIntake (admin-editable). Unique across the instance: the slug is how an
-- anonymous visitor names the organization.
alter table organizations add column public_slug text unique
  check (public_slug ~ '^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$');

-- A public request for a peer. Everything the person wrote (how to reach them, name, where) is
-- encrypted at rest (request_enc, field key); the matching answers (language, experiences,
-- modality, gender preference) are codes from fixed lists. `reference` is what the person is told.
create table peer_requests (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  reference text not null check (reference ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}$'),
  request_enc text not null,
  language text,
  experiences text[] not null default '{}',
  modality text check (modality in ('in-person', 'phone', 'either')),
  gender_preference text,
  status text not null default 'new' check (status in ('new', 'intake', 'closed')),
  participant_id uuid,
  created_at timestamptz not null default now(),
  handled_at timestamptz,
  handled_by uuid references users(id),
  unique (org_id, reference),
  constraint peer_requests_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id)
);
create index peer_requests_queue_idx on peer_requests (org_id, status, created_at);

-- A peer's own words for the public "our peers" page: shown only once the peer approved this
-- very text (approved_at is cleared by any change of the bio).
create table peer_public_profiles (
  peer_id uuid primary key,
  org_id uuid not null references organizations(id),
  bio text not null check (length(bio) <= 1200),
  approved_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint peer_public_profiles_peer_org_fkey foreign key (peer_id, org_id) references peers (id, org_id)
);

-- One-time portal links: an invitation or a fresh sign-in link, only a keyed hash of the token.
create table portal_links (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null,
  token_hash text not null unique,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  constraint portal_links_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id)
);
create index portal_links_participant_idx on portal_links (org_id, participant_id);

-- A participant's portal session: short (absolute and idle limits in the service), ended on
-- sign-out; only a keyed hash of the token.
create table portal_sessions (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null,
  token_hash text not null unique,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz,
  source_ip text,
  constraint portal_sessions_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id)
);

-- What a participant asks of the organization from the portal: a correction of their record
-- (HIPAA right to amend: the organization answers within 60 days) or a change to their plan.
-- Staff see them as tasks. The text is the participant's, encrypted at rest.
create table portal_requests (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null,
  kind text not null check (kind in ('correction', 'plan-change')),
  text_enc text not null,
  status text not null default 'open' check (status in ('open', 'done')),
  created_at timestamptz not null default now(),
  due_on date not null,
  resolved_at timestamptz,
  resolved_by uuid references users(id),
  constraint portal_requests_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id)
);
create index portal_requests_open_idx on portal_requests (org_id, status, created_at);

-- A consent the participant withdrew from the portal (the referral's sharing consent; a Part 2
-- consent is also marked revoked on its own row).
create table consent_revocations (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null,
  kind text not null check (kind in ('referral-sharing', 'part2')),
  referral_id uuid not null,
  revoked_at timestamptz not null default now(),
  unique (kind, referral_id),
  constraint consent_revocations_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id)
);

alter table peer_requests enable row level security;
alter table peer_requests force row level security;
alter table peer_public_profiles enable row level security;
alter table peer_public_profiles force row level security;
alter table portal_links enable row level security;
alter table portal_links force row level security;
alter table portal_sessions enable row level security;
alter table portal_sessions force row level security;
alter table portal_requests enable row level security;
alter table portal_requests force row level security;
alter table consent_revocations enable row level security;
alter table consent_revocations force row level security;
create policy tenant_isolation on peer_requests using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on peer_public_profiles using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on portal_links using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on portal_sessions using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on portal_requests using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on consent_revocations using (org_id = pb_current_org()) with check (org_id = pb_current_org());
-- The link and session lookups below run before the organization is known (like pb_auth_session).
create policy owner_lookup on portal_links for select to current_user using (true);
create policy owner_lookup on portal_sessions for select to current_user using (true);

grant select, insert, update on peer_requests, peer_public_profiles, portal_links, portal_sessions, portal_requests to peerbridge_app;
grant select, insert on consent_revocations to peerbridge_app;

-- A participant acting in their own portal is named in the audit trail as such.
alter table audit_events drop constraint audit_events_actor_kind_check;
alter table audit_events add constraint audit_events_actor_kind_check check (actor_kind in ('user', 'system', 'anonymous', 'link', 'participant'));

-- The public page names an organization by its slug before any tenant is known: only its id,
-- name, time zone and the public part of its settings.
create or replace function pb_public_organization(p_slug text)
returns table (org_id uuid, name text, time_zone text, public_intake jsonb)
language sql stable security definer set search_path = public, pg_temp as $$
  select o.id, o.name, o.time_zone, coalesce(o.settings->'publicIntake', '{}'::jsonb) from organizations o where o.public_slug = p_slug
$$;

create or replace function pb_portal_link(p_token_hash text)
returns table (org_id uuid, participant_id uuid)
language sql stable security definer set search_path = public, pg_temp as $$
  select l.org_id, l.participant_id from portal_links l where l.token_hash = p_token_hash
$$;

create or replace function pb_portal_session(p_token_hash text)
returns table (session_id uuid, org_id uuid, participant_id uuid)
language sql stable security definer set search_path = public, pg_temp as $$
  select s.id, s.org_id, s.participant_id from portal_sessions s where s.token_hash = p_token_hash
$$;

revoke all on function pb_public_organization(text), pb_portal_link(text), pb_portal_session(text) from public;
grant execute on function pb_public_organization(text), pb_portal_link(text), pb_portal_session(text) to peerbridge_app;
