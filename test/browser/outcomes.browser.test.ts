import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/actor.ts';
import { participantInput, peerInput } from '../../src/modules/people/people.schemas.ts';
import { PASSWORD, uniqueEmail } from '../harness/app.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, expectHeading, expectNoAxeViolations, expectOnScreen, expectNoHorizontalScroll, newPage, poll, signIn } from './browser.ts';

/**
 * Outcomes in the browser (issue 20): a supervisor's home shows the director's dashboard as
 * charts with their numbers beside them; a peer gives a PHQ-9 on a 360 px phone with one tap per
 * item and sees the score, the band and 988 at once for item 9; the reports page downloads CSV,
 * and an analyst sees small counts as "<11". Axe on each new page.
 */
const env = useServerAndBrowser();
const PHONE = { width: 360, height: 740 };

let supervisor: { email: string; password: string };
let analyst: { email: string; password: string };
let peer: { email: string; password: string };
let rosaPerson = '';

const barc = (v: number) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`barc10.${i + 1}`, v]));
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

beforeAll(async () => {
  const sup = await createOrgWithUser(env.server, { role: 'supervisor', orgName: 'Outcomes Browser Agency', displayName: 'Sam Supervisor' });
  supervisor = sup;
  const { identity, people, caseload, outcomes } = env.server.server.services;
  const sys = systemActor('test', sup.orgId);
  const analystEmail = uniqueEmail('analyst');
  await identity.createUser(sys, { orgId: sup.orgId, email: analystEmail, role: 'analyst', password: PASSWORD, displayName: 'Ana Analyst' });
  analyst = { email: analystEmail, password: PASSWORD };
  const peerEmail = uniqueEmail('peer');
  const user = await identity.createUser(sys, { orgId: sup.orgId, email: peerEmail, role: 'peer', password: PASSWORD, displayName: 'Rosa Delgado' });
  peer = { email: peerEmail, password: PASSWORD };
  const rosa = await people.createPeer(sys, peerInput.parse({ displayName: 'Rosa Delgado', userId: user.id, maxCaseload: 20 }));
  const james = await people.createPeer(sys, peerInput.parse({ displayName: 'James Bear', maxCaseload: 20 }));
  // Rosa: 12 people, each with a signed session and two BARC-10s; James: 3 people (a small cell).
  for (let i = 0; i < 15; i++) {
    const mine = i < 12;
    const p = await people.createParticipant(sys, participantInput.parse({ givenName: `Person${i}`, familyName: 'Example', birthDate: '1985-04-02' }));
    if (i === 0) rosaPerson = p.id;
    const peerId = mine ? rosa.id : james.id;
    await people.assign(sys, p.id, { peerId, consent: { given: true, method: 'verbal' } });
    const e = await caseload.createEncounter(
      sys,
      { participantId: p.id, peerId, type: 'individual', modality: 'in-person', startedAt: daysAgo(1), durationMinutes: 60, placeOfService: '11', program: 'mental-health', activities: ['shared-lived-experience'], goalIds: [], narrative: 'Talked about the week.', nextSteps: 'Meet next week.' },
      'en',
    );
    await caseload.signEncounter(sys, e.id, 'en');
    if (mine) {
      await outcomes.recordAssessment(sys, p.id, { instrument: 'barc-10', answers: barc(3), administeredAt: daysAgo(3), mode: 'peer-administered' });
      await outcomes.recordAssessment(sys, p.id, { instrument: 'barc-10', answers: barc(5), administeredAt: daysAgo(1), mode: 'phone' });
    }
  }
  // 15 people with signed sessions and measures: generous on a busy CI machine.
}, 600_000);

