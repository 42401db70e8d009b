/**
 * Interactions to log the common session in the browser (issue 4: at most 6 besides typing the
 * narrative). Starts the test server on a fresh in-memory database, seeds a certified peer with a
 * participant (a plan goal, Medicaid coverage), signs in with Debian's Chromium, and logs a
 * 30-minute individual session with a narrative, one goal touched and one activity chosen (a note
 * starts with none ticked since issue 17, and signing needs one), from the peer's day to the
 * signed note. Every page.click / press / selectOption / fill outside the narrative field counts
 * as one interaction. A second run has two people in the caseload, so the peer must choose.
 *
 *   npx node bench/log-session-interactions.ts
 *
 * Prints figures; never fails on time.
 */
import type { Page } from 'playwright-core';
import { systemActor } from '../src/core/actor.ts';
import { coverageInput, payerInput } from '../src/modules/billing/billing.schemas.ts';
import { planInput } from '../src/modules/caseload/caseload.schemas.ts';
import { participantInput, peerInput } from '../src/modules/people/people.schemas.ts';
import { launchBrowser, newPage } from '../test/browser/browser.ts';
import { PASSWORD, uniqueEmail } from '../test/harness/app.ts';
import { createOrgWithUser, startTestServer, type TestServer } from '../test/harness/server.ts';

const GOAL = 'I want to get back to work';
const ACTIVITY = 'Skill building';
const NARRATIVE =
  'We met at the library. She updated her resume herself and named her persistence as a strength; ' +
  'I shared how I prepared for my first interview after treatment. She chose two job fairs to attend.';

const seed = async (server: TestServer, people: number) => {
  const sup = await createOrgWithUser(server, { role: 'supervisor', orgName: `Bench Agency ${people}` });
  const s = server.server.services;
  const sys = systemActor('bench', sup.orgId);
  const email = uniqueEmail('peer');
  const user = await s.identity.createUser(sys, { orgId: sup.orgId, email, role: 'peer', password: PASSWORD, displayName: 'Rosa Delgado' });
  const peer = await s.people.createPeer(
    sys,
    peerInput.parse({ displayName: 'Rosa Delgado', userId: user.id, certifications: [{ type: 'CPS', issuer: 'State board', number: 'B-1', expiresOn: '2099-12-31' }] }),
  );
  const payer = await s.billing.createPayer(sys, payerInput.parse({ name: 'State Medicaid', type: 'medicaid', ratePerUnit: 1750 }));
  const ids: string[] = [];
  for (let i = 0; i < people; i++) {
    const p = await s.people.createParticipant(sys, participantInput.parse({ givenName: ['Maya', 'Luis', 'Kim'][i] ?? `P${i}`, familyName: 'Example' }));
    await s.people.assign(sys, p.id, { peerId: peer.id, consent: { given: true, method: 'verbal' } });
    await s.caseload.putPlan(sys, p.id, planInput.parse({ goals: [{ text: GOAL }] }));
    await s.billing.addCoverage(sys, p.id, coverageInput.parse({ payerId: payer.id, memberId: `M${i}X${Date.now()}`, startDate: '2020-01-01' }));
    ids.push(p.id);
  }
  return { orgId: sup.orgId, email, participantId: ids[0]! };
};

/** Counts every action outside the narrative. */
const counter = () => {
  const steps: string[] = [];
  return {
    steps,
    act: async (label: string, action: () => Promise<unknown>) => {
      steps.push(label);
      await action();
    },
  };
};

const logCommonSession = async (page: Page, participantId: string, choose: boolean) => {
  const c = counter();
  const started = performance.now();
  await c.act('click "Log a session"', () => page.getByRole('link', { name: 'Log a session', exact: true }).click());
  await page.getByLabel(/^What happened/).waitFor();
  if (choose) await c.act('choose the person', () => page.getByLabel(/^Person/).selectOption(participantId));
  await page.getByText(GOAL, { exact: true }).waitFor();
  await c.act('tick the goal', () => page.getByText(GOAL, { exact: true }).click());
  await c.act('tick the activity', () => page.getByRole('group', { name: /^Activities/ }).getByText(ACTIVITY, { exact: true }).click());
  // Typing the narrative is not counted (issue 4: "besides typing the narrative").
  await page.getByLabel(/^What happened/).fill(NARRATIVE);
  await c.act('click "Sign the note"', () => page.getByRole('button', { name: 'Sign the note' }).click());
  await page.getByText('Signed. The note can no longer be changed').waitFor();
  return { steps: c.steps, ms: performance.now() - started, encounterId: new URL(page.url()).pathname.split('/').pop()! };
};

const server = await startTestServer();
const browser = await launchBrowser();
try {
  for (const people of [1, 2]) {
    const agency = await seed(server, people);
    const { context, page } = await newPage(browser, server.baseUrl);
    await page.goto('/sign-in');
    await page.getByLabel(/^Email/).fill(agency.email);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/caseload');
    await page.getByRole('link', { name: 'Log a session', exact: true }).waitFor();
    await page.waitForLoadState('networkidle');

    const run = await logCommonSession(page, agency.participantId, people > 1);
    const note = await server.server.services.caseload.getEncounter(systemActor('bench', agency.orgId), run.encounterId, 'en');
    const ok =
      note.status === 'signed' &&
      note.type === 'individual' &&
      note.durationMinutes === 30 &&
      note.goalIds.length === 1 &&
      note.narrative === NARRATIVE &&
      note.activities.join() === 'skill-building';
    console.log(
      `caseload of ${people}: ${run.steps.length} interactions besides the narrative (goal: at most 6): ${run.steps.join(' → ')}; ` +
        `${(run.ms / 1000).toFixed(1)} s from the button to the signed note; note ${ok ? 'signed as expected' : 'NOT as expected'} ` +
        `(${note.status}, ${note.type}, ${note.durationMinutes} min, ${note.goalIds.length} goal, activities: ${note.activities.join(', ')}, billing: ${note.billing.units} units, ${note.billing.reason ?? 'billable'})`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
