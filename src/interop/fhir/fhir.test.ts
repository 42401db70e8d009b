import { describe, expect, it } from 'vitest';
import { bindingProblems, valueSetCodes } from './bindings.ts';
import { GOAL_LIFECYCLE, STEP_STATUS } from './careplan.ts';
import { part2ConsentStatus } from './consent.ts';
import { encounterClass, toEncounter } from './encounter.ts';
import { goalLeaves, part2ConsentLeaves, referralPart2Leaves } from './part2.ts';
import { PRIORITY, SERVICE_REQUEST_STATUS, TASK_STATUS } from './referral.ts';

const VS = (name: string) => `http://hl7.org/fhir/ValueSet/${name}`;

describe('every code our tables emit is in its R4 value set', () => {
  // [mapping table, the value set its values are bound to]
  const tables: Array<[string, Record<string, string | undefined>, string]> = [
    ['ServiceRequest.status', SERVICE_REQUEST_STATUS, 'request-status'],
    ['ServiceRequest/Task.priority', PRIORITY, 'request-priority'],
    ['Task.status', TASK_STATUS, 'task-status'],
    ['Goal.lifecycleStatus', GOAL_LIFECYCLE, 'goal-status'],
    ['CarePlan.activity.detail.status', STEP_STATUS, 'care-plan-activity-status'],
  ];
  it.each(tables)('%s', (_name, table, vs) => {
    const allowed = valueSetCodes(VS(vs));
    expect(Object.values(table).filter((c) => !allowed.has(String(c)))).toEqual([]);
  });

  it('covers every referral status', () => {
    const statuses = ['draft', 'sent', 'received', 'accepted', 'declined', 'in-progress', 'completed', 'not-completed', 'cancelled'];
    expect(Object.keys(SERVICE_REQUEST_STATUS).sort()).toEqual([...statuses].sort());
    expect(Object.keys(TASK_STATUS).sort()).toEqual([...statuses].sort());
  });

  it('Encounter.class by modality and place of service (v3 ActEncounterCode)', () => {
    expect([
      encounterClass('in-person', '11').code,
      encounterClass('in-person', '12').code,
      encounterClass('in-person', '99').code,
      encounterClass('in-person', '04').code,
      encounterClass('phone', '02').code,
      encounterClass('video', '10').code,
      encounterClass('text', '11').code,
    ]).toEqual(['AMB', 'HH', 'FLD', 'FLD', 'VR', 'VR', 'VR']);
  });

  it('the binding check catches a code outside its value set', () => {
    const e = toEncounter(
      { lineId: 'a', encounterId: 'a', participantId: 'p', peerId: 'q', type: 'individual', modality: 'phone', placeOfService: '02', startedAt: new Date('2026-01-05T10:00:00Z'), durationMinutes: 30, voided: true, narrative: '', nextSteps: '' },
      { orgId: 'o', episodeId: null, reader: 'staff' },
    );
    expect(e.status).toBe('entered-in-error');
    expect(bindingProblems(e)).toEqual([]);
    expect(bindingProblems({ ...e, status: 'done' as never, class: { code: 'CLINIC' } })).toEqual(['Encounter.status: done', 'Encounter.class.code: CLINIC']);
  });
});

describe('42 CFR Part 2 in exports', () => {
  const inForce: { expiresOn: string; revokedAt: Date | null } = { expiresOn: '2027-01-01', revokedAt: null };
  const revoked = { expiresOn: '2027-01-01', revokedAt: new Date('2026-06-01T00:00:00Z') };
  const expired = { expiresOn: '2026-05-01', revokedAt: null };
  const today = '2026-06-02';

  it('the person gets all of theirs; anyone else a Part 2 referral and consent only while the consent is in force', () => {
    expect(goalLeaves({ lifeArea: 'Substance use' }, 'person')).toBe(true);
    expect(goalLeaves({ lifeArea: 'Substance use' }, 'staff')).toBe(false);
    expect(goalLeaves({ lifeArea: 'housing' }, 'staff')).toBe(true);
    const referral = (c: typeof inForce | null) => ({ part2: true, part2Consent: c as never });
    expect([referralPart2Leaves(referral(inForce), 'staff', today), referralPart2Leaves(referral(revoked), 'staff', today), referralPart2Leaves(referral(expired), 'staff', today)]).toEqual([true, false, false]);
    expect(referralPart2Leaves(referral(revoked), 'person', today)).toBe(true);
    expect(referralPart2Leaves({ part2: false, part2Consent: null }, 'person', today)).toBe(false);
    expect([part2ConsentLeaves(inForce, 'staff', today), part2ConsentLeaves(revoked, 'staff', today), part2ConsentLeaves(revoked, 'person', today)]).toEqual([true, false, true]);
    expect([part2ConsentStatus(inForce, today), part2ConsentStatus(revoked, today), part2ConsentStatus(expired, today)]).toEqual(['active', 'inactive', 'inactive']);
  });
});
