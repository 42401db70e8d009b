import { Command } from 'commander';
import { registerBillingCommands } from './billing.commands.ts';
import { registerDemoCommand } from './demo.ts';
import { registerDirectoryCommands } from './directory.commands.ts';
import { registerFhirCommands } from './fhir.commands.ts';
import { registerIdentityCommands } from './identity.commands.ts';
import { registerMatchingCommands } from './matching.commands.ts';
import { registerOperationsCommands } from './operations.commands.ts';
import { registerOperatorCommands } from './operator.commands.ts';
import { registerNotesCommands } from './notes.commands.ts';
import { registerReportsCommands } from './reports.commands.ts';
import { registerWorkforceCommands } from './workforce.commands.ts';
import { registerRegistryCommands } from './registry.commands.ts';

/** `npx peerbridge …`: the operator's command line, on the same database settings as the server. */
const program = new Command('peerbridge')
  .description('Peerbridge command-line tool. Uses DATABASE_URL, or the embedded database in PEERBRIDGE_DATA_DIR (default ./data).')
  .showHelpAfterError();

registerIdentityCommands(program);
registerOperatorCommands(program);
registerMatchingCommands(program);
registerDirectoryCommands(program);
registerBillingCommands(program);
registerFhirCommands(program);
registerNotesCommands(program);
registerReportsCommands(program);
registerWorkforceCommands(program);
registerRegistryCommands(program);
registerDemoCommand(program);
registerOperationsCommands(program);

await program.parseAsync(process.argv);
