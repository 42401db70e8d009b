import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/actor.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { expectNoAxeViolations, expectNoHorizontalScroll, newPage, poll, signIn, useServerAndBrowser } from './browser.ts';

/**
 * Issue 20, the same-day safety follow-up in a browser: a participant answers a PHQ-9 by
 * themselves from a link on a 360 px phone in Spanish, item 9 at 1, and sees 988 and 211 at once;
 * the peer finds the follow-up at the top of My day with 988; the supervisor finds it at the top
 * of their home with who must act by when, closes it with what was done, and it is gone.
 */
const env = useServerAndBrowser();
const SHOTS = process.env.PEERBRIDGE_SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};
const PHONE = { width: 360, height: 740 };

describe('safety follow-up from a self-completed PHQ-9', () => {
  it('goes from the participant phone to the peer day and the supervisor home, and is closed there', async () => {
    const peer = await createOrgWithUser(env.server, { role: 'peer', orgName: 'Harbor Peer Center', displayName: 'Rosa Delgado' });
    const { identity, people, assessmentLinks } = env.server.server.services;
    const system = systemActor('test', peer.orgId);
    const supervisorEmail = `sup.${Date.now()}@example.org`;
    await identity.createUser(system, { orgId: peer.orgId, email: supervisorEmail, role: 'supervisor', password: peer.password, displayName: 'Sam Okafor' });
    const profile = await people.createPeer(system, {
      userId: peer.userId, displayName: 'Rosa Delgado', languages: ['en', 'es'], livedExperience: [], specialties: [], raceEthnicity: [],
      modalities: ['in-person'], availability: [], timeZone: 'America/Chicago', maxCaseload: 10, acceptingNew: true, certifications: [],
    });
    const maria = await people.createParticipant(system, { givenName: 'Maria', familyName: 'Lopez', languages: ['es'], raceEthnicity: [], preferences: { livedExperience: [], modalities: ['in-person'], availability: [] } });
    await people.assign(system, maria.id, { peerId: profile.id, consent: { given: true, method: 'verbal' } });
    const peerActor = { kind: 'user' as const, orgId: peer.orgId, userId: peer.userId, role: 'peer' as const, sourceIp: null };
    const link = await assessmentLinks.create(peerActor as never, maria.id, { instrument: 'phq-9', lang: 'es' });

    // The participant, on a phone, without an account; the page opens in Spanish as the peer chose.
    const phone = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await phone.page.goto(`${env.server.baseUrl}${link.url}`);
    await poll(() => phone.page.getByRole('heading', { level: 1 }).textContent()).toMatch(/PHQ-9|salud/i);
    await poll(() => phone.page.getByText(/Pregunta 1 de 9/).count()).toBe(1);
    expect(await phone.page.getByText(/988/).count()).toBeGreaterThan(0); // the frame's footer
    for (let i = 1; i <= 8; i++) await phone.page.getByTestId(`answer-phq9.${i}-${i % 2}`).check();
    expect(await phone.page.getByTestId('crisis-now').count()).toBe(0);
    await phone.page.getByTestId('answer-phq9.9-1').check();
    // At once, before anything is sent: 988 and 211, large.
    await poll(() => phone.page.getByTestId('crisis-now').count()).toBe(1);
    await expect(phone.page.getByRole('link', { name: 'Llamar al 988' }).getAttribute('href')).resolves.toBe('tel:988');
    await expect(phone.page.getByRole('link', { name: /Llamar al 211/ }).getAttribute('href')).resolves.toBe('tel:211');
    await expectNoHorizontalScroll(phone.page, 'self-completion 360');
    await expectNoAxeViolations(phone.page, 'self-completion');
    await shot(phone.page, 'self-es-360-item9');
    await phone.page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
    await poll(() => phone.page.getByRole('heading', { name: 'Gracias' }).count()).toBe(1);
    expect(await phone.page.getByTestId('crisis-now').count()).toBe(1);
    await shot(phone.page, 'self-es-360-sent');
    // The link is spent: opening it again stores and shows nothing of the person.
    await phone.page.goto(`${env.server.baseUrl}${link.url}`);
    await poll(() => phone.page.getByRole('alert').first().textContent()).toMatch(/ya se enviaron/);
    await phone.context.close();

    // The peer: the follow-up at the top of My day, with 988.
    const p = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await signIn(p.page, peer.email, peer.password);
    await p.page.goto('/caseload');
    const card = p.page.getByTestId('safety-card');
    await poll(() => card.count()).toBe(1);
    expect(await card.getByText(/Maria/).count()).toBeGreaterThan(0);
    expect(await card.getByRole('link', { name: /call 988/ }).getAttribute('href')).toBe('tel:988');
    // It comes before the rest of the day.
    const order = await p.page.evaluate(() => {
      const main = document.querySelector('main')!;
      const safety = main.querySelector('[data-testid="safety-card"]')!;
      const caseload = main.querySelector('#day-caseload')!;
      return safety.compareDocumentPosition(caseload) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    await expectNoAxeViolations(p.page, 'my day with a safety follow-up');
    await shot(p.page, 'myday-en-360-safety');
    await p.context.close();

    // The supervisor: at the top of their home, who must act by when; closes it with an action.
    const s = await newPage(env.browser, env.server.baseUrl, { viewport: { width: 1280, height: 800 } });
    await signIn(s.page, supervisorEmail, peer.password);
    const sCard = s.page.getByTestId('safety-card');
    await poll(() => sCard.count()).toBe(1);
    expect(await sCard.getByTestId('safety-due').textContent()).toMatch(/Rosa Delgado must act by end of day, /);
    await expectNoAxeViolations(s.page, 'supervisor home with a safety follow-up');
    await shot(s.page, 'home-supervisor-1280-safety');
    await sCard.getByRole('button', { name: 'Close follow-up' }).click();
    await poll(() => sCard.getByText('Choose what was done.').count()).toBe(1);
    await sCard.getByLabel('What was done').selectOption('called-988-together');
    await sCard.getByLabel('Note (optional)').fill('Called 988 with Maria; she is safe with her sister tonight.');
    await sCard.getByRole('button', { name: 'Close follow-up' }).click();
    await poll(() => s.page.getByTestId('safety-card').count()).toBe(0);
    const closed = await env.server.server.services.outcomes.listFollowups({ kind: 'user', orgId: peer.orgId, userId: peer.userId, role: 'supervisor', sourceIp: null } as never, { status: 'closed' });
    expect(closed.items[0]).toMatchObject({ participantId: maria.id, action: 'called-988-together', status: 'closed' });
    await s.context.close();
  }, 300_000);
});
