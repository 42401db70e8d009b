import { z } from 'zod';
import { userOf } from '../../http/auth.ts';
import { commonErrors, langOf, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { programParam, programScheduleInput, programScheduleView, schedulesView } from './schedules.schemas.ts';

export const registerScheduleRoutes = (app: App, { assessmentSchedules }: Services) => {
  app.get('/api/v1/assessment-schedules', {
    schema: {
      tags: ['outcomes'],
      summary: "The organization's assessment schedules: its SUPRT pattern, each program's own (intake, fixed days, discharge, with windows), and the programs its sessions name",
      response: { 200: schedulesView, ...commonErrors },
    },
    handler: async (req) => assessmentSchedules.list(userOf(req)),
  });
  app.put('/api/v1/assessment-schedules/:program', {
    schema: {
      tags: ['outcomes'],
      summary: "Set a program's assessment schedule (admins; audited). Unknown instruments, a day twice, or windows that overlap are refused naming the field",
      params: programParam,
      body: programScheduleInput,
      response: { 200: programScheduleView, ...commonErrors },
    },
    handler: async (req) => assessmentSchedules.put(userOf(req), req.params.program, req.body, langOf(req)),
  });
  app.delete('/api/v1/assessment-schedules/:program', {
    schema: { tags: ['outcomes'], summary: "Remove a program's schedule: its participants follow the SUPRT pattern again (admins; audited)", params: programParam, response: { 204: z.null(), ...commonErrors } },
    handler: async (req, reply) => {
      await assessmentSchedules.remove(userOf(req), req.params.program);
      return reply.code(204).send(null);
    },
  });
};
