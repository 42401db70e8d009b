import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoBounds, geoContains } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { zipCentroid } from '../directory/directory.zips.ts';

/**
 * The county a point lies in, from the bundled `us-atlas` county boundaries (the map the web app
 * draws), decoded with topojson-client and tested with d3-geo's spherical geoContains after a
 * bounding-box check, loaded once per process on the first lookup. A member's build uses it to
 * put a participant in a county from the location it keeps (its coordinates, or the centroid of
 * its ZIP code); the street address itself stays encrypted and is never read for this.
 */
interface Shape {
  fips: string;
  /** [[west, south], [east, north]] in degrees (d3-geo's geoBounds; west > east across the antimeridian). */
  box: [[number, number], [number, number]];
  county: Feature<Geometry>;
}

let shapes: Shape[] | null = null;

const load = (): Shape[] => {
  if (shapes) return shapes;
  const topo = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('us-atlas/counties-10m.json'), 'utf8')) as Topology<{ counties: GeometryCollection }>;
  shapes = feature(topo, topo.objects.counties).features.flatMap((county) =>
    county.geometry && county.id !== undefined ? [{ fips: String(county.id), box: geoBounds(county), county }] : [],
  );
  return shapes;
};

const inBox = ({ box: [[west, south], [east, north]] }: Shape, lon: number, lat: number) =>
  lat >= south && lat <= north && (west <= east ? lon >= west && lon <= east : lon >= west || lon <= east);

/** The county FIPS code at a longitude and latitude, or null outside every county. */
export const countyAt = (lat: number, lon: number): string | null => {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  for (const s of load()) if (inBox(s, lon, lat) && geoContains(s.county, [lon, lat])) return s.fips;
  return null;
};

/** The county of a kept location: its coordinates when known, else its US ZIP code's centroid. */
export const countyOfLocation = (loc: { lat: number | null; lon: number | null; postalCode: string | null }): string | null => {
  if (loc.lat !== null && loc.lon !== null) return countyAt(loc.lat, loc.lon);
  const c = loc.postalCode ? zipCentroid(loc.postalCode) : null;
  return c ? countyAt(c.lat, c.lon) : null;
};
