-- Referrals, closed loop (issue 5): a participant sent to a directory service with exactly what
-- they agreed to share, its lifecycle (every step in referral_events with who and when), secure
-- links for receiving organizations without an account, follow-up dates and the outcome the peer
-- records with the participant. Referral rows are participant data: every read and write is
-- audited in the service.

create table referrals (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null references participants(id),
  -- A public HSDS service or one of the organization's local services. Name and organization are
  -- kept as they were when the referral was made (a re-import may rename or remove the service).
  service_id uuid not null,
  service_name text not null,
  service_organization_name text,
  -- A Peerbridge organization that manages the service's directory organization
  -- (directory_managers): it sees the referral in its own inbox.
  receiver_org_id uuid references organizations(id),
  need text not null check (need in ('housing', 'food', 'transportation', 'treatment', 'employment', 'legal', 'benefits', 'health', 'other')),
  urgency text not null check (urgency in ('emergent', 'urgent', 'routine')),
  note text not null default '',
  -- What the participant agreed to share, item by item: {items: [code], consent: {given, method,
  -- recordedAt}}. The values themselves are in shared_values_enc (AES-256-GCM, field key).
  shared jsonb not null,
  shared_values_enc text not null,
  part2 boolean not null default false,
  status text not null default 'draft' check (status in ('draft', 'sent', 'received', 'accepted', 'declined', 'in-progress', 'completed', 'not-completed', 'cancelled')),
  status_reason text,
  follow_up_on date,
  outcome text check (outcome in ('need-met', 'partly-met', 'not-met', 'unknown')),
  outcome_note text,
  outcome_recorded_at timestamptz,
  outcome_recorded_by uuid references users(id),
  created_by uuid references users(id),
  peer_id uuid references peers(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  accepted_at timestamptz,
  closed_at timestamptz
);
create index referrals_org_idx on referrals (org_id, created_at desc);
create index referrals_participant_idx on referrals (participant_id);
create index referrals_status_idx on referrals (org_id, status);
create index referrals_follow_up_idx on referrals (org_id, follow_up_on) where outcome is null and status <> 'cancelled';
create index referrals_receiver_idx on referrals (receiver_org_id, created_at desc) where receiver_org_id is not null;

-- 42 CFR 2.31: a written consent naming the recipient, the purpose and an expiration, separate
-- from the general sharing consent. Needed whenever a Part 2 item is shared.
create table referral_part2_consents (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  referral_id uuid not null references referrals(id),
  participant_id uuid not null references participants(id),
  recipient text not null check (length(btrim(recipient)) between 1 and 300),
  purpose text not null check (length(btrim(purpose)) between 1 and 1000),
  expires_on date not null,
  method text not null check (method in ('written', 'electronic')),
  signed_on date not null,
  recorded_by uuid references users(id),
  recorded_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index referral_part2_consents_referral_idx on referral_part2_consents (referral_id);

-- The history: every step, who did it (a user of the sending or receiving organization, the
-- holder of the link, or the system) and when.
create table referral_events (
  id uuid primary key,
  -- Order of the steps even when two share a timestamp.
  seq bigint generated always as identity,
  org_id uuid not null references organizations(id),
  referral_id uuid not null references referrals(id),
  from_status text,
  to_status text not null,
  reason text,
  actor_kind text not null check (actor_kind in ('user', 'link', 'system')),
  actor_user_id uuid references users(id),
  actor_org_id uuid references organizations(id),
  at timestamptz not null default now()
);
create index referral_events_referral_idx on referral_events (referral_id, at);

-- Links for the receiving organization: only a keyed hash of the token is stored.
create table referral_links (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  referral_id uuid not null references referrals(id),
  token_hash text not null unique,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by uuid references users(id),
  last_used_at timestamptz,
  uses integer not null default 0
);
create index referral_links_referral_idx on referral_links (referral_id);

alter table referrals enable row level security;
alter table referral_part2_consents enable row level security;
alter table referral_events enable row level security;
alter table referral_links enable row level security;

create policy tenant_isolation on referrals using (org_id = pb_current_org()) with check (org_id = pb_current_org());
-- The receiving organization reads and moves referrals sent to it (its inbox).
create policy receiver_read on referrals for select using (receiver_org_id = pb_current_org());
create policy receiver_update on referrals for update using (receiver_org_id = pb_current_org()) with check (receiver_org_id = pb_current_org());
create policy tenant_isolation on referral_part2_consents using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy receiver_read on referral_part2_consents for select
  using (exists (select 1 from referrals r where r.id = referral_id and r.receiver_org_id = pb_current_org()));
create policy tenant_isolation on referral_events using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy receiver_read on referral_events for select
  using (exists (select 1 from referrals r where r.id = referral_id and r.receiver_org_id = pb_current_org()));
create policy receiver_append on referral_events for insert
  with check (actor_org_id = pb_current_org() and exists (select 1 from referrals r where r.id = referral_id and r.org_id = referral_events.org_id and r.receiver_org_id = pb_current_org()));
create policy tenant_isolation on referral_links using (org_id = pb_current_org()) with check (org_id = pb_current_org());

grant select, insert, update on referrals, referral_part2_consents, referral_links to peerbridge_app;
grant select, insert on referral_events to peerbridge_app;

-- The receiver's link is opened without signing in: this finds the referral of a token hash
-- before any organization is known (like pb_auth_session), returning only what is needed to
-- continue inside that organization's tenant.
create or replace function pb_referral_link(p_token_hash text)
returns table (org_id uuid, referral_id uuid)
language sql stable security definer set search_path = public, pg_temp as $$
  select l.org_id, l.referral_id from referral_links l where l.token_hash = p_token_hash
$$;

-- Which Peerbridge organization manages a directory service's organization (directory_managers
-- is tenant data; the sender cannot read it directly). Null when none does.
create or replace function pb_referral_receiver_org(p_service_id uuid)
returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select m.org_id from hsds_service s join directory_managers m on m.hsds_organization_id = s.organization_id
  where s.id = p_service_id order by m.created_at, m.org_id limit 1
$$;

-- A receiving organization's name for its inbox (organizations is tenant data).
create or replace function pb_organization_name(p_org_id uuid)
returns text
language sql stable security definer set search_path = public, pg_temp as $$
  select o.name from organizations o where o.id = p_org_id
$$;

revoke all on function pb_referral_link(text), pb_referral_receiver_org(uuid), pb_organization_name(uuid) from public;
grant execute on function pb_referral_link(text), pb_referral_receiver_org(uuid), pb_organization_name(uuid) to peerbridge_app;
