import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { systemActor, type UserActor } from '../../src/core/actor.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, newPage, poll, signIn, useServerAndBrowser } from './browser.ts';

/**
 * The workforce registry in the browser (issue 22): an analyst sees the county map with the same
 * figures in a table, small counts as "<11", the shortage areas and representation; a member's
 * admin sees its own figures beside the registry's; the job board opens without an account, in
 * Spanish on a phone. Axe on each view.
 */
const env = useServerAndBrowser();
/** Where the registry's screenshots go, to be looked at (not compared). */
const SHOTS = process.env.PEERBRIDGE_SHOTS ?? join(tmpdir(), 'peerbridge-registry');
mkdirSync(SHOTS, { recursive: true });

/** A panel's "Download CSV" link answers the panel's figures as CSV to the signed-in user (the session cookie goes with it). */
const csvOf = async (page: Page, testId: string) => {
  const link = page.getByTestId(testId);
  await poll(() => link.count()).toBe(1);
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(/format=csv/);
  const res = await page.request.get(href);
  expect(res.status(), href).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^text\/csv/);
  return res.text();
};

const seed = async () => {
  const s = env.server.server.services;
  const reg = await createOrgWithUser(env.server, { role: 'admin', orgName: 'Michigan Peer Workforce Registry' });
  const analyst = await createOrgWithUser(env.server, { role: 'analyst', orgName: 'Unused' });
  const analystUser = await s.identity.createUser(systemActor('test', reg.orgId), { orgId: reg.orgId, email: `x${analyst.email}`, role: 'analyst', password: analyst.password, displayName: 'Ana Analyst' });
  const asAdmin = (orgId: string, userId: string): UserActor => ({ kind: 'user', orgId, userId, role: 'admin', via: 'session', sourceIp: null });
  const registry = await s.registry.create(asAdmin(reg.orgId, reg.userId), { name: 'Michigan Peer Workforce Registry' });
  const member = await createOrgWithUser(env.server, { role: 'admin', orgName: 'Detroit Recovery Center' });
  const joined = await s.registry.join(asAdmin(member.orgId, member.userId), registry.id, { acceptSharedFields: true, organizationName: 'Detroit Recovery Center' });
  const records = (first: number, n: number, county: string) =>
    Array.from({ length: n }, (_, i) => ({ linkage: { credentialNumber: `C-${first + i}`, credentialState: 'MI' }, role: 'peer-specialist', hoursPerWeek: 40, workFips: county, hourlyWage: 17, raceEthnicity: ['White'] }));
  await s.registrySubmit.byToken(joined.submitToken, registry.id, { month: '2026-10', records: [...records(1, 40, '26163'), ...records(100, 4, '26095'), ...records(200, 25, '26081')] });
  await s.registryImports.hpsa(
    systemActor('test'),
    registry.id,
    'BCD_HPSA_FCT_DET_MH.csv',
    Buffer.from('HPSA Name,HPSA ID,Designation Type,HPSA Discipline Class,HPSA Status,State and County Federal Information Processing Standard Code,\nLuce County,1,Geographic HPSA,Mental Health,Designated,26095,\n'),
  );
  // One of the member's peers, with the job facts its admin entered (sent by "build and send").
  const peer = await s.people.createPeer(asAdmin(member.orgId, member.userId), { displayName: 'Dana Whitfield', birthYear: 1988, languages: ['en'], livedExperience: [], specialties: [], raceEthnicity: [], modalities: [], availability: [], timeZone: 'America/Detroit', maxCaseload: 10, acceptingNew: true, certifications: [] });
  await s.registryBuild.setJobProfile(asAdmin(member.orgId, member.userId), peer.id, { role: 'peer-specialist', hoursPerWeek: 40, workFips: '26163', jobStart: '2024-01-01' });
  await s.jobs.post(asAdmin(member.orgId, member.userId), { title: 'Especialista de apoyo de pares', countyFips: '26163', hoursPerWeek: 30, wageMin: 17, wageMax: 20, benefits: true });
  return { analyst: { email: `x${analyst.email}`, password: analyst.password, id: analystUser.id }, member, registryAdmin: reg };
};

