import type { Command } from 'commander';
import { basename, join } from 'node:path';
import { csvCell } from '../core/csv-cell.ts';
import { invalidField } from '../core/errors.ts';
import { readFiles } from '../interop/hsds/read-directory.ts';
import { toHsds3Csv, toHsds3Json } from '../interop/hsds/write.ts';
import { categoryWordsInput, type ImportSummary } from '../modules/directory/directory.schemas.ts';
import { fail, print, withServices } from './context.ts';
import { makePrivateDir, writePrivateFile } from './files.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Progress on stderr: a redrawn bar when stderr is a terminal, otherwise a line every 10% (logs
 * of a scheduled import stay readable).
 */
export const progressReporter = (stream: NodeJS.WriteStream = process.stderr) => {
  let lastDecile = -1;
  const started = Date.now();
  return (done: number, total: number) => {
    if (total === 0) return;
    const ratio = Math.min(1, done / total);
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(`\rimporting [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} rows`);
      if (done >= total) stream.write('\n');
      return;
    }
    const decile = Math.floor(ratio * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      stream.write(`importing: ${done}/${total} rows (${Math.round(ratio * 100)}%, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    }
  };
};

/**
 * The row report as CSV, errors (rows left out) first as on the import page; a value from the file
 * that looks like a formula stays text (csvCell).
 */
const reportCsv = (s: ImportSummary) =>
  ['file,row,line,field,severity,problem', ...[...s.report.filter((r) => r.severity === 'error'), ...s.report.filter((r) => r.severity !== 'error')].map((r) => [r.file, r.row, r.line ?? '', r.field, r.severity, r.problem].map(csvCell).join(','))].join('\n') + '\n';

export const registerDirectoryCommands = (program: Command) => {
  const dir = program.command('directory').description('the resource directory (Open Referral HSDS)');

  dir
    .command('import')
    .description('import HSDS 3.0 JSON, an HSDS 3.0 CSV package, or a 1.x/2.x tabular package (a folder with datapackage.json); one transaction')
    .argument('<path>', 'a .json file, a package folder, or the package as a .zip')
    .option('--strict', 'any row problem makes the import fail (nothing changes)')
    .option('--source <name>', 'name of the feed (stable ids and re-import updates depend on it); default: the file or folder name')
    .option('--time-zone <zone>', 'IANA zone for locations whose state does not tell one', 'America/New_York')
    .option('--report <file>', 'also write the row-by-row report as CSV (file,row,line,field,severity,problem)')
    .action((path: string, o: { strict?: boolean; source?: string; timeZone: string; report?: string }) =>
      withServices(async ({ services, actor }) => {
        const source = o.source ?? basename(path.replace(/[\\/]+$/, ''));
        const files = (() => {
          try {
            return readFiles(path);
          } catch (e) {
            throw invalidField('path', (e as Error).message);
          }
        })();
        const summary = await services.directory
          .importDirectory(actor, { files }, { strict: o.strict, source, defaultTimeZone: o.timeZone, onProgress: progressReporter() })
          .catch((e: unknown) => {
            if (o.report && (e as { errors?: unknown[] }).errors) {
              const errs = (e as { errors: { field: string; message: string }[] }).errors;
              writePrivateFile(o.report, ['field,problem', ...errs.map((x) => `${csvCell(x.field)},${csvCell(x.message)}`)].join('\n') + '\n');
            }
            throw e;
          });
        if (o.report) writePrivateFile(o.report, reportCsv(summary));
        for (const r of summary.report) console.log(`${r.severity === 'error' ? 'ERROR  ' : 'warning'} ${r.file}${r.line ? `:${r.line}` : r.row ? ` row ${r.row}` : ''} ${r.field}: ${r.problem}`);
        console.log(`\nImported ${summary.format} from "${summary.source}" (import ${summary.importId}): ${summary.errors} row problem(s) skipped, ${summary.warnings} warning(s).`);
        if (summary.sourceUnchanged) console.log('  The files and options are those of the latest import: nothing changed, nothing rewritten.');
        for (const [table, c] of Object.entries(summary.counts)) {
          if (c.inserted + c.updated + c.unchanged + c.removed === 0) continue;
          console.log(`  ${table.padEnd(24)} ${c.inserted} new, ${c.updated} updated, ${c.unchanged} unchanged${c.removed ? `, ${c.removed} removed` : ''}`);
        }
        console.log(`  ${summary.servicesIndexed} service(s) indexed for search.`);
      }).catch(fail),
    );

  dir
    .command('export')
    .description('write the shared directory as HSDS 3.0 (valid against the official schemas)')
    .requiredOption('--format <format>', 'hsds-json (services.json, compiled services) or hsds-csv (tabular package with datapackage.json)')
    .requiredOption('--out <dir>', 'output folder (created when missing)')
    .action((o: { format: string; out: string }) =>
      withServices(async ({ services, actor }) => {
        if (o.format !== 'hsds-json' && o.format !== 'hsds-csv') throw invalidField('--format', 'Use hsds-json or hsds-csv.');
        const directory = await services.directory.exportDirectory(actor);
        makePrivateDir(o.out);
        if (o.format === 'hsds-csv') {
          const files = toHsds3Csv(directory);
          for (const [name, text] of Object.entries(files)) writePrivateFile(join(o.out, name), text);
          console.log(`Wrote ${Object.keys(files).length} files (${directory.services.length} services) to ${o.out}.`);
        } else {
          const json = toHsds3Json(directory);
          writePrivateFile(join(o.out, 'services.json'), `${JSON.stringify(json, null, 2)}\n`);
          console.log(`Wrote ${json.length} compiled services to ${join(o.out, 'services.json')}.`);
        }
      }).catch(fail),
    );

  const map = dir.command('category-map').description('how feed taxonomy codes (AIRS / 211 LA) map to Peerbridge categories');
  map
    .command('list')
    .description('print the mapping')
    .action(() =>
      withServices(async ({ services }) => {
        for (const m of await services.directory.categoryMap.list()) console.log(`${m.code.padEnd(16)} ${m.category.padEnd(22)} ${m.builtin ? '' : '(added) '}${m.note ?? ''}`);
      }).catch(fail),
    );
  map
    .command('unmapped')
    .description('print the feed codes of imported services that map to no category, most services first')
    .action(() =>
      withServices(async ({ services, actor }) => {
        const codes = await services.directory.categoryMap.unmapped(actor);
        if (codes.length === 0) console.log('Every code of the imported services maps to a category.');
        for (const c of codes) console.log(`${c.code.padEnd(16)} ${String(c.services).padStart(7)}  ${c.name}`);
      }).catch(fail),
    );
  map
    .command('add')
    .description('map a code (and every code under it) to a category; re-indexes the services that carry it')
    .argument('<code>', 'a taxonomy code, e.g. BD-1800 or BD-1800.2000')
    .argument('<category>', 'a Peerbridge category, e.g. food, shelter, substance-use')
    .option('--note <text>', 'what the code stands for')
    .option('--time-zone <zone>', 'IANA zone for re-indexed locations whose state does not tell one', 'America/New_York')
    .action((code: string, category: string, o: { note?: string; timeZone: string }) =>
      withServices(async ({ services, actor }) => {
        if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(code.trim())) throw invalidField('code', 'Give a taxonomy code such as BD-1800.');
        if (!/^[a-z0-9-]+$/.test(category.trim())) throw invalidField('category', 'Give a category such as food or shelter.');
        print(await services.directory.categoryMap.add(actor, { code, category, note: o.note }, o.timeZone));
      }).catch(fail),
    );

  map
    .command('remove')
    .description('remove a mapping you added (a code mapped to the wrong need); re-indexes the services that carried it')
    .argument('<code>', 'the code as mapped, e.g. PH-6500')
    .option('--time-zone <zone>', 'IANA zone for re-indexed locations whose state does not tell one', 'America/New_York')
    .action((code: string, o: { timeZone: string }) =>
      withServices(async ({ services, actor }) => {
        if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(code.trim())) throw invalidField('code', 'Give a taxonomy code such as BD-1800.');
        print(await services.directory.categoryMap.remove(actor, code, o.timeZone));
      }).catch(fail),
    );

  const words = dir.command('category-words').description("the words people use for each category's need, which search finds services by");
  words
    .command('list')
    .description('print the words of each category')
    .action(() =>
      withServices(async ({ services }) => {
        for (const w of await services.directory.categoryWords.list()) console.log(`${w.category.padEnd(22)} ${w.builtin ? '' : '(changed) '}${w.words}`);
      }).catch(fail),
    );
  const putWords = (verb: 'set' | 'add') =>
    words
      .command(verb)
      .description(verb === 'set' ? "replace a category's words; re-indexes its services and local resources" : "add words to a category's words; re-indexes its services and local resources")
      .argument('<category>', 'a Peerbridge category, e.g. food, shelter, substance-use')
      .argument('<words...>', 'words separated by spaces, in any language, e.g. manje "thức ăn"')
      .option('--time-zone <zone>', 'IANA zone for re-indexed locations whose state does not tell one', 'America/New_York')
      .action((category: string, given: string[], o: { timeZone: string }) =>
        withServices(async ({ services, actor }) => {
          const parsed = categoryWordsInput.safeParse({ category, words: given.join(' ') });
          if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            throw invalidField(String(issue.path[0] ?? 'words'), issue.message);
          }
          let list = parsed.data.words;
          if (verb === 'add') {
            const current = (await services.directory.categoryWords.list()).find((w) => w.category === parsed.data.category)?.words ?? '';
            const have = new Set(current.toLowerCase().split(/\s+/));
            list = [current, ...list.split(/\s+/).filter((w) => !have.has(w.toLowerCase()))].join(' ').trim();
          }
          print(await services.directory.categoryWords.put(actor, { category: parsed.data.category, words: list }, o.timeZone));
        }).catch(fail),
      );
  putWords('set');
  putWords('add');
  words
    .command('reset')
    .description("put a category's words back to the ones Peerbridge ships; re-indexes its services and local resources")
    .argument('<category>', 'a Peerbridge category, e.g. food')
    .option('--time-zone <zone>', 'IANA zone for re-indexed locations whose state does not tell one', 'America/New_York')
    .action((category: string, o: { timeZone: string }) =>
      withServices(async ({ services, actor }) => {
        if (!/^[a-z0-9-]+$/.test(category.trim())) throw invalidField('category', 'Give a category such as food or shelter.');
        print(await services.directory.categoryWords.reset(actor, category, o.timeZone));
      }).catch(fail),
    );

  dir
    .command('manage')
    .description("let an organization manage a directory organization's services (publish beds)")
    .requiredOption('--org <id>', 'the Peerbridge organization (tenant) id')
    .requiredOption('--hsds-organization <id>', 'the HSDS organization id in the directory')
    .action((o: { org: string; hsdsOrganization: string }) =>
      withServices(async ({ services, actor }) => {
        if (!UUID.test(o.org)) throw invalidField('--org', 'Give the organization id (a UUID).');
        if (!UUID.test(o.hsdsOrganization)) throw invalidField('--hsds-organization', 'Give the HSDS organization id (a UUID).');
        await services.directory.addManager(actor, o.org, o.hsdsOrganization.toLowerCase());
        print({ org: o.org, hsdsOrganization: o.hsdsOrganization.toLowerCase(), manages: true });
      }).catch(fail),
    );
};
