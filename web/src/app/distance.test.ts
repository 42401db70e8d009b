import { describe, expect, it } from 'vitest';
import { kmFromMiles, kmToSave, milesFromKm } from './distance';

describe('distances in miles at the edge of the web app', () => {
  it('converts miles typed to the km the API takes, and a stored km value back to the miles typed', () => {
    expect(kmFromMiles(10)).toBeCloseTo(16.09344, 5);
    for (const miles of [0, 0.5, 1, 5, 10, 25, 600]) expect(milesFromKm(kmFromMiles(miles))).toBe(miles);
  });

  it('shows a km value of its own to a tenth of a mile', () => {
    expect(milesFromKm(15)).toBe(9.3);
    expect(milesFromKm(1)).toBe(0.6);
  });

  it('saves the stored km when the miles shown were left as they were, the miles typed otherwise', () => {
    expect(kmToSave(9.3, 15)).toBe(15); // 15 km reads 9.3 miles; 9.3 miles would be 14.97 km
    expect(kmToSave(10, 15)).toBeCloseTo(16.09, 2);
    expect(kmToSave(10, null)).toBeCloseTo(16.09, 2);
  });
});
