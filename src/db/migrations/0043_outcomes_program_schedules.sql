-- Assessment schedules per program (issue 20): which instruments at intake, at fixed days after
-- intake and at discharge, each with its window, as data an admin edits
-- (src/modules/outcomes/program-schedule.rules.ts). A program is the code sessions carry
-- (encounters.program); a participant's episode follows the schedule of the program of its first
-- signed session that names one, and the organization's SUPRT pattern otherwise.

create table program_schedules (
  org_id uuid not null references organizations(id),
  program text not null check (program ~ '^[a-z0-9][a-z0-9-]{0,49}$'),
  schedule jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by uuid references users(id),
  primary key (org_id, program)
);
alter table program_schedules enable row level security;
alter table program_schedules force row level security;
create policy tenant_isolation on program_schedules using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert, update, delete on program_schedules to peerbridge_app;