describe('outcomes in the browser', () => {
  it("a supervisor's home shows the dashboard's charts with the numbers beside them", { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, supervisor.email, supervisor.password);
    const dashboard = page.getByTestId('director-dashboard');
    await dashboard.waitFor();
    // The headline numbers: 15 people served, 15 one-hour sessions.
    await poll(() => page.getByTestId('stat-served-period').textContent()).toContain('15');
    expect(await page.getByTestId('stat-sessions').textContent()).toContain('15');
    expect(await page.getByTestId('stat-hours').textContent()).toContain('15');
    // Charts are drawn (recharts' svg, hidden from screen readers) and their figures are a table.
    await page.locator('[data-chart="chart-outcomes"] svg.recharts-surface').first().waitFor();
    expect(await page.locator('[data-chart="chart-outcomes"]').getAttribute('aria-hidden')).toBe('true');
    const outcomes = page.locator('table[data-figures="chart-outcomes"]');
    // BARC-10: 12 people from 30 to 50.
    await poll(() => outcomes.textContent()).toMatch(/BARC-10.*30.*50/);
    const byPeer = await page.locator('table[data-figures="chart-sessions-by-peer"]').textContent();
    // Rosa's 12 sessions show; James's 3 people are a small cell, so neither peer's figures can be derived.
    expect(byPeer).toContain('Rosa Delgado');
    expect(byPeer).toContain('not shown');
    expect(await page.locator('table[data-figures="chart-caseloads"]').textContent()).toMatch(/Rosa Delgado\s*12\s*20/);
    await expectNoAxeViolations(page, 'home with the dashboard');
    await context.close();
  });

  it('a peer gives a PHQ-9 on a phone: one tap per item, 988 at once for item 9, then the score and band', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await page.goto('/sign-in');
    await page.getByLabel(/^Email/).fill(peer.email);
    await page.getByLabel(/^Password/).fill(peer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/caseload');
    await page.goto(`/participants/${rosaPerson}`);
    await page.getByRole('link', { name: 'Give a measure' }).click();
    await expectHeading(page, /^Measure with Person0/);
    const items = page.locator('[data-item]');
    await poll(() => items.count()).toBe(9);
    // Each answer is a large target on a 360 px screen.
    const box = await items.nth(0).getByRole('radio', { name: 'Several days' }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    for (let i = 0; i < 8; i++) await items.nth(i).getByRole('radio', { name: i < 4 ? 'More than half the days' : 'Several days' }).click();
    expect(await page.getByTestId('crisis-988').count()).toBe(0);
    await items.nth(8).getByRole('radio', { name: 'Several days' }).click();
    // 988 shows as soon as item 9 is answered, before saving.
    await page.getByTestId('crisis-988').waitFor();
    expect(await page.getByTestId('crisis-988').getByRole('link', { name: 'Call 988' }).getAttribute('href')).toBe('tel:988');
    await expectNoHorizontalScroll(page, 'PHQ-9 entry at 360 px');
    await expectNoAxeViolations(page, 'PHQ-9 entry');
    await page.getByRole('button', { name: 'Save and score' }).click();
    // 4 x 2 + 4 x 1 + 1 = 13: moderate.
    await poll(() => page.getByTestId('assessment-score').textContent()).toBe('Score 13 · Moderate');
    expect(await page.getByTestId('crisis-988').textContent()).toContain('A same-day safety follow-up was created');
    expect(await page.getByTestId('assessment-result').textContent()).toContain('Thoughts of being better off dead or of self-harm');
    await expectNoAxeViolations(page, 'PHQ-9 result');
    // Back on the record: the scores over time, the latest first in words.
    await page.getByRole('link', { name: 'Back to the record' }).click();
    await page.getByTestId('scores-barc-10').waitFor();
    expect(await page.getByTestId('scores-barc-10-change').textContent()).toBe('20 points better than the first time (from 30 to 50).');
    await page.getByTestId('scores-phq-9').waitFor();
    // On the phone: the cut-off's words whole in their badge, and each score's date, score and
    // range readable (three columns once ran "Score" into "Range").
    const barc = page.getByTestId('scores-barc-10');
    await expectOnScreen(page, barc.getByText('47 or more predicts sustained remission'), 'BARC-10 cut-off badge at 360 px');
    await expectOnScreen(page, barc.locator('tbody td'), 'BARC-10 scores at 360 px');
    await expectNoHorizontalScroll(page, 'participant with measures at 360 px');
    await expectNoAxeViolations(page, 'participant with measures');
    await context.close();
  });

  it('the reports page downloads CSV; an analyst sees small counts hidden', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, supervisor.email, supervisor.password);
    await page.goto('/outcomes?by=peer');
    await expectHeading(page, 'Outcomes');
    await page.getByTestId('program-report').waitFor();
    expect(await page.getByTestId('report-suppression').textContent()).toContain('peerbridge-P1-P11');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^program-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('Outcomes Browser Agency');
    expect(csv).toMatch(/suppression k=11/);
    expect(csv).toMatch(/\r\nTotal,15,/);
    await expectNoAxeViolations(page, 'outcomes report');
    await context.close();

    const a = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await signIn(a.page, analyst.email, analyst.password);
    await a.page.goto('/outcomes?by=peer');
    await a.page.getByTestId('program-report').waitFor();
    const groups = a.page.getByTestId('report-groups');
    await poll(() => groups.textContent()).toContain('James Bear');
    const james = groups.locator('tr', { hasText: 'James Bear' });
    // 3 people: "<11", never the number.
    expect(await james.locator('th + td').textContent()).toBe('not shown (<11)');
    expect(await james.textContent()).not.toMatch(/\b3\b/);
    // Each group a block on the phone: every figure on the screen, not in a table scrolled sideways.
    await expectOnScreen(a.page, groups.locator('tbody td'), 'outcomes report groups at 360 px');
    await expectNoAxeViolations(a.page, 'outcomes report for an analyst at 360 px');
    await a.context.close();
  });
});
