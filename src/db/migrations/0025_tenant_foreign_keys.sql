-- Tenancy: a record can only point at a record of its own organization, checked by the database.
--
-- Row-level security checks each row's own org_id, but a foreign key is checked without it: an
-- assignment of organization A could name a participant of organization B, a note B's peer, a
-- referral's consent another organization's referral, and only the code stood in the way. Each
-- link between two tenant records now carries the org_id on both sides, as claim_export_lines
-- and claim_voids already did (0004): the key (id, org_id) of the record pointed at must exist.
--
-- Links to users stay plain: they record who acted, and on a referral a user of the receiving
-- organization acts on the sender's record. A nullable link (referrals.peer_id) is checked only
-- when it is set (MATCH SIMPLE), as before. A row that already broke the rule fails this
-- migration, naming the constraint, rather than staying hidden.

alter table participants add constraint participants_id_org_key unique (id, org_id);
alter table peers add constraint peers_id_org_key unique (id, org_id);
alter table encounters add constraint encounters_id_org_key unique (id, org_id);
alter table encounter_participants add constraint encounter_participants_line_org_key unique (line_id, org_id);
alter table payers add constraint payers_id_org_key unique (id, org_id);
alter table referrals add constraint referrals_id_org_key unique (id, org_id);

alter table assignments
  drop constraint assignments_peer_id_fkey,
  add constraint assignments_peer_org_fkey foreign key (peer_id, org_id) references peers (id, org_id),
  drop constraint assignments_participant_id_fkey,
  add constraint assignments_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id);

alter table encounters
  drop constraint encounters_peer_id_fkey,
  add constraint encounters_peer_org_fkey foreign key (peer_id, org_id) references peers (id, org_id);

alter table encounter_participants
  drop constraint encounter_participants_encounter_id_fkey,
  add constraint encounter_participants_encounter_org_fkey foreign key (encounter_id, org_id) references encounters (id, org_id),
  drop constraint encounter_participants_participant_id_fkey,
  add constraint encounter_participants_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id);

alter table encounter_addenda
  drop constraint encounter_addenda_encounter_id_fkey,
  add constraint encounter_addenda_encounter_org_fkey foreign key (encounter_id, org_id) references encounters (id, org_id);

alter table encounter_reviews
  drop constraint encounter_reviews_encounter_id_fkey,
  add constraint encounter_reviews_encounter_org_fkey foreign key (encounter_id, org_id) references encounters (id, org_id);

alter table recovery_plans
  drop constraint recovery_plans_participant_id_fkey,
  add constraint recovery_plans_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id);

alter table recovery_plan_versions
  drop constraint recovery_plan_versions_participant_id_fkey,
  add constraint recovery_plan_versions_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id);

alter table coverages
  drop constraint coverages_participant_id_fkey,
  add constraint coverages_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id),
  drop constraint coverages_payer_id_fkey,
  add constraint coverages_payer_org_fkey foreign key (payer_id, org_id) references payers (id, org_id);

alter table claim_exports
  drop constraint claim_exports_payer_id_fkey,
  add constraint claim_exports_payer_org_fkey foreign key (payer_id, org_id) references payers (id, org_id);

alter table claim_export_lines
  drop constraint claim_export_lines_line_fkey,
  add constraint claim_export_lines_line_org_fkey foreign key (line_id, org_id) references encounter_participants (line_id, org_id);

alter table referrals
  drop constraint referrals_participant_id_fkey,
  add constraint referrals_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id),
  drop constraint referrals_peer_id_fkey,
  add constraint referrals_peer_org_fkey foreign key (peer_id, org_id) references peers (id, org_id);

alter table referral_part2_consents
  drop constraint referral_part2_consents_participant_id_fkey,
  add constraint referral_part2_consents_participant_org_fkey foreign key (participant_id, org_id) references participants (id, org_id),
  drop constraint referral_part2_consents_referral_id_fkey,
  add constraint referral_part2_consents_referral_org_fkey foreign key (referral_id, org_id) references referrals (id, org_id);

alter table referral_events
  drop constraint referral_events_referral_id_fkey,
  add constraint referral_events_referral_org_fkey foreign key (referral_id, org_id) references referrals (id, org_id);

alter table referral_links
  drop constraint referral_links_referral_id_fkey,
  add constraint referral_links_referral_org_fkey foreign key (referral_id, org_id) references referrals (id, org_id);
