-- Void claims (837P 005010X222A1, 2300 CLM05-3 = 8 with REF*F8 naming the claim voided). When a
-- note whose line went out on a claim is voided without resubmission, the payer still holds that
-- claim: the next export of its payer covering the line's date sends a void of the whole claim
-- (or, when other lines of that claim still stand, a replacement without the voided line). One row
-- here per void claim sent, so a claim is voided once: a second export does not send it again.
--
-- A table of its own rather than a column on claim_export_lines: a payer voids whole claims, so
-- this is a fact about a claim, and a nullable foreign-key column on claim_export_lines would cost
-- a foreign-key trigger for every line an export inserts (see 0009 on voided_by).

create table claim_voids (
  org_id uuid not null,
  -- The export whose file carried the void claim, and that claim's CLM01 in it.
  export_id uuid not null,
  claim_id text not null,
  -- The claim voided: the export it went out on and its CLM01 (sent as REF*F8).
  voided_export_id uuid not null,
  voided_claim_id text not null,
  primary key (voided_export_id, voided_claim_id),
  constraint claim_voids_export_fkey foreign key (export_id, org_id) references claim_exports (id, org_id),
  constraint claim_voids_voided_export_fkey foreign key (voided_export_id, org_id) references claim_exports (id, org_id)
);
create index claim_voids_export_idx on claim_voids (export_id);

alter table claim_voids enable row level security;
create policy tenant_isolation on claim_voids using (org_id = pb_current_org()) with check (org_id = pb_current_org());
-- Written once by the export that sends the void, never changed.
grant select, insert on claim_voids to peerbridge_app;
