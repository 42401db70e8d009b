import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/actor.ts';
import { coverageInput, payerInput } from '../../src/modules/billing/billing.schemas.ts';
import { caseloadSettings, planInput } from '../../src/modules/caseload/caseload.schemas.ts';
import { participantInput, peerInput } from '../../src/modules/people/people.schemas.ts';
import { PASSWORD, uniqueEmail } from '../harness/app.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, newPage, poll, signIn } from './browser.ts';

/**
 * The peer's day (issue 4), in the browser: a peer logs the common session (30 minutes, one goal,
 * a narrative), the draft survives a lost connection and a reload, billing shows as it is typed,
 * the peer signs, and a supervisor co-signs from the review queue. Axe on every page, and the
 * same day on a 360 px phone, where a returned note comes first.
 */

const env = useServerAndBrowser();

const GOAL = 'I want my own apartment by winter';
const PHONE = { width: 360, height: 740 };

interface Agency {
  orgId: string;
  supervisor: { email: string; password: string };
  peer: { email: string; password: string; peerId: string };
  participants: Array<{ id: string; name: string }>;
}

/** One agency: a supervisor, a certified peer with the given participants assigned, a plan goal each, Medicaid coverage, co-signature on. */
const seedAgency = async (orgName: string, names: Array<[string, string]>): Promise<Agency> => {
  const sup = await createOrgWithUser(env.server, { role: 'supervisor', orgName, displayName: 'Sam Supervisor' });
  const { identity, people, billing, caseload } = env.server.server.services;
  const sys = systemActor('test', sup.orgId);
  const email = uniqueEmail('peer');
  const user = await identity.createUser(sys, { orgId: sup.orgId, email, role: 'peer', password: PASSWORD, displayName: 'Rosa Delgado' });
  const peer = await people.createPeer(
    sys,
    peerInput.parse({ displayName: 'Rosa Delgado', userId: user.id, certifications: [{ type: 'CPS', issuer: 'State certification board', number: 'P-1001', expiresOn: '2099-12-31' }] }),
  );
  const payer = await billing.createPayer(sys, payerInput.parse({ name: 'State Medicaid', type: 'medicaid', ratePerUnit: 1750 }));
  const participants = [];
  for (const [givenName, familyName] of names) {
    const p = await people.createParticipant(sys, participantInput.parse({ givenName, familyName, birthDate: '1985-04-02' }));
    await people.assign(sys, p.id, { peerId: peer.id, consent: { given: true, method: 'verbal' } });
    await caseload.putPlan(sys, p.id, planInput.parse({ goals: [{ text: GOAL, lifeArea: 'housing' }], strengths: ['persistent'] }));
    await billing.addCoverage(sys, p.id, coverageInput.parse({ payerId: payer.id, memberId: `MCD${Math.floor(Math.random() * 1e6)}`, startDate: '2020-01-01' }));
    participants.push({ id: p.id, name: p.displayName });
  }
  await caseload.putSettings(sys, caseloadSettings.parse({ cosign: { all: true } }));
  return { orgId: sup.orgId, supervisor: { email: sup.email, password: sup.password }, peer: { email, password: PASSWORD, peerId: peer.id }, participants };
};

/** A peer's home is their day: signing in lands on /caseload. */
const signInPeer = async (page: Page, email: string, password: string) => {
  await page.goto('/sign-in');
  await page.getByLabel(/^(Email|Correo electrónico)/).fill(email);
  await page.getByLabel(/^(Password|Contraseña)/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Iniciar sesión)$/ }).click();
  await page.waitForURL((url) => url.pathname === '/caseload');
  await expectHeading(page, 'My day');
};

const narrative = (page: Page) => page.getByLabel(/^What happened/);
/** Ticks an activity chip (a note starts with none ticked, and signing needs one). */
const tick = (page: Page, label: string) => page.getByRole('group', { name: /^(Activities|Actividades)/ }).getByText(label, { exact: true }).click();
const saveStatus = (page: Page) => page.getByTestId('save-status');

