import { describe, expect, it } from 'vitest';
import { isOpenNow, nextOpening } from './schedule.ts';

const weekdays9to5 = [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00:00', closes_at: '17:00:00' }];

describe('isOpenNow', () => {
  it.each([
    // 2024-06-03 is a Monday. 15:00Z is 11:00 in New York, 08:00 in Los Angeles, 16:00 in London.
    ['2024-06-03T15:00:00Z', 'America/New_York', true],
    ['2024-06-03T15:00:00Z', 'America/Los_Angeles', false],
    ['2024-06-03T15:00:00Z', 'Europe/London', true],
    ['2024-06-03T21:30:00Z', 'America/New_York', false],
    ['2024-06-03T21:30:00Z', 'America/Los_Angeles', true],
    // Saturday in New York.
    ['2024-06-08T15:00:00Z', 'America/New_York', false],
    // Friday 23:00 in Honolulu is already Saturday in UTC: still Friday hours locally.
    ['2024-06-08T02:30:00Z', 'Pacific/Honolulu', true],
  ])('at %s in %s: %s', (instant, zone, open) => {
    expect(isOpenNow(weekdays9to5, new Date(instant), zone)).toBe(open);
  });

  it('follows daylight saving time (New York springs forward on 2024-03-10)', () => {
    const daily = [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '09:00', closes_at: '17:00' }];
    // 13:30Z is 08:30 EST on Saturday but 09:30 EDT on Sunday.
    expect(isOpenNow(daily, new Date('2024-03-09T13:30:00Z'), 'America/New_York')).toBe(false);
    expect(isOpenNow(daily, new Date('2024-03-10T13:30:00Z'), 'America/New_York')).toBe(true);
    // And back on 2024-11-03: 13:30Z is 08:30 EST.
    expect(isOpenNow(daily, new Date('2024-11-03T13:30:00Z'), 'America/New_York')).toBe(false);
  });

  it('handles overnight hours (22:00-06:00 starting Monday night)', () => {
    const overnight = [{ byday: 'MO', opens_at: '22:00', closes_at: '06:00' }];
    const zone = 'America/Chicago';
    const at = (local: string): boolean => isOpenNow(overnight, new Date(local), zone);
    // Chicago is UTC-5 in June.
    expect(at('2024-06-04T04:00:00Z')).toBe(true); // Monday 23:00
    expect(at('2024-06-04T08:00:00Z')).toBe(true); // Tuesday 03:00
    expect(at('2024-06-04T12:00:00Z')).toBe(false); // Tuesday 07:00
    expect(at('2024-06-03T04:00:00Z')).toBe(false); // Sunday 23:00
    expect(at('2024-06-05T04:00:00Z')).toBe(false); // Tuesday 23:00
  });

  it('respects valid_from/valid_to and closure dates', () => {
    const summer = [{ byday: 'MO', opens_at: '09:00', closes_at: '17:00', valid_from: '2024-06-01', valid_to: '2024-08-31' }];
    expect(isOpenNow(summer, new Date('2024-06-03T15:00:00Z'), 'America/New_York')).toBe(true);
    expect(isOpenNow(summer, new Date('2024-09-02T15:00:00Z'), 'America/New_York')).toBe(false);
    const withHoliday = [...weekdays9to5, { valid_from: '2024-12-24', valid_to: '2024-12-26', description: 'Closed' }];
    expect(isOpenNow(withHoliday, new Date('2024-12-23T15:00:00Z'), 'America/New_York')).toBe(true);
    expect(isOpenNow(withHoliday, new Date('2024-12-24T15:00:00Z'), 'America/New_York')).toBe(false);
  });

  it('reads monthly ordinal days (second Tuesday, last Friday)', () => {
    const monthly = [{ freq: 'MONTHLY', byday: '2TU,-1FR', opens_at: '10:00', closes_at: '12:00' }];
    const zone = 'America/Denver';
    // June 2024: second Tuesday is the 11th, last Friday the 28th (Denver is UTC-6).
    expect(isOpenNow(monthly, new Date('2024-06-11T17:00:00Z'), zone)).toBe(true);
    expect(isOpenNow(monthly, new Date('2024-06-04T17:00:00Z'), zone)).toBe(false);
    expect(isOpenNow(monthly, new Date('2024-06-28T17:00:00Z'), zone)).toBe(true);
    expect(isOpenNow(monthly, new Date('2024-06-21T17:00:00Z'), zone)).toBe(false);
  });
});

describe('nextOpening', () => {
  it('is now when open', () => {
    const now = new Date('2024-06-03T15:00:00Z');
    expect(nextOpening(weekdays9to5, now, 'America/New_York')).toEqual(now);
  });

  it('finds Monday 09:00 local from a Friday evening', () => {
    const next = nextOpening(weekdays9to5, new Date('2024-06-07T23:00:00Z'), 'America/New_York');
    expect(next?.toISOString()).toBe('2024-06-10T13:00:00.000Z');
  });

  it('lands on the right UTC instant across the DST change', () => {
    // Saturday 18:00 EST; Monday 09:00 is EDT (UTC-4).
    const next = nextOpening(weekdays9to5, new Date('2024-03-09T23:00:00Z'), 'America/New_York');
    expect(next?.toISOString()).toBe('2024-03-11T13:00:00.000Z');
  });

  it('is undefined when nothing opens', () => {
    expect(nextOpening([], new Date('2024-06-03T15:00:00Z'), 'UTC')).toBeUndefined();
  });
});
