// "Open now" has two implementations: isOpenNow (interop/hsds/schedule.ts) shows it on each
// result and on the service page, and the SQL of 0012_directory_open_hours.sql filters searches
// on it. Random schedules, instants and time zones must get the same answer from both, on PGlite
// and on the PostgreSQL server, through the weekly fast path and through the full rules.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness/db.ts';
import { rowsOf } from '../../db/client.ts';
import { isOpenNow } from '../../interop/hsds/schedule.ts';
import type { Schedule } from '../../interop/hsds/model.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

const ZONES = ['America/Chicago', 'America/New_York', 'America/Los_Angeles', 'America/Phoenix', 'America/Indiana/Indianapolis', 'Pacific/Honolulu', 'Europe/Madrid', 'Australia/Sydney', 'UTC'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

// Hour 25 is unreadable (the local-resource form checks only the shape HH:MM): no session.
const clockText = fc
  .record({ h: fc.integer({ min: 0, max: 25 }), m: fc.constantFrom(0, 15, 30, 59), offset: fc.constantFrom('', '', '', '-05:00', 'Z') })
  .map(({ h, m, offset }) => `${String(h).padStart(2, '0')}:${String(h === 24 ? 0 : m).padStart(2, '0')}:00${offset}`);
const dateText = fc.integer({ min: 0, max: 800 }).map((d) => new Date(Date.UTC(2025, 10, 1) + d * 86_400_000).toISOString().slice(0, 10));
const bydayText = fc
  .uniqueArray(fc.record({ day: fc.constantFrom(...DAYS), nth: fc.constantFrom('', '', '', '', '1', '2', '-1') }), { minLength: 1, maxLength: 4, selector: (x) => x.day })
  .map((parts) => parts.map((p) => p.nth + p.day).join(','));

/** A schedule row as the readers store it: normalized times and dates, HSDS field names. */
const scheduleRow: fc.Arbitrary<Partial<Schedule>> = fc
  .record(
    {
      freq: fc.constantFrom('WEEKLY', 'WEEKLY', 'MONTHLY'),
      byday: bydayText,
      bymonthday: fc.constantFrom('1', '15', '-1', '1,15', '31'),
      opens_at: clockText,
      closes_at: clockText,
      valid_from: dateText,
      valid_to: dateText,
      dtstart: dateText,
      until: dateText,
      interval: fc.constantFrom(1, 2, 3),
    },
    { requiredKeys: [] },
  )
  .map((r) => r as Partial<Schedule>);

/** Mostly plain weekly rows (the fast path), sometimes any combination of fields. */
const schedules = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ byday: fc.option(fc.uniqueArray(fc.constantFrom(...DAYS), { minLength: 1, maxLength: 7 }).map((d) => d.join(',')), { nil: undefined }), opens_at: clockText, closes_at: clockText }) },
    { weight: 2, arbitrary: scheduleRow },
  ),
  { maxLength: 3 },
);
// Instants over a year and a half, so both daylight saving changes of every zone are crossed.
const instant = fc.integer({ min: Date.UTC(2025, 10, 1), max: Date.UTC(2027, 3, 1) }).map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));

const strip = (rows: Partial<Schedule>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

describe('open now in SQL (0012) agrees with isOpenNow', () => {
  it('for random schedules, instants and time zones', async () => {
    const cases = fc.sample(fc.record({ schedules, at: instant, zone: fc.constantFrom(...ZONES) }), { numRuns: 3000, seed: 20261201 });
    const payload = cases.map((c) => ({ s: strip(c.schedules), z: c.zone, at: c.at.toISOString() }));
    const answers = await t.db.tenant(null, async (tx) =>
      rowsOf<{ i: number; open: boolean; weekly: boolean }>(
        await tx.execute(sql`select (x.ordinality - 1)::int as i,
            pb_open_at(pb_weekly_hours(x.value->'s'), x.value->'s', x.value->>'z', (x.value->>'at')::timestamptz) as open,
            pb_weekly_hours(x.value->'s') is not null as weekly
          from jsonb_array_elements(${JSON.stringify(payload)}::jsonb) with ordinality x order by x.ordinality`),
      ),
    );
    const disagreements = cases
      .map((c, i) => ({ ...payload[i]!, expected: isOpenNow(c.schedules as Schedule[], c.at, c.zone), sql: answers[i]!.open }))
      .filter((c) => c.expected !== c.sql);
    expect(disagreements.slice(0, 5)).toEqual([]);
    // Both paths were exercised, and both answers occur.
    const weekly = answers.filter((a) => a.weekly).length;
    expect(weekly).toBeGreaterThan(1000);
    expect(answers.length - weekly).toBeGreaterThan(300);
    expect(answers.filter((a) => a.open).length).toBeGreaterThan(300);
    expect(answers.filter((a) => !a.open).length).toBeGreaterThan(300);
  });

  it('gives weekly hours as ranges of the local week, wrapping Sunday night into Monday', async () => {
    const hours = async (rows: unknown[]) =>
      t.db.tenant(null, async (tx) => rowsOf<{ h: string | null }>(await tx.execute(sql`select pb_weekly_hours(${JSON.stringify(rows)}::jsonb)::text as h`))[0]!.h);
    expect(await hours([{ byday: 'MO,FR', opens_at: '09:00:00', closes_at: '17:00:00' }])).toBe('{[540,1020),[6300,6780)}');
    expect(await hours([{ byday: 'SU', opens_at: '22:00:00', closes_at: '06:00:00' }])).toBe('{[0,360),[9960,10080)}');
    expect(await hours([])).toBe('{}');
    expect(await hours([{ byday: '2MO', opens_at: '09:00:00', closes_at: '12:00:00' }])).toBeNull();
    expect(await hours([{ opens_at: '09:00:00', closes_at: '12:00:00', valid_from: '2026-01-01' }])).toBeNull();
  });
});
