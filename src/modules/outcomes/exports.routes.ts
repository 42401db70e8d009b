import { z } from 'zod';
import type { Actor } from '../../core/actor.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, langOf, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { programReportQuery } from './outcomes.schemas.ts';
import { programReportPdf } from './report.pdf.ts';
import { localDate } from '../referrals/referrals.rules.ts';

/**
 * The day a report PDF says it was made: the organization's day. The UTC day is already tomorrow
 * on an evening in the Americas, and a funder reads the date printed on the page.
 */
export const reportDay = async ({ identity, clock }: Pick<Services, 'identity' | 'clock'>, actor: Actor): Promise<string> =>
  localDate(clock(), actor.orgId ? (await identity.getOrganization(actor, actor.orgId)).timeZone : 'UTC');

/** Exports of the outcomes work (issue 20): the program report as a PDF, and the SUPRT-style client-level CSV. */
export const registerOutcomeExportRoutes = (app: App, services: Services) => {
  const { reports, suprt } = services;
  const tags = ['reports'];
  app.get('/api/v1/reports/program.pdf', {
    schema: {
      tags,
      summary: "The program report as a PDF to attach to a grant application: agency, period, tables, and the suppression it was made under (audited as the report is)",
      querystring: programReportQuery,
      response: {
        200: { description: 'The report as a PDF (application/pdf)', content: { 'application/pdf': { schema: z.string().describe('binary') } } },
        ...commonErrors,
      },
    },
    handler: async (req, reply) => {
      const lang = langOf(req);
      const actor = userOf(req);
      const report = await reports.programReport(actor, req.query, lang);
      const pdf = await programReportPdf(report, lang, await reportDay(services, actor));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="program-report-${report.period.from}-${report.period.to}.pdf"`)
        .send(pdf as never);
    },
  });
  app.get('/api/v1/reports/suprt.csv', {
    schema: {
      tags,
      summary: 'SUPRT-style client-level CSV: one row per participant, episode, assessment point and instrument, with its window and completion status today (supervisors and admins; audited; columns in docs/outcomes-exports.md)',
      response: { 200: { description: 'One row per assessment point (text/csv)', content: { 'text/csv': { schema: z.string() } } }, ...commonErrors },
    },
    handler: async (req, reply) => {
      const out = await suprt.suprtExport(userOf(req));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="suprt-client-level-${out.asOf}.csv"`)
        .send(out.csv);
    },
  });
};
