-- Outcomes (issue 20): organization instruments, assessments, and same-day safety follow-ups.
-- Built-in instruments (BARC-10, PHQ-9, GAD-7, satisfaction) are code data
-- (src/modules/outcomes/instruments/); an organization's own instruments are rows here. A
-- published version never changes (no update grant): a change is a new version, and each stored
-- assessment names the version it was answered on.

create table instruments (
  org_id uuid not null references organizations(id),
  code text not null check (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  version text not null,
  definition jsonb not null,
  published_at timestamptz not null default now(),
  published_by uuid references users(id),
  primary key (org_id, code, version)
);

-- An assessment is a participant's answers to one instrument version with the scores computed
-- at the time by the published rules. Answers are health data: every read and write is audited
-- by the service.
create table assessments (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null,
  instrument text not null,
  version text not null,
  answers jsonb not null,
  complete boolean not null,
  total numeric,
  band text,
  subscales jsonb not null default '[]',
  flags text[] not null default '{}',
  mode text not null check (mode in ('peer-administered', 'self', 'phone')),
  administered_at timestamptz not null,
  recorded_by uuid references users(id),
  created_at timestamptz not null default now(),
  constraint assessments_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id),
  constraint assessments_id_org_key unique (id, org_id)
);
create index assessments_participant_idx on assessments (org_id, participant_id, administered_at desc);

-- A PHQ-9 item 9 answer of 1 or more (or an organization's safety flag) opens a follow-up that
-- must be closed the same day in the organization's time zone (DOMAIN.md, Crisis). `peer_id` is
-- the participant's assigned peer when the assessment was recorded (null: none, and every
-- supervisor sees it). Closing records what was done; nothing is deleted.
create table safety_followups (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null,
  peer_id uuid,
  assessment_id uuid not null,
  reason text not null,
  created_at timestamptz not null,
  due_by timestamptz not null,
  status text not null default 'open' check (status in ('open', 'closed')),
  escalated_at timestamptz,
  closed_at timestamptz,
  closed_by uuid references users(id),
  action text check (action in ('contacted', 'safety-plan-reviewed', 'warm-handoff', 'called-988-together', 'could-not-reach')),
  note text,
  check ((status = 'closed') = (closed_at is not null and action is not null)),
  constraint safety_followups_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id),
  constraint safety_followups_peer_org_fkey foreign key (peer_id, org_id) references peers (id, org_id),
  constraint safety_followups_assessment_org_fkey foreign key (assessment_id, org_id) references assessments (id, org_id)
);
create index safety_followups_open_idx on safety_followups (org_id, status, due_by);

alter table instruments enable row level security;
alter table instruments force row level security;
alter table assessments enable row level security;
alter table assessments force row level security;
alter table safety_followups enable row level security;
alter table safety_followups force row level security;
create policy tenant_isolation on instruments using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on assessments using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on safety_followups using (org_id = pb_current_org()) with check (org_id = pb_current_org());
-- Published instruments and recorded answers never change; follow-ups are closed and escalated.
grant select, insert on instruments, assessments to peerbridge_app;
grant select, insert, update on safety_followups to peerbridge_app;
