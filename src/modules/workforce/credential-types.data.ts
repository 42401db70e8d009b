import type { Citation, RuleSet } from './credential.types.ts';

/**
 * The built-in credential rule sets (issue 21), version 2026-12. Every value comes from
 * shared/OUTCOMES-AND-WORKFORCE.md §4 (and DOMAIN.md "Certification and continuing education");
 * where that table is silent the value is null (or the plainest reading, e.g. no grace) and the
 * citation says "?" with what is missing, so nobody mistakes a gap for a rule. Check each against
 * its body before relying on it for money or eligibility.
 */

const CHECKED = '2026-12-06';
const TABLE = 'shared/OUTCOMES-AND-WORKFORCE.md §4';

const cite = (row: string, confidence: 'V' | 'S', note?: string): Citation => ({ source: `${TABLE}, row "${row}"`, checked: CHECKED, confidence, ...(note ? { note } : {}) });
const silent = (row: string, what: string): Citation => ({ source: `${TABLE}, row "${row}"`, checked: CHECKED, confidence: '?', note: `The source is silent on ${what}; not encoded.` });

const NO_UNITS = { semesterCredit: null, trimesterCredit: null, quarterCredit: null, ceu: null };
const NO_RENEWAL = {
  submissionWindowDays: null,
  graceDays: 0,
  lateUntilDays: 0,
  lateFeeUsd: null,
  renewalFeeUsd: null,
  inactiveState: false,
  reactivationFeeUsd: null,
  retrainAfterInactiveYears: null,
  reattest: [] as string[],
};
const CE_DEFAULTS = {
  topics: [],
  electiveHours: null,
  prorateIfIssuedAfter: null,
  prorateFactor: null,
  preCertificationCounts: null,
  carryOver: null,
  repeatedEventsCount: null,
  excludedFormats: [] as string[],
};

const MICHIGAN_STEPS = ['written-application', 'two-professional-references', 'peer-to-peer-phone-interview', 'five-days-training', 'fee-300', 'exam', 'code-of-ethics'];

const michigan = (code: string, name: string): RuleSet => {
  const row = 'Michigan CPSS, CPRC';
  return {
    code,
    version: '2026-12',
    name,
    body: 'Michigan Department of Health and Human Services (MDHHS)',
    jurisdiction: 'US-MI',
    population: 'peer',
    cycle: { kind: 'anchored-month-start', years: 2, firstCeYearAfterIssue: false, fixedEnd: null },
    ce: { ...CE_DEFAULTS, totalHours: 32 },
    units: NO_UNITS,
    renewal: NO_RENEWAL,
    recordRetentionYears: null,
    initial: MICHIGAN_STEPS,
    citations: {
      cycle: cite(row, 'V', '2 years from the 1st of the certification month'),
      ce: cite(row, 'V', '32 hours; whether pre-certification or carried-over hours count is not stated'),
      topics: cite(row, 'V', 'no required topics listed'),
      units: silent(row, 'unit conversions'),
      renewal: silent(row, 'the renewal window and fee'),
      grace: silent(row, 'a grace period'),
      inactive: silent(row, 'an inactive state and reactivation'),
      retention: silent(row, 'record retention'),
      initial: cite(row, 'V', 'application, 2 professional references, phone interview, 5 days of training, $300, exam, code of ethics; 18+, diploma or GED'),
    },
  };
};

const pcb = (code: string, name: string, population: RuleSet['population'], row: string, hours: number, topics: RuleSet['ce']['topics'], electives: number | null, fee: number, note: string): RuleSet => ({
  code,
  version: '2026-12',
  name,
  body: 'Pennsylvania Certification Board (PCB)',
  jurisdiction: 'US-PA',
  population,
  cycle: { kind: 'rolling-from-issue', years: 2, firstCeYearAfterIssue: false, fixedEnd: null },
  ce: { ...CE_DEFAULTS, totalHours: hours, topics, electiveHours: electives },
  units: NO_UNITS,
  renewal: { ...NO_RENEWAL, renewalFeeUsd: fee },
  recordRetentionYears: null,
  initial: [],
  citations: {
    cycle: cite(row, 'V', code === 'pa-cps' ? '2 years from date received' : '2 years; anchor not stated, read as from the date received like the CPS'),
    ce: cite(row, 'V', `${hours} hours`),
    topics: cite(row, 'V', note),
    units: silent(row, 'unit conversions'),
    renewal: cite(row, 'V', `fee $${fee}${code === 'pa-cps' ? '; no pre-approval, trainings listed at renewal' : ''}`),
    grace: silent(row, 'a grace period'),
    inactive: silent(row, 'an inactive state'),
    retention: silent(row, 'record retention'),
    initial: silent(row, 'initial certification steps'),
  },
});

