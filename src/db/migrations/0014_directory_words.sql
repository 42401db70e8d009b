-- Directory (issue 5): typo tolerance from a lexicon of the directory's words instead of a
-- trigram index over every search row.
--
-- The trigram GIN index on directory_search.search_text held about 50 trigrams for each of the
-- index's rows: maintaining it was the most expensive part of writing 100,000 search rows (4.5 s
-- of a first import), for a path searches take only when the words as typed find nothing. A
-- directory has few distinct words (thousands, however many services), so the typo path now
-- corrects each word of the query against directory_words (the way the pg_trgm documentation
-- suggests for spelling correction) and searches the full-text index with the corrections.
--
-- The lexicon holds words only: never which entry or organization has them, and it is read only
-- to correct the spelling of a query, whose results still pass row-level security. Words stay
-- when the entries that had them go (a correction to a word nobody has finds nothing).

create table directory_words (
  word text primary key
);
create index directory_words_trgm_idx on directory_words using gin (word gin_trgm_ops);
grant select, insert on directory_words to peerbridge_app;

-- The words of a search_text (service, organization and category names, normalized) worth
-- correcting a query towards.
create or replace function pb_directory_words_of(p_text text) returns setof text
language sql immutable parallel safe strict as $$
  select w from regexp_split_to_table(p_text, '[^[:alnum:]]+') w where length(w) between 3 and 40
$$;

create or replace function pb_directory_add_words() returns trigger
language plpgsql as $$
begin
  insert into directory_words (word)
  select distinct w from new_rows r, pb_directory_words_of(r.search_text) w
  on conflict do nothing;
  return null;
end $$;

create trigger directory_search_words after insert on directory_search
  referencing new table as new_rows for each statement execute function pb_directory_add_words();
create trigger directory_local_services_words_insert after insert on directory_local_services
  referencing new table as new_rows for each statement execute function pb_directory_add_words();
create trigger directory_local_services_words_update after update on directory_local_services
  referencing new table as new_rows for each statement execute function pb_directory_add_words();

insert into directory_words (word)
select distinct w from (select search_text from directory_search union all select search_text from directory_local_services) r,
  pb_directory_words_of(r.search_text) w
on conflict do nothing;

drop index directory_search_trgm_idx;

-- The typo-tolerant form of a query: each of its words, or one of the five directory words
-- spelled most like it (trigram similarity), stemmed in English and Spanish; all words required.
create or replace function pb_typo_tsquery(p_query text) returns tsquery
language plpgsql stable parallel safe as $$
declare
  token text;
  alternative text;
  alternatives tsquery;
  result tsquery;
begin
  for token in select t from regexp_split_to_table(pb_search_norm(p_query), '[^[:alnum:]]+') t where t <> '' loop
    alternatives := plainto_tsquery('english', token) || plainto_tsquery('spanish', token);
    for alternative in
      select d.word from directory_words d where d.word % token order by similarity(d.word, token) desc, d.word limit 5
    loop
      alternatives := alternatives || plainto_tsquery('english', alternative) || plainto_tsquery('spanish', alternative);
    end loop;
    result := case when result is null then alternatives else result && alternatives end;
  end loop;
  return coalesce(result, ''::tsquery);
end $$;
