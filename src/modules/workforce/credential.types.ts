/**
 * The shape of a credential rule set (issue 21). Every state's rules differ, so a rule set is
 * data: built-in ones ship in credential-types.data.ts, an organization adds its own through
 * `POST /api/v1/credential-types`. Each rule names its source and the date it was checked; where
 * the source is silent the value is `null` and the citation says so (never a guess).
 */

/** How a certification cycle is laid out on the calendar. */
export type CycleKind =
  /** N years from the issue date (Pennsylvania "2 years from date received"). */
  | 'rolling-from-issue'
  /** N years from the 1st of the certification month (Michigan). */
  | 'anchored-month-start'
  /** Calendar years, due 31 December (Georgia). */
  | 'calendar-year'
  /** One year that always ends on a fixed day (Montana: 31 December). */
  | 'annual-fixed-expiry';

export type Confidence = 'V' | 'S' | '?';

export interface Citation {
  /** Where the rule comes from (document and section, or the body's page). */
  source: string;
  /** YYYY-MM-DD the rule was last checked against that source. */
  checked: string;
  /** V checked against the source, S secondary, ? unknown (the source is silent). */
  confidence: Confidence;
  note?: string;
}

export interface TopicMinimum {
  topic: string;
  hours: number;
}

export interface RuleSet {
  /** Lower-case code, e.g. `mi-cpss`; with `version` it names the rule set for good. */
  code: string;
  version: string;
  name: string;
  body: string;
  jurisdiction: string;
  /** Adult peer, youth peer or family peer credential. */
  population: 'peer' | 'youth' | 'family';
  cycle: {
    kind: CycleKind;
    /** Cycle length in years (1 for calendar-year and annual-fixed-expiry). */
    years: number;
    /** calendar-year: CE is first due for the year after the exam (Georgia). */
    firstCeYearAfterIssue: boolean;
    /** annual-fixed-expiry / calendar-year: last day of the cycle as MM-DD. */
    fixedEnd: string | null;
  };
  ce: {
    /** CE hours per cycle; null when the source does not say. */
    totalHours: number | null;
    topics: TopicMinimum[];
    /** Hours that may be on any topic beyond the minimums (null: not stated). */
    electiveHours: number | null;
    /** First cycle issued on or after this MM-DD is prorated (Montana after 1 July). */
    prorateIfIssuedAfter: string | null;
    /** Share of the hours due in a prorated first cycle; null when the method is not stated. */
    prorateFactor: number | null;
    /** CE earned before the (first) certification counts: false, true, or null (not stated). */
    preCertificationCounts: boolean | null;
    /** Hours over the requirement carry into the next cycle. */
    carryOver: boolean | null;
    /** The same course may count twice in a cycle. */
    repeatedEventsCount: boolean | null;
    /** Formats that never count (Wisconsin: books and videos). */
    excludedFormats: string[];
  };
  /** Contact hours per unit; null when the body does not publish a conversion. */
  units: { semesterCredit: number | null; trimesterCredit: number | null; quarterCredit: number | null; ceu: number | null };
  renewal: {
    /** Renewal may be submitted this many days before the end of the cycle (Ohio 90). */
    submissionWindowDays: number | null;
    /** Days after the end of the cycle without a fee (Georgia: 15 Jan = 15 days). */
    graceDays: number;
    /** Days after the end of the cycle, with a late fee (Georgia: 31 Jan = 31 days). */
    lateUntilDays: number;
    lateFeeUsd: number | null;
    renewalFeeUsd: number | null;
    /** After grace and late: the body keeps the credential inactive (true) or it simply lapses. */
    inactiveState: boolean;
    reactivationFeeUsd: number | null;
    /** Inactive longer than this many years: training must be retaken (Georgia 2). */
    retrainAfterInactiveYears: number | null;
    /** Something the peer must re-attest at each renewal (Ohio: the code of ethics). */
    reattest: string[];
  };
  /** Years the peer must keep CE records (Montana 4). */
  recordRetentionYears: number | null;
  /** Steps to certify (for the pipeline), as data. */
  initial: string[];
  /** One citation per rule group; `?` where the source is silent. */
  citations: Record<'cycle' | 'ce' | 'topics' | 'units' | 'renewal' | 'grace' | 'inactive' | 'retention' | 'initial', Citation>;
}

/** The CE topics a rule set may name (Ohio's nine, ethics, confidentiality, the IC&RC domains...). */
export const CE_TOPICS = [
  'ethics',
  'confidentiality',
  'boundaries',
  'diversity',
  'system-navigation',
  'trauma-informed',
  'human-trafficking',
  'behavioral-health-knowledge',
  'health-and-wellness',
  'coaching',
  'peer-recovery',
  'advocacy',
  'mentoring-education',
  'recovery-wellness',
  'supervision',
  'elective',
] as const;
export type CeTopic = (typeof CE_TOPICS)[number];

export const CE_FORMATS = ['in-person', 'live-online', 'self-paced-online', 'conference', 'college-course', 'book', 'video'] as const;
export type CeFormat = (typeof CE_FORMATS)[number];

export const CE_UNITS = ['hours', 'semester-credits', 'trimester-credits', 'quarter-credits', 'ceu'] as const;
export type CeUnit = (typeof CE_UNITS)[number];
