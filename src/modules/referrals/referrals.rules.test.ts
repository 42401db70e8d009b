import { describe, expect, it } from 'vitest';
import {
  RECEIVER_MOVES,
  STATUSES,
  TRANSITIONS,
  addDays,
  checkTransition,
  completionRate,
  defaultFollowUp,
  groupReport,
  isOverdue,
  isPart2Goal,
  isPart2Item,
  linkDaysOf,
  linkState,
  localDate,
  median,
  part2ConsentInForce,
  part2ConsentProblems,
  sharedItemProblems,
  type ReferralStatus,
} from './referrals.rules.ts';

const LEGAL: Array<[ReferralStatus, ReferralStatus]> = [
  ['draft', 'sent'], ['draft', 'cancelled'],
  ['sent', 'received'], ['sent', 'accepted'], ['sent', 'declined'], ['sent', 'cancelled'],
  ['received', 'accepted'], ['received', 'declined'], ['received', 'cancelled'],
  ['accepted', 'in-progress'], ['accepted', 'completed'], ['accepted', 'not-completed'], ['accepted', 'cancelled'],
  ['in-progress', 'completed'], ['in-progress', 'not-completed'], ['in-progress', 'cancelled'],
];
const isLegal = (from: string, to: string) => LEGAL.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as [ReferralStatus, ReferralStatus]));

describe('referral lifecycle', () => {
  it('has exactly the legal transitions listed', () => {
    expect(ALL_PAIRS.filter(([f, t]) => TRANSITIONS[f].includes(t)).length).toBe(LEGAL.length);
  });

  it.each(ALL_PAIRS)('sender: %s -> %s', (from, to) => {
    const r = checkTransition(from, to, 'sender', 'a reason');
    if (isLegal(from, to)) expect(r).toEqual({ ok: true });
    else expect(r).toMatchObject({ ok: false, status: 409, code: 'illegal-transition' });
  });

  it.each(ALL_PAIRS)('receiver: %s -> %s', (from, to) => {
    const r = checkTransition(from, to, 'receiver', 'a reason');
    if (!RECEIVER_MOVES.includes(to)) expect(r).toMatchObject({ ok: false, status: 403, code: 'not-a-receiver-move' });
    else if (isLegal(from, to)) expect(r).toEqual({ ok: true });
    else expect(r).toMatchObject({ ok: false, status: 409 });
  });

  it('needs a reason to decline or not complete', () => {
    expect(checkTransition('sent', 'declined', 'receiver', '  ')).toMatchObject({ ok: false, status: 400, field: 'body.reason' });
    expect(checkTransition('accepted', 'not-completed', 'sender', null)).toMatchObject({ ok: false, status: 400 });
    expect(checkTransition('accepted', 'completed', 'receiver', null)).toEqual({ ok: true });
    expect(checkTransition('draft', 'cancelled', 'sender', undefined)).toEqual({ ok: true });
  });
});

