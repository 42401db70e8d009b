import type { Command } from 'commander';
import { systemActor } from '../core/actor.ts';
import { invalidField } from '../core/errors.ts';
import { fail, print, withServices } from './context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const registerMatchingCommands = (program: Command) => {
  const match = program.command('match').description('matching participants with peers');
  match
    .command('batch')
    .description('propose peers for the whole waitlist (the exact best total within capacity); stored for a supervisor to accept in the web app')
    .requiredOption('--org <id>', 'organization id')
    .option('--dry-run', 'print the proposals without storing them')
    .option('--lang <lang>', 'language of the reasons (en or es)', 'en')
    .option('--json', 'print the whole batch as JSON')
    .action((o: { org: string; dryRun?: boolean; lang: string; json?: boolean }) =>
      withServices(async ({ services }) => {
        if (!UUID.test(o.org)) throw invalidField('--org', 'Give the organization id (a UUID).');
        if (o.lang !== 'en' && o.lang !== 'es') throw invalidField('--lang', 'Use en or es.');
        const started = performance.now();
        const batch = await services.matching.proposeBatch(systemActor('cli', o.org), { dryRun: Boolean(o.dryRun), lang: o.lang });
        if (o.json) {
          print(batch);
          return;
        }
        console.log(`${o.dryRun ? 'Dry run: nothing stored.' : `Batch ${batch.id} stored; accept it in the web app (Matching → Waitlist).`}`);
        console.log(`${batch.proposals.length} proposals, ${batch.unassigned.length} still waiting, total score ${batch.totalScore.toFixed(3)} (${Math.round(performance.now() - started)} ms)`);
        for (const p of batch.proposals) {
          console.log(`  ${p.participantName.padEnd(24)} → ${p.peerDisplayName.padEnd(24)} ${p.score.toFixed(3)}  ${p.reasons.slice(0, 3).map((r) => r.label).join('; ')}`);
        }
        for (const u of batch.unassigned) console.log(`  ${u.participantName.padEnd(24)}   (no acceptable peer with room)`);
      }).catch(fail),
    );
};
