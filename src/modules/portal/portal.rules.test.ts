import { describe, expect, it } from 'vitest';
import { collapseRepeats, describeAccess } from './portal.rules.ts';
import { checkChallenge, checkPeerRequest, issueChallenge, publicExperienceGroups, referenceOf } from './public-intake.rules.ts';

const KEY = Buffer.alloc(32, 7);
const T0 = new Date('2026-03-02T15:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('the simple question', () => {
  const c = issueChallenge(KEY, T0, 3, 4);
  it('takes the right sum a person sends after reading, within two hours', () => {
    expect(checkChallenge(KEY, c.token, '7', later(5000))).toBe('ok');
    expect(checkChallenge(KEY, c.token, ' 07 ', later(5000))).toBe('ok');
  });
  it('refuses a wrong sum, an answer within 1.5 s, an old question and a forged token', () => {
    expect(checkChallenge(KEY, c.token, '8', later(5000))).toBe('wrong');
    expect(checkChallenge(KEY, c.token, '7', later(500))).toBe('too-fast');
    expect(checkChallenge(KEY, c.token, '7', later(3 * 3_600_000))).toBe('expired');
    const [issued, answer] = c.token.split('.');
    expect(checkChallenge(KEY, `${Number(issued) - 10_000}.${answer}.${c.token.split('.')[2]}`, '7', later(5000))).toBe('invalid');
    expect(checkChallenge(Buffer.alloc(32, 8), c.token, '7', later(5000))).toBe('invalid');
  });
});

describe('a request', () => {
  it('needs only a phone or an email, and drops answers to questions the agency does not ask', () => {
    expect(checkPeerRequest({ contact: {} }, []).problems.map((p) => p.field)).toEqual(['body.contact']);
    expect(checkPeerRequest({ contact: { phone: '12' } }, []).problems.map((p) => p.field)).toEqual(['body.contact.phone']);
    const { problems, clean } = checkPeerRequest({ contact: { email: 'a@b.org', safeTimes: 'evenings' }, name: 'Jo', place: '60608' }, ['place']);
    expect(problems).toEqual([]);
    expect(clean).toMatchObject({ name: null, place: '60608', contact: { email: 'a@b.org', safeTimes: null, byText: false } });
  });
  it('refuses an experience outside the matching taxonomy', () => {
    expect(checkPeerRequest({ contact: { phone: '3125550100' }, experiences: ['made-up'] }, ['experiences']).problems[0]!.field).toBe('body.experiences.0');
  });
  it('gets a reference a person can read out on the phone', () => {
    expect(referenceOf(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]))).toBe('ABCD-EFGH');
    expect(referenceOf(new Uint8Array(8).fill(255))).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  });
  it('offers every taxonomy code under a public heading, in plain Spanish too', () => {
    const groups = publicExperienceGroups('es');
    expect(groups.map((g) => g.heading)).toContain('Drogas o alcohol');
    expect(groups.flatMap((g) => g.options.map((o) => o.label))).toContain('Cárcel o prisión');
  });
});

describe('who opened my record', () => {
  const users = new Map([['u1', { display_name: 'Rosa D.', role: 'peer', peer_name: 'Rosa Delgado' }]]);
  it('names staff by name and role, the person as "you", a link holder as the receiving place', () => {
    const at = T0;
    expect(describeAccess({ actorKind: 'user', actorId: 'u1', action: 'participant.read', entityType: 'participant', at, self: 'p1' }, users, 'en')).toMatchObject({ who: 'Rosa Delgado (peer)', whoKind: 'peer', what: 'looked at your record' });
    expect(describeAccess({ actorKind: 'participant', actorId: 'p1', action: 'portal.session.start', entityType: 'participant', at, self: 'p1' }, users, 'es')).toMatchObject({ who: 'Usted', what: 'entró a este portal' });
    expect(describeAccess({ actorKind: 'link', actorId: null, action: 'referral.link.view', entityType: 'referral', at, self: 'p1' }, users, 'en').whoKind).toBe('receiver');
  });
  it('folds the same line repeated in a row into one with a count', () => {
    const l = (who: string, what: string) => ({ who, what });
    expect(collapseRepeats([l('You', 'a'), l('You', 'a'), l('Rosa', 'a'), l('You', 'a')]).map((x) => [x.who, x.times])).toEqual([
      ['You', 2],
      ['Rosa', 1],
      ['You', 1],
    ]);
  });
});
