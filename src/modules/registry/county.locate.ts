import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { zipCentroid } from '../directory/directory.zips.ts';

/**
 * The county a point lies in, from the bundled `us-atlas` county boundaries (the map the web app
 * draws; longitude and latitude, quantized TopoJSON): a ring test on the county's outline, after a
 * bounding-box check, loaded once per process on the first lookup. A member's build uses it to
 * put a participant in a county from the location it keeps (its coordinates, or the centroid of
 * its ZIP code); the street address itself stays encrypted and is never read for this.
 */
interface Shape {
  fips: string;
  box: [number, number, number, number];
  /** Each ring as x0, y0, x1, y1, ... (longitude, latitude). */
  rings: Float64Array[];
}

interface Topology {
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: [number, number][][];
  objects: { counties: { geometries: { id: string; type: string; arcs?: number[][] | number[][][] }[] } };
}

let shapes: Shape[] | null = null;

const load = (): Shape[] => {
  if (shapes) return shapes;
  const topo = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('us-atlas/counties-10m.json'), 'utf8')) as Topology;
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty] as const;
    });
  });
  const ringOf = (indexes: number[]) => {
    const points: number[] = [];
    for (const i of indexes) for (const [x, y] of i >= 0 ? arcs[i]! : [...arcs[~i]!].reverse()) points.push(x, y);
    return Float64Array.from(points);
  };
  shapes = topo.objects.counties.geometries.flatMap((g) => {
    if (!g.arcs) return [];
    const polygons = (g.type === 'Polygon' ? [g.arcs] : g.arcs) as number[][][];
    const rings = polygons.flatMap((p) => p.map(ringOf));
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const r of rings) {
      for (let i = 0; i < r.length; i += 2) {
        box[0] = Math.min(box[0], r[i]!);
        box[1] = Math.min(box[1], r[i + 1]!);
        box[2] = Math.max(box[2], r[i]!);
        box[3] = Math.max(box[3], r[i + 1]!);
      }
    }
    return [{ fips: g.id, box, rings }];
  });
  return shapes;
};

/** Even-odd rule over every ring of the county (holes and islands alike). */
const inside = (s: Shape, lon: number, lat: number) => {
  let odd = false;
  for (const r of s.rings) {
    for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
      const xi = r[i]!;
      const yi = r[i + 1]!;
      const xj = r[j]!;
      const yj = r[j + 1]!;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
};

/** The county FIPS code at a longitude and latitude, or null outside every county. */
export const countyAt = (lat: number, lon: number): string | null => {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  for (const s of load()) {
    if (lon < s.box[0] || lon > s.box[2] || lat < s.box[1] || lat > s.box[3]) continue;
    if (inside(s, lon, lat)) return s.fips;
  }
  return null;
};

/** The county of a kept location: its coordinates when known, else its US ZIP code's centroid. */
export const countyOfLocation = (loc: { lat: number | null; lon: number | null; postalCode: string | null }): string | null => {
  if (loc.lat !== null && loc.lon !== null) return countyAt(loc.lat, loc.lon);
  const c = loc.postalCode ? zipCentroid(loc.postalCode) : null;
  return c ? countyAt(c.lat, c.lon) : null;
};
