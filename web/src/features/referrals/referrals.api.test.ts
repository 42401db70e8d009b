import { describe, expect, it } from 'vitest';
import { needOfCategories } from './referrals.api';

describe('the need preselected for a referral to a service', () => {
  it('follows the first of its categories that names a need', () => {
    expect(needOfCategories(['food'])).toBe('food');
    expect(needOfCategories(['information-referral', 'shelter', 'food'])).toBe('housing');
    expect(needOfCategories(['moud'])).toBe('treatment');
    expect(needOfCategories(['peer-respite'])).toBe('health');
  });

  it('is none when no category names one, so the form falls back to "other"', () => {
    expect(needOfCategories([])).toBeNull();
    expect(needOfCategories(['information-referral'])).toBeNull();
  });
});
