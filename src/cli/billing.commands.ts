import type { Command } from 'commander';
import { systemActor } from '../core/actor.ts';
import { invalidField, notFound } from '../core/errors.ts';
import { claimExportInput } from '../modules/billing/billing.schemas.ts';
import { fail, withServices } from './context.ts';
import { writePrivateFile } from './files.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `peerbridge claims export`: the same export as `POST /api/v1/claims/exports`, written to a file.
 * Prints a JSON summary (totals and exclusions with reasons) on standard output.
 */
export const registerBillingCommands = (program: Command) => {
  const claims = program.command('claims').description('Medicaid and other claims');
  claims
    .command('export')
    .description('export the billable encounters of a payer and date range as X12 837P or CSV')
    .requiredOption('--payer <id>', 'payer id')
    .requiredOption('--from <date>', 'first service date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last service date, YYYY-MM-DD')
    .requiredOption('--format <format>', '837p or csv')
    .requiredOption('--out <file>', 'file to write')
    .option('--lang <lang>', 'language of the exclusion reasons (en or es)', 'en')
    .action((o: { payer: string; from: string; to: string; format: string; out: string; lang: string }) =>
      withServices(async ({ services }) => {
        if (!UUID.test(o.payer)) throw invalidField('--payer', 'Give the payer id (a UUID).');
        if (!DATE.test(o.from)) throw invalidField('--from', 'Use YYYY-MM-DD.');
        if (!DATE.test(o.to)) throw invalidField('--to', 'Use YYYY-MM-DD.');
        if (o.format !== '837p' && o.format !== 'csv') throw invalidField('--format', 'Use 837p or csv.');
        const input = claimExportInput.parse({ payerId: o.payer, from: o.from, to: o.to, format: o.format });
        const orgId = await services.billing.orgOfPayer(o.payer);
        if (!orgId) throw notFound('Payer');
        const result = await services.billing.exportClaims(systemActor('cli', orgId), input, o.lang === 'es' ? 'es' : 'en');
        // Claims carry participants' names, Medicaid ids and diagnoses: owner-only (issue 18).
        writePrivateFile(o.out, result.content);
        process.stdout.write(`${JSON.stringify({ ...result.view, out: o.out }, null, 2)}\n`);
      }).catch(fail),
    );
};
