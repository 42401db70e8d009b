import { z } from 'zod';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';

const instant = z.iso.datetime({ offset: true });

export const mandatedReportInput = z.object({
  what: z.string().trim().min(1).max(4000).describe('What was reported (e.g. suspected neglect of a child)'),
  reportedTo: z.string().trim().min(1).max(500).describe('To whom: the agency or hotline, and a reference number if one was given'),
  reportedAt: instant,
});

const mandatedReportView = z
  .object({ id: z.uuid(), encounterId: z.uuid(), what: z.string(), reportedTo: z.string(), reportedAt: instant, recordedBy: z.uuid().nullable(), createdAt: instant })
  .meta({ id: 'MandatedReport' });
const mandatedReportRecorded = z.object({ id: z.uuid(), encounterId: z.uuid(), createdAt: instant }).meta({ id: 'MandatedReportRecorded' });

export const registerMandatedReportRoutes = (app: App, { mandatedReports }: Services) => {
  const tags = ['caseload'];
  app.post('/api/v1/encounters/:id/mandated-reports', {
    schema: {
      tags,
      summary: "Record on a note that a mandated report was made (what, to whom, when); the note's peer, supervisors and admins; audited",
      params: idParam,
      body: mandatedReportInput,
      response: { 201: mandatedReportRecorded, ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send(await mandatedReports.record(userOf(req), req.params.id, req.body)),
  });
  app.get('/api/v1/encounters/:id/mandated-reports', {
    schema: {
      tags,
      summary: "A note's mandated reports (supervisors and admins only; audited)",
      params: idParam,
      response: { 200: z.object({ items: z.array(mandatedReportView) }), ...commonErrors },
    },
    handler: async (req) => mandatedReports.list(userOf(req), req.params.id),
  });
};
