-- Directory (issue 5): the Open Referral HSDS 3.0 model, a search index over it, and what an
-- organization adds for itself (local resources, private notes).
--
-- * hsds_* tables mirror the HSDS 3.0 tables one to one (column names and required columns from
--   hsds-3.0-schema/datapackage.json, see src/interop/hsds/fields.ts). They hold public
--   information shared across the instance: no row-level security, grants only; writes go through
--   the directory service, which allows them to admins. `date` fields are `date`; HSDS `time` and
--   `datetime` values stay text exactly as normalized by the reader (a time may carry an offset,
--   a datetime keeps its own), so an export gives back what was imported. Links between tables
--   are indexed but not constrained: a partial feed may point at rows it does not carry (the
--   reader already reports those), and a re-import replaces rows table by table.
-- * `pb_source` names the feed a row came from and `pb_import_id` the import that last wrote it; a
--   re-import of the same source updates rows in place (ids are stable, see interop/hsds/ids.ts).
-- * directory_search: one row per service and location (or per service, when it has none),
--   rebuilt by pb_directory_refresh() after every import; full text (English and Spanish, accents
--   ignored), trigram similarity for typos, and a bounding-box index for distance.
-- * Tenant rows (RLS): directory_local_services, directory_notes, directory_managers.

create or replace function pb_search_norm(text) returns text
language sql immutable parallel safe strict as $$
  select lower(public.unaccent('public.unaccent'::regdictionary, $1))
$$;

