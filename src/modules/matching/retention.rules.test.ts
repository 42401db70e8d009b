import { describe, expect, it } from 'vitest';
import { retentionByCriterion } from './retention.rules.ts';

describe('retention by criterion', () => {
  it('counts each match once per criterion and rates kept meetings among answered ones', () => {
    const r = retentionByCriterion([
      { rating: 5, keptMeeting: true, reasons: [{ code: 'experience:substance-use.opioids' }, { code: 'experience:life.incarceration' }, { code: 'language:es' }] },
      { rating: 2, keptMeeting: false, reasons: [{ code: 'distance' }, { code: 'language:en' }] },
      { rating: null, keptMeeting: null, reasons: [{ code: 'experience:shared' }] },
      { rating: 4, keptMeeting: true, reasons: [{ code: 'experience:identity.lgbtq' }] },
    ]);
    expect(r.overall).toMatchObject({ matches: 4, keptMeeting: 2, keptMeetingRate: 2 / 3 });
    expect(r.overall.averageRating).toBeCloseTo(11 / 3);
    const byName = Object.fromEntries(r.byCriterion.map((c) => [c.criterion, c]));
    expect(byName.experience).toMatchObject({ matches: 3, keptMeeting: 2, keptMeetingRate: 1, averageRating: 4.5 });
    expect(byName.language).toMatchObject({ matches: 2, keptMeeting: 1, keptMeetingRate: 0.5 });
    expect(byName.distance).toMatchObject({ matches: 1, keptMeeting: 0, keptMeetingRate: 0 });
    expect(r.byCriterion[0]!.criterion).toBe('experience');
  });

  it('has no rates without answers', () => {
    expect(retentionByCriterion([]).overall).toMatchObject({ matches: 0, keptMeetingRate: null, averageRating: null });
  });
});