describe('follow-up', () => {
  it.each([
    ['emergent', '2026-03-01', '2026-03-02'],
    ['urgent', '2026-02-27', '2026-03-02'],
    ['routine', '2026-12-25', '2027-01-08'],
  ] as const)('%s from %s is due %s', (urgency, today, due) => expect(defaultFollowUp(urgency, today)).toBe(due));

  it('is overdue only while open and without outcome', () => {
    expect(isOverdue({ status: 'sent', outcome: null, followUpOn: '2026-01-01' }, '2026-01-02')).toBe(true);
    expect(isOverdue({ status: 'sent', outcome: null, followUpOn: '2026-01-02' }, '2026-01-02')).toBe(false);
    expect(isOverdue({ status: 'draft', outcome: null, followUpOn: '2026-01-01' }, '2026-01-02')).toBe(false);
    expect(isOverdue({ status: 'cancelled', outcome: null, followUpOn: '2026-01-01' }, '2026-01-02')).toBe(false);
    expect(isOverdue({ status: 'completed', outcome: 'need-met', followUpOn: '2026-01-01' }, '2026-01-02')).toBe(false);
    expect(isOverdue({ status: 'completed', outcome: null, followUpOn: '2026-01-01' }, '2026-01-02')).toBe(true);
  });

  it('computes dates in the organization time zone', () => {
    expect(localDate(new Date('2026-03-01T03:00:00Z'), 'America/Chicago')).toBe('2026-02-28');
    expect(localDate(new Date('2026-03-01T03:00:00Z'), 'Europe/Paris')).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('what is shared', () => {
  const ctx = {
    goals: new Map([
      ['11111111-1111-4111-8111-111111111111', { text: 'Find an apartment', lifeArea: 'housing' }],
      ['22222222-2222-4222-8222-222222222222', { text: 'Stay on buprenorphine', lifeArea: 'Substance use' }],
    ]),
  };
  it('knows item codes and goals', () => {
    expect(sharedItemProblems(['name', 'phone', 'goal:11111111-1111-4111-8111-111111111111'], ctx)).toEqual([]);
    expect(sharedItemProblems(['name', 'ssn', 'name', 'goal:33333333-3333-4333-8333-333333333333'], ctx).map((p) => p.field)).toEqual([
      'body.shared.items.1',
      'body.shared.items.2',
      'body.shared.items.3',
    ]);
  });
  it('flags Part 2 items: SUD treatment information and substance-use goals', () => {
    expect(isPart2Item('sud-treatment', ctx)).toBe(true);
    expect(isPart2Item('goal:22222222-2222-4222-8222-222222222222', ctx)).toBe(true);
    expect(isPart2Item('goal:11111111-1111-4111-8111-111111111111', ctx)).toBe(false);
    expect(isPart2Item('phone', ctx)).toBe(false);
  });
  it('knows a substance-use life area by its plural and derived words too', () => {
    for (const lifeArea of ['Substance use', 'substances', 'Drugs', 'Opioids', 'alcoholism', 'Alcoholics Anonymous', 'addictions', 'SUD', 'sobriety', 'recovery from alcohol'])
      expect(isPart2Goal({ lifeArea }), lifeArea).toBe(true);
    for (const lifeArea of ['housing', 'work', 'wellness', 'recovery', 'drugstore job', null])
      expect(isPart2Goal({ lifeArea }), String(lifeArea)).toBe(false);
  });
  it('requires a Part 2 consent in force for Part 2 items', () => {
    const c = { recipient: 'Crossroads', purpose: 'Detox intake', expiresOn: '2026-06-01', method: 'written' as const, signedOn: '2026-03-01' };
    expect(part2ConsentProblems(['name'], ctx, undefined, '2026-03-02')).toEqual([]);
    expect(part2ConsentProblems(['sud-treatment'], ctx, undefined, '2026-03-02').map((p) => p.field)).toEqual(['body.shared.part2Consent']);
    expect(part2ConsentProblems(['sud-treatment'], ctx, c, '2026-03-02')).toEqual([]);
    expect(part2ConsentProblems(['sud-treatment'], ctx, c, '2026-06-01').map((p) => p.field)).toEqual(['body.shared.part2Consent.expiresOn']);
    expect(part2ConsentProblems(['sud-treatment'], ctx, c, '2026-02-01').map((p) => p.field)).toEqual(['body.shared.part2Consent.signedOn']);
    expect(part2ConsentInForce({ expiresOn: '2026-06-01', revokedAt: null }, '2026-05-31')).toBe(true);
    expect(part2ConsentInForce({ expiresOn: '2026-06-01', revokedAt: null }, '2026-06-01')).toBe(false);
    expect(part2ConsentInForce({ expiresOn: '2026-06-01', revokedAt: new Date() }, '2026-05-01')).toBe(false);
    expect(part2ConsentInForce(undefined, '2026-05-01')).toBe(false);
  });
});

describe('links', () => {
  it('expire and can be revoked', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(linkState({ expiresAt: new Date('2026-03-02T00:00:00Z'), revokedAt: null }, now)).toBe('active');
    expect(linkState({ expiresAt: now, revokedAt: null }, now)).toBe('expired');
    expect(linkState({ expiresAt: new Date('2026-04-01T00:00:00Z'), revokedAt: now }, now)).toBe('revoked');
  });
  it('last 30 days unless the organization sets 1 to 365', () => {
    expect(linkDaysOf({})).toBe(30);
    expect(linkDaysOf({ referrals: { linkDays: 7 } })).toBe(7);
    expect(linkDaysOf({ referrals: { linkDays: 0 } })).toBe(30);
    expect(linkDaysOf({ referrals: { linkDays: 1000 } })).toBe(30);
  });
});

describe('reports', () => {
  it('median and completion rate', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(completionRate({ completed: 0, declined: 0, notCompleted: 0 })).toBeNull();
    expect(completionRate({ completed: 2, declined: 1, notCompleted: 1 })).toBe(0.5);
  });
  it('groups by a key', () => {
    const t0 = new Date('2026-03-01T00:00:00Z');
    const h = (n: number) => new Date(t0.getTime() + n * 3_600_000);
    const row = (need: string, status: string, acceptedAfter: number | null) => ({
      need, serviceId: 's', serviceName: 'S', organizationName: 'O', status, sentAt: t0, acceptedAt: acceptedAfter === null ? null : h(acceptedAfter),
    });
    const g = groupReport([row('food', 'completed', 2), row('food', 'declined', null), row('housing', 'accepted', 10), row('food', 'completed', 4)], (r) => ({ key: r.need, label: r.need }));
    expect(g[0]).toMatchObject({ key: 'food', sent: 3, accepted: 2, completed: 2, declined: 1, open: 0, completionRate: 0.667, medianHoursToAcceptance: 3 });
    expect(g[1]).toMatchObject({ key: 'housing', sent: 1, open: 1, completionRate: null, medianHoursToAcceptance: 10 });
  });
});
