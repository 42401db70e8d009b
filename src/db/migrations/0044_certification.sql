-- The road to certification (issue 21): a certification body's or training program's applicant
-- pipeline. A pipeline's steps and eligibility rules are data (copied from a built-in template in
-- src/modules/workforce/certification.data.ts, or the organization's own), each rule citing its
-- source. References are asked for by one-time links answered without an account.
-- Also: the team credential calendar and the nightly reminder pass read credentials by expiry
-- window in SQL (indexes below).

create table certification_pipelines (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  code text not null check (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name text not null check (length(btrim(name)) between 1 and 200),
  definition jsonb not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  constraint certification_pipelines_id_org_key unique (id, org_id),
  constraint certification_pipelines_code_key unique (org_id, code)
);

create table certification_applicants (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  pipeline_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 200),
  email text,
  phone text,
  lang text not null default 'en' check (lang in ('en', 'es')),
  -- An agency that hires before certification links the applicant to the peer record.
  peer_id uuid,
  -- The first step not done (in the pipeline's order), or 'certified'; kept by the service so the
  -- board counts by step with one indexed group-by.
  current_step text not null,
  current_since timestamptz not null default now(),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  constraint certification_applicants_id_org_key unique (id, org_id),
  constraint certification_applicants_pipeline_org_fkey foreign key (pipeline_id, org_id) references certification_pipelines (id, org_id),
  constraint certification_applicants_peer_org_fkey foreign key (peer_id, org_id) references peers (id, org_id)
);
create index certification_applicants_board_idx on certification_applicants (org_id, pipeline_id, current_step, current_since, id);

create table certification_applicant_steps (
  org_id uuid not null references organizations(id),
  applicant_id uuid not null,
  pipeline_id uuid not null,
  step_code text not null,
  status text not null check (status in ('pending', 'in-progress', 'done', 'waived')),
  -- Hours by domain ('total' for a step without domains).
  amounts jsonb not null default '{}',
  note text,
  started_at timestamptz,
  completed_at timestamptz,
  updated_by uuid references users(id),
  updated_at timestamptz not null default now(),
  primary key (org_id, applicant_id, step_code),
  constraint certification_applicant_steps_applicant_org_fkey foreign key (applicant_id, org_id) references certification_applicants (id, org_id),
  constraint certification_applicant_steps_pipeline_org_fkey foreign key (pipeline_id, org_id) references certification_pipelines (id, org_id)
);
create index certification_applicant_steps_duration_idx on certification_applicant_steps (org_id, pipeline_id, step_code) include (started_at, completed_at)
  where completed_at is not null;

-- Eligibility findings: a person recorded that a rule of the pipeline applies (or not), and why.
-- Nothing excludes an applicant silently; the finding, the rule and its source are shown to them.
create table certification_eligibility (
  org_id uuid not null references organizations(id),
  applicant_id uuid not null,
  rule_code text not null,
  outcome text not null check (outcome in ('meets', 'does-not-meet', 'not-assessed')),
  reason text not null check (length(btrim(reason)) between 1 and 2000),
  recorded_by uuid references users(id),
  recorded_at timestamptz not null default now(),
  primary key (org_id, applicant_id, rule_code),
  constraint certification_eligibility_applicant_org_fkey foreign key (applicant_id, org_id) references certification_applicants (id, org_id)
);

create table reference_requests (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  applicant_id uuid not null,
  referee_name text not null check (length(btrim(referee_name)) between 1 and 200),
  referee_contact text,
  lang text not null check (lang in ('en', 'es')),
  token_hash text not null unique,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  used_at timestamptz,
  answer jsonb,
  constraint reference_requests_applicant_org_fkey foreign key (applicant_id, org_id) references certification_applicants (id, org_id)
);
create index reference_requests_applicant_idx on reference_requests (org_id, applicant_id, created_at);

alter table certification_pipelines enable row level security;
alter table certification_pipelines force row level security;
alter table certification_applicants enable row level security;
alter table certification_applicants force row level security;
alter table certification_applicant_steps enable row level security;
alter table certification_applicant_steps force row level security;
alter table certification_eligibility enable row level security;
alter table certification_eligibility force row level security;
alter table reference_requests enable row level security;
alter table reference_requests force row level security;
create policy tenant_isolation on certification_pipelines using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on certification_applicants using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on certification_applicant_steps using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on certification_eligibility using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on reference_requests using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert on certification_pipelines to peerbridge_app;
grant select, insert, update on certification_applicants, certification_applicant_steps, certification_eligibility, reference_requests to peerbridge_app;

-- The reference page is opened without signing in: the organization of a token hash is found
-- before any tenant is known (as pb_assessment_link), and only that.
do $$
begin
  execute format('create policy owner_lookup on reference_requests for select to %I using (true)', current_user);
end $$;
create or replace function pb_reference_request(p_token_hash text)
returns table (org_id uuid, request_id uuid)
language sql stable security definer set search_path = public, pg_temp as $$
  select r.org_id, r.id from reference_requests r where r.token_hash = p_token_hash
$$;
revoke all on function pb_reference_request(text) from public;
grant execute on function pb_reference_request(text) to peerbridge_app;

-- The credential calendar and the nightly pass read credentials by expiry window, with the
-- columns they need, without visiting the table (issue 21 figures).
create index peer_credentials_window_idx on peer_credentials (org_id, expires_on) include (id, peer_id, type_code, type_version, issued_on, recorded_status);
drop index if exists peer_credentials_expiry_idx;
