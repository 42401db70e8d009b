import type { Tx } from '../../db/client.ts';
import * as repo from './certification.repo.ts';
import { applicantState } from './certification.rules.ts';
import type { PipelineDefinition, StepRecord, StepStatus } from './certification.types.ts';

export const toRecord = (r: repo.StepRow): StepRecord => ({ stepCode: r.stepCode, status: r.status as StepStatus, amounts: r.amounts, startedAt: r.startedAt, completedAt: r.completedAt, note: r.note });

/**
 * Recomputes an applicant's place after a change: completion times of steps that became (or
 * stopped being) complete, the current step and since when, and the start of the step they
 * are now at.
 */
export const refreshPlace = async (tx: Tx, a: repo.ApplicantRow, def: PipelineDefinition, now: Date, userId: string | null) => {
  const rows = await repo.stepsOf(tx, a.id);
  const answered = (await repo.answeredCounts(tx, [a.id])).get(a.id) ?? 0;
  const state = applicantState(def, rows.map(toRecord), answered);
  const byCode = new Map(rows.map((r) => [r.stepCode, r]));
  for (const s of state.steps) {
    const r = byCode.get(s.code);
    const becomesCurrent = s.code === state.currentStep && a.currentStep !== state.currentStep;
    const completedAt = s.complete ? (r?.completedAt ?? now) : null;
    const startedAt = r?.startedAt ?? (s.complete || becomesCurrent ? now : null);
    const was = r?.status as StepStatus | undefined;
    const status: StepStatus = s.complete ? (was === 'waived' ? 'waived' : 'done') : was === 'done' || (!was && becomesCurrent) ? 'in-progress' : (was ?? 'pending');
    if (r && r.status === status && r.completedAt?.getTime() === completedAt?.getTime() && r.startedAt?.getTime() === startedAt?.getTime()) continue;
    if (!r && !startedAt) continue;
    await repo.upsertStep(tx, { orgId: a.orgId, applicantId: a.id, pipelineId: a.pipelineId, stepCode: s.code, status, amounts: r?.amounts ?? {}, note: r?.note ?? null, startedAt, completedAt, updatedBy: userId, updatedAt: now });
  }
  if (state.currentStep !== a.currentStep) await repo.setPlace(tx, a.id, state.currentStep, now);
  return state.currentStep;
};
