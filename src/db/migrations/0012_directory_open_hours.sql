-- Directory (issue 5): "open now" decided in SQL, so a search filtered on it counts and pages
-- every match. Before, the search fetched its best 2,000 candidates with their schedules and
-- filtered them in Node: the total undercounted beyond that, and each search shipped hundreds of
-- schedule documents it then threw away.
--
-- The rules are those of src/interop/hsds/schedule.ts (the reference; a property test holds the
-- two to the same answers), in two parts:
-- * open_hours: most schedules are a plain weekly pattern ("MO-FR 09:00-17:00"); those become a
--   set of minute ranges of the local week (Monday 00:00 = 0 .. 10080), computed once when the
--   entry is written, and a search asks only whether the range set contains the local minute.
-- * Schedules that depend on the date (validity dates, start or end dates, every other week, days
--   of the month, "2nd Monday", closures) leave open_hours null and are evaluated for the asked
--   instant by pb_open_now, a port of isOpenNow.
-- Local time comes from PostgreSQL's tz database (`at time zone`), like the rest of the server.

-- Minutes after midnight of a stored opens_at/closes_at ("09:00:00", "09:00", "17:30:00-05:00");
-- the readers normalize every time to HH:MM:SS, so no other spelling reaches the database. A
-- trailing UTC offset is ignored, as in schedule.ts. Null when unreadable.
create or replace function pb_clock_minutes(p text) returns integer
language plpgsql immutable parallel safe strict as $$
declare
  h integer;
  m integer;
begin
  if p !~ '^\s*\d{1,2}:\d\d' then
    return null;
  end if;
  h := split_part(btrim(p), ':', 1)::int;
  m := substr(split_part(btrim(p), ':', 2), 1, 2)::int;
  if m > 59 or h > 24 or (h = 24 and m > 0) then
    return null;
  end if;
  return h * 60 + m;
end $$;

-- The local minute of the week (Monday 00:00 = 0) at an instant in an IANA time zone.
-- 1970-01-01 was a Thursday: 4,320 minutes after the Monday before it.
create or replace function pb_minute_of_week(p_at timestamptz, p_tz text) returns integer
language sql stable parallel safe strict as $$
  select ((floor(extract(epoch from (p_at at time zone p_tz)) / 60)::bigint + 4320) % 10080)::int
$$;

-- The weekly opening hours of a list of HSDS schedule rows, or null when any row depends on the
-- date (see above). Rows without readable opening and closing times open nothing. Written with
-- simple expressions only (no query per row): it runs for every search row an import writes.
create or replace function pb_weekly_hours(p_schedules jsonb) returns int4multirange
language plpgsql immutable parallel safe as $$
declare
  s jsonb;
  opens integer;
  closes integer;
  d integer;
  day_start integer;
  part text;
  days integer[];
  ranges int4range[] := '{}';
begin
  for i in 0 .. coalesce(jsonb_array_length(p_schedules), 0) - 1 loop
    s := p_schedules->i;
    if s ?| array['valid_from', 'valid_to', 'dtstart', 'until', 'bymonthday']
      or coalesce(s->>'freq', 'WEEKLY') <> 'WEEKLY' then
      return null;
    end if;
    opens := pb_clock_minutes(s->>'opens_at');
    closes := pb_clock_minutes(s->>'closes_at');
    if coalesce(s->>'byday', '') = '' then
      days := '{0,1,2,3,4,5,6}';
    else
      days := '{}';
      foreach part in array string_to_array(s->>'byday', ',') loop
        part := upper(btrim(part));
        d := array_position('{MO,TU,WE,TH,FR,SA,SU}'::text[], part);
        if d is not null then
          days := days || (d - 1);
        elsif part ~ '^[+-]?\d{1,2}[A-Z]{2}$' then
          return null;
        end if;
      end loop;
    end if;
    continue when opens is null or closes is null;
    if closes <= opens then
      closes := closes + 1440;
    end if;
    foreach d in array days loop
      day_start := d * 1440;
      if day_start + closes <= 10080 then
        ranges := ranges || int4range(day_start + opens, day_start + closes);
      else
        ranges := ranges || int4range(day_start + opens, 10080) || int4range(0, day_start + closes - 10080);
      end if;
    end loop;
  end loop;
  return int4multirange(variadic ranges);
end $$;

-- Whether one schedule row applies on a local date (appliesOn in schedule.ts).
create or replace function pb_schedule_applies(s jsonb, p_day date) returns boolean
language plpgsql immutable parallel safe as $$
declare
  day_text text := to_char(p_day, 'YYYY-MM-DD');
  valid_from text := left(coalesce(s->>'valid_from', s->>'dtstart'), 10);
  valid_to text := left(coalesce(s->>'valid_to', s->>'until'), 10);
  weekday integer := extract(isodow from p_day)::int - 1;
  month_days integer := extract(day from (date_trunc('month', p_day) + interval '1 month - 1 day'))::int;
  day_of_month integer := extract(day from p_day)::int;
  every numeric;
  start_match text[];
  first_day date;
  weeks integer;
  part text;
  m text[];
  k integer;
  nth integer;
  matched boolean := false;
