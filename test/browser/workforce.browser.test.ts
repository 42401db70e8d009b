import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type UserActor } from '../../src/core/actor.ts';
import { peerInput } from '../../src/modules/people/people.schemas.ts';
import en from '../../web/src/app/i18n/en.json' with { type: 'json' };
import es from '../../web/src/app/i18n/es.json' with { type: 'json' };
import { PASSWORD, uniqueEmail } from '../harness/app.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, expectOnScreen, newPage, poll, signIn, useServerAndBrowser } from './browser.ts';

/**
 * Workforce in the browser (issue 21): a peer's My work on a 360 px phone, the supervisor's team
 * page and the certification pipeline board at 1280 px, in English and Spanish; a referee answers
 * a reference link on a phone in Spanish without an account, and the board moves the applicant
 * on. Axe on every page; screenshots when PEERBRIDGE_SHOTS_DIR is set.
 */
const env = useServerAndBrowser();
const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 800 };
const SHOTS = process.env.PEERBRIDGE_SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};
const L = { en, es } as const;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

let supervisor: { email: string; password: string };
let admin: { email: string; password: string };
const HELD_REASON = 'The GED certificate has not reached us yet.';
let peer: { email: string; password: string };

beforeAll(async () => {
  const sup = await createOrgWithUser(env.server, { role: 'supervisor', orgName: 'Workforce Browser Board', displayName: 'Sam Supervisor' });
  supervisor = sup;
  const { identity, people, credentials, certification, referenceRequests } = env.server.server.services;
  const sys = systemActor('test', sup.orgId);
  const peerEmail = uniqueEmail('peer');
  const user = await identity.createUser(sys, { orgId: sup.orgId, email: peerEmail, role: 'peer', password: PASSWORD, displayName: 'Rosa Delgado' });
  peer = { email: peerEmail, password: PASSWORD };
  const rosa = await people.createPeer(sys, peerInput.parse({ displayName: 'Rosa Delgado', userId: user.id, maxCaseload: 20 }));
  const supActor: UserActor = { kind: 'user', userId: sup.userId, orgId: sup.orgId, role: 'supervisor', via: 'session', sourceIp: null };
  await credentials.createCredential(supActor, rosa.id, { type: 'mi-cpss', number: 'MI-CPSS-1', issuedOn: day(-700), expiresOn: day(25), verification: { how: 'MDHHS registry' } });
  await credentials.createCredential(supActor, rosa.id, { type: 'icrc-pr', number: 'PR-1', issuedOn: day(-300), expiresOn: day(400) });
  await credentials.createCe(supActor, rosa.id, { title: 'Ethics and boundaries', provider: 'Peer Institute', completedOn: day(-30), hours: 6, unit: 'hours', topics: ['ethics', 'boundaries'], format: 'in-person' });
  const p = await certification.createPipeline(sys, { template: 'mi-cpss', code: 'mi-cpss', name: 'Michigan CPSS certification' });
  const pipelineId = p.id;
  await certification.createApplicant(supActor, { pipelineId, name: 'María López', lang: 'es' });
  const devon = await certification.createApplicant(supActor, { pipelineId, name: 'Devon Carter', lang: 'es' });
  const devonId = devon.id;
  await certification.updateStep(supActor, devonId, 'written-application', { status: 'done' });
  const link = await referenceRequests.requestReference(supActor, devonId, { refereeName: 'Dr. Alicia Moreno', lang: 'es' });
  await referenceRequests.answerReference(link.token, { knownYears: 3, capacity: 'Supervisor', recommend: 'yes', comments: '', confirm: true }, null);
  const kim = await certification.createApplicant(supActor, { pipelineId, name: 'Kim Nguyen', lang: 'en' });
  await certification.updateStep(supActor, kim.id, 'written-application', { status: 'done' });
  // A reference link nobody answered, for the supervisor to withdraw.
  await referenceRequests.requestReference(supActor, devonId, { refereeName: 'Lee Withdrawn', lang: 'en' });
  // Rosa, a peer the agency hired before certification, is an applicant herself, held by a rule.
  const rosaApp = await certification.createApplicant(supActor, { pipelineId, name: 'Rosa Delgado', lang: 'en', peerId: rosa.id });
  await certification.recordEligibility(supActor, rosaApp.id, { rule: 'diploma-or-ged', outcome: 'does-not-meet', reason: HELD_REASON });
  // More credential events than one page of the team calendar (200): 45 peers, 5 or more events each.
  for (let i = 0; i < 45; i++) {
    const p = await people.createPeer(sys, peerInput.parse({ displayName: `Calendar Peer ${String(i).padStart(2, '0')}` }));
    await credentials.createCredential(supActor, p.id, { type: 'mi-cpss', number: `MI-CAL-${i}`, issuedOn: day(-600), expiresOn: day(60) });
  }
  const adminEmail = uniqueEmail('admin');
  await identity.createUser(sys, { orgId: sup.orgId, email: adminEmail, role: 'admin', password: PASSWORD, displayName: 'Ada Admin' });
  admin = { email: adminEmail, password: PASSWORD };
}, 300_000);

