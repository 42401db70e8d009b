// The mapping of feed taxonomy codes (AIRS / 211 LA, or a feed's own) to Peerbridge's categories
// (issue 19): data in directory_category_map (0036), which an instance operator extends. Adding a
// mapping re-indexes the services that carry a matching term, so `taxonomy=food` finds them at once.
import type { Actor } from '../../core/actor.ts';
import { conflict, invalidField, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import {
  deleteMapping,
  knownCategories,
  listCategoryWords,
  listMappings,
  mappingOf,
  putCategoryWords,
  putMapping,
  refreshLocalNeedWords,
  restoreCategoryWords,
  servicesInCategory,
  servicesWithCode,
  unmappedCodes,
} from './categories.repo.ts';
import type { CategoryMapping, CategoryWords, UnmappedCode } from './categories.repo.ts';
import { orgTimeZone, refreshSearch } from './directory.repo.ts';
import { requireOperator } from './directory.import.ts';

/**
 * The zone of re-indexed locations whose state does not tell one: the one given (the CLI's
 * --time-zone), else the operator's organization's, as an import through the API takes it.
 */
const zoneFor = async (db: Database, actor: Actor, given: string | undefined): Promise<string> => {
  if (given) return given;
  const orgId = actor.orgId;
  return (orgId ? await db.tenant(orgId, (tx) => orgTimeZone(tx, orgId)) : undefined) ?? 'America/New_York';
};

/**
 * A category search and the web know (a typo such as "fod" would file services under a need no
 * one looks for): refused naming the field, with the categories there are.
 */
const requireKnownCategory = async (tx: Tx, category: string, field = 'body.category'): Promise<void> => {
  const known = await knownCategories(tx);
  if (!known.includes(category)) throw invalidField(field, `"${category}" is not a Peerbridge category. Use one of: ${known.join(', ')}.`);
};


/** How many unmapped codes a list shows: the ones most services carry come first. */
const UNMAPPED_LIMIT = 200;

export const createCategoryMap = ({ db, audit }: { db: Database; audit: AuditService }) => {
  const list = async (): Promise<CategoryMapping[]> =>
    db.tenant(null, (tx) => listMappings(tx));

  /**
   * The feed codes of imported services that map to no category, most services first: what an
   * operator maps after an import so those services are found by their need.
   */
  const unmapped = async (actor: Actor): Promise<UnmappedCode[]> => {
    requireOperator(actor, 'Only an instance operator maps the codes of the shared directory.');
    return db.tenant(null, (tx) => unmappedCodes(tx, UNMAPPED_LIMIT));
  };

  /** Adds (or changes) the category of a code; answers the mapping and the services re-indexed. */
  const add = async (actor: Actor, input: { code: string; category: string; note?: string | undefined }, timeZone?: string) => {
    requireOperator(actor, 'Only an instance operator changes the category mapping of the shared directory.');
    const defaultTimeZone = await zoneFor(db, actor, timeZone);
    const code = input.code.trim().toUpperCase();
    const category = input.category.trim().toLowerCase();
    // In the operator's organization: the audit trail it is written to is that organization's
    // (row-level security on the trail refuses it under no organization).
    return db.tenant(actor.orgId ?? null, async (tx) => {
      await requireKnownCategory(tx, category);
      await putMapping(tx, { code, category, note: input.note ?? null });
      const ids = await servicesWithCode(tx, code);
      await refreshSearch(tx, ids, defaultTimeZone);
      await audit.record(tx, actor, { action: 'directory.category_map.put', entityType: 'directory_category_map', entityId: null, details: { code, category, services: ids.length } });
      return { code, category, note: input.note ?? null, builtin: false, servicesIndexed: ids.length };
    }, null, db.longStatements);
  };

  /**
   * Removes a mapping the operator added (a code mapped to the wrong need): the services that carry
   * the code, or a code under it, are re-indexed without it, and the code is listed again among
   * the codes no need covers when nothing else maps it. A built-in mapping is changed, not removed
   * (the map covers the AIRS sections peers use most, issue 19).
   */
  const remove = async (actor: Actor, given: string, timeZone?: string) => {
    requireOperator(actor, 'Only an instance operator changes the category mapping of the shared directory.');
    const defaultTimeZone = await zoneFor(db, actor, timeZone);
    const code = given.trim().toUpperCase();
    return db.tenant(actor.orgId ?? null, async (tx) => {
      const mapping = await mappingOf(tx, code);
      if (!mapping) throw notFound(`A mapping of the code ${code}`);
      if (mapping.builtin) {
        throw conflict('builtin-mapping', `${code} is a built-in mapping; map the code to another need instead of removing it.`);
      }
      // The services to re-index are those the mapping reached, found before it goes.
      const ids = await servicesWithCode(tx, code);
      await deleteMapping(tx, code);
      await refreshSearch(tx, ids, defaultTimeZone);
      await audit.record(tx, actor, {
        action: 'directory.category_map.delete',
        entityType: 'directory_category_map',
        entityId: null,
        details: { code, category: mapping.category, services: ids.length },
      });
      return { code, category: mapping.category, servicesIndexed: ids.length };
    }, null, db.longStatements);
  };

  return { list, unmapped, add, remove };
};

/**
 * The words people use for each category's need, in English and Spanish (directory_category_words,
 * 0052), which an instance operator extends (0054): "manje" for food where callers speak Haitian
 * Creole. Changing a category's words re-indexes the imported services of the category and the
 * agencies' own entries that carry it, so a search finds them by the new words at once.
 */
export const createCategoryWords = ({ db, audit }: { db: Database; audit: AuditService }) => {
  const list = async (): Promise<CategoryWords[]> => db.tenant(null, (tx) => listCategoryWords(tx));

  /**
   * Changes a category's words (`change` writes them and answers the row), then re-indexes the
   * imported services and the agencies' own entries of the category, and records it. In the
   * operator's organization: the audit trail it is written to is that organization's (row-level
   * security on the trail refuses it under no organization).
   */
  const changeWords = async (
    actor: Actor,
    category: { value: string; field: string },
    timeZone: string | undefined,
    action: string,
    change: (tx: Tx) => Promise<CategoryWords>,
  ) => {
    requireOperator(actor, 'Only an instance operator changes the words of the shared directory.');
    const defaultTimeZone = await zoneFor(db, actor, timeZone);
    return db.tenant(actor.orgId ?? null, async (tx) => {
      await requireKnownCategory(tx, category.value, category.field);
      const row = await change(tx);
      const ids = await servicesInCategory(tx, row.category);
      await refreshSearch(tx, ids, defaultTimeZone);
      const localEntries = await refreshLocalNeedWords(tx, row.category);
      await audit.record(tx, actor, {
        action,
        entityType: 'directory_category_words',
        entityId: null,
        details: { category: row.category, words: row.words.split(' ').length, services: ids.length, localEntries },
      });
      return { ...row, servicesIndexed: ids.length, localEntriesIndexed: localEntries };
    }, null, db.longStatements);
  };

  /** Sets the whole list of a category's words; answers it with the entries re-indexed. */
  const put = async (actor: Actor, input: { category: string; words: string }, timeZone?: string) => {
    const category = input.category.trim().toLowerCase();
    // One space between words: they are read as words (to_tsvector), never as a phrase.
    const words = input.words.trim().split(/\s+/).join(' ');
    return changeWords(actor, { value: category, field: 'body.category' }, timeZone, 'directory.category_words.put', (tx) => putCategoryWords(tx, { category, words }));
  };

  /** Puts back the words Peerbridge ships for a need (an operator's change undone). */
  const reset = async (actor: Actor, given: string, timeZone?: string) => {
    const category = given.trim().toLowerCase();
    return changeWords(actor, { value: category, field: 'path.category' }, timeZone, 'directory.category_words.reset', async (tx) => {
      const row = await restoreCategoryWords(tx, category);
      if (!row) throw conflict('no-shipped-words', `Peerbridge ships no words for "${category}"; change them instead.`);
      return row;
    });
  };

  return { list, put, reset };
};
