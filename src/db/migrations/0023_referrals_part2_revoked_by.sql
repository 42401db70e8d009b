-- Referrals (issue 5): a participant may withdraw a Part 2 consent at any time (42 CFR 2.31(a)).
-- The withdrawal was honoured when recorded (revoked_at, 0006) but nothing recorded it; the
-- sending organization now does, and who did is kept with it as with a revoked link.
alter table referral_part2_consents add column revoked_by uuid references users(id);