describe("the peer's day", () => {
  it('logs the common session, keeps the draft through a lost connection and a reload, signs, and a supervisor co-signs', async () => {
    const agency = await seedAgency('Lakeside Peer Center', [['Ana', 'Reyes']]);
    const ana = agency.participants[0]!;
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signInPeer(page, agency.peer.email, agency.peer.password);
    await page.waitForLoadState('networkidle');
    const caseloadCard = page.locator(`li[data-participant="${ana.id}"]`);
    await expect.poll(() => caseloadCard.textContent()).toContain(ana.name);
    expect(await caseloadCard.textContent()).toContain('no contact yet');
    await expectNoAxeViolations(page, 'my day');

    // The one prominent button.
    await page.getByRole('link', { name: 'Log a session', exact: true }).click();
    await expectHeading(page, 'Log a session');
    // The only person in the caseload is chosen already; 30 minutes and an individual session are the defaults.
    await expect.poll(() => page.getByLabel(/^Person/).inputValue()).toBe(ana.id);
    expect(await page.getByLabel(/^Minutes/).inputValue()).toBe('30');
    expect(await page.getByLabel(/^Type of session/).inputValue()).toBe('individual');
    await page.getByText(GOAL, { exact: true }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: GOAL }).isChecked()).toBe(true);
    await tick(page, 'Resource linkage');
    await narrative(page).fill('Ana called two landlords herself and named her persistence as a strength.');
    // Saved to the server as she types, and the billing follows: 30 minutes is 2 units under the 8-minute rule.
    await page.waitForURL((url) => /^\/caseload\/encounters\/[0-9a-f-]{36}$/.test(url.pathname));
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/^Saved/);
    await expect.poll(() => page.getByTestId('billing-units').textContent()).toContain('2 units of H0038');
    await expectNoAxeViolations(page, 'log a session (draft saved)');
    const encounterId = new URL(page.url()).pathname.split('/').pop()!;

    // The connection drops: the note is kept on this device, and still there after a reload.
    await page.route('**/api/v1/encounters/*', (route) => (route.request().method() === 'PATCH' ? route.abort('internetdisconnected') : route.fallback()));
    const longer = 'Ana called two landlords herself and named her persistence as a strength. She will visit one on Friday.';
    await narrative(page).fill(longer);
    await expect.poll(() => saveStatus(page).textContent()).toContain('Not saved to the server yet');
    await page.reload();
    await expectHeading(page, 'Session note (draft)');
    await expect.poll(() => narrative(page).inputValue()).toBe(longer);
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/Restored|Not saved/);
    await page.unroute('**/api/v1/encounters/*');
    await expect.poll(() => saveStatus(page).textContent(), { timeout: 15_000 }).toMatch(/^Saved/);
    const saved = await env.server.server.services.caseload.getEncounter(systemActor('test', agency.orgId), encounterId, 'en');
    expect(saved.narrative).toBe(longer);
    expect(saved.goalIds).toHaveLength(1);
    expect(saved.status).toBe('draft');

    await page.getByRole('button', { name: 'Sign the note' }).click();
    await expectHeading(page, 'Session note');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Signed.');
    await expect.poll(() => page.getByTestId('billing-units').textContent()).toContain('2 units');
    expect(await page.getByText("Not billable: awaiting a supervisor's co-signature.").count()).toBe(1);
    // Signed notes are read-only: no narrative field, an addendum instead.
    expect(await page.getByLabel(/^What happened/).count()).toBe(0);
    await page.getByLabel(/^Addendum/).fill('Ana asked me to note that the Friday visit is at 10 am.');
    await page.getByRole('button', { name: 'Add the addendum' }).click();
    await expect.poll(() => page.getByText('The addendum was added.').isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'signed note');

    await page.getByRole('link', { name: 'Back to my day' }).click();
    await expectHeading(page, 'My day');
    await expect.poll(() => caseloadCard.textContent()).not.toContain('no contact yet');
    expect(await page.getByRole('heading', { name: /Drafts to finish/ }).count()).toBe(0);
    await context.close();

    // The supervisor co-signs from the queue.
    const sup = await newPage(env.browser, env.server.baseUrl);
    await signIn(sup.page, agency.supervisor.email, agency.supervisor.password);
    await sup.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Review queue' }).click();
    await expectHeading(sup.page, 'Review queue');
    const item = sup.page.locator(`li[data-encounter="${encounterId}"]`);
    await expect.poll(() => item.textContent()).toContain('She will visit one on Friday.');
    expect(await item.textContent()).toContain('1 addendum');
    await expectNoAxeViolations(sup.page, 'review queue');
    await item.getByRole('button', { name: `Co-sign the note with ${ana.name}` }).click();
    await expect.poll(() => sup.page.getByText(`The note with ${ana.name} was co-signed.`).isVisible()).toBe(true);
    await expect.poll(() => sup.page.getByText('No notes are waiting for review.').isVisible()).toBe(true);
    await expectNoAxeViolations(sup.page, 'review queue, empty');

    const done = await env.server.server.services.caseload.getEncounter(systemActor('test', agency.orgId), encounterId, 'en');
    expect(done.status).toBe('cosigned');
    expect(done.billing).toMatchObject({ billable: true, units: 2, code: 'H0038' });
    await sup.context.close();
  }, 300_000);

  it('works on a 360 px phone: returned notes come first, and the peer answers with an addendum', async () => {
    const agency = await seedAgency('Hillside Recovery', [
      ['Bea', 'Lopez'],
      ['Carl', 'Nguyen'],
    ]);
    const bea = agency.participants[0]!;
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await signInPeer(page, agency.peer.email, agency.peer.password);
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page, 'my day at 360 px');
    await expectNoAxeViolations(page, 'my day at 360 px');
    const button = page.getByRole('link', { name: 'Log a session', exact: true });
    expect((await button.boundingBox())!.width).toBeGreaterThan(300);

    await button.click();
    await expectHeading(page, 'Log a session');
    // Two people: the peer chooses.
    await page.getByLabel(/^Person/).selectOption(bea.id);
    await page.getByText(GOAL, { exact: true }).click();
    await tick(page, 'Transport');
    await narrative(page).fill('Bea rode with me to the clinic and asked her own questions about the new medication.');
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/^Saved/);
    await expectNoHorizontalScroll(page, 'log a session at 360 px');
    await expectNoAxeViolations(page, 'log a session at 360 px');
    // Start and length wrap onto lines of their own, as wide as the person's: the date and time
    // are not clipped to a half-width box.
    const widthOf = async (label: RegExp) => (await page.getByLabel(label).boundingBox())!.width;
    const personWidth = await widthOf(/^Person/);
    expect(await widthOf(/^Started/)).toBeCloseTo(personWidth, 0);
    expect(await widthOf(/^Minutes/)).toBeCloseTo(personWidth, 0);
    await page.getByRole('button', { name: 'Sign the note' }).click();
    await expectHeading(page, 'Session note');
    await expectNoHorizontalScroll(page, 'signed note at 360 px');
    const encounterId = new URL(page.url()).pathname.split('/').pop()!;

    // The supervisor returns it (through the service: the queue was driven in the first test).
    const supervisorUser = await env.server.server.services.identity.createUser(systemActor('test', agency.orgId), {
      orgId: agency.orgId,
      email: uniqueEmail('sup'),
      role: 'supervisor',
      password: PASSWORD,
      displayName: 'Second Supervisor',
    });
    await env.server.server.services.caseload.returnEncounter(
      { kind: 'user', userId: supervisorUser.id, orgId: agency.orgId, role: 'supervisor', via: 'session', sourceIp: null },
      encounterId,
      { comment: 'Please add which clinic it was.' },
      'en',
    );

    await page.goto('/caseload');
    await expectHeading(page, 'My day');
    await page.waitForLoadState('networkidle');
    const sections = await page.locator('main h2').allTextContents();
    expect(sections[0]).toBe('Returned to you (1)');
    expect(await page.locator('main').textContent()).toContain('Please add which clinic it was.');
    await expectNoAxeViolations(page, 'my day with a returned note at 360 px');
    await page.getByRole('link', { name: `Answer the supervisor: note with ${bea.name}` }).click();
    await expectHeading(page, 'Session note');
    await expect.poll(() => page.getByText('Your supervisor returned this note').isVisible()).toBe(true);
    await page.getByLabel(/^Your correction/).fill('It was the Eastside Community Clinic.');
    await page.getByRole('button', { name: 'Send the correction for review' }).click();
    await expect.poll(() => page.getByText('The correction was added and the note went back for review.').isVisible()).toBe(true);
    await expectNoHorizontalScroll(page, 'answered note at 360 px');
    await expectNoAxeViolations(page, 'answered note at 360 px');

    // The recovery plan on the phone.
    await page.goto(`/participants/${bea.id}/plan`);
    await expectHeading(page, `Recovery plan of ${bea.name}`);
    await expect.poll(() => page.getByRole('heading', { name: `“${GOAL}”` }).isVisible()).toBe(true);
    await expectNoHorizontalScroll(page, 'recovery plan at 360 px');
    await expectNoAxeViolations(page, 'recovery plan at 360 px');
    const back = await env.server.server.services.caseload.getEncounter(systemActor('test', agency.orgId), encounterId, 'en');
    expect(back.status).toBe('signed');
    expect(back.addenda).toHaveLength(1);
    await context.close();
  }, 300_000);

  it('the peer deletes a draft and logs a group note; a supervisor voids a signed note with a reason', async () => {
    const agency = await seedAgency('Lakeside Peers', [
      ['Dee', 'Moss'],
      ['Eli', 'Park'],
    ]);
    const [dee, eli] = agency.participants as [{ id: string; name: string }, { id: string; name: string }];
    const sys = systemActor('test', agency.orgId);
    const peerSide = await newPage(env.browser, env.server.baseUrl);
    const page = peerSide.page;
    await signInPeer(page, agency.peer.email, agency.peer.password);
    await page.getByRole('link', { name: 'Log a session', exact: true }).click();
    await expectHeading(page, 'Log a session');
    await page.getByLabel(/^Person/).selectOption(dee.id);
    await narrative(page).fill('Half a thought, to finish later.');
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/^Saved/);
    const draftId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('button', { name: 'Delete draft' }).click();
    await expectNoAxeViolations(page, 'deleting a draft');
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.waitForURL((url) => url.pathname === '/caseload');
    await expect(env.server.server.services.caseload.getEncounter(sys, draftId, 'en')).rejects.toMatchObject({ status: 404 });

    // A group session: Dee and Eli, each billed on a line of their own (HQ).
    await page.getByRole('link', { name: 'Log a session', exact: true }).click();
    await expectHeading(page, 'Log a session');
    await page.getByLabel(/^Person/).selectOption(dee.id);
    await page.getByLabel(/^Type/).selectOption('group');
    await page.getByRole('group', { name: 'Others in the group' }).getByText(eli.name, { exact: true }).click();
    await tick(page, 'Skill building');
    await expectNoAxeViolations(page, 'a group note');
    await narrative(page).fill('Dee and Eli practised calling the housing office together; each led one call.');
    await page.getByRole('button', { name: 'Sign the note' }).click();
    await expectHeading(page, 'Session note');
    const signedId = new URL(page.url()).pathname.split('/').pop()!;
    const group = await env.server.server.services.caseload.getEncounter(sys, signedId, 'en');
    expect(group).toMatchObject({ type: 'group', participantIds: expect.arrayContaining([dee.id, eli.id]) });
    expect(group.participantIds).toHaveLength(2);
    expect(group.billingByParticipant.map((b) => b.billing.modifiers)).toEqual([expect.arrayContaining(['HQ']), expect.arrayContaining(['HQ'])]);
    await expect.poll(() => page.getByRole('button', { name: 'Delete draft' }).count()).toBe(0);
    await peerSide.context.close();

    const supSide = await newPage(env.browser, env.server.baseUrl);
    await signIn(supSide.page, agency.supervisor.email, agency.supervisor.password);
    await supSide.page.goto(`/caseload/encounters/${signedId}`);
    await expectHeading(supSide.page, 'Session note');
    await supSide.page.getByRole('button', { name: 'Void this note…' }).click();
    await supSide.page.getByRole('button', { name: 'Void the note' }).click();
    await expect.poll(() => supSide.page.getByText('Say why the note is voided.').isVisible()).toBe(true);
    await supSide.page.getByLabel(/^Reason/).fill('Entered for the wrong participant');
    await expectNoAxeViolations(supSide.page, 'voiding a note');
    await supSide.page.getByRole('button', { name: 'Void the note' }).click();
    await expect.poll(() => supSide.page.getByText('The note was voided; it is no longer billed.').isVisible()).toBe(true);
    await expect.poll(() => supSide.page.getByText(/Entered for the wrong participant/).isVisible()).toBe(true);
    const voided = await env.server.server.services.caseload.getEncounter(sys, signedId, 'en');
    expect(voided).toMatchObject({ voided: true, void: { reason: 'Entered for the wrong participant', resubmit: false }, billing: { reason: 'voided' } });
    await supSide.context.close();
  }, 300_000);

  it('edits a recovery plan with history, and an admin manages payers, coverage and claims', async () => {
    const agency = await seedAgency('Riverbend Peers', [['Dee', 'Owens']]);
    const dee = agency.participants[0]!;
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signInPeer(page, agency.peer.email, agency.peer.password);
    await page.goto(`/participants/${dee.id}/plan`);
    await expectHeading(page, `Recovery plan of ${dee.name}`);
    await page.getByRole('button', { name: 'Edit the plan' }).click();
    await page.getByRole('button', { name: 'Add a step to goal 1' }).click();
    await page.getByRole('textbox', { name: /^Step/ }).fill('Visit two apartments');
    await page.getByLabel(/^Target date/).fill('2099-01-15');
    await page.getByRole('button', { name: 'Add a strength' }).click();
    await page.getByLabel(/^Strength 2/).fill('keeps appointments');
    // Removing a row by keyboard keeps the focus in its list (on its "Add" button), not lost to the page.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    await page.getByRole('button', { name: 'Add a strength' }).click();
    await page.getByRole('button', { name: 'Remove strength 3' }).press('Enter');
    await poll(focused).toBe('Add a strength');
    await page.getByRole('button', { name: 'Add a step to goal 1' }).click();
    await page.getByRole('button', { name: 'Remove step 2 of goal 1' }).press('Enter');
    await poll(focused).toBe('Add a step to goal 1');
    await page.getByRole('button', { name: 'Add a support' }).click();
    await page.getByRole('button', { name: 'Remove support 1' }).press('Enter');
    await poll(focused).toBe('Add a support');
    await page.getByLabel(/^Did the person agree/).selectOption('yes');
    await page.getByLabel(/^How$/).selectOption('written');
    await expectNoAxeViolations(page, 'recovery plan editor');
    await page.getByRole('button', { name: 'Save the plan' }).click();
    await expect.poll(() => page.getByText('The plan was saved (version 2).').isVisible()).toBe(true);
    expect(await page.locator('main').textContent()).toContain('Visit two apartments');
    expect(await page.locator('main').textContent()).toContain('in writing');
    await page.getByRole('button', { name: 'Show earlier versions' }).click();
    await expect.poll(() => page.getByText(/^Version 1,/).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'recovery plan with history');
    await context.close();

    // The admin side: payers, a coverage, the co-signature rules and a claims file.
    const admin = await env.server.server.services.identity.createUser(systemActor('test', agency.orgId), {
      orgId: agency.orgId,
      email: uniqueEmail('admin'),
      role: 'admin',
      password: PASSWORD,
      displayName: 'Ada Admin',
    });
    const a = await newPage(env.browser, env.server.baseUrl);
    await signIn(a.page, admin.email, PASSWORD);
    // While the agency bills one payer, the claims page has it chosen already.
    await a.page.goto('/admin/claims');
    await expect.poll(() => a.page.getByLabel(/^Payer/).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('State Medicaid');
    await a.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Payers and billing' }).click();
    await expectHeading(a.page, 'Payers and billing');
    await expect.poll(() => a.page.locator('tr[data-payer="State Medicaid"]').count()).toBe(1);
    await expectNoAxeViolations(a.page, 'payers');
    await a.page.getByRole('button', { name: 'Add a payer' }).click();
    const form = a.page.getByRole('region', { name: 'Add a payer' });
    await form.getByRole('button', { name: 'Add the payer' }).click();
    await expect.poll(() => form.getByLabel(/^Name/).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(a.page, 'payer form with errors');
    await form.getByLabel(/^Name/).fill('County Recovery Grant');
    await form.getByLabel(/^Type/).selectOption('grant');
    await form.getByLabel(/^Rounding$/).selectOption('full-unit');
    await form.getByLabel(/^Daily maximum units/).fill('16');
    await form.getByLabel(/^Rate per unit/).fill('12.25');
    await form.getByRole('button', { name: 'Add the payer' }).click();
    await expect.poll(() => a.page.getByText('County Recovery Grant was added.').isVisible()).toBe(true);
    await expect.poll(() => a.page.locator('tr[data-payer="County Recovery Grant"]').textContent()).toContain('$12.25');

    await a.page.getByRole('link', { name: `Coverage of ${dee.name}` }).click();
    await expectHeading(a.page, `Coverage of ${dee.name}`);
    await a.page.getByLabel(/^Payer/).selectOption({ label: 'County Recovery Grant' });
    await a.page.getByLabel(/^Member id/).fill('GR-77');
    await a.page.getByRole('button', { name: 'Add the coverage' }).click();
    await expect.poll(() => a.page.getByText('Coverage with County Recovery Grant was added.').isVisible()).toBe(true);
    await expectNoAxeViolations(a.page, 'coverage');
    // Ending it (PATCH): the row's own small form.
    await a.page.getByLabel('End date of County Recovery Grant coverage GR-77').fill('2099-12-31');
    await a.page.getByRole('form', { name: 'End the County Recovery Grant coverage GR-77' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => a.page.getByText('The County Recovery Grant coverage ends on 2099-12-31.').isVisible()).toBe(true);
    const grantCoverage = (await env.server.server.services.billing.listCoverages(systemActor('test', agency.orgId), dee.id)).find((c) => c.memberId === 'GR-77');
    expect(grantCoverage?.endDate).toBe('2099-12-31');
    await expectNoAxeViolations(a.page, 'coverage after ending one');

    // A signed, co-signed note for the export, then the claims page.
    const { caseload } = env.server.server.services;
    const sys = systemActor('test', agency.orgId);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const session = (minutes: number) => ({
      participantId: dee.id,
      peerId: agency.peer.peerId,
      type: 'individual' as const,
      modality: 'in-person' as const,
      startedAt: yesterday,
      durationMinutes: minutes,
      placeOfService: '11',
      activities: ['recovery-planning' as const],
      goalIds: [],
      narrative: 'Dee planned her week.',
      nextSteps: '',
    });
    const cosigned = await caseload.createEncounter(sys, session(38), 'en');
    await caseload.signEncounter(sys, cosigned.id, 'en');
    await caseload.cosignEncounter(sys, cosigned.id, {}, 'en');
    const waiting = await caseload.createEncounter(sys, session(20), 'en');
    await caseload.signEncounter(sys, waiting.id, 'en');
    await a.page.goto('/admin/claims');
    await expectHeading(a.page, 'Claims');
    await a.page.getByLabel(/^Payer/).selectOption({ label: 'State Medicaid' });
    const day = (d: Date) => d.toISOString().slice(0, 10);
    await a.page.getByLabel(/^From/).fill(day(new Date(Date.now() - 7 * 86_400_000)));
    await a.page.getByLabel(/^To/).fill(day(new Date(Date.now() + 86_400_000)));
    // An 837P file needs the billing identity first: the page says what is missing.
    await a.page.getByRole('button', { name: 'Build the file' }).click();
    await expect.poll(() => a.page.getByRole('alert').first().textContent()).toContain('An 837P file needs a few more details');
    await a.page.getByLabel(/^File format/).selectOption('csv');
    await a.page.getByRole('button', { name: 'Build the file' }).click();
    // The co-signed note is billed (38 minutes: 3 units); the one awaiting co-signature is left out, with the reason.
    await expect.poll(() => a.page.getByTestId('claims-totals').textContent()).toContain('1 claim, 1 line, 3 units');
    expect(await a.page.getByTestId('claims-totals').textContent()).toContain('Left out: 1');
    expect(await a.page.locator('main').textContent()).toContain("Awaiting a supervisor's co-signature");
    // By reason and person first: whose notes wait, and how many.
    expect(await a.page.getByTestId('excluded-by-reason').textContent()).toContain("Awaiting a supervisor's co-signature · 1 note: Dee Owens (1)");
    await expect.poll(() => a.page.getByRole('link', { name: /^Download / }).first().getAttribute('href')).toMatch(/^\/api\/v1\/claims\/exports\/.+\/file$/);
    await expectNoAxeViolations(a.page, 'claims');

    // The Medicaid coverage is found to have ended before that note: the coverage page lists the
    // note as on a claim of a payer that no longer covers it, and the note itself says so.
    const other = await a.context.newPage();
    await other.goto(`/participants/${dee.id}/coverage`);
    await expectHeading(other, `Coverage of ${dee.name}`);
    const ended = day(new Date(Date.now() - 3 * 86_400_000));
    await other.getByLabel(/^End date of State Medicaid coverage/).fill(ended);
    await other.getByRole('form', { name: /^End the State Medicaid coverage/ }).getByRole('button', { name: 'Save' }).click();
    const toCorrect = other.getByTestId('claims-to-correct');
    await expect.poll(() => toCorrect.textContent()).toContain('1 note is on the claim of a payer that no longer covers its date');
    expect(await toCorrect.textContent()).toMatch(/sent to State Medicaid on claim PB\d+-1; no coverage on that date now/);
    await expectNoAxeViolations(other, 'coverage with claims to correct');
    await toCorrect.getByRole('link').click();
    await expect.poll(() => other.getByTestId('billing-coverage-changed').textContent()).toContain('Sent to State Medicaid, but the coverage on this date is now none.');
    // Reopened, nothing is left to correct.
    await other.goto(`/participants/${dee.id}/coverage`);
    await other.getByLabel(/^End date of State Medicaid coverage/).fill('');
    await other.getByRole('form', { name: /^End the State Medicaid coverage/ }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => other.getByText('The State Medicaid coverage has no end date now.').isVisible()).toBe(true);
    expect(await other.getByTestId('claims-to-correct').count()).toBe(0);
    await other.close();

    // The billed note is voided (not for resubmission): the next file voids its claim at the payer.
    await caseload.voidEncounter(sys, cosigned.id, { reason: 'Entered for the wrong day', resubmit: false }, 'en');
    await a.page.getByRole('button', { name: 'Build the file' }).click();
    await expect.poll(() => a.page.getByTestId('claims-voids').textContent()).toContain('It also voids 1 claim(s) sent before');
    expect(await a.page.getByTestId('claims-voids').textContent()).toMatch(/\$[\d,.]+ the payer should take back/);
    await expectNoAxeViolations(a.page, 'claims with a void');
    await a.context.close();
  }, 300_000);

  it('a note signed in Spanish stores the Spanish statement its signer read, marked as Spanish on an English page', async () => {
    const ES =
      'Declaro que presté este servicio tal como está documentado (30 minutos; lugar del servicio: 11 · Oficina; actividades: Experiencia vivida compartida) y que esta nota es exacta y completa.';
    const agency = await seedAgency('Casa Esperanza', [['Luz', 'Martínez']]);
    const luz = agency.participants[0]!;
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { locale: 'es-US' });
    await signIn(page, agency.peer.email, agency.peer.password);
    await expectHeading(page, 'Mi día');
    await page.getByRole('link', { name: 'Registrar una sesión', exact: true }).click();
    await expectHeading(page, 'Registrar una sesión');
    await expect.poll(() => page.getByLabel(/^Persona/).inputValue()).toBe(luz.id);
    await tick(page, 'Experiencia vivida compartida');
    await page.getByLabel(/^Qué pasó/).fill('Luz llamó a dos caseros por su cuenta y nombró su constancia como una fortaleza.');
    await page.waitForURL((url) => /^\/caseload\/encounters\/[0-9a-f-]{36}$/.test(url.pathname));
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/^Guardada/);
    const encounterId = new URL(page.url()).pathname.split('/').pop()!;
    // What the peer reads above the button is what the note keeps.
    expect((await page.getByTestId('attestation-text').textContent())?.trim()).toBe(ES);
    await page.getByRole('button', { name: 'Firmar la nota' }).click();
    await expectHeading(page, 'Nota de sesión');
    const stored = page.getByTestId('attestation');
    await expect.poll(() => stored.textContent()).toBe(ES);
    const signed = await env.server.server.services.caseload.getEncounter(systemActor('test', agency.orgId), encounterId, 'en');
    expect(signed.attestation).toBe(ES);
    await expectNoAxeViolations(page, 'nota firmada');

    // Read in English, the note still shows what was attested, in Spanish and marked so (WCAG 3.1.2).
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expectHeading(page, 'Session note');
    expect(await stored.textContent()).toBe(ES);
    expect(await stored.getAttribute('lang')).toBe('es');
    await expectNoAxeViolations(page, 'signed note, English');
    await context.close();
  });
});
