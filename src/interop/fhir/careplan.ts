/** The recovery plan as CarePlan, its goals as Goal. */
import type { CarePlan, CarePlanActivity, Goal } from '@medplum/fhirtypes';
import { metaOf, narrative, PART2_REDISCLOSURE_NOTICE, PB_CS } from './codes.ts';
import type { PlanGoal, PlanRecord } from './model.ts';

/** Goal.lifecycleStatus (required binding goal-status). */
export const GOAL_LIFECYCLE: Record<PlanGoal['status'], Goal['lifecycleStatus']> = {
  active: 'active',
  achieved: 'completed',
  paused: 'on-hold',
  discontinued: 'cancelled',
};

/** CarePlan.activity.detail.status (required binding care-plan-activity-status). */
export const STEP_STATUS: Record<PlanGoal['steps'][number]['status'], NonNullable<CarePlanActivity['detail']>['status']> = {
  'not-started': 'not-started',
  'in-progress': 'in-progress',
  done: 'completed',
  dropped: 'stopped',
};

const GOAL_ACHIEVEMENT = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

export const toGoal = (g: PlanGoal, participantId: string, part2: boolean): Goal => ({
  resourceType: 'Goal',
  id: g.id,
  ...metaOf(part2),
  ...(part2 ? { text: narrative('additional', [g.text, PART2_REDISCLOSURE_NOTICE]) } : {}),
  lifecycleStatus: GOAL_LIFECYCLE[g.status],
  ...(g.status === 'achieved'
    ? { achievementStatus: { coding: [{ system: GOAL_ACHIEVEMENT, code: 'achieved', display: 'Achieved' }] } }
    : g.status === 'active'
      ? { achievementStatus: { coding: [{ system: GOAL_ACHIEVEMENT, code: 'in-progress', display: 'In Progress' }] } }
      : {}),
  ...(g.lifeArea ? { category: [{ coding: [{ system: PB_CS('life-area'), code: g.lifeArea.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'other' }], text: g.lifeArea }] } : {}),
  // In the person's own words (the plan is theirs).
  description: { text: g.text },
  subject: { reference: `Patient/${participantId}` },
  expressedBy: { reference: `Patient/${participantId}` },
});

/**
 * The plan: `goals` are those this reader may have (part2.ts); their steps become activities.
 * Strengths and supports are notes, in the person's words.
 */
export const toCarePlan = (plan: PlanRecord, goals: readonly PlanGoal[], orgId: string, part2: boolean): CarePlan => ({
  resourceType: 'CarePlan',
  id: plan.participantId,
  ...metaOf(part2),
  ...(part2 ? { text: narrative('additional', ['Recovery plan', PART2_REDISCLOSURE_NOTICE]) } : {}),
  identifier: [{ system: PB_CS('recovery-plan-version'), value: String(plan.version) }],
  status: 'active',
  intent: 'plan',
  category: [{ coding: [{ system: PB_CS('care-plan-category'), code: 'recovery-plan', display: 'Person-centered recovery plan' }], text: 'Recovery plan' }],
  title: 'Recovery plan',
  subject: { reference: `Patient/${plan.participantId}` },
  ...(plan.nextReviewOn ? { period: { end: plan.nextReviewOn } } : {}),
  created: plan.updatedAt.toISOString(),
  author: { reference: `Organization/${orgId}` },
  careTeam: [{ reference: `CareTeam/${plan.participantId}` }],
  ...(goals.length > 0 ? { goal: goals.map((g) => ({ reference: `Goal/${g.id}` })) } : {}),
  ...(goals.some((g) => g.steps.length > 0)
    ? {
        activity: goals.flatMap((g) =>
          g.steps.map((s) => ({
            detail: {
              status: STEP_STATUS[s.status],
              description: s.text,
              goal: [{ reference: `Goal/${g.id}` }],
              ...(s.targetDate ? { scheduledString: `By ${s.targetDate}` } : {}),
            },
          })),
        ),
      }
    : {}),
  ...(plan.strengths.length > 0 || plan.supports.length > 0 || plan.agreement
    ? {
        note: [
          ...plan.strengths.map((s) => ({ text: `Strength: ${s}` })),
          ...plan.supports.map((s) => ({ text: `Support (${s.kind}): ${s.name}${s.notes ? ` (${s.notes})` : ''}` })),
          ...(plan.agreement ? [{ text: `Agreed by the ${plan.agreement.agreedBy} (${plan.agreement.method}) on ${plan.agreement.agreedOn}` }] : []),
        ],
      }
    : {}),
});
