import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REFERENCE_WEEK_START_MS,
  localToUtcMinute,
  offsetAt,
  offsetMinutesAt,
  parseClock,
  referenceWeekStart,
  zoneWeek,
} from './timezone.ts';

describe('referenceWeekStart', () => {
  it.each([
    ['2026-03-02', '2026-03-02T00:00:00.000Z'], // a Monday
    ['2026-03-08', '2026-03-02T00:00:00.000Z'], // the Sunday of that week
    ['2026-03-09T15:30:00Z', '2026-03-09T00:00:00.000Z'],
  ])('the week of %s starts %s', (asOf, start) => {
    expect(new Date(referenceWeekStart(asOf)).toISOString()).toBe(start);
  });

  it('falls back to a fixed Monday without a date', () => {
    expect(new Date(referenceWeekStart()).toISOString()).toBe('2025-01-06T00:00:00.000Z');
    expect(referenceWeekStart('not a date')).toBe(DEFAULT_REFERENCE_WEEK_START_MS);
  });
});

describe('offsets', () => {
  it.each([
    ['America/New_York', '2026-01-15T12:00:00Z', -300],
    ['America/New_York', '2026-07-15T12:00:00Z', -240],
    ['Asia/Kolkata', '2026-01-15T12:00:00Z', 330],
    ['America/Phoenix', '2026-07-15T12:00:00Z', -420],
    ['Not/AZone', '2026-07-15T12:00:00Z', 0],
  ])('%s at %s is %i minutes', (zone, at, offset) => {
    expect(offsetMinutesAt(zone, Date.parse(at))).toBe(offset);
  });

  it('finds the DST change inside the reference week to the minute', () => {
    // US DST began Sunday 2026-03-08 at 02:00 local = 07:00 UTC in New York.
    const week = referenceWeekStart('2026-03-02');
    const zw = zoneWeek('America/New_York', week);
    const change = 6 * 1440 + 7 * 60;
    expect(offsetAt(zw, change - 1)).toBe(-300);
    expect(offsetAt(zw, change)).toBe(-240);
  });

  it('maps local times to UTC, moving gap times forward and taking the first of repeated times', () => {
    const spring = zoneWeek('America/New_York', referenceWeekStart('2026-03-02'));
    expect(localToUtcMinute(spring, 6 * 1440 + 60)).toBe(6 * 1440 + 6 * 60); // 01:00 EST
    expect(localToUtcMinute(spring, 6 * 1440 + 150)).toBe(6 * 1440 + 7 * 60 + 30); // 02:30 does not exist
    expect(localToUtcMinute(spring, 6 * 1440 + 180)).toBe(6 * 1440 + 7 * 60); // 03:00 EDT
    // Fall back: Sunday 2026-11-01, 01:30 happens twice; the first is 05:30 UTC.
    const fall = zoneWeek('America/New_York', referenceWeekStart('2026-10-26'));
    expect(localToUtcMinute(fall, 6 * 1440 + 90)).toBe(6 * 1440 + 5 * 60 + 30);
  });
});

describe('parseClock', () => {
  it.each([
    ['00:00', 0],
    ['09:30', 570],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('%s is minute %i', (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
  });

  it.each(['24:30', '25:00', '9:30', '09:60', '1/:00', 'ab:cd', '09-30', ''])('rejects %j', (text) => {
    expect(parseClock(text)).toBeNaN();
  });
});
