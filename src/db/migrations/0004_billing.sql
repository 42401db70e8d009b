-- Billing: payers and their rules (units, rounding, caps, modifiers), participants' coverages,
-- and claim exports with the lines they sent (an encounter's line is exported once unless
-- voided: a partial unique index enforces it).

create table payers (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  name text not null check (length(btrim(name)) between 1 and 200),
  type text not null check (type in ('medicaid', 'medicare', 'grant', 'other')),
  service_code text not null default 'H0038',
  unit_minutes integer not null default 15 check (unit_minutes between 1 and 240),
  rounding text not null default 'cms-8-minute' check (rounding in ('cms-8-minute', 'full-unit')),
  rounding_basis text not null default 'encounter' check (rounding_basis in ('encounter', 'day')),
  daily_max_units integer check (daily_max_units >= 1),
  -- Integer cents.
  rate_per_unit integer not null check (rate_per_unit >= 0),
  places_of_service text[] not null default '{}',
  modalities text[] not null default '{}',
  requires_cosign boolean not null default false,
  modifier_rules jsonb not null default '[]'::jsonb,
  x12_payer_id text,
  x12_receiver_id text,
  x12_receiver_name text,
  claim_filing_indicator text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index payers_org_name_key on payers (org_id, lower(name));

create table coverages (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null references participants(id),
  payer_id uuid not null references payers(id),
  member_id text not null,
  start_date date not null,
  end_date date,
  diagnosis_codes text[] not null default '{}',
  subscriber_address jsonb,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check (end_date is null or end_date >= start_date)
);
create index coverages_participant_idx on coverages (participant_id);

create table claim_exports (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  payer_id uuid not null references payers(id),
  from_date date not null,
  to_date date not null,
  format text not null check (format in ('837p', 'csv')),
  -- ISA13: counts up per organization.
  interchange_control integer not null,
  file_name text not null,
  content text not null,
  totals jsonb not null,
  -- [{encounterId, participantId, serviceDate, reason, explanation: {en, es}}]
  excluded jsonb not null default '[]'::jsonb,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check (to_date >= from_date)
);
create index claim_exports_org_idx on claim_exports (org_id, created_at desc);

-- No foreign keys here, on purpose: lines are written only by the export, in its transaction,
-- from the encounters, participants and payer it has just read; PostgreSQL checks each foreign
-- key row by row, which cost seconds for a 100,000-line export (bench/claims-export.ts).
create table claim_export_lines (
  export_id uuid not null,
  org_id uuid not null,
  -- The participant's service line of the encounter (encounter_participants.line_id).
  line_id uuid not null,
  encounter_id uuid not null,
  participant_id uuid not null,
  payer_id uuid not null,
  service_date date not null,
  units integer not null,
  charge_cents integer not null,
  -- The billing decision as sent (units are never recomputed after export).
  billing jsonb not null,
  resubmission boolean not null default false,
  voided_at timestamptz,
  voided_by uuid,
  void_reason text,
  primary key (export_id, line_id)
);
create unique index claim_export_lines_once on claim_export_lines (line_id) where voided_at is null;
create index claim_export_lines_encounter_idx on claim_export_lines (encounter_id);
create index claim_export_lines_day_idx on claim_export_lines (participant_id, service_date);

alter table payers enable row level security;
alter table coverages enable row level security;
alter table claim_exports enable row level security;
alter table claim_export_lines enable row level security;
create policy tenant_isolation on payers using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on coverages using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on claim_exports using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on claim_export_lines using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert, update on payers, coverages to peerbridge_app;
grant select, insert on claim_exports to peerbridge_app;
grant select, insert, update on claim_export_lines to peerbridge_app;