const OHIO_TOPICS = [
  { topic: 'ethics', hours: 3 },
  { topic: 'boundaries', hours: 3 },
  { topic: 'diversity', hours: 2 },
  { topic: 'system-navigation', hours: 1 },
  { topic: 'trauma-informed', hours: 2 },
  { topic: 'human-trafficking', hours: 1 },
  { topic: 'behavioral-health-knowledge', hours: 1 },
  { topic: 'health-and-wellness', hours: 1 },
  { topic: 'coaching', hours: 2 },
];

export const BUILT_IN_RULE_SETS: readonly RuleSet[] = [
  michigan('mi-cpss', 'Michigan Certified Peer Support Specialist (CPSS)'),
  michigan('mi-cprc', 'Michigan Certified Peer Recovery Coach (CPRC)'),
  pcb('pa-cps', 'Pennsylvania Certified Peer Specialist (CPS)', 'peer', 'Pennsylvania CPS', 36, [{ topic: 'peer-recovery', hours: 24 }, { topic: 'ethics', hours: 3 }], 9, 50, '24 peer/recovery, 3 ethics, 9 elective'),
  pcb('pa-crs', 'Pennsylvania Certified Recovery Specialist (CRS)', 'peer', 'Pennsylvania CRS, CFRS', 30, [{ topic: 'ethics', hours: 6 }, { topic: 'confidentiality', hours: 3 }], null, 100, '6 ethics + 3 confidentiality'),
  // The family peer credential: PCB's Certified Family Recovery Specialist shares the CRS row.
  pcb('pa-cfrs', 'Pennsylvania Certified Family Recovery Specialist (CFRS)', 'family', 'Pennsylvania CRS, CFRS', 30, [{ topic: 'ethics', hours: 6 }, { topic: 'confidentiality', hours: 3 }], null, 100, '6 ethics + 3 confidentiality'),
  {
    code: 'ga-cps',
    version: '2026-12',
    name: 'Georgia Certified Peer Specialist (CPS-MH)',
    body: 'Georgia Mental Health Consumer Network (GMHCN)',
    jurisdiction: 'US-GA',
    population: 'peer',
    cycle: { kind: 'calendar-year', years: 1, firstCeYearAfterIssue: true, fixedEnd: '12-31' },
    ce: { ...CE_DEFAULTS, totalHours: 12, carryOver: false },
    units: NO_UNITS,
    renewal: { ...NO_RENEWAL, graceDays: 15, lateUntilDays: 31, inactiveState: true, retrainAfterInactiveYears: 2 },
    recordRetentionYears: null,
    initial: [],
    citations: {
      cycle: cite('Georgia CPS-MH', 'V', 'calendar year; the first CE year is the year after the exam; due 31 Dec'),
      ce: cite('Georgia CPS-MH', 'V', '12 hours a year; no carry-over'),
      topics: cite('Georgia CPS-MH', 'V', 'no required topics listed'),
      units: silent('Georgia CPS-MH', 'unit conversions'),
      renewal: cite('Georgia CPS-MH', 'V', 'due 31 Dec; the late fee and reactivation fee amounts are not stated'),
      grace: cite('Georgia CPS-MH', 'V', 'free grace to 15 Jan; late fee to 31 Jan'),
      inactive: cite('Georgia CPS-MH', 'V', 'then inactive; reactivation fee; inactive over 2 years means retraining'),
      retention: silent('Georgia CPS-MH', 'record retention'),
      initial: silent('Georgia CPS-MH', 'initial certification steps'),
    },
  },
  {
    code: 'oh-prs',
    version: '2026-12',
    name: 'Ohio Peer Recovery Supporter',
    body: 'Ohio Department of Mental Health and Addiction Services (OhioMHAS)',
    jurisdiction: 'US-OH',
    population: 'peer',
    cycle: { kind: 'rolling-from-issue', years: 2, firstCeYearAfterIssue: false, fixedEnd: null },
    ce: { ...CE_DEFAULTS, totalHours: 30, topics: OHIO_TOPICS, electiveHours: 14 },
    units: NO_UNITS,
    renewal: { ...NO_RENEWAL, submissionWindowDays: 90, reattest: ['code-of-ethics'] },
    recordRetentionYears: null,
    initial: [],
    citations: {
      cycle: cite('Ohio Peer Recovery Supporter', 'V', '2 years; the anchor is not stated, read as from the issue date'),
      ce: cite('Ohio Peer Recovery Supporter', 'V', '30 hours; the 14 hours beyond the nine topic minimums (16) are electives by subtraction'),
      topics: cite('Ohio Peer Recovery Supporter', 'V', 'ethics 3, boundaries 3, diversity 2, system navigation 1, trauma-informed 2, human trafficking 1, behavioral health knowledge 1, health and wellness 1, coaching 2'),
      units: silent('Ohio Peer Recovery Supporter', 'unit conversions'),
      renewal: cite('Ohio Peer Recovery Supporter', 'V', 'renew within 90 days before expiry; re-attest ethics'),
      grace: silent('Ohio Peer Recovery Supporter', 'a grace period'),
      inactive: silent('Ohio Peer Recovery Supporter', 'an inactive state'),
      retention: silent('Ohio Peer Recovery Supporter', 'record retention'),
      initial: silent('Ohio Peer Recovery Supporter', 'initial certification steps'),
    },
  },
  {
    code: 'ct-rss',
    version: '2026-12',
    name: 'Connecticut Recovery Support Specialist (RSS)',
    body: 'Advocacy Unlimited',
    jurisdiction: 'US-CT',
    population: 'peer',
    cycle: { kind: 'rolling-from-issue', years: 3, firstCeYearAfterIssue: false, fixedEnd: null },
    ce: { ...CE_DEFAULTS, totalHours: 60 },
    units: NO_UNITS,
    renewal: NO_RENEWAL,
    recordRetentionYears: null,
    initial: ['training-80-hours', 'exam'],
    citations: {
      cycle: cite('Connecticut RSS', 'V', '3 years; the anchor is not stated, read as from the issue date'),
      ce: cite('Connecticut RSS', 'V', '60 hours'),
      topics: cite('Connecticut RSS', 'V', 'no required topics listed'),
      units: silent('Connecticut RSS', 'unit conversions'),
      renewal: silent('Connecticut RSS', 'the renewal window and fee'),
      grace: silent('Connecticut RSS', 'a grace period'),
      inactive: silent('Connecticut RSS', 'an inactive state'),
      retention: silent('Connecticut RSS', 'record retention'),
      initial: cite('Connecticut RSS', 'V', '80 h training and exam'),
    },
  },
  {
    code: 'mt-cbhpss',
    version: '2026-12',
    name: 'Montana Certified Behavioral Health Peer Support Specialist (CBHPSS)',
    body: 'Montana Board of Behavioral Health',
    jurisdiction: 'US-MT',
    population: 'peer',
    cycle: { kind: 'annual-fixed-expiry', years: 1, firstCeYearAfterIssue: false, fixedEnd: '12-31' },
    ce: { ...CE_DEFAULTS, totalHours: 20, prorateIfIssuedAfter: '07-01', prorateFactor: null },
    units: { semesterCredit: 15, trimesterCredit: null, quarterCredit: 10, ceu: null },
    renewal: NO_RENEWAL,
    recordRetentionYears: 4,
    initial: [],
    citations: {
      cycle: cite('Montana CBHPSS', 'V', 'annual, expires 31 Dec'),
      ce: cite('Montana CBHPSS', 'V', '20 hours, prorated after 1 July: how much is not stated, so a first cycle issued after 1 July is flagged and its hours are not computed'),
      topics: cite('Montana CBHPSS', 'V', 'no required topics listed'),
      units: cite('Montana CBHPSS', 'V', '1 semester credit = 15 h, quarter = 10 h'),
      renewal: silent('Montana CBHPSS', 'the renewal window and fee'),
      grace: silent('Montana CBHPSS', 'a grace period'),
      inactive: silent('Montana CBHPSS', 'an inactive state'),
      retention: cite('Montana CBHPSS', 'V', 'keep records 4 years'),
      initial: silent('Montana CBHPSS', 'initial certification steps'),
    },
  },
  {
    code: 'icrc-pr',
    version: '2026-12',
    name: 'IC&RC Peer Recovery (PR)',
    body: 'IC&RC member boards',
    jurisdiction: 'IC&RC',
    population: 'peer',
    cycle: { kind: 'rolling-from-issue', years: 2, firstCeYearAfterIssue: false, fixedEnd: null },
    ce: { ...CE_DEFAULTS, totalHours: 20, topics: [{ topic: 'ethics', hours: 6 }], electiveHours: 14 },
    units: NO_UNITS,
    renewal: NO_RENEWAL,
    recordRetentionYears: null,
    initial: ['experience-500-hours', 'education-46-hours', 'supervision-25-hours', 'exam'],
    citations: {
      cycle: cite('IC&RC Peer Recovery', 'V', '2 years; each member board sets the anchor, read as from the issue date'),
      ce: cite('IC&RC Peer Recovery', 'V', '20 hours'),
      topics: cite('IC&RC Peer Recovery', 'V', '6 ethics'),
      units: silent('IC&RC Peer Recovery', 'unit conversions'),
      renewal: silent('IC&RC Peer Recovery', 'the renewal window and fee (member boards differ)'),
      grace: silent('IC&RC Peer Recovery', 'a grace period'),
      inactive: silent('IC&RC Peer Recovery', 'an inactive state'),
      retention: silent('IC&RC Peer Recovery', 'record retention'),
      initial: cite('IC&RC Peer Recovery', 'V', '500 h experience, 46 h education (10 advocacy, 10 mentoring/education, 10 recovery/wellness, 16 ethics), 25 h supervision, exam'),
    },
  },
  {
    code: 'mha-ncps',
    version: '2026-12',
    name: 'MHA National Certified Peer Specialist (NCPS)',
    body: 'National Certification Board for Behavioral Health Peer Professionals (NCBBHP), Mental Health America',
    jurisdiction: 'US',
    population: 'peer',
    cycle: { kind: 'rolling-from-issue', years: 2, firstCeYearAfterIssue: false, fixedEnd: null },
    ce: { ...CE_DEFAULTS, totalHours: 20 },
    units: NO_UNITS,
    renewal: NO_RENEWAL,
    recordRetentionYears: null,
    initial: ['work-hours', 'letters', 'exam'],
    citations: {
      cycle: cite('MHA National Certified Peer Specialist', 'V', '2 years; the anchor is not stated, read as from the issue date'),
      ce: cite('MHA National Certified Peer Specialist', 'V', '20 hours'),
      topics: silent('MHA National Certified Peer Specialist', 'an ethics minimum (listed as "ethics not verified")'),
      units: silent('MHA National Certified Peer Specialist', 'unit conversions'),
      renewal: silent('MHA National Certified Peer Specialist', 'the renewal window and fee'),
      grace: silent('MHA National Certified Peer Specialist', 'a grace period'),
      inactive: silent('MHA National Certified Peer Specialist', 'an inactive state'),
      retention: silent('MHA National Certified Peer Specialist', 'record retention'),
      initial: cite('MHA National Certified Peer Specialist', 'S', 'exam 125 questions, 3 hours, pass 76% (V); work-hour and letter rules changed in 2024 (S)'),
    },
  },
  {
    // The shared facts name no youth peer credential with its rules (DOMAIN.md only defines the
    // role: usually 18 to 27 or 28). This is a template an organization fills in: every rule is
    // marked silent, and progress answers "hours not stated" instead of a made-up number.
    code: 'youth-peer',
    version: '2026-12',
    name: 'Youth peer support credential (rules to be filled in by the organization)',
    body: 'Not stated',
    jurisdiction: 'US',
    population: 'youth',
    cycle: { kind: 'rolling-from-issue', years: 2, firstCeYearAfterIssue: false, fixedEnd: null },
    ce: { ...CE_DEFAULTS, totalHours: null },
    units: NO_UNITS,
    renewal: NO_RENEWAL,
    recordRetentionYears: null,
    initial: [],
    citations: {
      cycle: { source: 'shared/DOMAIN.md, "Youth peer"', checked: CHECKED, confidence: '?', note: 'No youth credential rules in the shared facts: the 2-year rolling cycle is a placeholder shown as unknown.' },
      ce: silent('(none: no youth peer row)', 'CE hours'),
      topics: silent('(none: no youth peer row)', 'required topics'),
      units: silent('(none: no youth peer row)', 'unit conversions'),
      renewal: silent('(none: no youth peer row)', 'renewal'),
      grace: silent('(none: no youth peer row)', 'a grace period'),
      inactive: silent('(none: no youth peer row)', 'an inactive state'),
      retention: silent('(none: no youth peer row)', 'record retention'),
      initial: silent('(none: no youth peer row)', 'initial certification steps'),
    },
  },
];

export const builtInRuleSet = (code: string, version?: string) =>
  BUILT_IN_RULE_SETS.filter((r) => r.code === code && (version === undefined || r.version === version)).at(-1);
