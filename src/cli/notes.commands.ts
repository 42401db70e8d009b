import type { Command } from 'commander';
import { fail, print, withServices } from './context.ts';

/**
 * `peerbridge notes check-activities`: read only. Counts, per organization, the signed notes and
 * drafts whose activities include every activity the note form offers: until issue 17 a new note
 * started with all of them ticked, so such a note may attest to services that never happened.
 * It changes nothing: signed notes are corrected by their peer with an addendum (or voided by a
 * supervisor), drafts by their author before signing.
 */
export const registerNotesCommands = (program: Command) => {
  const notes = program.command('notes').description('session notes');
  notes
    .command('check-activities')
    .description('count signed notes and drafts carrying every activity (read only; exit 0 when there are none, 6 when there are)')
    .action(() =>
      withServices(async ({ services }) => {
        const result = await services.notes.checkActivities();
        print(result);
        if (result.signed + result.drafts > 0) process.exitCode = 6;
      }).catch(fail),
    );
};
