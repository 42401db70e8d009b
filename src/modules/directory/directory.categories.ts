// The mapping of feed taxonomy codes (AIRS / 211 LA, or a feed's own) to Peerbridge's categories
// (issue 19): data in directory_category_map (0036), which an instance operator extends. Adding a
// mapping re-indexes the services that carry a matching term, so `taxonomy=food` finds them at once.
import { isInstanceOperator, type Actor } from '../../core/actor.ts';
import { forbidden } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { listMappings, putMapping, servicesWithCode } from './categories.repo.ts';
import type { CategoryMapping } from './categories.repo.ts';
import { refreshSearch } from './directory.repo.ts';

export const createCategoryMap = ({ db, audit }: { db: Database; audit: AuditService }) => {
  const list = async (): Promise<CategoryMapping[]> =>
    db.tenant(null, (tx) => listMappings(tx));

  /** Adds (or changes) the category of a code; answers the mapping and the services re-indexed. */
  const add = async (actor: Actor, input: { code: string; category: string; note?: string | undefined }, defaultTimeZone = 'America/New_York') => {
    if (!isInstanceOperator(actor)) throw forbidden('Only an instance operator changes the category mapping of the shared directory.');
    const code = input.code.trim().toUpperCase();
    const category = input.category.trim().toLowerCase();
    return db.tenant(null, async (tx) => {
      await putMapping(tx, { code, category, note: input.note ?? null });
      const ids = await servicesWithCode(tx, code);
      await refreshSearch(tx, ids, defaultTimeZone);
      await audit.record(tx, actor, { action: 'directory.category_map.put', entityType: 'directory_category_map', entityId: null, details: { code, category, services: ids.length } });
      return { code, category, note: input.note ?? null, builtin: false, servicesIndexed: ids.length };
    }, null, db.longStatements);
  };

  return { list, add };
};
