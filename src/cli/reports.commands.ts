import type { Command } from 'commander';
import { systemActor } from '../core/actor.ts';
import { invalidField, isAppError } from '../core/errors.ts';
import { programReportQuery } from '../modules/outcomes/outcomes.schemas.ts';
import { programReportPdf } from '../modules/outcomes/report.pdf.ts';
import { programReportCsv } from '../modules/outcomes/report.service.ts';
import { REPORT_DIMENSIONS } from '../modules/outcomes/report.rules.ts';
import { fail, withServices } from './context.ts';
import { checkOutPath, writePrivateFile } from './files.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `peerbridge reports program|suprt`: the same reports as the API, written to a file (owner-only:
 * the SUPRT export is client-level). Small cells are suppressed unless `--unsuppressed`, which
 * is audited as an unsuppressed export like the admins' API read. Options, the output folder and
 * the organization are checked before any work, so a mistake is named, never a stack trace.
 */
export const registerReportsCommands = (program: Command) => {
  const reports = program.command('reports').description('funder reports: the program report and the SUPRT-style client-level export');
  reports
    .command('program')
    .description('the program report for a period (people served, sessions, hours, referrals, outcome change) as CSV, JSON or PDF')
    .requiredOption('--org <id>', 'organization id')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--by <dimension>', `group by ${REPORT_DIMENSIONS.join(', ')}`)
    .option('--format <format>', 'csv, json or pdf', 'json')
    .requiredOption('--out <file>', 'file to write')
    .option('--k <number>', 'smallest count shown (suppression threshold)', '11')
    .option('--unsuppressed', 'exact figures for a funder that requires them (audited)')
    .option('--lang <lang>', 'language of the PDF and the instrument titles (en or es)', 'en')
    .action((o: { org: string; from: string; to: string; by?: string; format: string; out: string; k: string; unsuppressed?: boolean; lang: string }) =>
      withServices(async ({ services }) => {
        if (!UUID.test(o.org)) throw invalidField('--org', 'Give the organization id (a UUID).');
        if (!DATE.test(o.from)) throw invalidField('--from', 'Use YYYY-MM-DD.');
        if (!DATE.test(o.to)) throw invalidField('--to', 'Use YYYY-MM-DD.');
        if (o.by !== undefined && !(REPORT_DIMENSIONS as readonly string[]).includes(o.by)) throw invalidField('--by', `Use one of ${REPORT_DIMENSIONS.join(', ')}.`);
        if (!['csv', 'json', 'pdf'].includes(o.format)) throw invalidField('--format', 'Use csv, json or pdf.');
        checkOutPath(o.out);
        const lang = o.lang === 'es' ? 'es' : 'en';
        const parsed = programReportQuery.safeParse({ from: o.from, to: o.to, by: o.by, k: o.k, suppression: o.unsuppressed ? 'off' : 'on' });
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw invalidField(`--${String(issue.path[0] ?? 'from')}`, issue.code === 'invalid_format' ? 'Use a real date, YYYY-MM-DD.' : issue.message);
        }
        const q = parsed.data;
        await services.identity.getOrganization(systemActor('cli', o.org), o.org);
        const report = await services.reports.programReport(systemActor('cli', o.org), q, lang).catch((e: unknown) => {
          // The service names the API's query fields; here they are the command's options.
          if (isAppError(e)) e.errors?.forEach((f) => (f.field = f.field.replace(/^query\./, '--')));
          throw e;
        });
        const content =
          o.format === 'csv' ? programReportCsv(report) : o.format === 'pdf' ? await programReportPdf(report, lang, services.clock().toISOString().slice(0, 10)) : `${JSON.stringify(report, null, 2)}\n`;
        writePrivateFile(o.out, content);
        process.stdout.write(`${JSON.stringify({ out: o.out, format: o.format, period: report.period, by: report.by, suppression: report.suppression, served: report.totals.served })}\n`);
      }).catch(fail),
    );
  reports
    .command('suprt')
    .description('SUPRT-style client-level CSV: one row per participant, episode, assessment point and instrument (docs/outcomes-exports.md)')
    .requiredOption('--org <id>', 'organization id')
    .requiredOption('--out <file>', 'file to write')
    .action((o: { org: string; out: string }) =>
      withServices(async ({ services }) => {
        if (!UUID.test(o.org)) throw invalidField('--org', 'Give the organization id (a UUID).');
        checkOutPath(o.out);
        await services.identity.getOrganization(systemActor('cli', o.org), o.org);
        const out = await services.suprt.suprtExport(systemActor('cli', o.org));
        writePrivateFile(o.out, out.csv);
        process.stdout.write(`${JSON.stringify({ out: o.out, asOf: out.asOf, rows: out.rows.length })}\n`);
      }).catch(fail),
    );
};
