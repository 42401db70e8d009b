import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { systemActor } from '../core/actor.ts';
import { invalidField } from '../core/errors.ts';
import { FatalImportError, type RowProblem } from '../modules/registry/import.rules.ts';
import { fail, print, withServices } from './context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fatal file problem is one clear line and exit 2; nothing was changed. */
const failImport = (e: unknown): never => {
  if (e instanceof FatalImportError) {
    console.error(`peerbridge: ${e.message} Nothing was imported.`);
    process.exit(2);
  }
  return fail(e);
};

const report = (summary: Record<string, unknown>, problems: readonly RowProblem[], json: boolean | undefined) => {
  if (json) return print({ ...summary, problems });
  console.log(Object.entries(summary).map(([k, v]) => `${k}: ${String(v)}`).join(', '));
  const errors = problems.filter((p) => p.severity === 'error').length;
  console.log(`${errors} rows skipped, ${problems.length - errors} warnings`);
  for (const p of problems.slice(0, 50)) console.log(`  line ${p.line}${p.column ? ` (${p.column})` : ''}: ${p.severity}: ${p.message}`);
  if (problems.length > 50) console.log(`  … and ${problems.length - 50} more (use --json for all)`);
};

export const registerRegistryCommands = (program: Command) => {
  const registry = program.command('registry').description('the workforce registry: reference files it imports, and a member\'s own snapshot (issue 22)');
  const common = (c: Command) => c.requiredOption('--registry <id>', 'registry id').option('--json', 'print the whole report as JSON');

  common(registry.command('import-hpsa <file>').description("import HRSA's mental health HPSA file (BCD_HPSA_FCT_DET_MH.csv); replaces the registry's copy")).action(
    (file: string, o: { registry: string; json?: boolean }) =>
      withServices(async ({ services }) => {
        if (!UUID.test(o.registry)) throw invalidField('--registry', 'Give the registry id (a UUID).');
        const started = performance.now();
        const { problems, ...summary } = await services.registryImports.hpsa(systemActor('cli'), o.registry, basename(file), await readFile(file));
        report({ ...summary, seconds: ((performance.now() - started) / 1000).toFixed(2) }, problems, o.json);
      }).catch(failImport),
  );

  common(registry.command('import-acs <file>').description('import a Census ACS 5-year county table as data.census.gov exports it (B03002 or C16001)'))
    .option('--table <table>', 'B03002 or C16001 (default: from the file name)')
    .option('--year <year>', 'ACS year (default: from the file name)')
    .action((file: string, o: { registry: string; json?: boolean; table?: string; year?: string }) =>
      withServices(async ({ services }) => {
        if (!UUID.test(o.registry)) throw invalidField('--registry', 'Give the registry id (a UUID).');
        const { problems, ...summary } = await services.registryImports.acs(systemActor('cli'), o.registry, basename(file), await readFile(file), {
          table: o.table,
          year: o.year ? Number(o.year) : undefined,
        });
        report(summary, problems, o.json);
      }).catch(failImport),
    );

  registry
    .command('build-snapshot')
    .description("build a member organization's monthly snapshot from its own peers (job profiles; demographics only with each peer's registry consent) and send it")
    .requiredOption('--registry <id>', 'registry id')
    .requiredOption('--org <id>', 'the member organization whose data is sent')
    .requiredOption('--month <YYYY-MM>', 'the month')
    .option('--json', 'print the whole report as JSON')
    .action((o: { registry: string; org: string; month: string; json?: boolean }) =>
      withServices(async ({ services }) => {
        if (!UUID.test(o.registry)) throw invalidField('--registry', 'Give the registry id (a UUID).');
        if (!UUID.test(o.org)) throw invalidField('--org', 'Give the member organization id (a UUID).');
        const built = await services.registryBuild.build(systemActor('cli', o.org), o.registry, o.month);
        if (o.json) {
          report(built, built.problems, true);
          return;
        }
        const { problems, skipped, aggregates, ...summary } = built;
        report(
          {
            ...summary,
            ...Object.fromEntries(Object.entries(skipped).map(([k, v]) => [`skipped ${k}`, v])),
            'participants served': aggregates.servedParticipants,
            'unmet wishes': aggregates.unmetWishes,
            'aggregate rows': aggregates.rows,
            ...Object.fromEntries(Object.entries(aggregates.leftOut).map(([k, v]) => [`left out ${k}`, v])),
          },
          problems,
          false,
        );
        for (const n of aggregates.notDerived) console.log(`not derived: ${n}`);
      }).catch(fail),
    );

  common(registry.command('import-roster <file>').description('import a state certification roster (CSV: credential_number,credential_state,name,birth_year,credential_type,certified_on,expires_on,county_fips)')).action(
    (file: string, o: { registry: string; json?: boolean }) =>
      withServices(async ({ services }) => {
        if (!UUID.test(o.registry)) throw invalidField('--registry', 'Give the registry id (a UUID).');
        const { problems, ...summary } = await services.registryImports.roster(systemActor('cli'), o.registry, basename(file), await readFile(file));
        report(summary, problems, o.json);
      }).catch(failImport),
  );
};
