/**
 * Match retention by criterion (issue 3, "match quality"): after the first meetings a
 * participant's rating and whether they kept meeting are recorded; the program sees, for each
 * criterion a match was made on (shared experience, language, distance, availability, ...), how
 * often those matches kept meeting and how they were rated.
 */
export interface QualityRecord {
  rating: number | null;
  keptMeeting: boolean | null;
  /** Reason codes of the match, e.g. `experience:substance-use.opioids`, `language:es`. */
  reasons: Array<{ code: string }>;
}

export interface CriterionRetention {
  criterion: string;
  matches: number;
  keptMeeting: number;
  keptMeetingRate: number | null;
  averageRating: number | null;
}

/** The criterion of a reason code: the part before the first colon. */
export const criterionOf = (code: string) => code.split(':', 1)[0]!;

const summarize = (criterion: string, rows: QualityRecord[]): CriterionRetention => {
  const kept = rows.filter((r) => r.keptMeeting === true).length;
  const answered = rows.filter((r) => r.keptMeeting !== null).length;
  const ratings = rows.map((r) => r.rating).filter((r): r is number => r !== null);
  return {
    criterion,
    matches: rows.length,
    keptMeeting: kept,
    keptMeetingRate: answered ? kept / answered : null,
    averageRating: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
  };
};

export const retentionByCriterion = (records: QualityRecord[]): { overall: CriterionRetention; byCriterion: CriterionRetention[] } => {
  const groups = new Map<string, QualityRecord[]>();
  for (const r of records) {
    for (const c of new Set(r.reasons.map((x) => criterionOf(x.code)))) {
      const list = groups.get(c) ?? [];
      list.push(r);
      groups.set(c, list);
    }
  }
  return {
    overall: summarize('all', records),
    byCriterion: [...groups.entries()].map(([c, rows]) => summarize(c, rows)).sort((a, b) => b.matches - a.matches || a.criterion.localeCompare(b.criterion)),
  };
};
