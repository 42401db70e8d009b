import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type UserActor } from '../../src/core/actor.ts';
import { peerInput } from '../../src/modules/people/people.schemas.ts';
import en from '../../web/src/app/i18n/en.json' with { type: 'json' };
import es from '../../web/src/app/i18n/es.json' with { type: 'json' };
import { PASSWORD, uniqueEmail } from '../harness/app.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, newPage, poll, signIn, useServerAndBrowser } from './browser.ts';

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
      await page.waitForLoadState('networkidle');
      await expectNoAxeViolations(page, `team workforce (${lang})`);
      await shot(page, `workforce-team-1280-${lang}`);
      await context.close();
    });
  }

  it('a supervisor runs the pipeline board at 1280 px: counts by step, an applicant, a reference link', { timeout: 240_000 }, async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: DESK });
    await signIn(page, supervisor.email, supervisor.password);
    await page.goto('/certification');
    await expectHeading(page, en.certification.title);
    // Counts by step: María at the application, Devon and Kim at the references.
    await poll(() => page.getByTestId('column-written-application').getByRole('heading').first().textContent()).toBe('Written application');
    expect(await page.getByTestId('column-written-application').getByTestId('column-count').textContent()).toBe('1');
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
});