describe('workforce registry', () => {
  it('shows the analyst the county map and the same figures in a table, small counts hidden', async () => {
    const { analyst, member, registryAdmin } = await seed();
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, analyst.email, analyst.password);
    await page.goto('/registry');
    await expectHeading(page, 'Workforce registry');
    await poll(() => page.getByTestId('registry-total').textContent()).toBe('69');
    await expect(page.getByRole('img', { name: /Map: Peers by county/ })).toBeDefined();
    const table = page.getByTestId('registry-headcount-table');
    await poll(() => table.locator('tr', { hasText: 'Wayne' }).textContent()).toContain('40');
    // Luce County's 4 peers read "<11"; Kent's 25 are hidden too, or 69 - 40 - 25 would give them away.
    await poll(() => table.locator('tr', { hasText: 'Luce' }).textContent()).toContain('<11');
    await poll(() => table.locator('tr', { hasText: 'Kent' }).textContent()).toContain('not shown');
    await expectNoAxeViolations(page, 'registry workforce');
    // The same count by Census division, regions being data.
    await page.getByLabel('Count by', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Region' }).click();
    await poll(() => table.locator('tr', { hasText: 'East North Central' }).textContent()).toContain('69');
    await expectNoAxeViolations(page, 'registry by region');
    await page.getByRole('tab', { name: 'Shortage areas' }).click();
    await poll(() => page.getByTestId('registry-shortage-table').locator('tr', { hasText: 'Luce' }).textContent()).toContain('shortage area');
    await expectNoAxeViolations(page, 'registry shortage areas');
    // Each panel's figures as CSV, suppressed as on the page: Luce's 4 peers read "<11".
    expect(await csvOf(page, 'registry-csv-shortage')).toMatch(/^county,26095,Luce,yes,1,<11,/m);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(SHOTS, 'registry-shortage-csv-en-1280.png'), fullPage: true });
    await page.getByRole('tab', { name: 'Representation' }).click();
    await poll(() => page.getByTestId('registry-representation-table').locator('tr', { hasText: 'White' }).first().textContent()).toContain('69');
    expect(await csvOf(page, 'registry-csv-representation')).toMatch(/^white,\w+,69,/m);
    await page.getByRole('tab', { name: 'Jobs and careers' }).click();
    expect(await csvOf(page, 'registry-csv-careers')).toMatch(/^peers-working,,69\r$/m);
    await page.getByRole('tab', { name: 'Hiring gap' }).click();
    expect(await csvOf(page, 'registry-csv-gap')).toMatch(/^county_fips,county,wish,participants_waiting,peers_available,in_words\r$/m);
    await expectNoAxeViolations(page, 'registry hiring gap with CSV link');
    await page.getByRole('tab', { name: 'Workforce' }).click();
    expect(await csvOf(page, 'registry-csv-trend')).toMatch(/^headcount,2026-10,2026-10,69,69,\r$/m);
    await page.screenshot({ path: join(SHOTS, 'registry-workforce-csv-en-1280.png'), fullPage: true });
    await context.close();

    // In Spanish: the same links, translated.
    const es = await newPage(env.browser, env.server.baseUrl, { locale: 'es-US', viewport: { width: 1280, height: 800 } });
    await signIn(es.page, analyst.email, analyst.password);
    await es.page.goto('/registry');
    await poll(() => es.page.getByTestId('registry-total').textContent()).toBe('69');
    await poll(() => es.page.getByRole('link', { name: 'Descargar CSV: crecimiento y rotación' }).count()).toBe(1);
    await poll(() => es.page.getByTestId('registry-trend-table').locator('tr', { hasText: '2026-10' }).textContent()).toContain('69');
    await es.page.waitForLoadState('networkidle');
    await es.page.screenshot({ path: join(SHOTS, 'registry-workforce-csv-es-1280.png'), fullPage: true });
    await es.page.getByRole('tab', { name: 'Zonas con escasez' }).click();
    await poll(() => es.page.getByRole('link', { name: 'Descargar CSV: zonas con escasez' }).count()).toBe(1);
    await expectNoAxeViolations(es.page, 'registry shortage areas in Spanish');
    await es.page.screenshot({ path: join(SHOTS, 'registry-shortage-csv-es-1280.png'), fullPage: true });
    await es.context.close();

    // The registry's admin defines its own regions as county lists and counts by them at once.
    const a = await newPage(env.browser, env.server.baseUrl);
    await signIn(a.page, registryAdmin.email, registryAdmin.password);
    await a.page.goto('/registry');
    await a.page.getByLabel('Count by', { exact: true }).first().click();
    await a.page.getByRole('option', { name: 'Region' }).click();
    await a.page.getByLabel('Name of the set').fill('Lower and Upper Peninsula');
    await a.page.getByLabel('Regions, one a line').fill('Michigan peninsulas: 26163, 26081, 26095');
    await a.page.getByRole('button', { name: 'Save regions' }).click();
    await poll(() => a.page.getByTestId('registry-headcount-table').locator('tr', { hasText: 'Michigan peninsulas' }).textContent()).toContain('69');
    await expectNoAxeViolations(a.page, 'registry region editor');
    await a.context.close();

    // The member's admin: its own figures beside the registry's.
    const m = await newPage(env.browser, env.server.baseUrl);
    await signIn(m.page, member.email, member.password);
    await m.page.goto('/registry');
    await poll(() => m.page.getByRole('columnheader', { name: 'Your agency' }).count()).toBe(1);
    // It builds and sends its month from its own peers' job profiles.
    await m.page.getByTestId('registry-build').click();
    await poll(() => m.page.getByTestId('registry-build-result').textContent()).toMatch(/sent: 1 peers, 0 refused/);
    // With the counts its participants and matching give (none yet in this agency).
    await poll(() => m.page.getByTestId('registry-build-aggregates').textContent()).toMatch(/as counts only: 0 participants served that month, 0 wishes no assigned peer met\. Left out: none\./);
    await expectNoAxeViolations(m.page, 'registry member build');
    await m.context.close();
  });

  it("lets a peer choose, on their own profile, to be counted by registries (off by default), in Spanish on a phone", async () => {
    const s = env.server.server.services;
    const org = await createOrgWithUser(env.server, { role: 'peer', orgName: 'Consent Agency' });
    const self: UserActor = { kind: 'user', orgId: org.orgId, userId: org.userId, role: 'peer', via: 'session', sourceIp: null };
    await s.people.createPeer(self, { userId: org.userId, displayName: 'Lucía Ramos', languages: ['es'], livedExperience: [], specialties: [], raceEthnicity: ['Hispanic or Latino'], modalities: [], availability: [], timeZone: 'America/Chicago', maxCaseload: 10, acceptingNew: true, certifications: [] });
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { locale: 'es-US', viewport: { width: 360, height: 740 } });
    await signIn(page, org.email, org.password);
    await page.goto('/peers/me');
    const consent = page.getByRole('switch', { name: /registros de la fuerza laboral/ });
    await poll(() => consent.isChecked()).toBe(false);
    await consent.click({ force: true });
    await poll(() => page.getByText('Su decisión quedó guardada.').count()).toBe(1);
    expect((await s.registryBuild.myConsent(self)).shareDemographics).toBe(true);
    await expectNoHorizontalScroll(page, 'my profile 360');
    await expectNoAxeViolations(page, 'my profile with registry consent');
    await context.close();
  });

  it('opens the job board without an account, in Spanish on a phone', async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { locale: 'es-US', viewport: { width: 360, height: 740 } });
    await page.goto('/jobs');
    await expectHeading(page, 'Empleos de apoyo de pares');
    await poll(() => page.getByText('Especialista de apoyo de pares').count()).toBeGreaterThan(0);
    await poll(() => page.getByText(/Condado de Wayne, Michigan/).count()).toBeGreaterThan(0);
    await expectNoHorizontalScroll(page, 'jobs 360');
    await expectNoAxeViolations(page, 'jobs');
    await context.close();
  });
});
