-- Issue 19: a payer may require the rendering provider's NPI on every claim (837P loop 2310B,
-- NM108 = XX, NM109). A claim whose peer has no NPI on file is then held before export, with its
-- reason, instead of going out with the name alone.
alter table payers add column requires_rendering_npi boolean not null default false;
