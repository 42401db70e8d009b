-- Caseload: session notes (encounters) with their participants, addenda and supervisor reviews,
-- and person-centered recovery plans with every version kept. Notes are health records: every
-- read and write is audited in the service; a signed note never changes (a trigger refuses it).

create table encounters (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  peer_id uuid not null references peers(id),
  type text not null check (type in ('individual', 'group', 'outreach', 'accompaniment', 'advocacy', 'crisis-support', 'family-collateral')),
  modality text not null check (modality in ('in-person', 'phone', 'video', 'text')),
  started_at timestamptz not null,
  -- 1 minute to 24 hours.
  duration_minutes integer not null check (duration_minutes between 1 and 1440),
  -- Date of service in the organization's time zone, fixed when the note is written (billing,
  -- claims and the day view select by it).
  service_date date not null,
  place_of_service text not null check (place_of_service ~ '^[0-9]{2}$'),
  program text,
  activities text[] not null default '{}',
  goal_ids uuid[] not null default '{}',
  narrative text not null default '',
  next_steps text not null default '',
  follow_up_on date,
  status text not null default 'draft' check (status in ('draft', 'signed', 'cosigned', 'returned')),
  cosign_required boolean not null default false,
  signed_at timestamptz,
  signed_by uuid references users(id),
  attestation text,
  cosigned_at timestamptz,
  cosigned_by uuid references users(id),
  returned_at timestamptz,
  returned_by uuid references users(id),
  return_comment text,
  voided_at timestamptz,
  voided_by uuid references users(id),
  void_reason text,
  void_resubmit boolean not null default false,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'draft') = (signed_at is null))
);
create index encounters_peer_idx on encounters (org_id, peer_id, status, started_at desc);
create index encounters_date_idx on encounters (org_id, service_date);
create index encounters_review_idx on encounters (org_id, status) where cosign_required and voided_at is null;

-- The participants of a note: one, or several for a group. Billing and claims work per
-- participant: `line_id` names this participant's service line (REF*6R on the claim); for the
-- first participant it equals the encounter id.
create table encounter_participants (
  encounter_id uuid not null references encounters(id),
  participant_id uuid not null references participants(id),
  org_id uuid not null references organizations(id),
  position integer not null,
  line_id uuid not null unique,
  primary key (encounter_id, participant_id)
);
create index encounter_participants_participant_idx on encounter_participants (participant_id);

-- A signed note keeps what it said: content columns cannot change once signed_at is set (review,
-- void and billing columns still can). Corrections are addenda.
create or replace function pb_encounter_signed_immutable() returns trigger
language plpgsql as $$
begin
  if old.signed_at is not null and (
    new.peer_id is distinct from old.peer_id or new.type is distinct from old.type or
    new.modality is distinct from old.modality or new.started_at is distinct from old.started_at or
    new.duration_minutes is distinct from old.duration_minutes or new.service_date is distinct from old.service_date or
    new.place_of_service is distinct from old.place_of_service or new.program is distinct from old.program or
    new.activities is distinct from old.activities or new.goal_ids is distinct from old.goal_ids or
    new.narrative is distinct from old.narrative or new.next_steps is distinct from old.next_steps or
    new.follow_up_on is distinct from old.follow_up_on or new.signed_at is distinct from old.signed_at or
    new.signed_by is distinct from old.signed_by or new.attestation is distinct from old.attestation
  ) then
    raise exception 'a signed encounter cannot change; add an addendum' using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger encounters_signed_immutable before update on encounters
  for each row execute function pb_encounter_signed_immutable();

create table encounter_addenda (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  encounter_id uuid not null references encounters(id),
  text text not null check (length(btrim(text)) between 1 and 10000),
  created_by uuid references users(id),
  created_at timestamptz not null default now()
);
create index encounter_addenda_idx on encounter_addenda (encounter_id, created_at);

create table encounter_reviews (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  encounter_id uuid not null references encounters(id),
  action text not null check (action in ('cosigned', 'returned', 'resubmitted')),
  comment text,
  by_user uuid references users(id),
  at timestamptz not null default now()
);
create index encounter_reviews_idx on encounter_reviews (encounter_id, at);

-- Recovery plans: the current version, and every version in recovery_plan_versions.
create table recovery_plans (
  participant_id uuid primary key references participants(id),
  org_id uuid not null references organizations(id),
  version integer not null check (version >= 1),
  -- {goals, strengths, supports, reviewEveryDays}
  content jsonb not null,
  next_review_on date,
  -- {agreedBy, method, agreedOn, recordedBy, recordedAt, version}
  agreement jsonb,
  updated_at timestamptz not null default now(),
  updated_by uuid references users(id)
);

create table recovery_plan_versions (
  participant_id uuid not null references participants(id),
  org_id uuid not null references organizations(id),
  version integer not null,
  content jsonb not null,
  next_review_on date,
  agreement jsonb,
  changed_fields text[] not null default '{}',
  changed_at timestamptz not null default now(),
  changed_by uuid references users(id),
  primary key (participant_id, version)
);

alter table encounters enable row level security;
alter table encounter_participants enable row level security;
alter table encounter_addenda enable row level security;
alter table encounter_reviews enable row level security;
alter table recovery_plans enable row level security;
alter table recovery_plan_versions enable row level security;
create policy tenant_isolation on encounters using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on encounter_participants using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on encounter_addenda using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on encounter_reviews using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on recovery_plans using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on recovery_plan_versions using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert, update on encounters to peerbridge_app;
-- Draft participants can be changed while typing.
grant select, insert, delete on encounter_participants to peerbridge_app;
-- Addenda, reviews and plan versions are append-only for the application.
grant select, insert on encounter_addenda, encounter_reviews, recovery_plan_versions to peerbridge_app;
grant select, insert, update on recovery_plans to peerbridge_app;
