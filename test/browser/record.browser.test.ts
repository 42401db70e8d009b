import { describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/actor.ts';
import { caseloadSettings, planInput } from '../../src/modules/caseload/caseload.schemas.ts';
import { participantInput, peerInput } from '../../src/modules/people/people.schemas.ts';
import { PASSWORD, uniqueEmail } from '../harness/app.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, expectOnScreen, newPage, poll, signIn } from './browser.ts';

/**
 * A person's record and the numbers a day starts with (issue 17), in the browser: the participant
 * page holds the plan, the history and the actions; an admin sees who opened it; the supervisor's
 * home shows the team's numbers, each a link to its list; a peer's record on a 360 px phone.
 */
const env = useServerAndBrowser();
const PHONE = { width: 360, height: 740 };

const seed = async (orgName: string) => {
  const admin = await createOrgWithUser(env.server, { role: 'admin', orgName, displayName: 'Dana Admin' });
  const { identity, people, caseload } = env.server.server.services;
  const sys = systemActor('test', admin.orgId);
  const supEmail = uniqueEmail('supervisor');
  await identity.createUser(sys, { orgId: admin.orgId, email: supEmail, role: 'supervisor', password: PASSWORD, displayName: 'Sam Supervisor' });
  const peerEmail = uniqueEmail('peer');
  const peerUser = await identity.createUser(sys, { orgId: admin.orgId, email: peerEmail, role: 'peer', password: PASSWORD, displayName: 'Rosa Delgado' });
  const rosa = await people.createPeer(sys, peerInput.parse({ displayName: 'Rosa Delgado', userId: peerUser.id, maxCaseload: 2 }));
  const ana = await people.createParticipant(sys, participantInput.parse({ givenName: 'Ana', familyName: 'Reyes' }));
  const ben = await people.createParticipant(sys, participantInput.parse({ givenName: 'Ben', familyName: 'Ortiz' }));
  await people.createParticipant(sys, participantInput.parse({ givenName: 'Cal', familyName: 'Waits' }));
  await people.assign(sys, ana.id, { peerId: rosa.id, consent: { given: true, method: 'verbal' } });
  await people.assign(sys, ben.id, { peerId: rosa.id, consent: { given: true, method: 'verbal' } });
  await caseload.putPlan(
    sys,
    ana.id,
    planInput.parse({ goals: [{ text: 'Keep my apartment', lifeArea: 'housing', steps: [{ text: 'Call the landlord about the lease', status: 'in-progress' }] }] }),
  );
  await caseload.putSettings(sys, caseloadSettings.parse({ cosign: { all: true } }));
  const session = (hoursAgo: number) => ({
    participantId: ana.id,
    type: 'individual' as const,
    modality: 'phone' as const,
    startedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
    durationMinutes: 25,
    placeOfService: '11',
    activities: ['shared-lived-experience' as const, 'recovery-planning' as const],
    goalIds: [],
    narrative: 'Ana talked about her lease.',
    nextSteps: '',
  });
  const peerActor = { kind: 'user' as const, userId: peerUser.id, orgId: admin.orgId, role: 'peer' as const, via: 'session' as const, sourceIp: null };
  const signed = await caseload.createEncounter(peerActor, session(30), 'en');
  await caseload.signEncounter(peerActor, signed.id, 'en');
  const draft = await caseload.createEncounter(peerActor, session(2), 'en');
  return { admin, supEmail, peerEmail, ana, ben, signed, draft };
};

describe("a person's record", () => {
  it('an admin sees the plan, the history with its notes, the actions, and who opened the record', async () => {
    const s = await seed('Record Browser Agency');
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, s.admin.email, s.admin.password);
    await page.goto(`/participants/${s.ana.id}`);
    await expectHeading(page, 'Ana Reyes');
    const plan = page.getByRole('region', { name: 'Recovery plan' });
    await poll(() => plan.textContent()).toContain('Keep my apartment');
    expect(await plan.textContent()).toContain('Call the landlord about the lease');
    const history = page.getByRole('region', { name: 'History' });
    await poll(() => history.locator('li[data-kind="session"]').count()).toBe(2);
    expect(await history.locator('li[data-kind="session"]').first().textContent()).toContain('Draft');
    expect(await history.locator('li[data-kind="session"]').nth(1).textContent()).toContain('Awaiting co-signature');
    expect(await history.textContent()).toContain('Shared lived experience, Recovery planning');
    expect(await history.textContent()).toContain('Matched with Rosa Delgado');
    expect(await history.textContent()).toContain('Recovery plan written');
    expect(await history.getByRole('link', { name: 'Open the note' }).nth(1).getAttribute('href')).toBe(`/caseload/encounters/${s.signed.id}`);
    const actions = page.getByRole('navigation', { name: 'Actions for this person' });
    expect(await actions.getByRole('link', { name: 'Log a session' }).getAttribute('href')).toBe(`/caseload/log?participantId=${s.ana.id}`);
    expect(await actions.getByRole('link', { name: 'Refer' }).getAttribute('href')).toBe(`/referrals/new?participantId=${s.ana.id}`);
    await expectNoAxeViolations(page, 'participant record');

    await actions.getByRole('link', { name: 'Who opened this record' }).click();
    await expectHeading(page, 'Who opened the record of Ana Reyes');
    const rows = page.locator('tbody tr');
    await poll(() => rows.count()).toBeGreaterThan(3);
    const text = (await page.locator('tbody').textContent()) ?? '';
    // The admin's own reads of the page just now, and the peer's note, by whom.
    expect(text).toContain(s.admin.email);
    expect(text).toContain('Participant history opened');
    expect(text).toContain(s.peerEmail);
    await expectNoAxeViolations(page, 'who opened this record');

    // The full trail, filtered by the person's name.
    await page.goto('/admin/audit');
    await expectHeading(page, 'Audit trail');
    await page.getByLabel(/^Participant/).fill('Ana Reyes');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => page.locator('tbody tr[data-action="participant.timeline_read"]').count()).toBeGreaterThan(0);
    expect(await page.locator('tbody tr[data-action="participant.read"]').count()).toBeGreaterThan(0);
    await context.close();
  });

  it("a peer's record on a 360 px phone: the actions lead to the session form with the person chosen", async () => {
    const s = await seed('Record Phone Agency');
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await page.goto('/sign-in');
    await page.getByLabel(/^Email/).fill(s.peerEmail);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/caseload');
    // My day's counts: one draft (no session today was signed before the draft two hours ago).
    await poll(() => page.locator('[data-metric="drafts"]').getAttribute('data-count')).toBe('1');
    // The list of people: each one's status badge whole and on the screen.
    await page.goto('/participants');
    await expectHeading(page, 'Participants');
    await expectOnScreen(page, page.locator(`tr[data-participant-id="${s.ana.id}"] td`), 'participants on a phone');
    await page.goto(`/participants/${s.ana.id}`);
    await expectHeading(page, 'Ana Reyes');
    await poll(() => page.locator('li[data-kind="session"]').count()).toBe(2);
    expect(await page.locator('li[data-kind="coverage"]').count()).toBe(0);
    await expectNoHorizontalScroll(page, 'participant record on a phone');
    await expectNoAxeViolations(page, 'participant record on a phone');
    expect(await page.getByRole('link', { name: 'Who opened this record' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Log a session' }).click();
    await page.waitForURL((u) => u.pathname === '/caseload/log');
    await poll(() => page.locator('main select').first().inputValue()).toBe(s.ana.id);
    await context.close();
  });
});

describe('numbers where people start', () => {
  it("the supervisor's home shows the team's numbers, each linking to its list", async () => {
    const s = await seed('Numbers Browser Agency');
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, s.supEmail, PASSWORD);
    await expectHeading(page, 'Home');
    const numbers = page.getByRole('region', { name: 'Your team today' });
    await poll(() => numbers.locator('[data-metric="waitlist"]').getAttribute('data-count')).toBe('1');
    const cosign = numbers.locator('[data-metric="cosignWaiting"]');
    expect(await cosign.getAttribute('data-count')).toBe('1');
    expect(await cosign.textContent()).toContain('note waiting for co-signature');
    expect(await numbers.locator('[data-metric="waitlist"]').textContent()).toContain('person on the waitlist');
    const caseloads = page.getByRole('region', { name: 'Caseloads of your team' });
    expect(await caseloads.textContent()).toContain('Rosa Delgado');
    expect(await caseloads.textContent()).toContain('2 of 2');
    await expectNoAxeViolations(page, "supervisor's home");
    await cosign.getByRole('link').click();
    await page.waitForURL((u) => u.pathname === '/review-queue');
    await page.goBack();
    await page.getByRole('region', { name: 'Your team today' }).locator('[data-metric="waitlist"]').getByRole('link').click();
    await page.waitForURL((u) => u.pathname === '/matching');
    await context.close();
  });
});
