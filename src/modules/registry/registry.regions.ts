import type { Actor } from '../../core/actor.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { BUILT_IN_REGION_SETS, builtInRegions, CENSUS_DIVISIONS, CENSUS_REGIONS, isKnownCounty, type BuiltInRegionSet } from './geography.ts';
import { requireRegistryAdmin, viewOf } from './registry.access.ts';
import * as repo from './registry.repo.ts';

const isBuiltIn = (set: string): set is BuiltInRegionSet => (BUILT_IN_REGION_SETS as readonly string[]).includes(set);

/** A region's words: the Census names for the built-in sets, the admin's own otherwise. */
export const regionLabel = (group: string) =>
  group === 'outside' ? 'Outside these regions' : (CENSUS_DIVISIONS.find((d) => d.id === group)?.name ?? CENSUS_REGIONS[group] ?? group);

/** Counties to regions for a headcount by region: a built-in set or one the registry defined. */
export const regionMapOf = async (tx: Tx, registryId: string, set: string): Promise<repo.RegionMap> => {
  const regions = isBuiltIn(set) ? builtInRegions(set) : await repo.regionSet(tx, registryId, set);
  if (regions.length === 0) throw notFound('Region set');
  return { counties: regions.flatMap((r) => r.counties), regions: regions.flatMap((r) => r.counties.map(() => r.name)) };
};

/**
 * Regions as data (issue 22): headcount and FTE by region as well as by county and state. The
 * Census divisions and regions are built in; a registry admin defines its own sets as county
 * lists (a state's own regions, such as Michigan's PIHP regions), each county in one region of a
 * set. Changing a set changes the figures' data version (cached answers are not reused).
 */
export const createRegionsService = ({ db, audit }: { db: Database; audit: AuditService }) => ({
  async list(actor: Actor, registryId: string) {
    const view = await viewOf(db, actor, registryId);
    const own = await db.tenant(view.registry.org_id, (tx) => repo.regionSets(tx, registryId));
    const sets = new Map<string, { name: string; label: string; counties: string[] }[]>();
    for (const r of own) sets.set(r.region_set, [...(sets.get(r.region_set) ?? []), { name: r.name, label: r.name, counties: r.counties }]);
    return {
      sets: [
        ...BUILT_IN_REGION_SETS.map((set) => ({ set, builtIn: true, regions: builtInRegions(set) })),
        ...[...sets].map(([set, regions]) => ({ set, builtIn: false, regions })),
      ],
    };
  },

  /** Defines (or replaces) a region set; every county known, none in two regions of the set. */
  async put(actor: Actor, registryId: string, set: string, input: { regions: { name: string; counties: string[] }[] }) {
    const view = await viewOf(db, actor, registryId);
    requireRegistryAdmin(view);
    if (isBuiltIn(set)) throw badRequest(`"${set}" is built in; name your set otherwise.`, [{ field: 'body.set', message: 'Built in' }]);
    const problems: { field: string; message: string }[] = [];
    const seen = new Map<string, string>();
    const names = new Set<string>();
    const regions = input.regions.map((r, i) => {
      if (names.has(r.name)) problems.push({ field: `body.regions.${i}.name`, message: `"${r.name}" is named twice` });
      names.add(r.name);
      const counties = r.counties.map((c, j) => {
        const fips = c.trim().padStart(5, '0');
        if (!/^\d{5}$/.test(fips) || !isKnownCounty(fips)) problems.push({ field: `body.regions.${i}.counties.${j}`, message: `Unknown county FIPS code "${c}"` });
        else if (seen.has(fips) && seen.get(fips) !== r.name) problems.push({ field: `body.regions.${i}.counties.${j}`, message: `County ${fips} is already in region "${seen.get(fips)}"` });
        seen.set(fips, r.name);
        return fips;
      });
      return { name: r.name, counties: [...new Set(counties)] };
    });
    if (problems.length > 0) throw badRequest(problems[0]!.message, problems.slice(0, 50));
    await db.tenant(view.registry.org_id, async (tx) => {
      await repo.replaceRegionSet(tx, registryId, view.registry.org_id, set, regions);
      await audit.record(tx, actor, { action: 'registry.regions', entityType: 'registry', entityId: registryId, details: { set, regions: regions.length } });
    });
    return { set, builtIn: false, regions: regions.map((r) => ({ ...r, label: r.name })) };
  },

  async remove(actor: Actor, registryId: string, set: string) {
    const view = await viewOf(db, actor, registryId);
    requireRegistryAdmin(view);
    const gone = await db.tenant(view.registry.org_id, async (tx) => {
      const n = await repo.replaceRegionSet(tx, registryId, view.registry.org_id, set, []);
      if (n > 0) await audit.record(tx, actor, { action: 'registry.regions', entityType: 'registry', entityId: registryId, details: { set, regions: 0 } });
      return n;
    });
    if (gone === 0) throw notFound('Region set');
  },
});

export type RegistryRegionsService = ReturnType<typeof createRegionsService>;
