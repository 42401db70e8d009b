-- Claim export lines, compact and with their foreign keys back (conventions: every reference is
-- a foreign key). An exported line keeps what was sent as typed columns (member id, code,
-- modifiers, units, charge) and, as integers, the facts its units came from; with the payer's
-- rounding the export used (stored once on the export) the explanation is written again when
-- the line is shown (billing.rules.ts `explainBillable`). The payer is the export's. `claim_id` is the CLM01 the line went out on, so a resubmission can
-- name the claim it replaces (CLM05-3 = 7 with REF*F8).
--
-- The participant and encounter of a line are those of its `line_id` (encounter_participants),
-- so they are no longer copied here: two columns, two indexes and three foreign-key checks per
-- line fewer on a 100,000-line export (bench/claims-export.ts).

alter table claim_export_lines drop constraint claim_export_lines_pkey;
drop index claim_export_lines_encounter_idx;
drop index claim_export_lines_day_idx;

alter table claim_export_lines
  add column claim_id text,
  add column member_id text,
  add column code text,
  add column modifiers text[],
  -- The units' facts (billing.rules.ts UnitsBasis): this note's minutes, the day's minutes up to
  -- it, units already billed that day, units earned before the cap, the cap when it applied.
  -- Null only on lines exported before this migration, which keep their stored explanation.
  add column minutes integer,
  add column day_minutes integer,
  add column counted_units integer,
  add column units_earned integer,
  add column capped_at integer,
  add column explanation jsonb;

-- The payer's rounding when the export was made: every line of one export was decided with it.
alter table claim_exports
  add column rounding text check (rounding in ('cms-8-minute', 'full-unit')),
  add column unit_minutes integer,
  add column rounding_basis text check (rounding_basis in ('encounter', 'day'));

update claim_export_lines
set member_id = coalesce(billing->>'memberId', ''),
    code = coalesce(billing->>'code', ''),
    modifiers = coalesce(array(select jsonb_array_elements_text(billing->'modifiers')), '{}'),
    explanation = billing->'explanation';

alter table claim_export_lines
  alter column member_id set not null,
  alter column code set not null,
  alter column modifiers set not null,
  drop column billing,
  drop column encounter_id,
  drop column participant_id,
  drop column payer_id;

-- line_id first: every lookup is by service line.
alter table claim_export_lines add primary key (line_id, export_id);

-- The export's organization is the line's (one check covers the export and the tenant).
create unique index claim_exports_id_org_key on claim_exports (id, org_id);
alter table claim_export_lines
  add constraint claim_export_lines_export_fkey foreign key (export_id, org_id) references claim_exports (id, org_id),
  add constraint claim_export_lines_line_fkey foreign key (line_id) references encounter_participants (line_id);
-- voided_by has no foreign key: PostgreSQL runs a foreign-key trigger for every inserted row even
-- when the column is null (0.1 s per 100,000 lines), and the same user is on the encounter
-- (encounters.voided_by, a foreign key) and in the audit event of the void.

-- The export row is stored before its file is written (the lines are stored meanwhile), then the
-- file: only that column may change.
grant update (content) on claim_exports to peerbridge_app;
