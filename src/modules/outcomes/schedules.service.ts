import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden, notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { scheduleContext } from './due.ts';
import { BUILT_IN_INSTRUMENTS } from './instruments/index.ts';
import * as repo from './outcomes.repo.ts';
import { checkProgramSchedule } from './program-schedule.rules.ts';
import { programScheduleInput, type ProgramScheduleInput, type ProgramScheduleView } from './schedules.schemas.ts';
import * as schedules from './schedules.repo.ts';

const toView = (row: schedules.ProgramScheduleRow): ProgramScheduleView => ({
  ...programScheduleInput.parse(row.schedule),
  program: row.program,
  updatedAt: row.updatedAt.toISOString(),
  updatedBy: row.updatedBy,
});

/**
 * Assessment schedules per program (issue 20), an organization setting: staff read them (they
 * decide what is due on My day and a participant's page); admins set and remove them, audited.
 * A schedule is checked whole before it is stored: every problem names its field, nothing stored.
 */
export const createSchedulesService = ({ db, audit, clock }: { db: Database; audit: AuditService; clock: () => Date }) => ({
  async list(actor: Actor) {
    if (actor.kind !== 'user') throw forbidden('Staff read assessment schedules.');
    return db.tenant(actor.orgId, async (tx) => {
      const ctx = await scheduleContext(tx, actor.orgId);
      return {
        suprt: ctx.suprt,
        programs: (await schedules.listProgramSchedules(tx)).map(toView),
        programsInUse: await schedules.programsInUse(tx),
      };
    });
  },

  async put(actor: Actor, program: string, input: ProgramScheduleInput, lang: 'en' | 'es' = 'en'): Promise<ProgramScheduleView> {
    if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Admins set assessment schedules.');
    const orgId = actor.orgId;
    if (!orgId) throw forbidden('An assessment schedule belongs to an organization.');
    return db.tenant(orgId, async (tx) => {
      const known = new Set([...BUILT_IN_INSTRUMENTS.map((i) => i.code), ...(await repo.listInstruments(tx)).map((i) => i.code)]);
      const problems = checkProgramSchedule(input, known, lang).map((p) => ({ field: `body.${p.field}`, message: p.message }));
      if (problems.length > 0) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, problems);
      const schedule = { intake: input.intake, fixed: [...input.fixed].sort((a, b) => a.day - b.day), discharge: input.discharge, suprt: input.suprt };
      const row = await schedules.upsertProgramSchedule(tx, { orgId, program, schedule, updatedAt: clock(), updatedBy: actor.kind === 'user' ? actor.userId : null });
      await audit.record(tx, actor, {
        action: 'assessment_schedule.set',
        entityType: 'organization',
        entityId: orgId,
        details: { program, intake: schedule.intake?.instruments ?? [], days: schedule.fixed.map((f) => f.day), discharge: schedule.discharge?.instruments ?? [], suprt: schedule.suprt },
      });
      return toView(row);
    });
  },

  async remove(actor: Actor, program: string): Promise<void> {
    if (actor.kind !== 'user' || actor.role !== 'admin') throw forbidden('Admins set assessment schedules.');
    return db.tenant(actor.orgId, async (tx) => {
      if (!(await schedules.deleteProgramSchedule(tx, program))) throw notFound('Assessment schedule');
      await audit.record(tx, actor, { action: 'assessment_schedule.remove', entityType: 'organization', entityId: actor.orgId, details: { program } });
    });
  },
});

export type SchedulesService = ReturnType<typeof createSchedulesService>;
