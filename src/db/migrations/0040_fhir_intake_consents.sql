-- FHIR intake (issue 23): Consents received with a FHIR Patient (POST /api/v1/fhir/Patient), kept
-- as received (validated R4, with our ids) so they travel back out in $everything. A received
-- consent is a record of what the person agreed to elsewhere: never changed, never deleted.

create table fhir_intake_consents (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  participant_id uuid not null,
  -- The Consent resource as validated, its id and patient reference rewritten to ours.
  resource jsonb not null,
  status text not null,
  -- 42 CFR Part 2 (labelled or categorized so by the sender): travels only as part2.ts allows.
  part2 boolean not null default false,
  received_at timestamptz not null default now(),
  received_by uuid references users(id),
  constraint fhir_intake_consents_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id)
);
create index fhir_intake_consents_participant_idx on fhir_intake_consents (org_id, participant_id);

alter table fhir_intake_consents enable row level security;
alter table fhir_intake_consents force row level security;
create policy tenant_isolation on fhir_intake_consents using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert on fhir_intake_consents to peerbridge_app;
