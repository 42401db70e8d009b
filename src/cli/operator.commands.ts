import type { Command } from 'commander';
import { invalidField } from '../core/errors.ts';
import { fail, print, readStdin, withServices } from './context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const orgOption = (org: string | undefined) => {
  if (org !== undefined && !UUID.test(org)) throw invalidField('--org', 'Give the organization id (a UUID).');
  return org;
};

/**
 * Instance operators (issue 18): the people who change the shared directory (imports under the
 * shared source), which no organization's admin may. Only this command grants the right; it is a
 * flag on one user, not an organization role.
 */
export const registerOperatorCommands = (program: Command) => {
  const operator = program.command('operator').description('instance operators: who may change the shared directory');
  operator
    .command('create')
    .description('create an operator account in an organization of its own ("Instance operators"), which holds no participant; the password is read from standard input')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--name <displayName>', 'display name')
    .option('--password-stdin', 'read the password from standard input (required)')
    .action((o: { email: string; name?: string; passwordStdin?: boolean }) =>
      withServices(async ({ services, actor }) => {
        if (!o.passwordStdin) throw invalidField('--password-stdin', 'Pass --password-stdin and pipe the password in; passwords never go on the command line.');
        const password = await readStdin();
        const org = await services.identity.createOrganization(actor, { name: 'Instance operators' });
        const user = await services.identity.createUser(actor, { orgId: org.id, email: o.email, role: 'admin', password, displayName: o.name });
        await services.identity.setInstanceOperator(actor, { email: o.email, orgId: org.id }, true);
        print({ organization: org, user: { ...user, operator: true } });
      }).catch(fail),
    );
  operator
    .command('grant')
    .description("let an existing user change the shared directory (ends their sessions; the right comes with their next sign-in)")
    .requiredOption('--email <email>', "the user's email")
    .option('--org <id>', 'their organization, when the email has accounts in several')
    .action((o: { email: string; org?: string }) =>
      withServices(async ({ services, actor }) => {
        print(await services.identity.setInstanceOperator(actor, { email: o.email, orgId: orgOption(o.org) }, true));
      }).catch(fail),
    );
  operator
    .command('revoke')
    .description("withdraw a user's operator right (ends their sessions)")
    .requiredOption('--email <email>', "the user's email")
    .option('--org <id>', 'their organization, when the email has accounts in several')
    .action((o: { email: string; org?: string }) =>
      withServices(async ({ services, actor }) => {
        print(await services.identity.setInstanceOperator(actor, { email: o.email, orgId: orgOption(o.org) }, false));
      }).catch(fail),
    );
};
