-- Identity: organizations (tenants), users, sessions, API tokens, and the audit trail.
-- Tenant isolation is enforced here with row-level security; see src/db/client.ts.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'peerbridge_app') then
    create role peerbridge_app nologin;
  end if;
exception when duplicate_object or unique_violation then null;
end $$;

do $$
begin
  execute format('grant peerbridge_app to %I', current_user);
exception when others then null;
end $$;

grant usage on schema public to peerbridge_app;

create extension if not exists pg_trgm;
create extension if not exists unaccent;
create extension if not exists cube;
create extension if not exists earthdistance;

-- The organization the current transaction acts for; NULL outside a tenant (then RLS shows nothing).
create or replace function pb_current_org() returns uuid
language sql stable as $$ select nullif(current_setting('app.org_id', true), '')::uuid $$;

create or replace function pb_current_user() returns uuid
language sql stable as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

create table organizations (
  id uuid primary key,
  name text not null check (length(btrim(name)) between 1 and 200),
  time_zone text not null default 'America/New_York',
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  email text not null check (email = lower(btrim(email)) and length(email) between 3 and 320),
  display_name text,
  role text not null check (role in ('admin', 'supervisor', 'peer', 'analyst')),
  password_hash text,
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  totp_secret_enc text,
  totp_enabled boolean not null default false,
  totp_last_step bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_login_at timestamptz
);
-- Email is the sign-in name, so it is unique across the instance.
create unique index users_email_key on users (email);
create index users_org_idx on users (org_id, created_at);

create table sessions (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  user_id uuid not null references users(id),
  token_hash text not null unique,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  source_ip text
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  user_id uuid not null references users(id),
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- HIPAA 45 CFR 164.312(b) audit controls. Append-only: the application role may insert and read,
-- never update or delete, and a trigger refuses changes even to the owner. Each organization's
-- events form an HMAC hash chain (chain_id = org, or the nil UUID for events of no organization),
-- verified by `peerbridge audit verify`.
create table audit_events (
  id uuid primary key,
  seq bigint generated always as identity unique,
  chain_id uuid not null,
  chain_seq bigint not null,
  org_id uuid references organizations(id),
  occurred_at timestamptz not null,
  actor_kind text not null check (actor_kind in ('user', 'system', 'anonymous', 'link')),
  actor_id uuid,
  action text not null,
  entity_type text,
  entity_id text,
  source_ip text,
  details jsonb not null default '{}'::jsonb,
  prev_hash text not null,
  hash text not null,
  unique (chain_id, chain_seq)
);
create index audit_events_org_time_idx on audit_events (org_id, occurred_at desc);
create index audit_events_org_action_idx on audit_events (org_id, action);

create table audit_chain_heads (
  chain_id uuid primary key,
  last_seq bigint not null,
  last_hash text not null
);

create or replace function pb_audit_immutable() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_events is append-only' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function pb_audit_immutable();
create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function pb_audit_immutable();

alter table organizations enable row level security;
alter table users enable row level security;
alter table sessions enable row level security;
alter table api_tokens enable row level security;
alter table audit_events enable row level security;
alter table audit_chain_heads enable row level security;

create policy tenant_isolation on organizations using (id = pb_current_org()) with check (id = pb_current_org());
create policy tenant_isolation on users using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on sessions using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on api_tokens using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_read on audit_events for select using (org_id = pb_current_org());
create policy tenant_append on audit_events for insert
  with check (org_id = pb_current_org() or (org_id is null and chain_id = '00000000-0000-0000-0000-000000000000'));
create policy tenant_chain on audit_chain_heads
  using (chain_id = pb_current_org() or chain_id = '00000000-0000-0000-0000-000000000000')
  with check (chain_id = pb_current_org() or chain_id = '00000000-0000-0000-0000-000000000000');

grant select, insert, update on organizations to peerbridge_app;
grant select, insert, update on users to peerbridge_app;
grant select, insert, update, delete on sessions to peerbridge_app;
grant select, insert, update on api_tokens to peerbridge_app;
grant select, insert on audit_events to peerbridge_app;
grant select, insert, update on audit_chain_heads to peerbridge_app;

-- Sign-in must find a user before any organization is known. These functions run with the
-- owner's rights and return only what authentication needs; they are the only way past RLS.
create or replace function pb_auth_user_by_email(p_email text)
returns table (id uuid, org_id uuid, role text, active boolean, password_hash text,
  failed_logins integer, locked_until timestamptz, totp_enabled boolean)
language sql stable security definer set search_path = public, pg_temp as $$
  select u.id, u.org_id, u.role, u.active, u.password_hash, u.failed_logins, u.locked_until, u.totp_enabled
  from users u where u.email = lower(btrim(p_email))
$$;

create or replace function pb_auth_session(p_token_hash text)
returns table (session_id uuid, user_id uuid, org_id uuid, role text, active boolean, csrf_token text,
  expires_at timestamptz, last_seen_at timestamptz)
language sql stable security definer set search_path = public, pg_temp as $$
  select s.id, u.id, u.org_id, u.role, u.active, s.csrf_token, s.expires_at, s.last_seen_at
  from sessions s join users u on u.id = s.user_id where s.token_hash = p_token_hash
$$;

create or replace function pb_auth_api_token(p_token_hash text)
returns table (token_id uuid, user_id uuid, org_id uuid, role text, active boolean)
language sql stable security definer set search_path = public, pg_temp as $$
  select t.id, u.id, u.org_id, u.role, u.active
  from api_tokens t join users u on u.id = t.user_id
  where t.token_hash = p_token_hash and t.revoked_at is null
$$;

-- True while no user exists: the first administrator may then be created with the setup link.
create or replace function pb_setup_needed() returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select not exists (select 1 from users)
$$;

revoke all on function pb_auth_user_by_email(text), pb_auth_session(text), pb_auth_api_token(text), pb_setup_needed() from public;
grant execute on function pb_auth_user_by_email(text), pb_auth_session(text), pb_auth_api_token(text), pb_setup_needed() to peerbridge_app;
