-- Referrals (issue 17): the receiver's page says how to reach the referring peer. The peer
-- chooses what to share (a work phone, the agency's line or email); nothing of the participant.
-- Staff contact, not health data: stored as given, shown only to the holder of the link and to
-- the sending organization. The table keeps its row-level security and grants (0006, 0021).
alter table referrals add column referrer_contact text;
