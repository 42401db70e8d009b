import { z } from 'zod';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import {
  assessmentInput,
  assessmentListQuery,
  assessmentView,
  dueView,
  followupCloseInput,
  followupListQuery,
  followupView,
  instrumentDefinition,
  instrumentParam,
  instrumentQuery,
  instrumentSummary,
  instrumentView,
  programReportQuery,
  programReportView,
} from './outcomes.schemas.ts';
import { programReportCsv } from './report.service.ts';
import { programReportPdf } from './report.pdf.ts';
import { langOf } from '../../http/types.ts';
import { reportDay } from './exports.routes.ts';

export const registerOutcomesRoutes = (app: App, services: Services) => {
  const { outcomes, reports } = services;
  // ---------- instruments ----------
  app.get('/api/v1/instruments', {
    schema: { tags: ['outcomes'], summary: 'Instruments: the built-in ones and the organization\'s own, each with its versions', response: { 200: z.object({ items: z.array(instrumentSummary) }), ...commonErrors } },
    handler: async (req) => outcomes.listInstruments(userOf(req)),
  });
  app.get('/api/v1/instruments/:code', {
    schema: {
      tags: ['outcomes'],
      summary: 'One instrument version (the newest unless ?version=): items, answers, scoring, bands, flags, licence',
      params: instrumentParam,
      querystring: instrumentQuery,
      response: { 200: instrumentView, ...commonErrors },
    },
    handler: async (req) => outcomes.getInstrument(userOf(req), req.params.code, req.query.version),
  });
  app.post('/api/v1/instruments', {
    schema: {
      tags: ['outcomes'],
      summary: "Publish a version of the organization's own instrument (admins; a published version never changes)",
      body: instrumentDefinition,
      response: { 201: instrumentView, ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send(await outcomes.createInstrument(userOf(req), req.body)),
  });

  // ---------- assessments ----------
  app.post('/api/v1/participants/:id/assessments', {
    schema: {
      tags: ['outcomes'],
      summary: "Record a participant's answers, scored by the instrument's published rules (a safety flag opens a same-day follow-up; audited)",
      params: idParam,
      body: assessmentInput,
      response: { 201: assessmentView, ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send(await outcomes.recordAssessment(userOf(req), req.params.id, req.body)),
  });
  app.get('/api/v1/participants/:id/assessments', {
    schema: {
      tags: ['outcomes'],
      summary: "A participant's assessments, newest first (audited)",
      params: idParam,
      querystring: assessmentListQuery,
      response: { 200: z.object({ items: z.array(assessmentView) }), ...commonErrors },
    },
    handler: async (req) => outcomes.listAssessments(userOf(req), req.params.id, req.query.instrument),
  });

  app.get('/api/v1/participants/:id/assessments/due', {
    schema: {
      tags: ['outcomes'],
      summary: 'Assessment points (SUPRT: baseline, reassessment, annual, closeout) with their windows and status today, and the follow-up rate (audited)',
      params: idParam,
      response: { 200: dueView, ...commonErrors },
    },
    handler: async (req) => outcomes.dueAssessments(userOf(req), req.params.id),
  });

  // ---------- safety follow-ups ----------
  app.get('/api/v1/safety-followups', {
    schema: {
      tags: ['outcomes'],
      summary: "Same-day safety follow-ups: a peer's own, every one for supervisors and admins (open first, soonest due first; audited)",
      querystring: followupListQuery,
      response: { 200: z.object({ items: z.array(followupView) }), ...commonErrors },
    },
    handler: async (req) => outcomes.listFollowups(userOf(req), req.query),
  });
  app.post('/api/v1/safety-followups/:id/close', {
    schema: {
      tags: ['outcomes'],
      summary: 'Close a safety follow-up, recording what was done (audited)',
      params: idParam,
      body: followupCloseInput,
      response: { 200: followupView, ...commonErrors },
    },
    handler: async (req) => outcomes.closeFollowup(userOf(req), req.params.id, req.body),
  });

  // ---------- reports ----------
  app.get('/api/v1/reports/program', {
    schema: {
      tags: ['reports'],
      summary: 'The program report for a period (people served, sessions, hours, referrals, outcome change), small cells suppressed; Accept: text/csv for CSV, application/pdf for a PDF (audited)',
      querystring: programReportQuery,
      response: { 200: programReportView, ...commonErrors },
    },
    handler: async (req, reply) => {
      const actor = userOf(req);
      const report = await reports.programReport(actor, req.query, langOf(req));
      if (String(req.headers.accept ?? '').includes('application/pdf')) {
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="program-report-${report.period.from}-${report.period.to}.pdf"`)
          .send((await programReportPdf(report, langOf(req), await reportDay(services, actor))) as never);
      }
      if (String(req.headers.accept ?? '').includes('text/csv')) {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="program-report-${report.period.from}-${report.period.to}.csv"`)
          .serializer((s: unknown) => s as string)
          .send(programReportCsv(report) as never);
      }
      return report;
    },
  });
};
