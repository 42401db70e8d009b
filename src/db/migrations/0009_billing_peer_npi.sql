-- A peer's National Provider Identifier, when they have one: the 837P names the rendering
-- provider by it (2310B NM108 XX, NM109). Optional, since many peer specialists have none (the
-- guide then omits NM108/NM109). The check digit is validated in the API (billing/npi.rules.ts);
-- the database keeps the shape. One organization lists an NPI on one peer only.

alter table peers add column npi text check (npi ~ '^[0-9]{10}$');
create unique index peers_org_npi_key on peers (org_id, npi) where npi is not null;