begin
  if valid_from is not null and day_text < valid_from then return false; end if;
  if valid_to is not null and day_text > valid_to then return false; end if;
  if s->>'freq' = 'WEEKLY' and jsonb_typeof(s->'interval') = 'number' and s->>'dtstart' is not null then
    every := (s->>'interval')::numeric;
    start_match := regexp_match(s->>'dtstart', '^(\d{4})-(\d{2})-(\d{2})');
    if every > 1 and start_match is not null then
      -- Every `interval` weeks, counted from the week (Monday first) of dtstart.
      first_day := make_date(start_match[1]::int, 1, 1) + (start_match[2]::int - 1) * interval '1 month' + (start_match[3]::int - 1) * interval '1 day';
      weeks := floor(((p_day - weekday) - (first_day - (extract(isodow from first_day)::int - 1)))::numeric / 7);
      if mod(weeks, every) <> 0 then return false; end if;
    end if;
  end if;
  if s->>'freq' = 'MONTHLY' and coalesce(s->>'bymonthday', '') <> '' then
    foreach part in array string_to_array(s->>'bymonthday', ',') loop
      part := btrim(part);
      continue when part !~ '^[+-]?\d+$';
      k := part::int;
      if k = day_of_month or (k < 0 and month_days + k + 1 = day_of_month) then
        matched := true;
      end if;
    end loop;
    if not matched then return false; end if;
  end if;
  if coalesce(s->>'byday', '') = '' then return true; end if;
  foreach part in array string_to_array(s->>'byday', ',') loop
    m := regexp_match(upper(btrim(part)), '^([+-]?\d{1,2})?([A-Z]{2})$');
    continue when m is null or array_position(array['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], m[2]) is distinct from weekday + 1;
    if m[1] is null then return true; end if;
    nth := m[1]::int;
    if nth > 0 and ceil(day_of_month / 7.0) = nth then return true; end if;
    if nth < 0 and ceil((month_days - day_of_month + 1) / 7.0) = -nth then return true; end if;
  end loop;
  return false;
end $$;

-- The opening sessions of a local date as minute ranges from its midnight (the end may pass
-- 1440 when a session runs past midnight); none on a closure day (sessionsOn in schedule.ts).
create or replace function pb_schedule_sessions(p_schedules jsonb, p_day date) returns setof int4range
language plpgsql immutable parallel safe as $$
declare
  s jsonb;
  opens integer;
  closes integer;
  day_text text := to_char(p_day, 'YYYY-MM-DD');
begin
  for i in 0 .. jsonb_array_length(p_schedules) - 1 loop
    s := p_schedules->i;
    -- A closure: a date range with no times and no days (legacy holiday schedules).
    if not (s ?| array['opens_at', 'closes_at', 'byday']) and (s ? 'valid_from' or s ? 'valid_to')
      and (left(coalesce(s->>'valid_from', s->>'dtstart'), 10) is null or day_text >= left(coalesce(s->>'valid_from', s->>'dtstart'), 10))
      and (left(coalesce(s->>'valid_to', s->>'until'), 10) is null or day_text <= left(coalesce(s->>'valid_to', s->>'until'), 10)) then
      return;
    end if;
  end loop;
  for i in 0 .. jsonb_array_length(p_schedules) - 1 loop
    s := p_schedules->i;
    opens := pb_clock_minutes(s->>'opens_at');
    closes := pb_clock_minutes(s->>'closes_at');
    continue when opens is null or closes is null or not pb_schedule_applies(s, p_day);
    return next int4range(opens, case when closes > opens then closes else closes + 1440 end);
  end loop;
end $$;

-- Open at an instant, for schedules that depend on the date (isOpenNow in schedule.ts): a session
-- of today holds the local time, or one of yesterday runs past midnight into it.
create or replace function pb_open_now(p_schedules jsonb, p_tz text, p_at timestamptz) returns boolean
language plpgsql stable parallel safe as $$
declare
  local_time timestamp := p_at at time zone p_tz;
  today date := local_time::date;
  minute integer := extract(hour from local_time)::int * 60 + extract(minute from local_time)::int;
begin
  return exists (select 1 from pb_schedule_sessions(p_schedules, today) r where lower(r) <= minute and minute < upper(r))
    or exists (select 1 from pb_schedule_sessions(p_schedules, today - 1) r where upper(r) > 1440 and minute < upper(r) - 1440);
end $$;

-- Open at an instant: the weekly hours when the schedules have them, else the full rules.
create or replace function pb_open_at(p_hours int4multirange, p_schedules jsonb, p_tz text, p_at timestamptz) returns boolean
language sql stable parallel safe as $$
  select case when p_hours is not null then p_hours @> pb_minute_of_week(p_at, p_tz)
    else p_schedules <> '[]'::jsonb and pb_open_now(p_schedules, p_tz, p_at) end
$$;

alter table directory_search add column open_hours int4multirange generated always as (pb_weekly_hours(schedules)) stored;
alter table directory_local_services add column open_hours int4multirange generated always as (pb_weekly_hours(schedules)) stored;
