import type { UserActor } from '../../core/actor.ts';
import type { DemoContext } from '../demo-context.ts';
import { spreadDemoTimes } from './certification.repo.ts';

/**
 * Demo road to certification for `peerbridge demo` (issue 21): a Michigan CPSS pipeline with one
 * eligibility rule of the demo program's own (years in recovery; invented, and its source says
 * so), an IC&RC Peer Recovery pipeline, and applicants at every step: references answered through
 * their one-time links, one applicant held by the eligibility rule with the reason shown, some
 * certified. Step times are moved into the past so the board's days per step mean something.
 * Every person is invented.
 */
export const seedCertification = async (ctx: DemoContext): Promise<string[]> => {
  const { services, orgId } = ctx;
  const admin = ctx.users.find((u) => u.role === 'admin');
  const sup = ctx.users.find((u) => u.role === 'supervisor') ?? admin;
  if (!admin || !sup) return [];
  const as = (u: typeof admin): UserActor => ({ kind: 'user', userId: u.id, orgId, role: u.role, via: 'session', sourceIp: null });
  const c = services.certification;
  const mi = await c.createPipeline(as(admin), {
    template: 'mi-cpss',
    code: 'mi-cpss',
    name: 'Michigan CPSS certification',
    eligibility: [
      {
        code: 'recovery-one-year',
        title: { en: 'At least one year in recovery', es: 'Al menos un año en recuperación' },
        explanation: {
          en: 'This program asks applicants to have at least one year in recovery before training. It is a program policy, not a state rule; a person may ask for a review.',
          es: 'Este programa pide al menos un año en recuperación antes de la capacitación. Es una política del programa, no una regla estatal; la persona puede pedir una revisión.',
        },
        source: { source: 'Demo program policy 2.1 (invented for the demo; not a real body’s rule)', checked: new Date().toISOString().slice(0, 10), confidence: 'S' },
      },
    ],
  });
  const icrc = await c.createPipeline(as(admin), { template: 'icrc-pr', code: 'icrc-pr', name: 'IC&RC Peer Recovery certification' });
  const s = as(sup);
  const answer = { knownYears: 3, capacity: 'Supervisor at a recovery community center', recommend: 'yes' as const, comments: 'Steady, kind, and honest about their own recovery.', confirm: true as const };
  const add = async (pipelineId: string, name: string, lang: 'en' | 'es' = 'en') => (await c.createApplicant(s, { pipelineId, name, lang })).id;
  const done = (id: string, step: string) => c.updateStep(s, id, step, { status: 'done' });
  const refs = async (id: string, answered: number, asked: number) => {
    for (let i = 0; i < asked; i++) {
      const link = await services.referenceRequests.requestReference(s, id, { refereeName: ['Dr. Alicia Moreno', 'Pastor Ray Ellis', 'Kendra Smith'][i]!, lang: 'en' });
      if (i < answered) await services.referenceRequests.answerReference(link.token, answer, null);
    }
  };
  const checks = ['phone-interview', 'training', 'fee', 'exam', 'code-of-ethics'];
  // Michigan applicants, from the first step to certified.
  await add(mi.id, 'María López', 'es');
  await add(mi.id, 'Andre Wallace');
  const devon = await add(mi.id, 'Devon Carter');
  await done(devon, 'written-application');
  await refs(devon, 1, 2);
  const sam = await add(mi.id, 'Sam Whitfield');
  await done(sam, 'written-application');
  await c.recordEligibility(s, sam, { rule: 'recovery-one-year', outcome: 'does-not-meet', reason: 'Sam told us their recovery date is seven months ago; the program will look at it again in five months, or sooner on review.' });
  let n = 0;
  for (const [name, upTo] of [['Aisha Khan', 0], ['Luis Ortega', 1], ['Kim Nguyen', 3], ['Grace Lee', 5], ['Tom Becker', 5]] as const) {
    const id = await add(mi.id, name);
    await done(id, 'written-application');
    await refs(id, 2, 2);
    for (const step of checks.slice(0, upTo)) await done(id, step);
    if (name === 'Kim Nguyen') await c.recordEligibility(s, id, { rule: 'recovery-one-year', outcome: 'meets', reason: 'Four years in recovery, by the applicant’s own account.' });
    n++;
  }
  // IC&RC applicants: hours by domain.
  const omar = await add(icrc.id, 'Omar Haddad');
  await c.updateStep(s, omar, 'experience', { hours: { total: 320 } });
  const beth = await add(icrc.id, 'Beth Miller');
  await c.updateStep(s, beth, 'experience', { hours: { total: 500 } });
  await c.updateStep(s, beth, 'education', { hours: { advocacy: 10, 'mentoring-education': 10, 'recovery-wellness': 10, ethics: 6 } });
  const jo = await add(icrc.id, 'Jo Park');
  await c.updateStep(s, jo, 'experience', { hours: { total: 520 } });
  await c.updateStep(s, jo, 'education', { hours: { advocacy: 12, 'mentoring-education': 10, 'recovery-wellness': 10, ethics: 16 } });
  await c.updateStep(s, jo, 'supervision', { hours: { total: 25 } });
  await done(jo, 'exam');

  // Spread the times into the past (deterministically), so the days per step are not all zero.
  await services.db.tenant(orgId, (tx) => spreadDemoTimes(tx));
  return [`Certification: a Michigan CPSS pipeline (with a program eligibility rule and its source) and an IC&RC pipeline, ${n + 7} applicants at every step, references answered by one-time links.`];
};
