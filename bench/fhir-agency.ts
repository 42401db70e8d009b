// The large agency of the FHIR benchmarks (fhir-export.ts, fhir-everything.ts), written set-based
// in SQL as the tables' owner: peers, participants with a match and a plan, two years of signed
// sessions, and assessments.
export const agencySql = (orgId: string, people = 5000, sessions = 200_000) => `
select set_config('app.org_id', '${orgId}', true);
insert into peers (id, org_id, display_name, languages)
  select gen_random_uuid(), '${orgId}', 'Peer ' || g, array['en'] from generate_series(1, 60) g;
create temp table bench_peers on commit drop as select id, row_number() over () as n from peers where org_id = '${orgId}';
insert into participants (id, org_id, given_name, family_name, birth_date, languages, status)
  select gen_random_uuid(), '${orgId}', 'Person', 'No ' || g, date '1960-01-01' + (g * 37 % 15000), case when g % 4 = 0 then array['es'] else array['en'] end, 'active'
  from generate_series(1, ${people}) g;
create temp table bench_people on commit drop as select id, row_number() over () as n from participants where org_id = '${orgId}';
insert into assignments (id, org_id, participant_id, peer_id, status, assigned_at, consent)
  select gen_random_uuid(), '${orgId}', p.id, bp.id, 'active', now() - interval '800 days', '{"given": true, "method": "verbal", "recordedAt": "2024-01-01T00:00:00Z"}'
  from bench_people p join bench_peers bp on bp.n = 1 + p.n % 60;
insert into recovery_plans (participant_id, org_id, version, content)
  select p.id, '${orgId}', 1, jsonb_build_object('goals', jsonb_build_array(
           jsonb_build_object('id', gen_random_uuid(), 'text', 'A place of my own', 'lifeArea', 'housing', 'status', 'active',
             'steps', jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'text', 'Apply for the voucher', 'targetDate', null, 'status', 'in-progress'))),
           jsonb_build_object('id', gen_random_uuid(), 'text', 'Stay sober', 'lifeArea', 'substance use', 'status', 'active', 'steps', '[]'::jsonb)),
         'strengths', jsonb_build_array('Persistent'), 'supports', '[]'::jsonb, 'reviewEveryDays', 90)
  from bench_people p;
create temp table bench_enc on commit drop as
  select gen_random_uuid() as id, g, 1 + (g % ${people}) as pn, (current_date - (g % 730))::date as d from generate_series(1, ${sessions}) g;
insert into encounters (id, org_id, peer_id, type, modality, started_at, duration_minutes, service_date, place_of_service, activities, narrative, status, signed_at, attestation)
  select e.id, '${orgId}', bp.id, 'individual', case when e.g % 3 = 0 then 'phone' else 'in-person' end, e.d + time '10:00', 15 + (e.g % 6) * 15, e.d, '11',
         array['shared-lived-experience'], 'Bench session.', 'signed', e.d + time '11:00', 'bench'
  from bench_enc e join bench_peers bp on bp.n = 1 + e.pn % 60;
insert into encounter_participants (encounter_id, participant_id, org_id, position, line_id)
  select e.id, p.id, '${orgId}', 0, e.id from bench_enc e join bench_people p on p.n = e.pn;
insert into assessments (id, org_id, participant_id, instrument, version, answers, complete, total, band, subscales, flags, mode, administered_at)
  select gen_random_uuid(), '${orgId}', p.id, case when g % 2 = 0 then 'phq-9' else 'barc-10' end, '1',
         case when g % 2 = 0 then '{"phq9.1": 1, "phq9.2": 2, "phq9.3": 1, "phq9.4": 1, "phq9.5": 0, "phq9.6": 1, "phq9.7": 1, "phq9.8": 0, "phq9.9": 0}'::jsonb else '{}'::jsonb end,
         true, case when g % 2 = 0 then 7 else 40 end, null,
         case when g % 2 = 0 then '[{"code": "total", "score": 7, "band": "mild"}, {"code": "phq-2", "score": 3, "band": null}]'::jsonb else '[]'::jsonb end,
         '{}', 'phone', current_date - 700 + (g / ${people}) * 100
  from generate_series(0, ${people * 6 - 1}) g join bench_people p on p.n = 1 + (g % ${people});
analyze;
`;

/** The statements of a script (each ends a line with ';'). */
export const statements = (script: string) => script.split(/;\n/).map((s) => s.trim()).filter((s) => s !== '');
