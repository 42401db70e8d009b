/**
 * Cost of the US ZIP code centroid table behind "search near a postal code" (issue 17). Prints
 * figures; never fails on time.
 *
 *   node --expose-gc bench/zip-centroids.ts
 *
 * 1. The first lookup loads the table (the package's 2 MB module, copied into typed arrays):
 *    wall time and the heap and RSS it leaves behind once the module's objects are collected.
 * 2. Lookups afterwards: a binary search, per-lookup time over 100,000 random ZIP codes.
 */
import { performance } from 'node:perf_hooks';
import { zipCentroid, zipCount } from '../src/modules/directory/directory.zips.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

gc?.();
const before = process.memoryUsage();
const t0 = performance.now();
const first = zipCentroid('60607');
const loadMs = performance.now() - t0;
gc?.();
gc?.();
const after = process.memoryUsage();
console.log(`ZIP codes in the table: ${zipCount()}`);
console.log(`First lookup (loads the table): ${loadMs.toFixed(0)} ms -> ${JSON.stringify(first)}`);
console.log(`Retained after GC: heap ${mb(after.heapUsed - before.heapUsed)}, typed arrays ${mb(after.arrayBuffers - before.arrayBuffers)}, RSS ${mb(after.rss - before.rss)}${gc ? '' : ' (run with --expose-gc for a settled figure)'}`);

const zips = Array.from({ length: 100_000 }, (_, i) => String((i * 7919) % 100_000).padStart(5, '0'));
let found = 0;
const t1 = performance.now();
for (const z of zips) if (zipCentroid(z)) found++;
const perLookupUs = ((performance.now() - t1) * 1000) / zips.length;
console.log(`Lookups: ${perLookupUs.toFixed(2)} µs each over ${zips.length} ZIP codes (${found} known)`);
