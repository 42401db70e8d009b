-- Directory (issue 5): a staff search with words and a radius finds its candidates in one index.
--
-- A search such as "food pantry" within 10 km of a point combined two bitmaps: the point index
-- (about 700 entries in a big city's box) and the full-text index (10,000 entries of 100,000
-- that say "food"), or checked the words of every entry in the box. One GiST index over both the
-- point and the words answers "in this box and with these words" at once (about 60 candidates
-- for 18 results), and still serves a search by place alone through its first column, so it
-- replaces the point-only index. Measured with pgbench on 100,000 entries: the search statement
-- from about 3.6 ms to 1.6 ms.
drop index if exists directory_search_point_idx;
create index directory_search_point_words_idx on directory_search using gist (point(lon, lat), tsv) where lat is not null;

-- pb_distance_km is no longer STRICT: PostgreSQL inlines a SQL function into the query only when
-- it need not keep a strict function's null check, and least() made this one ineligible, so each
-- candidate paid a function call (4 µs) twice, in the radius filter and in the distance shown.
-- The explicit null case keeps the strict answer (least() ignores a null, so without it a missing
-- coordinate would come out as half the Earth's circumference). Coordinates reach it rounded to
-- 7 decimal places (roundCoordinate in interop/hsds/normalize.ts): a subnormal one would raise an
-- underflow error here, as PostgreSQL errs on underflow instead of giving 0.
create or replace function pb_distance_km(lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision)
returns double precision language sql immutable parallel safe as $$
  select case when lat1 is null or lon1 is null or lat2 is null or lon2 is null then null
    else 2 * 6371.0088 * asin(least(1, sqrt(
      power(sin(radians(lat2 - lat1) / 2), 2) +
      cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)))) end
$$;
