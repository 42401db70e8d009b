-- Workforce registry, part two (issue 22): regions as data, and a data version for cached figures.
--
-- A registry's figures change only when its data does (a snapshot, a member joining or leaving,
-- an import, a region set). Each of those bumps data_version, so a server can keep the suppressed
-- answer of a figure for a version and answer the next reader without recounting (the county map
-- of 30,000 peers over 3,143 counties) - across processes, since the version is in the database.
alter table registries add column data_version bigint not null default 1;
grant update (data_version) on registries to peerbridge_app;

-- The lookup every figure starts with now also answers the version (one round trip).
drop function pb_registry_public(uuid);
create function pb_registry_public(p_id uuid)
returns table (id uuid, org_id uuid, name text, data_version bigint)
language sql stable security definer set search_path = public, pg_temp as $$
  select r.id, r.org_id, r.name, r.data_version from registries r where r.id = p_id
$$;
revoke all on function pb_registry_public(uuid) from public;
grant execute on function pb_registry_public(uuid) to peerbridge_app;

-- Regions a registry admin defines as county lists, in named sets: a state's own regions
-- (Michigan's PIHP regions), a coalition's catchment areas. The Census divisions and regions are
-- built in (by state) and need no rows. A county may belong to one region of a set.
create table registry_regions (
  registry_id uuid not null,
  org_id uuid not null references organizations(id),
  foreign key (registry_id, org_id) references registries (id, org_id),
  region_set text not null check (length(btrim(region_set)) between 1 and 100),
  name text not null check (length(btrim(name)) between 1 and 100),
  counties text[] not null check (cardinality(counties) between 1 and 3300),
  primary key (registry_id, region_set, name)
);

alter table registry_regions enable row level security;
alter table registry_regions force row level security;
create policy tenant_isolation on registry_regions using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert, update, delete on registry_regions to peerbridge_app;

-- No query reads the HPSA components by county (the figures read a registry's whole set, by the
-- primary key's registry_id): the index only slowed the import of the national file.
drop index registry_hpsa_county_idx;