describe('workforce in the browser', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`a peer reads My work on a 360 px phone (${lang})`, { timeout: 180_000 }, async () => {
      const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE, locale: lang === 'es' ? 'es-US' : 'en-US' });
      await signIn(page, peer.email, peer.password);
      await page.goto('/my-work');
      await expectHeading(page, L[lang].workforce.my.title);
      await page.getByRole('heading', { name: L[lang].workforce.my.credentials }).waitFor();
      await poll(() => page.locator('#wf-credentials').locator('xpath=ancestor::section').textContent()).toContain('MI-CPSS-1');
      // Her own application: the steps, and the rule that holds her with its source and why.
      await page.getByRole('heading', { name: L[lang].workforce.application.title.replace('{{name}}', 'Michigan CPSS certification') }).waitFor();
      const held = page.getByTestId('my-application-held');
      await poll(() => held.textContent()).toContain(HELD_REASON);
      expect(await held.textContent()).toContain(lang === 'es' ? 'Diploma de preparatoria o GED' : 'High school diploma or GED');
      expect(await held.textContent()).toContain('OUTCOMES-AND-WORKFORCE.md');
      expect(await page.getByTestId('my-application-steps').textContent()).toContain(lang === 'es' ? 'Solicitud por escrito' : 'Written application');
      // Her caseload intensity: this week said in words, and each of the eight weeks in a table
      // under "Week by week" with how the index is made (the chart alone has no numbers to read).
      const intensity = page.locator('#wf-intensity').locator('xpath=ancestor::section');
      const thisWeek = L[lang].workforce.intensity.thisWeek.replace('{{index}}', '0').replace('{{level}}', L[lang].workforce.intensity.level.low);
      await poll(() => intensity.textContent()).toContain(thisWeek);
      await intensity.getByText(L[lang].workforce.intensity.byWeek).click();
      const weeks = intensity.getByRole('table', { name: L[lang].workforce.intensity.weeksOf.replace('{{label}}', L[lang].workforce.my.intensity) });
      await poll(() => weeks.locator('tbody tr').count()).toBe(8);
      // On the phone each week is a block: every figure on the screen, none behind a sideways scroll.
      await expectOnScreen(page, weeks.locator('tbody tr').first().locator('th, td'), `week by week at 360 px (${lang})`);
      expect(await intensity.textContent()).toContain(L[lang].workforce.intensity.how);
      // Her weekly pulse, saved and read back as she answered it, with its band (only she sees it).
      const wellbeing = page.locator('#wf-wellbeing').locator('xpath=ancestor::section');
      await wellbeing.getByRole('radio', { name: L[lang].workforce.wellbeing.pulse['4'], exact: true }).check();
      await wellbeing.getByRole('button', { name: L[lang].workforce.wellbeing.save }).click();
      const answered = L[lang].workforce.wellbeing.pulseAnswer.replace('{{answer}}', L[lang].workforce.wellbeing.pulse['4']).replace('{{score}}', '4').replace('{{band}}', L[lang].workforce.wellbeing.bandShort.low);
      await poll(() => wellbeing.textContent()).toContain(`${L[lang].workforce.wellbeing.instrument.pulse} · ${answered}`);
      await page.waitForLoadState('networkidle');
      await expectNoHorizontalScroll(page, `My work at 360 px (${lang})`);
      await expectNoAxeViolations(page, `My work (${lang})`);
      await shot(page, `my-work-peer-360-${lang}`);
      await context.close();
    });

    it(`a supervisor reads the team page with the credential calendar at 1280 px (${lang})`, { timeout: 180_000 }, async () => {
      const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: DESK, locale: lang === 'es' ? 'es-US' : 'en-US' });
      await signIn(page, supervisor.email, supervisor.password);
      await page.goto('/workforce');
      await expectHeading(page, L[lang].workforce.team.title);
      const calendar = page.locator('#wf-calendar').locator('xpath=ancestor::section');
      await poll(() => calendar.textContent()).toContain('Rosa Delgado');
      // Team wellbeing: nobody has checked in, so the card says why nothing is shown (never how many).
      const wellbeing = page.locator('#wf-team-wellbeing').locator('xpath=ancestor::section');
      await poll(() => wellbeing.textContent()).toContain(L[lang].workforce.team.suppressedTitle.replace('{{k}}', '11'));
      // Caseload intensity: a row a peer (heaviest first), this week's level in words, the index explained once.
      const intensity = page.getByTestId('team-intensity');
      await poll(() => intensity.locator('tr[data-peer="Rosa Delgado"]').textContent()).toContain(`0 · ${L[lang].workforce.intensity.level.low}`);
      expect(await intensity.locator('tbody tr').count()).toBe(46);
      // The calendar pages: 200 events, then "Show more" brings the rest.
      const rows = calendar.getByTestId('calendar-table').locator('tbody tr');
      await poll(() => rows.count()).toBe(200);
      await page.waitForLoadState('networkidle');
      await expectNoAxeViolations(page, `team workforce (${lang})`);
      await shot(page, `workforce-team-1280-${lang}`);
      if (SHOTS) await wellbeing.screenshot({ path: `${SHOTS}/workforce-team-wellbeing-1280-${lang}.png` });
      if (SHOTS) {
        await calendar.getByRole('button', { name: L[lang].workforce.team.showMore }).scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/workforce-team-calendar-more-1280-${lang}.png` });
      }
      await calendar.getByRole('button', { name: L[lang].workforce.team.showMore }).click();
      await poll(() => rows.count()).toBeGreaterThan(225);
      expect(await calendar.getByRole('button', { name: L[lang].workforce.team.showMore }).count()).toBe(0);
      // A peer's name opens their page, with their eight weeks of intensity.
      await page.getByTestId('team-intensity').getByRole('link', { name: 'Rosa Delgado' }).click();
      await expectHeading(page, 'Rosa Delgado');
      const peerIntensity = page.locator('section:has(#peer-intensity)');
      await poll(() => peerIntensity.textContent()).toContain(L[lang].workforce.intensity.thisWeek.replace('{{index}}', '0').replace('{{level}}', L[lang].workforce.intensity.level.low));
      await page.waitForLoadState('networkidle');
      await expectNoAxeViolations(page, `a peer's page with intensity (${lang})`);
      await context.close();
    });
  }

  it('a supervisor reads the credential calendar on a 360 px phone in Spanish: each event a block, its status on screen', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE, locale: 'es-US' });
    await signIn(page, supervisor.email, supervisor.password);
    await page.goto('/workforce');
    await expectHeading(page, es.workforce.team.title);
    const rows = page.getByTestId('calendar-table').locator('tbody tr');
    await poll(() => rows.count()).toBe(200);
    await expectOnScreen(page, rows.first().locator('td'), 'credential calendar (es, 360 px)');
    await expectOnScreen(page, rows.nth(5).locator('td'), 'credential calendar (es, 360 px)');
    await expectNoHorizontalScroll(page, 'team workforce at 360 px');
    await shot(page, 'workforce-team-360-es');
    await context.close();
  });

  it('a supervisor runs the pipeline board at 1280 px: counts by step, an applicant, a reference link', { timeout: 240_000 }, async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: DESK });
    await signIn(page, supervisor.email, supervisor.password);
    await page.goto('/certification');
    await expectHeading(page, en.certification.title);
    // Counts by step: María at the application, Devon and Kim at the references.
    await poll(() => page.getByTestId('column-written-application').getByRole('heading').first().textContent()).toBe('Written application');
    // María and Rosa (a peer of the agency who applies herself) at the written application.
    expect(await page.getByTestId('column-written-application').getByTestId('column-count').textContent()).toBe('2');
    await poll(() => page.getByTestId('column-references').getByTestId('column-count').textContent()).toBe('2');
    await poll(() => page.getByTestId('column-references').textContent()).toContain('1 reference missing');
    await page.waitForLoadState('networkidle');
    await expectNoAxeViolations(page, 'pipeline board');
    await shot(page, 'certification-board-1280-en');
    // The applicant: the steps, the eligibility rules with their source, a reference link.
    await page.getByTestId('column-references').getByRole('button', { name: 'Devon Carter' }).click();
    const drawer = page.getByRole('dialog', { name: 'Devon Carter' });
    await drawer.getByText('Two professional references', { exact: true }).waitFor();
    expect(await drawer.textContent()).toContain('High school diploma or GED');
    expect(await drawer.textContent()).toContain('OUTCOMES-AND-WORKFORCE.md');
    await drawer.getByLabel(en.certification.refereeName).fill('Pat Moreno');
    await drawer.getByRole('button', { name: en.certification.requestReference }).click();
    await poll(() => drawer.getByTestId('reference-url').inputValue()).toMatch(/\/ref\/[A-Za-z0-9_-]{40,}$/);
    const url = await drawer.getByTestId('reference-url').inputValue();
    // Withdraw the link nobody answered.
    await drawer.getByRole('button', { name: en.certification.withdrawLinkOf.replace('{{name}}', 'Lee Withdrawn') }).click();
    await poll(() => drawer.getByText(/Lee Withdrawn/).textContent()).toContain(en.certification.referenceState.revoked);
    // Record an eligibility finding: the reason is required; then the rule shows it.
    await drawer.getByRole('combobox', { name: en.certification.rule, exact: true }).selectOption({ label: 'High school diploma or GED' });
    await drawer.getByRole('textbox', { name: en.certification.reason }).fill('No diploma or GED on file yet.');
    await drawer.getByRole('button', { name: en.certification.saveFinding }).click();
    await drawer.getByText(en.certification.chooseFinding).waitFor();
    await drawer.getByRole('radio', { name: en.certification.outcome['does-not-meet'] }).check();
    await drawer.getByRole('button', { name: en.certification.saveFinding }).click();
    await drawer.getByText('Why: No diploma or GED on file yet.').waitFor();
    await expectNoAxeViolations(page, 'applicant drawer');
    await shot(page, 'certification-applicant-1280-en');
    await context.close();

    // The referee, on a phone, in Spanish (the language chosen for them), without an account.
    const r = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE, locale: 'en-US' });
    await r.page.goto(new URL(url).pathname);
    await expectHeading(r.page, es.reference.title.replace('{{name}}', 'Devon Carter'));
    await expectNoHorizontalScroll(r.page, 'reference page at 360 px');
    await expectNoAxeViolations(r.page, 'reference page');
    await shot(r.page, 'reference-page-360-es');
    await r.page.getByRole('button', { name: es.reference.send }).click();
    await r.page.getByText(es.reference.required).first().waitFor();
    await r.page.getByLabel(es.reference.knownYears).fill('5');
    await r.page.getByLabel(es.reference.capacity).fill('Compañera de trabajo');
    await r.page.getByRole('radio', { name: es.reference.recommendYes, exact: true }).check();
    await r.page.getByLabel(es.reference.confirm).check();
    await r.page.getByRole('button', { name: es.reference.send }).click();
    await expectHeading(r.page, es.reference.thanksTitle);
    await expectNoAxeViolations(r.page, 'reference sent');
    await r.context.close();
  });

  it('the board on a 360 px phone in Spanish: columns stacked, nothing sideways', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE, locale: 'es-US' });
    await signIn(page, supervisor.email, supervisor.password);
    await page.goto('/certification');
    await expectHeading(page, es.certification.title);
    await poll(() => page.getByTestId('column-phone-interview').getByTestId('column-count').textContent()).toBe('1');
    await poll(() => page.getByTestId('column-phone-interview').textContent()).toContain('Devon Carter');
    expect(await page.getByTestId('column-written-application').getByRole('heading').first().textContent()).toBe('Solicitud por escrito');
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page, 'pipeline board at 360 px');
    await expectNoAxeViolations(page, 'pipeline board (es, 360 px)');
    await shot(page, 'certification-board-360-es');
    await context.close();
  });

  it('an admin of an organization where 11 peers checked in sees the team averages, never a person (1280 px)', { timeout: 180_000 }, async () => {
    const org = await createOrgWithUser(env.server, { role: 'admin', orgName: 'Wellbeing Eleven', displayName: 'Wren Admin' });
    const { identity, wellbeing } = env.server.server.services;
    for (let i = 0; i < 11; i++) {
      const u = await identity.createUser(systemActor('test', org.orgId), { orgId: org.orgId, email: uniqueEmail('peer'), role: 'peer', password: PASSWORD, displayName: `Pulse Peer ${i}` });
      await wellbeing.checkIn({ kind: 'user', userId: u.id, orgId: org.orgId, role: 'peer', via: 'session', sourceIp: null }, { instrument: 'pulse', answers: { '1': 3 + (i % 2) } });
    }
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: DESK });
    await signIn(page, org.email, org.password);
    await page.goto('/workforce');
    await expectHeading(page, en.workforce.team.title);
    const card = page.locator('#wf-team-wellbeing').locator('xpath=ancestor::section');
    await poll(() => card.textContent()).toContain(en.workforce.team.contributors.replace('{{n}}', '11'));
    const scales = card.getByTestId('team-wellbeing-scales');
    expect(await scales.textContent()).toMatch(/Pulse: \d/);
    expect(await card.textContent()).not.toContain('Pulse Peer');
    await page.waitForLoadState('networkidle');
    await expectNoAxeViolations(page, 'team wellbeing with 11 contributors');
    if (SHOTS) await card.screenshot({ path: `${SHOTS}/workforce-team-wellbeing-11-1280-en.png` });
    await context.close();
  });

  it('an admin sets up a pipeline from a template in Spanish at 1280 px and adds an applicant to it', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: DESK, locale: 'es-US' });
    await signIn(page, admin.email, admin.password);
    await page.goto('/certification');
    await expectHeading(page, es.certification.title);
    const setup = page.locator('#setup-pipeline').locator('xpath=ancestor::section');
    await setup.getByLabel(es.certification.template).selectOption('icrc-pr');
    expect(await setup.getByLabel(es.certification.pipelineName).inputValue()).toBe(es.certification.templates['icrc-pr']);
    await setup.getByLabel(es.certification.pipelineCode).fill('Bad Code');
    await setup.getByRole('button', { name: es.certification.setup, exact: true }).click();
    await poll(() => setup.getByLabel(es.certification.pipelineCode).getAttribute('aria-invalid')).toBe('true');
    await setup.getByLabel(es.certification.pipelineCode).fill('icrc-pr');
    await setup.getByRole('button', { name: es.certification.setup, exact: true }).click();
    // The new pipeline is chosen: its first column is the experience hours.
    await poll(() => page.getByRole('combobox', { name: es.certification.pipeline, exact: true }).locator('option:checked').textContent()).toBe(es.certification.templates['icrc-pr']);
    await page.getByTestId('column-experience').waitFor();
    const add = page.locator('#add-applicant').locator('xpath=ancestor::section');
    await add.getByLabel(es.certification.name).fill('Noa Reyes');
    await add.getByRole('button', { name: es.certification.add, exact: true }).click();
    await poll(() => page.getByTestId('column-experience').getByTestId('column-count').textContent()).toBe('1');
    await page.waitForLoadState('networkidle');
    await expectNoAxeViolations(page, 'pipeline setup (es)');
    await shot(page, 'certification-setup-1280-es');
    await context.close();
  });
});
