// Distance has two implementations: distanceKm (directory.rules.ts) and pb_distance_km (SQL, the
// radius filter and the distance of each search result, inlined since 0018). Random points must
// get the same kilometres from both, on PGlite and on the PostgreSQL server, and a missing
// coordinate no distance at all (the SQL is not STRICT, and least() alone would ignore a null).
// Coordinates are as the directory keeps them, rounded to 7 decimal places (roundCoordinate).
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness/db.ts';
import { rowsOf } from '../../db/client.ts';
import { roundCoordinate } from '../../interop/hsds/normalize.ts';
import { distanceKm } from './directory.rules.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

const lat = fc.double({ min: -90, max: 90, noNaN: true }).map(roundCoordinate);
const lon = fc.double({ min: -180, max: 180, noNaN: true }).map(roundCoordinate);

describe('pb_distance_km', () => {
  it('gives the kilometres distanceKm gives, from next door to the antipodes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(lat, lon, lat, lon), { minLength: 1, maxLength: 40 }), async (pairs) => {
        const rows = await t.db.tenant(null, async (tx) =>
          rowsOf<{ km: number }>(
            await tx.execute(sql`select pb_distance_km(p.a, p.b, p.c, p.d) as km
              from jsonb_to_recordset(${JSON.stringify(pairs.map(([a, b, c, d]) => ({ a, b, c, d })))}::jsonb) p(i int, a float8, b float8, c float8, d float8)`),
          ),
        );
        pairs.forEach(([a, b, c, d], i) => expect(Number(rows[i]!.km)).toBeCloseTo(distanceKm(a, b, c, d), 6));
      }),
      { numRuns: 25 },
    );
  });

  it('gives no distance when a coordinate is missing', async () => {
    const [row] = await t.db.tenant(null, async (tx) =>
      rowsOf<Record<string, number | null>>(
        await tx.execute(sql`select pb_distance_km(41.9, -87.6, null, -87.7) as a, pb_distance_km(41.9, -87.6, 41.8, null) as b,
          pb_distance_km(null, -87.6, 41.8, -87.7) as c, pb_distance_km(41.9, null, 41.8, -87.7) as d, pb_distance_km(41.9, -87.6, 41.9, -87.6) as same`),
      ),
    );
    expect(row).toEqual({ a: null, b: null, c: null, d: null, same: 0 });
  });
});
