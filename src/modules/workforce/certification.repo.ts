import { and, asc, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import {
  certificationApplicantSteps,
  certificationApplicants,
  certificationEligibility,
  certificationPipelines,
  referenceRequests,
} from '../../db/schema/certification.ts';

export type PipelineRow = typeof certificationPipelines.$inferSelect;
export type ApplicantRow = typeof certificationApplicants.$inferSelect;
export type StepRow = typeof certificationApplicantSteps.$inferSelect;
export type EligibilityRow = typeof certificationEligibility.$inferSelect;
export type ReferenceRow = typeof referenceRequests.$inferSelect;

// ---------- pipelines ----------

export const pipelines = (tx: Tx) => tx.select().from(certificationPipelines).orderBy(asc(certificationPipelines.name));
export const pipelineById = async (tx: Tx, id: string) => (await tx.select().from(certificationPipelines).where(eq(certificationPipelines.id, id)))[0];
export const pipelineByCode = async (tx: Tx, code: string) => (await tx.select({ id: certificationPipelines.id }).from(certificationPipelines).where(eq(certificationPipelines.code, code)))[0];
export const insertPipeline = async (tx: Tx, row: typeof certificationPipelines.$inferInsert) => (await tx.insert(certificationPipelines).values(row).returning())[0]!;

/** Applicants by current step, for every pipeline (one indexed group-by). */
export const countsByStep = async (tx: Tx, pipelineId?: string) =>
  rowsOf<{ pipeline_id: string; current_step: string; n: number }>(
    await tx.execute(
      sql`select pipeline_id, current_step, count(*)::int as n from certification_applicants ${pipelineId ? sql`where pipeline_id = ${pipelineId}` : sql``} group by pipeline_id, current_step`,
    ),
  );

/** Days each step took for applicants who completed it (start to completion). */
export const stepDurations = async (tx: Tx, pipelineId: string) =>
  tx
    .select({ stepCode: certificationApplicantSteps.stepCode, startedAt: certificationApplicantSteps.startedAt, completedAt: certificationApplicantSteps.completedAt })
    .from(certificationApplicantSteps)
    .where(and(eq(certificationApplicantSteps.pipelineId, pipelineId), isNotNull(certificationApplicantSteps.completedAt), isNotNull(certificationApplicantSteps.startedAt)));

/** Median days per step in SQL (the board's figures at scale). */
export const medianDays = async (tx: Tx, pipelineId: string) =>
  rowsOf<{ step_code: string; median_days: number | null; n: number }>(
    await tx.execute(sql`
      select step_code, percentile_cont(0.5) within group (order by extract(epoch from completed_at - started_at) / 86400)::float8 as median_days, count(*)::int as n
      from certification_applicant_steps
      where pipeline_id = ${pipelineId} and completed_at is not null and started_at is not null
      group by step_code`),
  );

// ---------- applicants ----------

export const insertApplicant = async (tx: Tx, row: typeof certificationApplicants.$inferInsert) => (await tx.insert(certificationApplicants).values(row).returning())[0]!;
export const applicantById = async (tx: Tx, id: string) => (await tx.select().from(certificationApplicants).where(eq(certificationApplicants.id, id)))[0];
export const lockApplicant = async (tx: Tx, id: string) => (await tx.select().from(certificationApplicants).where(eq(certificationApplicants.id, id)).for('update'))[0];
export const applicantsOfPeer = (tx: Tx, peerId: string) => tx.select().from(certificationApplicants).where(eq(certificationApplicants.peerId, peerId));

/** One page of a pipeline's applicants, in a step or all, longest waiting first. */
export const applicantsPage = (tx: Tx, pipelineId: string, step: string | undefined, limit: number, offset: number) =>
  tx
    .select()
    .from(certificationApplicants)
    .where(step ? and(eq(certificationApplicants.pipelineId, pipelineId), eq(certificationApplicants.currentStep, step)) : eq(certificationApplicants.pipelineId, pipelineId))
    .orderBy(asc(certificationApplicants.currentStep), asc(certificationApplicants.currentSince), asc(certificationApplicants.id))
    .limit(limit)
    .offset(offset);

export const setPlace = (tx: Tx, id: string, currentStep: string, since: Date) =>
  tx.update(certificationApplicants).set({ currentStep, currentSince: since }).where(eq(certificationApplicants.id, id));

export const stepsOf = (tx: Tx, applicantId: string) => tx.select().from(certificationApplicantSteps).where(eq(certificationApplicantSteps.applicantId, applicantId));
export const stepsOfMany = async (tx: Tx, applicantIds: string[]) =>
  applicantIds.length === 0
    ? []
    : tx
        .select()
        .from(certificationApplicantSteps)
        .where(inArray(certificationApplicantSteps.applicantId, applicantIds));

export const upsertStep = (tx: Tx, row: typeof certificationApplicantSteps.$inferInsert) =>
  tx
    .insert(certificationApplicantSteps)
    .values(row)
    .onConflictDoUpdate({
      target: [certificationApplicantSteps.orgId, certificationApplicantSteps.applicantId, certificationApplicantSteps.stepCode],
      set: { status: row.status, amounts: row.amounts, note: row.note, startedAt: row.startedAt, completedAt: row.completedAt, updatedBy: row.updatedBy, updatedAt: row.updatedAt },
    });

// ---------- eligibility ----------

export const eligibilityOf = (tx: Tx, applicantId: string) => tx.select().from(certificationEligibility).where(eq(certificationEligibility.applicantId, applicantId));
export const heldApplicants = async (tx: Tx, applicantIds: string[]) =>
  applicantIds.length === 0
    ? new Set<string>()
    : new Set(
        (
          await tx
            .select({ id: certificationEligibility.applicantId })
            .from(certificationEligibility)
            .where(and(eq(certificationEligibility.outcome, 'does-not-meet'), inArray(certificationEligibility.applicantId, applicantIds)))
        ).map((r) => r.id),
      );
export const upsertEligibility = (tx: Tx, row: typeof certificationEligibility.$inferInsert) =>
  tx
    .insert(certificationEligibility)
    .values(row)
    .onConflictDoUpdate({
      target: [certificationEligibility.orgId, certificationEligibility.applicantId, certificationEligibility.ruleCode],
      set: { outcome: row.outcome, reason: row.reason, recordedBy: row.recordedBy, recordedAt: row.recordedAt },
    });

// ---------- references ----------

/** The organization of a token hash, before any tenant is known (SECURITY DEFINER, 0044). */
export const findReferenceTarget = async (tx: Tx, tokenHash: string) =>
  rowsOf<{ org_id: string; request_id: string }>(await tx.execute(sql`select org_id, request_id from pb_reference_request(${tokenHash})`))[0];
export const insertReference = async (tx: Tx, row: typeof referenceRequests.$inferInsert) => (await tx.insert(referenceRequests).values(row).returning())[0]!;
export const lockReference = async (tx: Tx, id: string) => (await tx.select().from(referenceRequests).where(eq(referenceRequests.id, id)).for('update'))[0];
export const referencesOf = (tx: Tx, applicantId: string) => tx.select().from(referenceRequests).where(eq(referenceRequests.applicantId, applicantId)).orderBy(asc(referenceRequests.createdAt));
export const answeredCounts = async (tx: Tx, applicantIds: string[]) =>
  applicantIds.length === 0
    ? new Map<string, number>()
    : new Map(
        (
          await tx
            .select({ id: referenceRequests.applicantId, n: count() })
            .from(referenceRequests)
            .where(and(isNotNull(referenceRequests.usedAt), inArray(referenceRequests.applicantId, applicantIds)))
            .groupBy(referenceRequests.applicantId)
        ).map((r) => [r.id, r.n]),
      );
export const revokeReference = (tx: Tx, id: string, now: Date) => tx.update(referenceRequests).set({ revokedAt: now }).where(eq(referenceRequests.id, id));
export const answerReference = (tx: Tx, id: string, answer: NonNullable<ReferenceRow['answer']>, now: Date) =>
  tx.update(referenceRequests).set({ usedAt: now, answer }).where(eq(referenceRequests.id, id));

/** Demo only: moves step and place times into the past (deterministically), so days per step mean something. */
export const spreadDemoTimes = async (tx: Tx) => {
  await tx.execute(sql`update certification_applicant_steps set started_at = completed_at - ((3 + abs(hashtext(applicant_id::text || step_code)) % 25) * interval '1 day') where completed_at is not null`);
  await tx.execute(sql`update certification_applicant_steps set started_at = started_at - ((1 + abs(hashtext(applicant_id::text || step_code)) % 20) * interval '1 day') where completed_at is null and started_at is not null`);
  await tx.execute(sql`update certification_applicants set current_since = current_since - ((1 + abs(hashtext(id::text)) % 30) * interval '1 day')`);
};
