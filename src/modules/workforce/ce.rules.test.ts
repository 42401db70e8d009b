import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULE_SETS, builtInRuleSet } from './credential-types.data.ts';
import { addDays, cycleOn } from './credential.rules.ts';
import { countRecords, cycleProgress, hoursOf, type CeRecord } from './ce.rules.ts';

const rs = (code: string) => builtInRuleSet(code)!;
let n = 0;
const ce = (completedOn: string, amount: number, topics: string[] = [], more: Partial<CeRecord> = {}): CeRecord => ({
  id: `ce-${String(++n).padStart(4, '0')}`,
  title: `Course ${n}`,
  provider: 'Provider',
  completedOn,
  amount,
  unit: 'hours',
  topics,
  format: 'in-person',
  ...more,
});

// A credential issued on the 1st of a month (so anchored and rolling cycles start the same day),
// in its second cycle (no first-year or proration rules), checked mid-cycle.
const ISSUED = '2023-01-01';

/** Records that meet every topic minimum of `code` exactly, plus electives up to the total. */
const exactly = (code: string, start: string, shortBy = 0, shortTopic?: string): CeRecord[] => {
  const r = rs(code);
  const out = r.ce.topics.map((t) => ce(start, t.hours - (t.topic === shortTopic ? shortBy : 0), [t.topic]));
  const topicSum = r.ce.topics.reduce((s, t) => s + t.hours, 0);
  const rest = (r.ce.totalHours ?? 0) - topicSum - (shortTopic ? 0 : shortBy);
  if (rest > 0) out.push(ce(start, rest, []));
  return out;
};

describe.each(BUILT_IN_RULE_SETS.map((r) => [r.code]))('%s CE progress at every boundary', (code) => {
  const rules = rs(code);
  const second = cycleOn(rules, ISSUED, '2030-06-01')!;
  const cred = { issuedOn: ISSUED, expiresOn: second.end };
  const mid = addDays(second.start, 10);

  it('counts a course on the first and last day of the cycle, not the day before or after', () => {
    const recs = [ce(addDays(second.start, -1), 1), ce(second.start, 1), ce(second.end, 1), ce(addDays(second.end, 1), 1)];
    expect(countRecords(rules, second, ISSUED, recs).map((c) => [c.counted, c.reason])).toEqual([
      [false, 'outside-cycle'],
      [true, null],
      [true, null],
      [false, 'outside-cycle'],
    ]);
  });

  it('is complete with exactly the hours and topic minimums, and not one hour short', () => {
    const p = cycleProgress(rules, cred, exactly(code, second.start), mid);
    if (rules.ce.totalHours === null) {
      expect(p).toMatchObject({ status: 'unknown', hoursRequired: null });
      return;
    }
    expect(p).toMatchObject({ start: second.start, end: second.end, hoursDone: rules.ce.totalHours, hoursRequired: rules.ce.totalHours, status: 'complete' });
    for (const t of p.topics) expect(t.done).toBeGreaterThanOrEqual(t.required);
    const short = cycleProgress(rules, cred, exactly(code, second.start, 1), mid);
    expect(short.hoursDone).toBe(rules.ce.totalHours - 1);
    expect(short.status).not.toBe('complete');
  });

  it.each(rules.ce.topics.map((t) => [t.topic]))('is not complete when %s is one hour short, even with the total met', (topic) => {
    const recs = exactly(code, second.start, 1, topic);
    recs.push(ce(second.start, 1, ['elective-only-topic']));
    const p = cycleProgress(rules, cred, recs, mid);
    expect(p.hoursDone).toBe(rules.ce.totalHours);
    expect(p.topics.find((x) => x.topic === topic)).toMatchObject({ done: rules.ce.topics.find((x) => x.topic === topic)!.hours - 1 });
    expect(p.status).not.toBe('complete');
    expect(cycleProgress(rules, cred, recs, addDays(second.end, 1)).status).toBe('incomplete');
  });

  it('is incomplete once the cycle is over (checked in grace or after), and counts days left to its end', () => {
    const p = cycleProgress(rules, cred, [], addDays(second.end, 1));
    expect(p.daysLeft).toBe(-1);
    expect(p.end).toBe(second.end);
    if (rules.ce.totalHours) expect(p.status).toBe('incomplete');
    expect(cycleProgress(rules, cred, [], second.end).daysLeft).toBe(0);
  });
});

