-- Referrals (issue 5): the receiving organization's inbox holds only referrals that were sent.
-- 0006 let the receiver read and update a referral as soon as it named the receiver, so a draft
-- (the participant's shared items included) was visible to it, and stayed visible when the
-- sender cancelled it without ever sending it. A referral has been sent once sent_at is set
-- (it is never cleared), so the receiver's policies now require it.

drop policy receiver_read on referrals;
create policy receiver_read on referrals for select using (receiver_org_id = pb_current_org() and sent_at is not null);
drop policy receiver_update on referrals;
create policy receiver_update on referrals for update
  using (receiver_org_id = pb_current_org() and sent_at is not null)
  with check (receiver_org_id = pb_current_org() and sent_at is not null);

drop policy receiver_read on referral_part2_consents;
create policy receiver_read on referral_part2_consents for select
  using (exists (select 1 from referrals r where r.id = referral_id and r.receiver_org_id = pb_current_org() and r.sent_at is not null));

drop policy receiver_read on referral_events;
create policy receiver_read on referral_events for select
  using (exists (select 1 from referrals r where r.id = referral_id and r.receiver_org_id = pb_current_org() and r.sent_at is not null));
drop policy receiver_append on referral_events;
create policy receiver_append on referral_events for insert
  with check (actor_org_id = pb_current_org() and exists (select 1 from referrals r where r.id = referral_id and r.org_id = referral_events.org_id and r.receiver_org_id = pb_current_org() and r.sent_at is not null));
