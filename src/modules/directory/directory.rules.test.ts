import { describe, expect, it } from 'vitest';
import { boundingBox, distanceKm, hsdsPage, isStale, languageKeys, looksFree, openNowOf } from './directory.rules.ts';

describe('freshness', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  it.each([
    ['2026-01-01', false],
    ['2025-11-24', false],
    ['2025-11-23', true],
    [null, true],
    ['not a date', true],
  ])('verified %s -> stale %s', (date, stale) => expect(isStale(date, now)).toBe(stale));
});

describe('distance', () => {
  it('haversine: Chicago Loop to O’Hare is about 25 km', () => {
    expect(distanceKm(41.8781, -87.6298, 41.9742, -87.9073)).toBeCloseTo(25.4, 0);
  });
  it('the bounding box holds every point within the radius', () => {
    const box = boundingBox(41.88, -87.63, 10);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const d = 9.99 / 6371.0088;
      const b = (bearing * Math.PI) / 180;
      const lat1 = (41.88 * Math.PI) / 180;
      const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
      const lon2 = (-87.63 * Math.PI) / 180 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
      const [la, lo] = [(lat2 * 180) / Math.PI, (lon2 * 180) / Math.PI];
      expect(la >= box.minLat && la <= box.maxLat && lo >= box.minLon && lo <= box.maxLon).toBe(true);
    }
  });
  it('near a pole the box spans every longitude', () => {
    expect(boundingBox(89.9, 10, 50)).toMatchObject({ minLon: -180, maxLon: 180 });
  });
});

describe('open now, in the location’s time zone', () => {
  const weekdays9to5 = [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00:00', closes_at: '17:00:00' }];
  // Tuesday 2026-11-24 16:00 UTC: 10:00 in Chicago, 08:00 in Los Angeles, 11:00 in New York.
  const now = new Date('2026-11-24T16:00:00Z');
  it.each([
    ['America/Chicago', true],
    ['America/Los_Angeles', false],
    ['America/New_York', true],
    ['Pacific/Honolulu', false],
  ])('%s -> %s', (zone, open) => expect(openNowOf(weekdays9to5, zone, now)).toBe(open));
  it('overnight hours run past midnight', () => {
    const overnight = [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '19:00:00', closes_at: '08:00:00' }];
    expect(openNowOf(overnight, 'America/Chicago', new Date('2026-11-25T07:00:00Z'))).toBe(true); // 01:00
    expect(openNowOf(overnight, 'America/Chicago', new Date('2026-11-24T18:00:00Z'))).toBe(false); // 12:00
  });
  it('no schedule or an unknown zone: unknown, never "closed"', () => {
    expect(openNowOf([], 'America/Chicago', now)).toBeNull();
    expect(openNowOf(weekdays9to5, 'Mars/Olympus_Mons', now)).toBeNull();
  });
});

describe('HSDS Page wrapper', () => {
  it('counts pages and flags the first, last and empty ones', () => {
    expect(hsdsPage([1, 2], 5, 1, 2)).toEqual({ total_items: 5, total_pages: 3, page_number: 1, size: 2, first_page: true, last_page: false, empty: false, contents: [1, 2] });
    expect(hsdsPage([5], 5, 3, 2)).toMatchObject({ last_page: true, first_page: false, size: 1 });
    expect(hsdsPage([], 0, 1, 50)).toMatchObject({ total_pages: 1, empty: true, last_page: true });
  });
});

describe('small normalizers', () => {
  it('free and languages', () => {
    expect(looksFree('Free')).toBe(true);
    expect(looksFree('Free of charge for members, $5 otherwise')).toBe(false);
    expect(languageKeys([' ES', 'Spanish', 'es'])).toEqual(['es', 'spanish']);
  });
});
