import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Actor } from '../../core/actor.ts';
import { AppError, badRequest, forbidden, notFound, failIfProblems, type FieldProblem } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { linkState } from '../outcomes/links.rules.ts';
import { PIPELINE_TEMPLATES } from './certification.data.ts';
import { refreshPlace, toRecord } from './certification.place.ts';
import * as repo from './certification.repo.ts';
import { applicantState, daysFrom } from './certification.rules.ts';
import type { applicantInput, applicantsQuery, eligibilityInput, stepInput } from './certification.schemas.ts';
import type { ApplicantView, PipelineInput, PipelineView } from './certification.schemas.ts';
import { CERTIFIED, type PipelineDefinition, type StepStatus } from './certification.types.ts';
import { peerById, peerOfUser } from './workforce.repo.ts';

export interface CertificationDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The road to certification (issue 21): a certification body's or training program's applicant
 * pipeline (steps and eligibility rules as data) and the board's counts by step and days per step
 * (the reference links are references.service.ts). Supervisors and admins
 * run it; a peer sees their own application; every read and change of an applicant is audited.
 */
export const createCertificationService = ({ db, audit, clock }: CertificationDeps) => {
  const staff = (actor: Actor) => {
    if (actor.kind === 'user' && (actor.role === 'peer' || actor.role === 'analyst')) throw forbidden('Supervisors and admins run the certification pipeline.');
    return actor.kind === 'user' ? actor.userId : null;
  };

  const openApplicant = async (tx: Tx, actor: Actor, id: string, lock = false) => {
    if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate figures, not applicants.');
    const a = lock ? await repo.lockApplicant(tx, id) : await repo.applicantById(tx, id);
    if (!a) throw notFound('Applicant');
    if (actor.kind === 'user' && actor.role === 'peer') {
      // A peer sees only their own application (an agency that hires before certification).
      const own = a.peerId ? await peerById(tx, a.peerId) : undefined;
      if (!own || own.userId !== actor.userId) throw notFound('Applicant');
    }
    const pipeline = (await repo.pipelineById(tx, a.pipelineId))!;
    return { a, pipeline };
  };

  const detail = async (tx: Tx, a: repo.ApplicantRow, pipeline: repo.PipelineRow): Promise<ApplicantView> => {
    const def = pipeline.definition;
    const [rows, findings, refs] = await Promise.all([repo.stepsOf(tx, a.id), repo.eligibilityOf(tx, a.id), repo.referencesOf(tx, a.id)]);
    const answered = refs.filter((r) => r.usedAt).length;
    const state = applicantState(def, rows.map(toRecord), answered);
    const byCode = new Map(rows.map((r) => [r.stepCode, r]));
    const now = clock();
    const found = new Map(findings.map((f) => [f.ruleCode, f]));
    return {
      id: a.id,
      pipelineId: a.pipelineId,
      pipelineName: pipeline.name,
      name: a.name,
      email: a.email,
      phone: a.phone,
      lang: a.lang as 'en' | 'es',
      peerId: a.peerId,
      currentStep: a.currentStep,
      currentSince: a.currentSince.toISOString(),
      daysInStep: daysFrom(a.currentSince, now),
      held: findings.some((f) => f.outcome === 'does-not-meet'),
      steps: def.steps.map((s, i) => {
        const r = byCode.get(s.code);
        const st = state.steps[i]!;
        return {
          code: s.code,
          title: s.title,
          kind: s.kind,
          status: st.status,
          complete: st.complete,
          done: st.done,
          required: st.required,
          missing: st.missing,
          startedAt: iso(r?.startedAt ?? null),
          completedAt: iso(r?.completedAt ?? null),
          days: r?.startedAt ? daysFrom(r.startedAt, r.completedAt ?? now) : null,
          note: r?.note ?? null,
          source: s.source,
        };
      }),
      eligibility: def.eligibility.map((rule) => {
        const f = found.get(rule.code);
        return { ...rule, outcome: (f?.outcome as 'meets' | 'does-not-meet' | 'not-assessed' | undefined) ?? null, reason: f?.reason ?? null, recordedAt: iso(f?.recordedAt ?? null) };
      }),
      references: refs.map((r) => ({
        id: r.id,
        refereeName: r.refereeName,
        lang: r.lang as 'en' | 'es',
        state: linkState(r, now),
        createdAt: r.createdAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
        answeredAt: iso(r.usedAt),
        answer: r.answer ?? null,
      })),
    };
  };

  const pipelineViews = async (tx: Tx, rows: repo.PipelineRow[], withDurations: boolean): Promise<PipelineView[]> => {
    const counts = await repo.countsByStep(tx, rows.length === 1 ? rows[0]!.id : undefined);
    const out: PipelineView[] = [];
    for (const p of rows) {
      const mine = counts.filter((c) => c.pipeline_id === p.id);
      const durations = withDurations ? await repo.medianDays(tx, p.id) : [];
      const count = (step: string) => mine.find((c) => c.current_step === step)?.n ?? 0;
      out.push({
        id: p.id,
        code: p.code,
        name: p.name,
        body: p.definition.body,
        template: p.definition.template,
        steps: p.definition.steps.map((s) => {
          const d = durations.find((x) => x.step_code === s.code);
          return { ...s, count: count(s.code), medianDays: d?.median_days === null || d === undefined ? null : Math.round(d.median_days * 10) / 10, completedCount: d?.n ?? 0 };
        }),
        eligibility: p.definition.eligibility,
        certified: count(CERTIFIED),
        total: mine.reduce((a, c) => a + c.n, 0),
      });
    }
    return out;
  };

  const service = {
    /** Every pipeline with its steps and the count of applicants at each (aggregate: analysts too). */
    async listPipelines(actor: Actor) {
      if (actor.kind === 'user' && actor.role === 'peer') throw forbidden('Supervisors and admins run the certification pipeline.');
      return db.tenant(actor.orgId!, async (tx) => ({ items: await pipelineViews(tx, await repo.pipelines(tx), false) }));
    },

    /** One pipeline with counts and the median days each step took. */
    async getPipeline(actor: Actor, id: string) {
      if (actor.kind === 'user' && actor.role === 'peer') throw forbidden('Supervisors and admins run the certification pipeline.');
      return db.tenant(actor.orgId!, async (tx) => {
        const p = await repo.pipelineById(tx, id);
        if (!p) throw notFound('Pipeline');
        return (await pipelineViews(tx, [p], true))[0]!;
      });
    },

    /** A pipeline from a built-in template (with the body's own eligibility rules added) or from steps of its own (admins). */
    async createPipeline(actor: Actor, input: PipelineInput) {
      if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Admins set up certification pipelines.');
      const template = input.template ? PIPELINE_TEMPLATES[input.template]! : null;
      const problems: FieldProblem[] = [];
      const steps = input.steps ?? template?.steps;
      if (!steps) problems.push({ field: 'body.steps', message: 'Give the steps, or a template' });
      const eligibility = [...(template?.eligibility ?? []), ...(input.eligibility ?? [])];
      const dup = (xs: Array<{ code: string }>) => xs.findIndex((x, i) => xs.findIndex((y) => y.code === x.code) !== i);
      if (steps && dup(steps) >= 0) problems.push({ field: `body.steps.${dup(steps)}.code`, message: 'Each step has a code of its own' });
      if (steps?.some((s) => s.code === CERTIFIED)) problems.push({ field: 'body.steps', message: `"${CERTIFIED}" names the end of the road, not a step` });
      if (dup(eligibility) >= 0) problems.push({ field: `body.eligibility.${dup(eligibility) - (template?.eligibility.length ?? 0)}.code`, message: 'Each rule has a code of its own' });
      (steps ?? []).forEach((s, i) => {
        if (s.kind === 'hours' && s.required === null && s.domains.length === 0) problems.push({ field: `body.steps.${i}.required`, message: 'An hours step needs its hours or domains' });
        if (s.kind === 'references' && (s.required === null || s.required < 1)) problems.push({ field: `body.steps.${i}.required`, message: 'Say how many references' });
      });
      failIfProblems(problems);
      return db.tenant(actor.orgId!, async (tx) => {
        if (await repo.pipelineByCode(tx, input.code)) throw new AppError(409, 'pipeline-exists', `A pipeline "${input.code}" exists.`, { errors: [{ field: 'body.code', message: 'Already used' }] });
        const definition: PipelineDefinition = { template: input.template ?? null, body: input.body ?? template?.body ?? input.name, steps: steps!, eligibility };
        const row = await repo.insertPipeline(tx, { id: randomUUID(), orgId: actor.orgId!, code: input.code, name: input.name, definition, createdBy: actor.kind === 'user' ? actor.userId : null, createdAt: clock() });
        await audit.record(tx, actor, { action: 'certification_pipeline.create', entityType: 'certification_pipeline', entityId: row.id, details: { code: row.code, template: definition.template } });
        return (await pipelineViews(tx, [row], false))[0]!;
      });
    },

    /** One page of a pipeline's applicants (by step), with what each is missing (audited). */
    async listApplicants(actor: Actor, q: z.infer<typeof applicantsQuery>) {
      staff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const p = await repo.pipelineById(tx, q.pipelineId);
        if (!p) throw notFound('Pipeline');
        if (q.step && q.step !== CERTIFIED && !p.definition.steps.some((s) => s.code === q.step)) throw badRequest('No such step in this pipeline.', [{ field: 'query.step', message: `Use one of ${[...p.definition.steps.map((s) => s.code), CERTIFIED].join(', ')}` }]);
        const rows = await repo.applicantsPage(tx, p.id, q.step, q.limit + 1, q.offset);
        const page = rows.slice(0, q.limit);
        const ids = page.map((a) => a.id);
        const [steps, answered, held] = await Promise.all([repo.stepsOfMany(tx, ids), repo.answeredCounts(tx, ids), repo.heldApplicants(tx, ids)]);
        await audit.record(tx, actor, { action: 'certification_applicant.list', entityType: 'certification_pipeline', entityId: p.id, details: { step: q.step ?? null, count: page.length } });
        const now = clock();
        return {
          items: page.map((a) => {
            const st = applicantState(p.definition, steps.filter((s) => s.applicantId === a.id).map(toRecord), answered.get(a.id) ?? 0);
            return {
              id: a.id,
              name: a.name,
              currentStep: a.currentStep,
              currentSince: a.currentSince.toISOString(),
              daysInStep: daysFrom(a.currentSince, now),
              held: held.has(a.id),
              missing: st.steps.filter((s) => !s.complete).map((s) => ({ step: s.code, missing: s.missing })),
            };
          }),
          nextOffset: rows.length > q.limit ? q.offset + q.limit : null,
        };
      });
    },

    async createApplicant(actor: Actor, input: z.infer<typeof applicantInput>) {
      const userId = staff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const p = await repo.pipelineById(tx, input.pipelineId);
        if (!p) throw badRequest('No such pipeline.', [{ field: 'body.pipelineId', message: 'No pipeline with this id' }]);
        if (input.peerId && !(await peerById(tx, input.peerId))) throw badRequest('No such peer.', [{ field: 'body.peerId', message: 'No peer with this id' }]);
        const now = clock();
        const a = await repo.insertApplicant(tx, {
          id: randomUUID(),
          orgId: actor.orgId!,
          pipelineId: p.id,
          name: input.name,
          email: input.email ?? null,
          phone: input.phone ?? null,
          lang: input.lang,
          peerId: input.peerId ?? null,
          currentStep: '',
          currentSince: now,
          createdBy: userId,
          createdAt: now,
        });
        const place = await refreshPlace(tx, a, p.definition, now, userId);
        await audit.record(tx, actor, { action: 'certification_applicant.create', entityType: 'certification_applicant', entityId: a.id, details: { pipelineId: p.id } });
        return detail(tx, { ...a, currentStep: place }, p);
      });
    },

    /**
     * The caller's own applications (a peer the agency hired before certification): every step
     * done and missing, and any eligibility rule that holds them with its source and why. Anyone
     * signed in may ask; someone who is no applicant gets an empty list. Audited when there is one.
     */
    async mine(actor: Actor) {
      if (actor.kind !== 'user') throw forbidden('Only a signed-in person has applications of their own.');
      return db.tenant(actor.orgId!, async (tx) => {
        const peer = await peerOfUser(tx, actor.userId);
        const rows = peer ? await repo.applicantsOfPeer(tx, peer.id) : [];
        const items: ApplicantView[] = [];
        for (const a of rows) {
          items.push(await detail(tx, a, (await repo.pipelineById(tx, a.pipelineId))!));
          await audit.record(tx, actor, { action: 'certification_applicant.read', entityType: 'certification_applicant', entityId: a.id, details: { own: true } });
        }
        return { items };
      });
    },

    async getApplicant(actor: Actor, id: string) {
      return db.tenant(actor.orgId!, async (tx) => {
        const { a, pipeline } = await openApplicant(tx, actor, id);
        await audit.record(tx, actor, { action: 'certification_applicant.read', entityType: 'certification_applicant', entityId: id });
        return detail(tx, a, pipeline);
      });
    },

    /**
     * Records a step: its status, hours so far by domain, a note. Refused, naming the field: an
     * unknown step or domain, hours on a step that has none, `done` on a step whose hours or
     * references are short (the answer says what is missing), `waived` without a reason.
     */
    async updateStep(actor: Actor, id: string, stepCode: string, input: z.infer<typeof stepInput>) {
      const userId = staff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const { a, pipeline } = await openApplicant(tx, actor, id, true);
        const def = pipeline.definition;
        const step = def.steps.find((s) => s.code === stepCode);
        if (!step) throw badRequest('No such step in this pipeline.', [{ field: 'params.step', message: `Use one of ${def.steps.map((s) => s.code).join(', ')}` }]);
        const problems: FieldProblem[] = [];
        const rows = await repo.stepsOf(tx, a.id);
        const r = rows.find((x) => x.stepCode === stepCode);
        let amounts = r?.amounts ?? {};
        if (input.hours) {
          if (step.kind !== 'hours') problems.push({ field: 'body.hours', message: 'This step is not counted in hours' });
          const known = step.domains.length > 0 ? step.domains.map((d) => d.domain) : ['total'];
          for (const k of Object.keys(input.hours)) if (!known.includes(k)) problems.push({ field: `body.hours.${k}`, message: `Use ${known.join(', ')}` });
          amounts = { ...amounts, ...input.hours };
        }
        if (input.status === 'waived' && !input.note) problems.push({ field: 'body.note', message: 'Say why the step is waived' });
        if (input.status === 'done' && step.kind !== 'check') {
          const answered = (await repo.answeredCounts(tx, [a.id])).get(a.id) ?? 0;
          const st = applicantState({ steps: [step] }, [{ stepCode, status: 'in-progress', amounts, startedAt: null, completedAt: null, note: null }], answered).steps[0]!;
          if (!st.complete) problems.push({ field: 'body.status', message: `Still missing: ${Object.entries(st.missing).map(([k, v]) => `${v} ${k}`).join(', ')}` });
        }
        failIfProblems(problems);
        const now = clock();
        const status: StepStatus = input.status ?? (r?.status as StepStatus | undefined) ?? 'in-progress';
        const completes = status === 'done' || status === 'waived';
        await repo.upsertStep(tx, {
          orgId: a.orgId,
          applicantId: a.id,
          pipelineId: a.pipelineId,
          stepCode,
          status,
          amounts,
          note: input.note ?? r?.note ?? null,
          startedAt: r?.startedAt ?? now,
          completedAt: completes ? (r?.completedAt ?? now) : null,
          updatedBy: userId,
          updatedAt: now,
        });
        const place = await refreshPlace(tx, a, def, now, userId);
        await audit.record(tx, actor, { action: 'certification_step.update', entityType: 'certification_applicant', entityId: a.id, details: { step: stepCode, status, place } });
        return detail(tx, (await repo.applicantById(tx, a.id))!, pipeline);
      });
    },

    /** Records whether one of the body's eligibility rules applies, and why: shown to the applicant with the rule and its source. */
    async recordEligibility(actor: Actor, id: string, input: z.infer<typeof eligibilityInput>) {
      const userId = staff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const { a, pipeline } = await openApplicant(tx, actor, id, true);
        if (!pipeline.definition.eligibility.some((r) => r.code === input.rule)) {
          throw badRequest('No such eligibility rule in this pipeline.', [{ field: 'body.rule', message: `Use one of ${pipeline.definition.eligibility.map((r) => r.code).join(', ') || '(this pipeline has none)'}` }]);
        }
        await repo.upsertEligibility(tx, { orgId: a.orgId, applicantId: a.id, ruleCode: input.rule, outcome: input.outcome, reason: input.reason, recordedBy: userId, recordedAt: clock() });
        await audit.record(tx, actor, { action: 'certification_eligibility.record', entityType: 'certification_applicant', entityId: a.id, details: { rule: input.rule, outcome: input.outcome } });
        return detail(tx, a, pipeline);
      });
    },

  };

  const onApplicant = (action: string) => (_actor: Actor, id: string) => ({ action, entityType: 'certification_applicant', entityId: id });
  return audit.refusals(service, {
    getApplicant: onApplicant('certification_applicant.read'),
    updateStep: onApplicant('certification_step.update'),
    recordEligibility: onApplicant('certification_eligibility.record'),
  });
};

export type CertificationService = ReturnType<typeof createCertificationService>;
