-- Billing: a void claim (CLM05-3 = 8) names the rendering provider (837P loop 2310B) its claim
-- was sent with. The peer's profile (name, NPI) can be edited after a claim goes out, and a payer
-- matching a void to its claim may refuse one whose rendering provider differs. An 837P export
-- now keeps, per claim id (CLM01), the rendering provider it wrote; exports from before this
-- migration and CSV exports have none, and their voids fall back to the peer's current profile.
alter table claim_exports add column rendering_as_sent jsonb;
