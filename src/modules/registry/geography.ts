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

/**
 * The Census Bureau's divisions and regions, by state FIPS: regions as data, built in. A
 * registry admin adds its own sets as county lists (Michigan's PIHP regions); see registry.regions.ts.
 * Puerto Rico and the island areas belong to no division: they count as "outside these regions".
 */
export const CENSUS_DIVISIONS: readonly { id: string; name: string; region: string; states: readonly string[] }[] = [
  { id: 'new-england', name: 'New England', region: 'northeast', states: ['09', '23', '25', '33', '44', '50'] },
  { id: 'middle-atlantic', name: 'Middle Atlantic', region: 'northeast', states: ['34', '36', '42'] },
  { id: 'east-north-central', name: 'East North Central', region: 'midwest', states: ['17', '18', '26', '39', '55'] },
  { id: 'west-north-central', name: 'West North Central', region: 'midwest', states: ['19', '20', '27', '29', '31', '38', '46'] },
  { id: 'south-atlantic', name: 'South Atlantic', region: 'south', states: ['10', '11', '12', '13', '24', '37', '45', '51', '54'] },
  { id: 'east-south-central', name: 'East South Central', region: 'south', states: ['01', '21', '28', '47'] },
  { id: 'west-south-central', name: 'West South Central', region: 'south', states: ['05', '22', '40', '48'] },
  { id: 'mountain', name: 'Mountain', region: 'west', states: ['04', '08', '16', '30', '32', '35', '49', '56'] },
  { id: 'pacific', name: 'Pacific', region: 'west', states: ['02', '06', '15', '41', '53'] },
];
export const CENSUS_REGIONS: Readonly<Record<string, string>> = { northeast: 'Northeast', midwest: 'Midwest', south: 'South', west: 'West' };

/** The built-in region sets, each as region id -> its name and counties. */
export const BUILT_IN_REGION_SETS = ['census-division', 'census-region'] as const;
export type BuiltInRegionSet = (typeof BUILT_IN_REGION_SETS)[number];

export const builtInRegions = (set: BuiltInRegionSet): { name: string; label: string; counties: string[] }[] => {
  const counties = knownCounties();
  const of = (states: readonly string[]) => counties.filter((c) => states.includes(stateOf(c)));
  if (set === 'census-division') return CENSUS_DIVISIONS.map((d) => ({ name: d.id, label: d.name, counties: of(d.states) }));
  return Object.entries(CENSUS_REGIONS).map(([id, label]) => ({ name: id, label, counties: of(CENSUS_DIVISIONS.filter((d) => d.region === id).flatMap((d) => d.states)) }));
};