describe('first cycles', () => {
  it('Georgia: nothing is due in the exam year; 12 hours the year after', () => {
    const c = { issuedOn: '2024-03-17', expiresOn: '2024-12-31' };
    expect(cycleProgress(rs('ga-cps'), c, [], '2024-06-01')).toMatchObject({ hoursRequired: 0, status: 'not-required' });
    expect(cycleProgress(rs('ga-cps'), { ...c, expiresOn: '2025-12-31' }, [], '2025-06-01')).toMatchObject({ start: '2025-01-01', hoursRequired: 12, status: 'behind' });
  });
  it('Montana: issued on or after 1 July the first year is prorated by an unstated method (hours unknown); before, 20', () => {
    expect(cycleProgress(rs('mt-cbhpss'), { issuedOn: '2024-07-01', expiresOn: '2024-12-31' }, [], '2024-08-01')).toMatchObject({ hoursRequired: null, status: 'unknown', notes: ['prorated-method-not-stated'] });
    expect(cycleProgress(rs('mt-cbhpss'), { issuedOn: '2024-06-30', expiresOn: '2024-12-31' }, [], '2024-08-01')).toMatchObject({ hoursRequired: 20 });
  });
  it('Michigan: a course between the 1st of the month and the issue day is not counted while the source is silent', () => {
    const c = { issuedOn: '2024-03-17', expiresOn: '2026-02-28' };
    const p = cycleProgress(rs('mi-cpss'), c, [ce('2024-03-05', 4), ce('2024-03-17', 4)], '2024-04-01');
    expect(p.records.map((r) => r.reason)).toEqual(['before-certification-unknown', null]);
    expect(p.hoursDone).toBe(4);
  });
  it('Georgia does not carry hours over: a surplus in one year leaves the next at zero', () => {
    const c = { issuedOn: '2023-03-17', expiresOn: '2025-12-31' };
    expect(cycleProgress(rs('ga-cps'), c, [ce('2024-05-01', 30)], '2025-02-01').hoursDone).toBe(0);
  });
});

describe('units and dual credentials', () => {
  it('converts semester and quarter credits where the body publishes it (Montana 15 and 10), not elsewhere', () => {
    expect(hoursOf(rs('mt-cbhpss'), 1, 'semester-credits')).toBe(15);
    expect(hoursOf(rs('mt-cbhpss'), 2, 'quarter-credits')).toBe(20);
    expect(hoursOf(rs('mi-cpss'), 1, 'semester-credits')).toBeNull();
    expect(hoursOf(rs('mi-cpss'), 3.5, 'hours')).toBe(3.5);
  });
  it('one course counts toward each credential by its own rules', () => {
    const course = [ce('2025-09-10', 1, ['ethics'], { unit: 'semester-credits', format: 'college-course' }), ce('2025-09-12', 3, ['ethics', 'confidentiality'])];
    const mt = cycleProgress(rs('mt-cbhpss'), { issuedOn: '2023-01-05', expiresOn: '2025-12-31' }, course, '2025-10-01');
    const pa = cycleProgress(rs('pa-crs'), { issuedOn: '2024-01-05', expiresOn: '2026-01-04' }, course, '2025-10-01');
    expect(mt.hoursDone).toBe(18);
    expect(pa.hoursDone).toBe(3);
    expect(pa.records.map((r) => r.reason)).toEqual(['unit-not-accepted', null]);
    // The 3-hour course fills ethics (6 needed) first: it cannot also meet confidentiality.
    expect(pa.topics).toEqual([
      { topic: 'ethics', done: 3, required: 6 },
      { topic: 'confidentiality', done: 0, required: 3 },
    ]);
  });
  it('fills topic minimums in the order listed, the rest going to the last listed topic', () => {
    const oh = rs('oh-prs');
    const p = cycleProgress(oh, { issuedOn: '2024-01-01', expiresOn: '2025-12-31' }, [ce('2024-02-01', 4, ['ethics', 'boundaries'])], '2024-03-01');
    expect(p.topics.find((t) => t.topic === 'ethics')!.done).toBe(3);
    expect(p.topics.find((t) => t.topic === 'boundaries')!.done).toBe(1);
    expect(p.topics.find((t) => t.topic === 'elective')).toEqual({ topic: 'elective', done: 0, required: 14 });
  });
});
