import type { Command } from 'commander';
import { ROLES, type Role } from '../core/actor.ts';
import { appendFileSync, readFileSync } from 'node:fs';
import { invalidField } from '../core/errors.ts';
import { parseCheckpoints } from '../modules/audit/audit.rules.ts';
import { fail, print, readStdin, withServices } from './context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const registerIdentityCommands = (program: Command) => {
  const org = program.command('org').description('organizations (tenants)');
  org
    .command('create')
    .description('create an organization and print it as JSON')
    .requiredOption('--name <name>', 'the organization name')
    .option('--time-zone <zone>', 'IANA time zone of the organization', 'America/New_York')
    .action((o: { name: string; timeZone: string }) =>
      withServices(async ({ services, actor }) => {
        if (!Intl.supportedValuesOf('timeZone').includes(o.timeZone) && o.timeZone !== 'UTC') throw invalidField('--time-zone', `Unknown time zone ${o.timeZone}`);
        print(await services.identity.createOrganization(actor, { name: o.name, timeZone: o.timeZone }));
      }).catch(fail),
    );

  const user = program.command('user').description('users of an organization');
  user
    .command('create')
    .description('create a user; the password is read from standard input')
    .requiredOption('--org <id>', 'organization id')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <displayName>', 'display name')
    .option('--password-stdin', 'read the password from standard input (required)')
    .action((o: { org: string; email: string; role: string; name?: string; passwordStdin?: boolean }) =>
      withServices(async ({ services, actor }) => {
        if (!UUID.test(o.org)) throw invalidField('--org', 'Give the organization id (a UUID) printed by `peerbridge org create`.');
        if (!ROLES.includes(o.role as Role)) throw invalidField('--role', `Use one of ${ROLES.join(', ')}.`);
        if (!o.passwordStdin) throw invalidField('--password-stdin', 'Pass --password-stdin and pipe the password in; passwords never go on the command line.');
        const password = await readStdin();
        print(await services.identity.createUser(actor, { orgId: o.org, email: o.email, role: o.role as Role, password, displayName: o.name }));
      }).catch(fail),
    );

  user
    .command('set-password')
    .description("reset a user's password (read from standard input); clears a lockout and ends their sessions")
    .requiredOption('--email <email>', "the user's email")
    .option('--org <id>', 'their organization, when the email has accounts in several (emails are unique per organization)')
    .option('--password-stdin', 'read the password from standard input (required)')
    .action((o: { email: string; org?: string; passwordStdin?: boolean }) =>
      withServices(async ({ services, actor }) => {
        if (!o.passwordStdin) throw invalidField('--password-stdin', 'Pass --password-stdin and pipe the password in.');
        if (o.org !== undefined && !UUID.test(o.org)) throw invalidField('--org', 'Give the organization id (a UUID).');
        await services.identity.setPassword(actor, { email: o.email, password: await readStdin(), orgId: o.org });
        console.log('Password changed.');
      }).catch(fail),
    );

  const token = program.command('token').description('API tokens for scripts and integrations');
  token
    .command('create')
    .description('create an API token for a user; it is printed once and stored only as a hash')
    .requiredOption('--email <email>', "the user's email")
    .option('--name <label>', 'what the token is for')
    .action((o: { email: string; name?: string }) =>
      withServices(async ({ services, actor }) => {
        print(await services.identity.createApiToken(actor, { email: o.email, name: o.name }));
      }).catch(fail),
    );

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('checkpoint')
    .description("sign every chain's head now and print one JSON line each; keep them off the database host (see docs/operations-audit.md)")
    .option('--append <file>', 'also append the lines to this file')
    .action((o: { append?: string }) =>
      withServices(async ({ services }) => {
        const lines = (await services.audit.checkpoints()).map((c) => JSON.stringify(c));
        const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
        process.stdout.write(text);
        // 0600: the file says how many events each organization has, nothing more, but it is the operator's.
        if (o.append) appendFileSync(o.append, text, { mode: 0o600 });
      }).catch(fail),
    );

  audit
    .command('verify')
    .description('check the hash chain of every organization (and that it still reaches every signed checkpoint given); exit 0 when intact')
    .option('--checkpoints <file>', 'checkpoints kept by `peerbridge audit checkpoint` (JSON lines; other log lines are skipped)')
    .action((o: { checkpoints?: string }) =>
      withServices(async ({ services }) => {
        const read = o.checkpoints ? parseCheckpoints(services.keys.audit, readFileSync(o.checkpoints, 'utf8')) : { checkpoints: [], problems: [] };
        if (read.problems.length > 0) {
          console.error(`Audit checkpoints REFUSED: ${read.problems.join('; ')}.`);
          process.exitCode = 5;
          return;
        }
        const r = await services.audit.verify(read.checkpoints);
        if (r.ok) {
          console.log(`Audit trail intact: ${r.checked} events verified${o.checkpoints ? `, reaching all ${read.checkpoints.length} checkpoints` : ''}.`);
          return;
        }
        const b = r.first!;
        console.error(
          b.seq >= 0
            ? `Audit trail BROKEN at event ${b.id} (seq ${b.seq}, chain ${b.chainId}): ${b.problem}. ${r.checked} events before it verified.`
            : `Audit trail BROKEN in chain ${b.chainId}: ${b.problem}.`,
        );
        process.exitCode = 5;
      }).catch(fail),
    );
};
