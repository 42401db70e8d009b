import type { Command } from 'commander';
import { systemActor, type Role } from '../core/actor.ts';
import { randomToken } from '../core/crypto.ts';
import { createServices, type Services } from '../services.ts';
import { seedPeople } from '../modules/people/people.demo.ts';
import { seedDirectory } from '../modules/directory/directory.demo.ts';
import { seedCaseload } from '../modules/caseload/caseload.demo.ts';
import { seedReferrals } from '../modules/referrals/referrals.demo.ts';
import { seedOutcomes } from '../modules/outcomes/outcomes.demo.ts';
import { seedOutcomesCohort } from '../modules/dashboard/cohort.demo.ts';
import { seedPortal } from '../modules/portal/portal.demo.ts';
import { seedWorkforce } from '../modules/workforce/workforce.demo.ts';
import { seedCertification } from '../modules/workforce/certification.demo.ts';
import { seedRegistry } from '../modules/registry/registry.demo.ts';
import { fail, withServices } from './context.ts';
import type { DemoContext, DemoSeeder, DemoUser } from '../modules/demo-context.ts';

/**
 * `peerbridge demo`: a realistic synthetic agency so a newcomer sees a living system in one step.
 * Every name is invented. Modules add a seeder to DEMO_SEEDERS as they arrive; each gets the
 * organization and its users and returns lines to print. In order: later seeders build on what
 * earlier ones made (see DemoContext.shared).
 */
export const DEMO_SEEDERS: DemoSeeder[] = [seedPeople, seedDirectory, seedCaseload, seedReferrals, seedOutcomes, seedOutcomesCohort, seedPortal, seedWorkforce, seedCertification, seedRegistry];

export const DEMO_DOMAIN = 'riverside.example.org';

const STAFF: Array<{ local: string; displayName: string; role: Role }> = [
  { local: 'admin', displayName: 'Dana Whitfield', role: 'admin' },
  { local: 'supervisor', displayName: 'Marcus Greene', role: 'supervisor' },
  { local: 'rosa', displayName: 'Rosa Delgado', role: 'peer' },
  { local: 'james', displayName: 'James Running Bear', role: 'peer' },
  { local: 'tasha', displayName: 'Tasha Brooks', role: 'peer' },
  { local: 'analyst', displayName: 'Priya Natarajan', role: 'analyst' },
];

/** mulberry32: small, fast, good enough for synthetic data. */
export const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export const loadDemo = async (services: Services): Promise<{ orgId: string; users: DemoUser[]; lines: string[] } | null> => {
  if (await services.identity.emailExists(`admin@${DEMO_DOMAIN}`)) return null;
  const cli = systemActor('demo');
  const org = await services.identity.createOrganization(cli, { name: 'Riverside Peer Recovery Center', timeZone: 'America/Chicago' });
  const actor = systemActor('demo', org.id);
  const users: DemoUser[] = [];
  for (const s of STAFF) {
    const password = `${randomToken(9)}-${randomToken(3)}`;
    const email = `${s.local}@${DEMO_DOMAIN}`;
    const u = await services.identity.createUser(actor, { orgId: org.id, email, role: s.role, password, displayName: s.displayName });
    users.push({ id: u.id, email, password, role: s.role, displayName: s.displayName });
  }
  const servicesAt = (clock: () => Date) => createServices({ db: services.db, keys: services.keys, publicUrl: services.publicUrl, clock });
  const ctx: DemoContext = { services, actor, orgId: org.id, users, random: seededRandom(2026), shared: {}, servicesAt };
  const lines: string[] = [];
  for (const seed of DEMO_SEEDERS) lines.push(...(await seed(ctx)));
  return { orgId: org.id, users, lines };
};

export const registerDemoCommand = (program: Command) =>
  program
    .command('demo')
    .description('fill the database with a realistic synthetic agency and print its sign-ins')
    .action(() =>
      withServices(async ({ services }) => {
        const demo = await loadDemo(services);
        if (!demo) {
          console.log(
            `The demo agency is already loaded. Its passwords were printed when it was created; to set a new one:\n` +
              `  echo 'a-new-long-password' | npx peerbridge user set-password --email admin@${DEMO_DOMAIN} --password-stdin`,
          );
          return;
        }
        console.log(`Demo agency "Riverside Peer Recovery Center" created (organization ${demo.orgId}).`);
        for (const l of demo.lines) console.log(l);
        console.log('\nSign in at the web app with any of these (synthetic people; passwords shown once):');
        const w = Math.max(...demo.users.map((u) => u.email.length));
        for (const u of demo.users) console.log(`  ${u.role.padEnd(10)} ${u.email.padEnd(w)}  ${u.password}   (${u.displayName})`);
      }).catch(fail),
    );
