-- Audit: the outcome of what an event records (HIPAA 45 CFR 164.312(b) audit controls record
-- access attempts, refused ones included; FHIR AuditEvent.outcome). A refused attempt to read or
-- change a participant-level record (403, a 404 that looks like an absent record, a disclosure
-- without the participant's consent, a withdrawn or expired referral link) is recorded as 'denied',
-- in a transaction of its own after the refused one rolled back; everything recorded before this
-- migration, and every action that went through, is 'success'.
--
-- A constant default adds the column without rewriting the table or firing the append-only
-- trigger (row triggers fire on DML only). The hash chain covers the outcome only when it is not
-- 'success' (audit.rules.ts), so the events stored before keep verifying. Row-level security on
-- audit_events stays enabled and forced (0021); the table's grants cover the new column.
alter table audit_events add column outcome text not null default 'success'
  constraint audit_events_outcome_check check (outcome in ('success', 'denied'));

-- The privacy officer's question, "who was refused what", reads the few denied events only.
create index audit_events_org_denied_idx on audit_events (org_id, occurred_at desc) where outcome = 'denied';
