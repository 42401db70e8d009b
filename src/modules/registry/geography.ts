import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * County FIPS codes the registry accepts: the counties of the bundled `us-atlas` boundaries (2017
 * vintage, the map the web app draws), plus the codes ACS 2022 and later use where the atlas is
 * older: Connecticut's planning regions (09110-09190) and Alaska's split of 02261 (02063, 02066).
 * A code outside both is an unknown county (OUTCOMES-AND-WORKFORCE.md section 5: joins drop
 * counties whose vintages differ, so an unknown code is reported, never silently kept).
 */
interface Topology {
  objects: { counties: { geometries: { id: string; properties: { name: string } }[] }; states: { geometries: { id: string; properties: { name: string } }[] } };
}

const require = createRequire(import.meta.url);
let atlas: { counties: Map<string, string>; states: Map<string, string> } | null = null;

const load = () => {
  if (atlas) return atlas;
  const topo = JSON.parse(readFileSync(require.resolve('us-atlas/counties-10m.json'), 'utf8')) as Topology;
  const counties = new Map(topo.objects.counties.geometries.map((g) => [g.id, g.properties.name]));
  for (const [fips, name] of NEWER_COUNTIES) counties.set(fips, name);
  const states = new Map(topo.objects.states.geometries.map((g) => [g.id, g.properties.name]));
  atlas = { counties, states };
  return atlas;
};

const NEWER_COUNTIES: [string, string][] = [
  ['09110', 'Capitol Planning Region'],
  ['09120', 'Greater Bridgeport Planning Region'],
  ['09130', 'Lower Connecticut River Valley Planning Region'],
  ['09140', 'Naugatuck Valley Planning Region'],
  ['09150', 'Northeastern Connecticut Planning Region'],
  ['09160', 'Northwest Hills Planning Region'],
  ['09170', 'South Central Connecticut Planning Region'],
  ['09180', 'Southeastern Connecticut Planning Region'],
  ['09190', 'Western Connecticut Planning Region'],
  ['02063', 'Chugach Census Area'],
  ['02066', 'Copper River Census Area'],
];

export const isKnownCounty = (fips: string): boolean => load().counties.has(fips);
export const countyName = (fips: string): string | null => load().counties.get(fips) ?? null;
export const stateName = (stateFips: string): string | null => load().states.get(stateFips) ?? null;
export const stateOf = (countyFips: string): string => countyFips.slice(0, 2);
export const countyCount = (): number => load().counties.size;

/** Every known county code, for generated benchmark data and the demo. */
export const knownCounties = (): string[] => [...load().counties.keys()].sort();
