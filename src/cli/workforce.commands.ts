import type { Command } from 'commander';
import { fail, print, withServices } from './context.ts';

/** `peerbridge workforce reminders [--on YYYY-MM-DD]`: the nightly credential reminder pass (issue 21). */
export const registerWorkforceCommands = (program: Command) => {
  const workforce = program.command('workforce').description('credentials, continuing education, supervision');
  workforce
    .command('reminders')
    .description('record the credential reminders due (90/60/30/7 days before expiry, end of grace); run nightly')
    .option('--on <date>', 'the day to run for (YYYY-MM-DD), default today')
    .action((opts: { on?: string }) =>
      withServices(async ({ services }) => {
        if (opts.on !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.on)) throw new Error('--on must be YYYY-MM-DD');
        print(await services.reminders.nightly(opts.on));
      }).catch(fail),
    );
};
