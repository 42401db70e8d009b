// A participant's person-centered recovery plan (0003_caseload.sql): read, replaced as a whole
// with a new version on each change (nothing changed: no new version), and its history of
// versions. caseload.service.ts offers these use cases with the notes'; each read and change is
// audited, and a refused one is audited as denied there (audit.refusals).
import { randomUUID } from 'node:crypto';
import { userIdOf, type Actor } from '../../core/actor.ts';
import { conflict, failIfProblems } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import * as repo from './caseload.repo.ts';
import { addDays, changedPlanFields } from './caseload.rules.ts';
import type { PlanInput, PlanView } from './caseload.schemas.ts';

interface PlanDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  clock: () => Date;
  /** Today's date in a time zone (the organization's), as the notes' service dates are. */
  todayIn: (timeZone: string) => string;
}

const iso = (d: Date) => d.toISOString();

export const createPlanCases = ({ db, audit, people, clock, todayIn }: PlanDeps) => ({
  async getPlan(actor: Actor, participantId: string): Promise<PlanView> {
    return db.tenant(actor.orgId!, async (tx) => {
      await people.openParticipant(tx, actor, participantId);
      const org = await repo.getOrg(tx, actor.orgId!);
      const plan = await repo.getPlan(tx, participantId);
      await audit.record(tx, actor, { action: 'plan.read', entityType: 'participant', entityId: participantId });
      return toPlanView(participantId, plan, todayIn(org?.timeZone ?? 'America/New_York'));
    });
  },

  /** Replaces the plan; every change writes a new version (nothing changed: no new version). */
  async putPlan(actor: Actor, participantId: string, input: PlanInput): Promise<PlanView> {
    return db.tenant(actor.orgId!, async (tx) => {
      await people.openParticipant(tx, actor, participantId);
      const org = await repo.getOrg(tx, actor.orgId!);
      const today = todayIn(org?.timeZone ?? 'America/New_York');
      const current = await repo.lockPlan(tx, participantId);
      const version = current?.version ?? 0;
      if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
        throw conflict('plan-changed', `The plan changed since you opened it (now version ${version}). Reload and apply your changes again.`);
      }
      const knownGoals = new Set(current?.content.goals.map((g) => g.id) ?? []);
      const knownSteps = new Set(current?.content.goals.flatMap((g) => g.steps.map((s) => s.id)) ?? []);
      failIfProblems(
        input.goals.flatMap((g, i) => [
          ...(g.id !== undefined && !knownGoals.has(g.id) ? [{ field: `body.goals.${i}.id`, message: 'Not a goal of this plan (omit the id for a new goal)' }] : []),
          ...g.steps.flatMap((s, j) => (s.id !== undefined && !knownSteps.has(s.id) ? [{ field: `body.goals.${i}.steps.${j}.id`, message: 'Not a step of this plan (omit the id for a new step)' }] : [])),
        ]),
      );
      const content = {
        goals: input.goals.map((g) => ({
          id: g.id ?? randomUUID(),
          text: g.text,
          lifeArea: g.lifeArea ?? null,
          status: g.status,
          steps: g.steps.map((s) => ({ id: s.id ?? randomUUID(), text: s.text, targetDate: s.targetDate ?? null, status: s.status })),
        })),
        strengths: input.strengths,
        supports: input.supports.map((s) => ({ name: s.name, kind: s.kind, notes: s.notes ?? null })),
        reviewEveryDays: input.reviewEveryDays,
      };
      const nextReviewOn = input.nextReviewOn !== undefined ? input.nextReviewOn : (current?.nextReviewOn ?? addDays(today, input.reviewEveryDays));
      const now = clock();
      const prior = current?.agreement ?? null;
      const agreement =
        input.agreement === undefined
          ? prior
          : input.agreement === null
            ? null
            : prior && prior.agreedBy === input.agreement.agreedBy && prior.method === input.agreement.method && prior.agreedOn === input.agreement.agreedOn
              ? prior
              : { ...input.agreement, recordedBy: userIdOf(actor), recordedAt: iso(now), version: version + 1 };
      const before = current ? { ...current.content, nextReviewOn: current.nextReviewOn, agreement: current.agreement } : null;
      const changed = changedPlanFields(before, { ...content, nextReviewOn, agreement });
      if (current && changed.length === 0) return toPlanView(participantId, current, today);
      const row = { participantId, orgId: actor.orgId!, version: version + 1, content, nextReviewOn, agreement, updatedAt: now, updatedBy: userIdOf(actor) };
      await repo.savePlan(tx, row, changed);
      await audit.record(tx, actor, { action: 'plan.update', entityType: 'participant', entityId: participantId, details: { version: version + 1, changedFields: changed } });
      return toPlanView(participantId, row, today);
    });
  },

  async planHistory(actor: Actor, participantId: string) {
    return db.tenant(actor.orgId!, async (tx) => {
      await people.openParticipant(tx, actor, participantId);
      const rows = await repo.planVersions(tx, participantId);
      await audit.record(tx, actor, { action: 'plan.history_read', entityType: 'participant', entityId: participantId });
      return {
        items: rows.map((r) => {
          const { reviewDue: _unused, ...rest } = toPlanView(participantId, { ...r, updatedAt: r.changedAt, updatedBy: r.changedBy }, '0000-00-00');
          return { ...rest, changedFields: r.changedFields };
        }),
      };
    });
  }
});

const toPlanView = (
  participantId: string,
  plan: Pick<repo.PlanRow, 'version' | 'content' | 'nextReviewOn' | 'agreement' | 'updatedAt' | 'updatedBy'> | undefined,
  today: string,
): PlanView => ({
  participantId,
  version: plan?.version ?? 0,
  goals: plan?.content.goals ?? [],
  strengths: plan?.content.strengths ?? [],
  supports: plan?.content.supports ?? [],
  reviewEveryDays: plan?.content.reviewEveryDays ?? 90,
  nextReviewOn: plan?.nextReviewOn ?? null,
  reviewDue: plan?.nextReviewOn != null && plan.nextReviewOn <= today,
  agreement: plan?.agreement ?? null,
  updatedAt: plan ? iso(plan.updatedAt) : null,
  updatedBy: plan?.updatedBy ?? null,
});
