import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { rowsOf } from '../../db/client.ts';
import { CATEGORY_TAXONOMY_ID } from './directory.repo.ts';

// The category mapping of feed taxonomy codes (directory_category_map, 0036).

export interface CategoryMapping {
  code: string;
  category: string;
  note: string | null;
  builtin: boolean;
}

export const listMappings = async (tx: Tx): Promise<CategoryMapping[]> =>
  rowsOf<CategoryMapping>(await tx.execute(sql`select code, category, note, builtin from directory_category_map order by code, category`));

export const putMapping = async (tx: Tx, m: { code: string; category: string; note: string | null }) => {
  await tx.execute(sql`insert into directory_category_map (code, category, note) values (${m.code}, ${m.category}, ${m.note})
    on conflict (code) do update set category = excluded.category, note = excluded.note, builtin = false`);
};

/** One mapping by its code (upper-cased, as stored), if any. */
export const mappingOf = async (tx: Tx, code: string): Promise<CategoryMapping | undefined> =>
  rowsOf<CategoryMapping>(await tx.execute(sql`select code, category, note, builtin from directory_category_map where code = ${code}`))[0];

/** Removes a mapping an operator added (a built-in one stays: deleteMapping's caller refuses it). */
export const deleteMapping = async (tx: Tx, code: string) => {
  await tx.execute(sql`delete from directory_category_map where code = ${code} and not builtin`);
};

/** Services carrying a term whose code the mapping covers (the prefix rule of 0036's refresh). */
export const servicesWithCode = async (tx: Tx, code: string): Promise<string[]> =>
  rowsOf<{ id: string }>(
    await tx.execute(sql`select distinct a.link_id as id from hsds_attribute a join hsds_taxonomy_term tt on tt.id = a.taxonomy_term_id
      join hsds_service s on s.id = a.link_id
      where tt.code is not null and (upper(btrim(tt.code)) = ${code} or upper(btrim(tt.code)) like ${code} || '-%' or upper(btrim(tt.code)) like ${code} || '.%'
        or (length(${code}) = 1 and upper(btrim(tt.code)) ~ ('^' || ${code} || '[A-Z](-|$)')))`),
  ).map((r) => r.id);

/** Peerbridge's categories: the codes of the built-in categories taxonomy (0005), which search and the web know. */
export const knownCategories = async (tx: Tx): Promise<string[]> =>
  rowsOf<{ code: string }>(await tx.execute(sql`select code from hsds_taxonomy_term where taxonomy_id = ${CATEGORY_TAXONOMY_ID}::uuid and code is not null order by code`)).map((r) => r.code);

export interface UnmappedCode {
  code: string;
  /** The feed's name for the code (the first, where terms of several taxonomies share a code). */
  name: string;
  services: number;
}

/**
 * The feed codes of imported services that map to no category (the prefix rule of 0036's refresh,
 * as servicesWithCode reads it): services filed only under them are not found by a need. Most
 * services first; the codes of the built-in categories taxonomy are categories themselves.
 */
export const unmappedCodes = async (tx: Tx, limit: number): Promise<UnmappedCode[]> =>
  rowsOf<UnmappedCode>(
    await tx.execute(sql`select c.code, min(c.name) as name, count(distinct a.link_id)::int as services
      from (select tt.id, upper(btrim(tt.code)) as code, tt.name from hsds_taxonomy_term tt
        where tt.code is not null and btrim(tt.code) <> '' and tt.taxonomy_id is distinct from ${CATEGORY_TAXONOMY_ID}::uuid) c
      join hsds_attribute a on a.taxonomy_term_id = c.id
      join hsds_service s on s.id = a.link_id
      where not exists (select 1 from directory_category_map m where c.code = m.code or c.code like m.code || '-%' or c.code like m.code || '.%'
        or (length(m.code) = 1 and c.code ~ ('^' || m.code || '[A-Z](-|$)')))
      group by c.code order by services desc, c.code limit ${limit}`),
  );

// The words of each category's need (directory_category_words, 0052 and 0054).

export interface CategoryWords {
  category: string;
  words: string;
  builtin: boolean;
  /** The words Peerbridge ships for the need (0056), which an operator can put back. */
  shippedWords: string | null;
}

const wordsColumns = sql`category, words, builtin, shipped_words as "shippedWords"`;

export const listCategoryWords = async (tx: Tx): Promise<CategoryWords[]> =>
  rowsOf<CategoryWords>(await tx.execute(sql`select ${wordsColumns} from directory_category_words order by category`));

export const putCategoryWords = async (tx: Tx, w: { category: string; words: string }): Promise<CategoryWords> =>
  rowsOf<CategoryWords>(
    await tx.execute(sql`insert into directory_category_words (category, words) values (${w.category}, ${w.words})
      on conflict (category) do update set words = excluded.words, builtin = false returning ${wordsColumns}`),
  )[0]!;

/** Puts the shipped words of a need back (none when Peerbridge ships none for it). */
export const restoreCategoryWords = async (tx: Tx, category: string): Promise<CategoryWords | undefined> =>
  rowsOf<CategoryWords>(
    await tx.execute(sql`update directory_category_words set words = shipped_words, builtin = true
      where category = ${category} and shipped_words is not null returning ${wordsColumns}`),
  )[0];

/** Imported services whose search rows carry the category (their words hold its need words). */
export const servicesInCategory = async (tx: Tx, category: string): Promise<string[]> =>
  rowsOf<{ id: string }>(await tx.execute(sql`select distinct service_id as id from directory_search where categories @> array[${category}]::text[]`)).map((r) => r.id);

/**
 * Writes the need words into the agencies' own entries of the category, organization by
 * organization (pb_directory_local_need_words, 0054: a tenant table under forced RLS).
 */
export const refreshLocalNeedWords = async (tx: Tx, category: string): Promise<number> =>
  rowsOf<{ n: number }>(await tx.execute(sql`select pb_directory_local_need_words(${category}) as n`))[0]!.n;
