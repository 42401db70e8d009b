import type { Command } from 'commander';
import { systemActor } from '../core/actor.ts';
import { invalidField } from '../core/errors.ts';
import { exportOrganization } from '../modules/fhir/fhir.export.ts';
import { someOrganizations } from '../modules/fhir/fhir.repo.ts';
import { fail, print, withServices } from './context.ts';
import { makePrivateDir } from './files.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `peerbridge fhir export --out DIR [--org ID]`: an organization's records as FHIR R4 Bulk Data
 * NDJSON, one file per resource type (docs/fhir.md). `--org` may be left out when the instance
 * holds one organization.
 */
export const registerFhirCommands = (program: Command) => {
  const fhir = program.command('fhir').description('FHIR R4 exports');
  fhir
    .command('export')
    .description("write an organization's records as FHIR R4 NDJSON, one file per resource type (FHIR Bulk Data layout)")
    .requiredOption('--out <dir>', 'folder to write (created owner-only when missing)')
    .option('--org <id>', 'the organization (tenant) id; optional when there is only one')
    .option('--batch <rows>', 'rows read per page', '2000')
    .action((o: { out: string; org?: string; batch: string }) =>
      withServices(async ({ services }) => {
        let orgId = o.org;
        if (orgId !== undefined && !UUID.test(orgId)) throw invalidField('--org', 'Give the organization id (a UUID).');
        if (!orgId) {
          const orgs = await services.db.owner(someOrganizations);
          if (orgs.length !== 1) throw invalidField('--org', orgs.length === 0 ? 'There is no organization yet.' : 'There are several organizations: name one with --org.');
          orgId = orgs[0]!;
        }
        const batch = Number(o.batch);
        if (!Number.isInteger(batch) || batch < 100 || batch > 50_000) throw invalidField('--batch', 'Use a whole number from 100 to 50000.');
        makePrivateDir(o.out);
        print(await exportOrganization(services, systemActor('cli', orgId), o.out, { batch }));
      }).catch(fail),
    );
};