-- Great-circle distance in km (haversine, mean Earth radius 6371.0088 km); callers prefilter on a
-- bounding box so the index on (lat, lon) does the work.
create or replace function pb_distance_km(lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision)
returns double precision language sql immutable parallel safe strict as $$
  select 2 * 6371.0088 * asin(least(1, sqrt(
    power(sin(radians(lat2 - lat1) / 2), 2) +
    cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
$$;

create table hsds_organization (
  id uuid primary key,
  name text not null,
  alternate_name text,
  description text not null,
  email text,
  website text,
  tax_status text,
  tax_id text,
  year_incorporated double precision,
  legal_status text,
  logo text,
  uri text,
  parent_organization_id uuid,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_program (
  id uuid primary key,
  organization_id uuid not null,
  name text not null,
  alternate_name text,
  description text not null,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_service (
  id uuid primary key,
  organization_id uuid not null,
  program_id uuid,
  name text not null,
  alternate_name text,
  description text,
  url text,
  email text,
  status text not null check (status in ('active', 'inactive', 'defunct', 'temporarily closed')),
  interpretation_services text,
  application_process text,
  fees_description text,
  wait_time text,
  fees text,
  accreditations text,
  eligibility_description text,
  minimum_age double precision,
  maximum_age double precision,
  assured_date date,
  assurer_email text,
  licenses text,
  alert text,
  last_modified text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_attribute (
  id uuid primary key,
  link_id uuid not null,
  taxonomy_term_id uuid not null,
  link_type text,
  link_entity text not null,
  value text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_service_at_location (
  id uuid primary key,
  service_id uuid not null,
  location_id uuid not null,
  description text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_location (
  id uuid primary key,
  location_type text not null check (location_type in ('physical', 'postal', 'virtual')),
  url text,
  organization_id uuid,
  name text,
  alternate_name text,
  description text,
  transportation text,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  external_identifier text,
  external_identifier_type text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_phone (
  id uuid primary key,
  location_id uuid,
  service_id uuid,
  organization_id uuid,
  contact_id uuid,
  service_at_location_id uuid,
  number text not null,
  extension double precision,
  type text,
  description text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_contact (
  id uuid primary key,
  organization_id uuid,
  service_id uuid,
  service_at_location_id uuid,
  location_id uuid,
  name text,
  title text,
  department text,
  email text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_address (
  id uuid primary key,
  location_id uuid,
  attention text,
  address_1 text not null,
  address_2 text,
  city text not null,
  region text,
  state_province text not null,
  postal_code text not null,
  country text not null,
  address_type text not null check (address_type in ('physical', 'postal', 'virtual')),
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_schedule (
  id uuid primary key,
  service_id uuid,
  location_id uuid,
  service_at_location_id uuid,
  valid_from date,
  valid_to date,
  dtstart date,
  timezone double precision,
  until date,
  count double precision,
  wkst text check (wkst in ('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')),
  freq text check (freq in ('WEEKLY', 'MONTHLY')),
  interval double precision,
  byday text,
  byweekno text,
  bymonthday text,
  byyearday text,
  description text,
  opens_at text,
  closes_at text,
  schedule_link text,
  attending_type text,
  notes text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_funding (
  id uuid primary key,
  organization_id uuid,
  service_id uuid,
  source text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_service_area (
  id uuid primary key,
  service_id uuid,
  name text,
  description text,
  extent text,
  extent_type text,
  uri text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_required_document (
  id uuid primary key,
  service_id uuid,
  document text,
  uri text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_language (
  id uuid primary key,
  service_id uuid,
  location_id uuid,
  phone_id uuid,
  name text,
  code text,
  note text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_accessibility (
  id uuid primary key,
  location_id uuid,
  description text,
  details text,
  url text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_taxonomy_term (
  id uuid primary key,
  code text,
  name text not null,
  description text not null,
  parent_id uuid,
  taxonomy text,
  language text,
  taxonomy_id uuid,
  term_uri text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_metadata (
  id uuid primary key,
  resource_id uuid not null,
  resource_type text not null,
  last_action_date date not null,
  last_action_type text not null,
  field_name text not null,
  previous_value text not null,
  replacement_value text not null,
  updated_by text not null,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_meta_table_description (
  id uuid primary key,
  name text,
  language text,
  character_set text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_cost_option (
  id uuid primary key,
  service_id uuid not null,
  valid_from date,
  valid_to date,
  "option" text,
  currency text,
  amount double precision,
  amount_description text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_organization_identifier (
  id uuid primary key,
  organization_id uuid not null,
  identifier_scheme text,
  identifier_type text not null,
  identifier text not null,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create table hsds_taxonomy (
  id uuid primary key,
  name text not null,
  description text not null,
  uri text,
  version text,
  pb_source text,
  pb_import_id uuid,
  pb_modified_at timestamptz not null default now()
);

create index hsds_organization_parent_organization_id_idx on hsds_organization (parent_organization_id);
create index hsds_program_organization_id_idx on hsds_program (organization_id);
create index hsds_service_organization_id_idx on hsds_service (organization_id);
create index hsds_service_program_id_idx on hsds_service (program_id);
create index hsds_attribute_taxonomy_term_id_idx on hsds_attribute (taxonomy_term_id);
create index hsds_attribute_link_id_idx on hsds_attribute (link_id);
create index hsds_service_at_location_service_id_idx on hsds_service_at_location (service_id);
create index hsds_service_at_location_location_id_idx on hsds_service_at_location (location_id);
create index hsds_location_organization_id_idx on hsds_location (organization_id);
create index hsds_phone_location_id_idx on hsds_phone (location_id);
create index hsds_phone_service_id_idx on hsds_phone (service_id);
create index hsds_phone_organization_id_idx on hsds_phone (organization_id);
create index hsds_phone_contact_id_idx on hsds_phone (contact_id);
create index hsds_phone_service_at_location_id_idx on hsds_phone (service_at_location_id);
create index hsds_contact_organization_id_idx on hsds_contact (organization_id);
create index hsds_contact_service_id_idx on hsds_contact (service_id);
create index hsds_contact_service_at_location_id_idx on hsds_contact (service_at_location_id);
create index hsds_contact_location_id_idx on hsds_contact (location_id);
create index hsds_address_location_id_idx on hsds_address (location_id);
create index hsds_schedule_service_id_idx on hsds_schedule (service_id);
create index hsds_schedule_location_id_idx on hsds_schedule (location_id);
create index hsds_schedule_service_at_location_id_idx on hsds_schedule (service_at_location_id);
create index hsds_funding_organization_id_idx on hsds_funding (organization_id);
create index hsds_funding_service_id_idx on hsds_funding (service_id);
create index hsds_service_area_service_id_idx on hsds_service_area (service_id);
create index hsds_required_document_service_id_idx on hsds_required_document (service_id);
create index hsds_language_service_id_idx on hsds_language (service_id);
create index hsds_language_location_id_idx on hsds_language (location_id);
create index hsds_language_phone_id_idx on hsds_language (phone_id);
create index hsds_accessibility_location_id_idx on hsds_accessibility (location_id);
create index hsds_taxonomy_term_parent_id_idx on hsds_taxonomy_term (parent_id);
create index hsds_taxonomy_term_taxonomy_id_idx on hsds_taxonomy_term (taxonomy_id);
create index hsds_metadata_resource_id_idx on hsds_metadata (resource_id);
create index hsds_cost_option_service_id_idx on hsds_cost_option (service_id);
create index hsds_organization_identifier_organization_id_idx on hsds_organization_identifier (organization_id);
grant select, insert, update, delete on hsds_organization, hsds_program, hsds_service, hsds_attribute, hsds_service_at_location, hsds_location, hsds_phone, hsds_contact, hsds_address, hsds_schedule, hsds_funding, hsds_service_area, hsds_required_document, hsds_language, hsds_accessibility, hsds_taxonomy_term, hsds_metadata, hsds_meta_table_description, hsds_cost_option, hsds_organization_identifier, hsds_taxonomy to peerbridge_app;

-- Where a non-UUID source id went (HSDS 3.0 ids are UUIDs; 211 exports use integers): the
-- stable UUID v5 the reader derived, so the source's own id can be found again.
create table hsds_external_ids (
  source text not null,
  resource text not null,
  source_id text not null,
  id uuid not null,
  import_id uuid,
  primary key (source, resource, source_id)
);
create index hsds_external_ids_id_idx on hsds_external_ids (id);

-- One line per import run (counts only; the row report is returned to the caller).
create table directory_imports (
  id uuid primary key,
  source text not null,
  format text not null,
  started_at timestamptz not null,
  finished_at timestamptz not null default now(),
  counts jsonb not null default '{}'::jsonb,
  errors integer not null default 0,
  warnings integer not null default 0,
  org_id uuid references organizations(id),
  user_id uuid references users(id)
);

-- US state (code or name, lower case) -> IANA time zone, for "open now" in the location's zone.
-- States split between zones get the zone most of their people live in.
create table directory_time_zones (
  state_key text primary key,
  time_zone text not null
);
insert into directory_time_zones (state_key, time_zone)
select lower(k), z from (values
  ('AL','America/Chicago'),('AK','America/Anchorage'),('AZ','America/Phoenix'),('AR','America/Chicago'),
  ('CA','America/Los_Angeles'),('CO','America/Denver'),('CT','America/New_York'),('DE','America/New_York'),
  ('DC','America/New_York'),('FL','America/New_York'),('GA','America/New_York'),('HI','Pacific/Honolulu'),
  ('ID','America/Boise'),('IL','America/Chicago'),('IN','America/Indiana/Indianapolis'),('IA','America/Chicago'),
  ('KS','America/Chicago'),('KY','America/New_York'),('LA','America/Chicago'),('ME','America/New_York'),
  ('MD','America/New_York'),('MA','America/New_York'),('MI','America/Detroit'),('MN','America/Chicago'),
  ('MS','America/Chicago'),('MO','America/Chicago'),('MT','America/Denver'),('NE','America/Chicago'),
  ('NV','America/Los_Angeles'),('NH','America/New_York'),('NJ','America/New_York'),('NM','America/Denver'),
  ('NY','America/New_York'),('NC','America/New_York'),('ND','America/Chicago'),('OH','America/New_York'),
  ('OK','America/Chicago'),('OR','America/Los_Angeles'),('PA','America/New_York'),('RI','America/New_York'),
  ('SC','America/New_York'),('SD','America/Chicago'),('TN','America/Chicago'),('TX','America/Chicago'),
  ('UT','America/Denver'),('VT','America/New_York'),('VA','America/New_York'),('WA','America/Los_Angeles'),
  ('WV','America/New_York'),('WI','America/Chicago'),('WY','America/Denver'),('PR','America/Puerto_Rico'),
  ('VI','America/St_Thomas'),('GU','Pacific/Guam'),('AS','Pacific/Pago_Pago'),('MP','Pacific/Saipan'),
  ('Alabama','America/Chicago'),('Alaska','America/Anchorage'),('Arizona','America/Phoenix'),('Arkansas','America/Chicago'),
  ('California','America/Los_Angeles'),('Colorado','America/Denver'),('Connecticut','America/New_York'),('Delaware','America/New_York'),
  ('District of Columbia','America/New_York'),('Florida','America/New_York'),('Georgia','America/New_York'),('Hawaii','Pacific/Honolulu'),
  ('Idaho','America/Boise'),('Illinois','America/Chicago'),('Indiana','America/Indiana/Indianapolis'),('Iowa','America/Chicago'),
  ('Kansas','America/Chicago'),('Kentucky','America/New_York'),('Louisiana','America/Chicago'),('Maine','America/New_York'),
  ('Maryland','America/New_York'),('Massachusetts','America/New_York'),('Michigan','America/Detroit'),('Minnesota','America/Chicago'),
  ('Mississippi','America/Chicago'),('Missouri','America/Chicago'),('Montana','America/Denver'),('Nebraska','America/Chicago'),
  ('Nevada','America/Los_Angeles'),('New Hampshire','America/New_York'),('New Jersey','America/New_York'),('New Mexico','America/Denver'),
  ('New York','America/New_York'),('North Carolina','America/New_York'),('North Dakota','America/Chicago'),('Ohio','America/New_York'),
  ('Oklahoma','America/Chicago'),('Oregon','America/Los_Angeles'),('Pennsylvania','America/New_York'),('Rhode Island','America/New_York'),
  ('South Carolina','America/New_York'),('South Dakota','America/Chicago'),('Tennessee','America/Chicago'),('Texas','America/Chicago'),
  ('Utah','America/Denver'),('Vermont','America/New_York'),('Virginia','America/New_York'),('Washington','America/Los_Angeles'),
  ('West Virginia','America/New_York'),('Wisconsin','America/Chicago'),('Wyoming','America/Denver'),('Puerto Rico','America/Puerto_Rico')
) v(k, z);

-- The search index. `entry_id` is the service_at_location id, or the service id for a service
-- with no location (national lines, virtual services).
create table directory_search (
  entry_id uuid primary key,
  service_id uuid not null,
  location_id uuid,
  organization_id uuid,
  name text not null,
  organization_name text,
  description text,
  -- Taxonomy term names, codes and descriptions (the seeded categories carry their Spanish names).
  terms text not null default '',
  categories text[] not null default '{}',
  taxonomy_term_ids uuid[] not null default '{}',
  -- Lower-case language codes and names ("es", "spanish").
  languages text[] not null default '{}',
  free boolean not null default false,
  status text not null,
  lat double precision check (lat between -90 and 90),
  lon double precision check (lon between -180 and 180),
  postal_code text,
  address text,
  time_zone text not null,
  phone text,
  eligibility text,
  last_verified date,
  -- The HSDS schedule rows that apply here (service_at_location's, else the service's, else the
  -- location's), for "open now" in time_zone.
  schedules jsonb not null default '[]'::jsonb,
  modified_at timestamptz not null default now(),
  search_text text generated always as (pb_search_norm(name || ' ' || coalesce(organization_name, '') || ' ' || terms)) stored,
  tsv tsvector generated always as (
    setweight(to_tsvector('english'::regconfig, pb_search_norm(name)), 'A') ||
    setweight(to_tsvector('spanish'::regconfig, pb_search_norm(name)), 'A') ||
    setweight(to_tsvector('english'::regconfig, pb_search_norm(coalesce(organization_name, '') || ' ' || terms)), 'B') ||
    setweight(to_tsvector('spanish'::regconfig, pb_search_norm(coalesce(organization_name, '') || ' ' || terms)), 'B') ||
    setweight(to_tsvector('english'::regconfig, pb_search_norm(coalesce(description, ''))), 'C') ||
    setweight(to_tsvector('spanish'::regconfig, pb_search_norm(coalesce(description, ''))), 'D')
  ) stored
);
create index directory_search_service_idx on directory_search (service_id);
create index directory_search_tsv_idx on directory_search using gin (tsv);
create index directory_search_trgm_idx on directory_search using gin (search_text gin_trgm_ops);
create index directory_search_latlon_idx on directory_search (lat, lon) where lat is not null;
create index directory_search_terms_idx on directory_search using gin (taxonomy_term_ids);
create index directory_search_categories_idx on directory_search using gin (categories);
create index directory_search_languages_idx on directory_search using gin (languages);
create index directory_search_remote_idx on directory_search (service_id) where lat is null;
create index directory_search_postal_idx on directory_search (postal_code);

-- Rebuilds the search rows of the given services from the hsds_* tables (set-based: hash joins on
-- the id list, never a lookup per row, so 100,000 services refresh in one statement).
create or replace function pb_directory_refresh(p_service_ids uuid[], p_default_time_zone text, p_categories_taxonomy uuid)
returns integer language plpgsql as $$
declare n integer;
begin
  create temp table if not exists pb_refresh_ids (id uuid primary key) on commit drop;
  truncate pb_refresh_ids;
  insert into pb_refresh_ids select distinct u from unnest(p_service_ids) u where u is not null;
  analyze pb_refresh_ids;
  delete from directory_search d using pb_refresh_ids k where d.service_id = k.id;
  insert into directory_search (entry_id, service_id, location_id, organization_id, name, organization_name,
    description, terms, categories, taxonomy_term_ids, languages, free, status, lat, lon, postal_code, address,
    time_zone, phone, eligibility, last_verified, schedules)
  with svc as (
    select s.* from hsds_service s join pb_refresh_ids k on k.id = s.id
  ), sal as (
    select x.id, x.service_id, x.location_id from hsds_service_at_location x join pb_refresh_ids k on k.id = x.service_id
  ), loc_ids as (
    select distinct location_id as id from sal
  ), addr as (
    select distinct on (a.location_id) a.location_id, a.postal_code, a.state_province,
      concat_ws(', ', a.address_1, a.city, a.state_province || ' ' || a.postal_code) as line
    from hsds_address a join loc_ids l on l.id = a.location_id
    order by a.location_id, (a.address_type = 'physical') desc, a.id
  ), terms as (
    select t.link_id as service_id,
      string_agg(concat_ws(' ', tt.name, tt.code, tt.description), ' ' order by tt.name) as words,
      array_agg(distinct tt.id) as ids,
      coalesce(array_agg(distinct tt.code) filter (where tt.taxonomy_id = p_categories_taxonomy and tt.code is not null), '{}') as categories
    from hsds_attribute t join pb_refresh_ids k on k.id = t.link_id
    join hsds_taxonomy_term tt on tt.id = t.taxonomy_term_id
    group by t.link_id
  ), lang_s as (
    select l.service_id as k, array_agg(distinct lower(x)) as langs
    from hsds_language l join pb_refresh_ids k on k.id = l.service_id, unnest(array[l.code, l.name]) x
    where x is not null group by l.service_id
  ), lang_l as (
    select l.location_id as k, array_agg(distinct lower(x)) as langs
    from hsds_language l join loc_ids i on i.id = l.location_id, unnest(array[l.code, l.name]) x
    where x is not null group by l.location_id
  ), cost as (
    select c.service_id, bool_or(c.amount = 0 or c."option" ~* '\m(free|gratis|no cost)\M') as free
    from hsds_cost_option c join pb_refresh_ids k on k.id = c.service_id group by c.service_id
  ), phone_s as (
    select distinct on (p.service_id) p.service_id as k, p.number from hsds_phone p join pb_refresh_ids k on k.id = p.service_id
    order by p.service_id, p.id
  ), phone_sal as (
    select distinct on (p.service_at_location_id) p.service_at_location_id as k, p.number from hsds_phone p join sal on sal.id = p.service_at_location_id
    order by p.service_at_location_id, p.id
  ), phone_l as (
    select distinct on (p.location_id) p.location_id as k, p.number from hsds_phone p join loc_ids i on i.id = p.location_id
    order by p.location_id, p.id
  ), sch_s as (
    select c.service_id as k, jsonb_agg(jsonb_strip_nulls(to_jsonb(c) - 'pb_source' - 'pb_import_id' - 'pb_modified_at')) as rows
    from hsds_schedule c join pb_refresh_ids k on k.id = c.service_id where c.service_at_location_id is null group by c.service_id
  ), sch_sal as (
    select c.service_at_location_id as k, jsonb_agg(jsonb_strip_nulls(to_jsonb(c) - 'pb_source' - 'pb_import_id' - 'pb_modified_at')) as rows
    from hsds_schedule c join sal on sal.id = c.service_at_location_id group by c.service_at_location_id
  ), sch_l as (
    select c.location_id as k, jsonb_agg(jsonb_strip_nulls(to_jsonb(c) - 'pb_source' - 'pb_import_id' - 'pb_modified_at')) as rows
    from hsds_schedule c join loc_ids i on i.id = c.location_id
    where c.service_id is null and c.service_at_location_id is null group by c.location_id
  )
  select coalesce(sal.id, s.id), s.id, l.id, s.organization_id, s.name, o.name, s.description,
    coalesce(t.words, ''), coalesce(t.categories, '{}'), coalesce(t.ids, '{}'),
    coalesce((select array_agg(distinct v) from unnest(coalesce(ls.langs, '{}') || coalesce(ll.langs, '{}')) v), '{}'),
    coalesce(c.free, false) or coalesce(s.fees ~* '^\s*(free|none|no cost|gratis)\W*$', false)
      or coalesce(s.fees_description ~* '^\s*(free|none|no cost|gratis)\W*$', false),
    s.status, l.latitude, l.longitude, a.postal_code, a.line,
    coalesce(tz.time_zone, p_default_time_zone),
    coalesce(psal.number, ps.number, pl.number), s.eligibility_description, s.assured_date,
    coalesce(ssal.rows, ss.rows, sl.rows, '[]'::jsonb)
  from svc s
  left join hsds_organization o on o.id = s.organization_id
  left join sal on sal.service_id = s.id
  left join hsds_location l on l.id = sal.location_id
  left join addr a on a.location_id = l.id
  left join directory_time_zones tz on tz.state_key = lower(btrim(a.state_province))
  left join terms t on t.service_id = s.id
  left join lang_s ls on ls.k = s.id
  left join lang_l ll on ll.k = l.id
  left join cost c on c.service_id = s.id
  left join phone_s ps on ps.k = s.id
  left join phone_sal psal on psal.k = sal.id
  left join phone_l pl on pl.k = l.id
  left join sch_s ss on ss.k = s.id
  left join sch_sal ssal on ssal.k = sal.id
  left join sch_l sl on sl.k = l.id;
  get diagnostics n = row_count;
  return n;
end $$;

-- An organization's own resources: visible to it alone (a landlord who rents to people with a
-- record, a church that serves dinner on Thursdays). Same shape as a search row, so one query
-- searches both.
create table directory_local_services (
  id uuid primary key,
  org_id uuid not null references organizations(id),
  name text not null check (length(btrim(name)) between 1 and 300),
  organization_name text,
  description text,
  terms text not null default '',
  categories text[] not null default '{}',
  taxonomy_term_ids uuid[] not null default '{}',
  languages text[] not null default '{}',
  free boolean not null default false,
  status text not null default 'active' check (status in ('active', 'inactive', 'defunct', 'temporarily closed')),
  lat double precision check (lat between -90 and 90),
  lon double precision check (lon between -180 and 180),
  postal_code text,
  address text,
  time_zone text not null,
  phone text,
  email text,
  url text,
  eligibility text,
  last_verified date,
  schedules jsonb not null default '[]'::jsonb,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  modified_at timestamptz not null default now(),
  search_text text generated always as (pb_search_norm(name || ' ' || coalesce(organization_name, '') || ' ' || terms)) stored,
  tsv tsvector generated always as (
    setweight(to_tsvector('english'::regconfig, pb_search_norm(name)), 'A') ||
    setweight(to_tsvector('spanish'::regconfig, pb_search_norm(name)), 'A') ||
    setweight(to_tsvector('english'::regconfig, pb_search_norm(coalesce(organization_name, '') || ' ' || terms)), 'B') ||
    setweight(to_tsvector('spanish'::regconfig, pb_search_norm(coalesce(organization_name, '') || ' ' || terms)), 'B') ||
    setweight(to_tsvector('english'::regconfig, pb_search_norm(coalesce(description, ''))), 'C') ||
    setweight(to_tsvector('spanish'::regconfig, pb_search_norm(coalesce(description, ''))), 'D')
  ) stored
);
create index directory_local_services_org_idx on directory_local_services (org_id, name);

-- An organization's private notes on any service (public or its own): "ask for Maria at intake".
create table directory_notes (
  org_id uuid not null references organizations(id),
  service_id uuid not null,
  body text not null check (length(body) between 1 and 4000),
  updated_by uuid references users(id),
  updated_at timestamptz not null default now(),
  primary key (org_id, service_id)
);

-- Which directory organizations (hsds_organization) a tenant manages: its admins and API tokens
-- may publish beds for their services. Set by the operator (`peerbridge directory manage`).
create table directory_managers (
  org_id uuid not null references organizations(id),
  hsds_organization_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (org_id, hsds_organization_id)
);

-- Beds available now at a peer respite or shelter: public information, written by the service's
-- managing organization (checked in the directory service).
create table directory_beds (
  service_id uuid primary key,
  available integer not null check (available >= 0),
  total integer check (total >= 0),
  note text,
  updated_at timestamptz not null,
  updated_by_org uuid references organizations(id)
);

alter table directory_local_services enable row level security;
alter table directory_notes enable row level security;
alter table directory_managers enable row level security;
create policy tenant_isolation on directory_local_services using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on directory_notes using (org_id = pb_current_org()) with check (org_id = pb_current_org());
create policy tenant_isolation on directory_managers using (org_id = pb_current_org()) with check (org_id = pb_current_org());
grant select, insert, update, delete on directory_local_services, directory_notes to peerbridge_app;
grant select, insert, delete on directory_managers to peerbridge_app;
grant select, insert, update, delete on hsds_external_ids, directory_search to peerbridge_app;
grant select, insert on directory_imports to peerbridge_app;
grant select on directory_time_zones to peerbridge_app;
grant select, insert, update on directory_beds to peerbridge_app;

-- Peerbridge's categories: crisis lines, warmlines and peer respites are first-class, beside the
-- everyday needs of a peer's day. Spanish names sit in the descriptions so they are searchable.
insert into hsds_taxonomy (id, name, description, version, pb_source) values
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a40', 'Peerbridge categories', 'Service categories used by Peerbridge staff search (crisis lines, warmlines, peer respites, basic needs).', '1', 'peerbridge');
insert into hsds_taxonomy_term (id, code, name, description, taxonomy, taxonomy_id, language, pb_source)
select id::uuid, code, name, description, 'Peerbridge categories', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a40', 'en', 'peerbridge' from (values
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a01', 'crisis-line', 'Crisis line', 'Call or text for someone in crisis, 24/7. Español: línea de crisis.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a02', 'warmline', 'Warmline', 'Peer-run line for support before a crisis. Español: línea de apoyo entre pares.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a03', 'peer-respite', 'Peer respite', 'Short voluntary stay run by peers, an alternative to the hospital. Español: respiro entre pares.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a04', 'shelter', 'Shelter', 'Emergency or overnight shelter. Español: albergue, refugio.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a05', 'housing', 'Housing', 'Housing help and rentals. Español: vivienda.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a06', 'food', 'Food pantry', 'Groceries and meals. Español: despensa de alimentos, comida.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a07', 'detox', 'Detox', 'Withdrawal management. Español: desintoxicación.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a08', 'moud', 'MOUD clinic', 'Medication for opioid use disorder: buprenorphine, methadone, naltrexone. Español: medicamentos para el trastorno por consumo de opioides.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a09', 'mental-health', 'Mental health', 'Counseling and mental health care. Español: salud mental.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a10', 'substance-use', 'Substance use treatment', 'Treatment and recovery support. Español: tratamiento de adicciones.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a11', 'transportation', 'Transportation', 'Rides and transit help. Español: transporte.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a12', 'employment', 'Employment', 'Jobs and training. Español: empleo.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a13', 'legal', 'Legal help', 'Legal aid and record expungement. Español: ayuda legal.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a14', 'benefits', 'Benefits', 'Public benefits enrollment. Español: beneficios.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a15', 'health', 'Health care', 'Primary and community health care. Español: salud, clínica.'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a16', 'information-referral', 'Information and referral', 'Connects people to local services. Español: información y referencias.')
) v(id, code, name, description);

-- National entries every search shows where relevant: 988 and 211.
insert into hsds_organization (id, name, description, website, pb_source) values
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5b01', '988 Suicide & Crisis Lifeline', 'The US national network of local crisis centers, reached by calling or texting 988.', 'https://988lifeline.org', 'peerbridge'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5b02', '211', 'The national number for local health and human services information and referral.', 'https://www.211.org', 'peerbridge');
insert into hsds_service (id, organization_id, name, description, url, status, eligibility_description, fees, assured_date, interpretation_services, pb_source) values
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5b01', '988 Suicide & Crisis Lifeline',
   'Free, confidential support 24/7 for anyone in suicidal crisis or emotional distress, or worried about someone. Call or text 988, or chat at 988lifeline.org. Press 1 for the Veterans Crisis Line; Spanish and interpretation available.',
   'https://988lifeline.org', 'active', 'Anyone in the United States.', 'Free', current_date, 'Spanish; interpretation in more than 240 languages', 'peerbridge'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c02', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5b02', '211 community resources line',
   'Free, confidential help finding local resources: food, housing, utilities, health care, transportation. Call 211.',
   'https://www.211.org', 'active', 'Anyone in the United States.', 'Free', current_date, 'Interpretation available', 'peerbridge');
insert into hsds_phone (id, service_id, number, type, description, pb_source) values
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5d01', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01', '988', 'voice', 'Call or text, 24/7', 'peerbridge'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5d02', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c02', '211', 'voice', 'Call', 'peerbridge');
insert into hsds_language (id, service_id, name, code, pb_source) values
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5e01', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01', 'English', 'en', 'peerbridge'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5e02', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01', 'Spanish', 'es', 'peerbridge'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5e03', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c02', 'English', 'en', 'peerbridge'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5e04', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c02', 'Spanish', 'es', 'peerbridge');
insert into hsds_schedule (id, service_id, freq, byday, opens_at, closes_at, description, pb_source) values
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5f01', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01', 'WEEKLY', 'MO,TU,WE,TH,FR,SA,SU', '00:00:00', '00:00:00', '24 hours a day, 7 days a week', 'peerbridge'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5f02', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c02', 'WEEKLY', 'MO,TU,WE,TH,FR,SA,SU', '00:00:00', '00:00:00', '24 hours a day in most areas', 'peerbridge');
insert into hsds_service_area (id, service_id, name, extent_type, pb_source) values
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a91', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01', 'United States', 'country', 'peerbridge'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a92', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c02', 'United States', 'country', 'peerbridge');
insert into hsds_attribute (id, link_id, link_entity, taxonomy_term_id, pb_source) values
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a81', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01', 'service', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a01', 'peerbridge'),
  ('6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a82', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c02', 'service', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a16', 'peerbridge');
select pb_directory_refresh(array['6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c02']::uuid[], 'America/New_York', '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a40');
