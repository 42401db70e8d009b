import { Command } from 'commander';
import { registerDemoCommand } from './demo.ts';
import { registerIdentityCommands } from './identity.commands.ts';

/** `npx peerbridge …`: the operator's command line, on the same database settings as the server. */
const program = new Command('peerbridge')
  .description('Peerbridge command-line tool. Uses DATABASE_URL, or the embedded database in PEERBRIDGE_DATA_DIR (default ./data).')
  .showHelpAfterError();

registerIdentityCommands(program);
registerDemoCommand(program);

await program.parseAsync(process.argv);
