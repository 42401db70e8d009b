import { describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../src/core/actor.ts';
import { planInput } from '../../src/modules/caseload/caseload.schemas.ts';
import { participantInput, peerInput } from '../../src/modules/people/people.schemas.ts';
import { PASSWORD, uniqueEmail } from '../harness/app.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { expectHeading, expectNoAxeViolations, newPage, poll, signIn, useServerAndBrowser } from './browser.ts';

/**
 * Without signal (issue 17): the service worker serves the app shell, so a peer who reloads with
 * no connection gets the app, the note they were typing and a bilingual banner saying it is kept
 * on the phone; back online the banner goes and the note reaches the server. Signing out leaves
 * nothing of the peer on a shared phone.
 */
const env = useServerAndBrowser();
const BANNER_EN = 'Offline: your notes are kept on this phone and sent when you are back.';
const BANNER_ES = 'Sin conexión: sus notas se guardan en este teléfono y se envían cuando vuelva la conexión.';

describe('offline', () => {
  it('reloads without signal into the app with the draft and the banner, and sends the draft when back', { timeout: 300_000 }, async () => {
    const sup = await createOrgWithUser(env.server, { role: 'supervisor', orgName: 'Hillside Peer Center' });
    const { identity, people, caseload } = env.server.server.services;
    const sys = systemActor('test', sup.orgId);
    const email = uniqueEmail('peer');
    const user = await identity.createUser(sys, { orgId: sup.orgId, email, role: 'peer', password: PASSWORD, displayName: 'Rosa Delgado' });
    const peer = await people.createPeer(sys, peerInput.parse({ displayName: 'Rosa Delgado', userId: user.id }));
    const ana = await people.createParticipant(sys, participantInput.parse({ givenName: 'Ana', familyName: 'Reyes', birthDate: '1985-04-02' }));
    await people.assign(sys, ana.id, { peerId: peer.id, consent: { given: true, method: 'verbal' } });
    await caseload.putPlan(sys, ana.id, planInput.parse({ goals: [{ text: 'A home of my own', lifeArea: 'housing' }], strengths: [] }));

    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: { width: 360, height: 740 } });
    await signIn(page, email, PASSWORD);
    // The worker has precached the shell and every built file and controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    expect(await page.getByTestId('offline-banner').count()).toBe(0);

    await page.goto(`/caseload/log?participantId=${ana.id}`);
    await expectHeading(page, 'Log a session');
    await poll(() => page.getByLabel(/^Person/).inputValue()).toBe(ana.id);

    // The signal drops at the participant's door; the peer types the note.
    await context.setOffline(true);
    await poll(() => page.getByTestId('offline-banner').textContent()).toBe(BANNER_EN);
    const text = 'Ana showed me the lease she found; we practised what to ask the landlord.';
    await page.getByLabel(/^What happened/).fill(text);
    await poll(() => page.getByTestId('save-status').textContent()).toContain('Not saved to the server yet');

    // A reload without signal: the app, not the browser's offline page.
    await page.reload();
    await expectHeading(page, 'Log a session');
    await poll(() => page.getByTestId('offline-banner').textContent()).toBe(BANNER_EN);
    await poll(() => page.getByLabel(/^What happened/).inputValue()).toBe(text);
    await expectNoAxeViolations(page, 'log a session, offline after a reload');
    // Both languages work offline (the other language's texts were precached too).
    await page.getByRole('button', { name: 'Open the menu' }).click();
    await page.getByRole('button', { name: 'Español' }).click();
    await poll(() => page.getByTestId('offline-banner').textContent()).toBe(BANNER_ES);
    await page.getByRole('button', { name: 'English' }).click();
    await poll(() => page.getByTestId('offline-banner').textContent()).toBe(BANNER_EN);
    await page.keyboard.press('Escape');

    // Back online: the banner goes and the note reaches the server.
    await context.setOffline(false);
    await poll(() => page.getByTestId('offline-banner').count()).toBe(0);
    await page.waitForURL((url) => /^\/caseload\/encounters\/[0-9a-f-]{36}$/.test(url.pathname), { timeout: 20_000 });
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect((await caseload.getEncounter(sys, id, 'en')).narrative).toBe(text);

    // Signing out on a shared phone leaves neither the peer's account nor a draft of theirs.
    await page.evaluate((uid) => localStorage.setItem(`peerbridge.draft.${uid}.new`, '{"userId":"x"}'), user.id);
    await page.getByRole('button', { name: /Rosa Delgado/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('peerbridge.draft.') || k === 'peerbridge.lastUser'));
    expect(kept).toEqual([]);
    await context.close();
  });

  it('reopens a draft the server already has when the page is reloaded without signal', { timeout: 240_000 }, async () => {
    const sup = await createOrgWithUser(env.server, { role: 'supervisor', orgName: 'Riverside Peer Center' });
    const { identity, people, caseload } = env.server.server.services;
    const sys = systemActor('test', sup.orgId);
    const email = uniqueEmail('peer');
    const user = await identity.createUser(sys, { orgId: sup.orgId, email, role: 'peer', password: PASSWORD, displayName: 'Luz Ortega' });
    const peer = await people.createPeer(sys, peerInput.parse({ displayName: 'Luz Ortega', userId: user.id }));
    const ben = await people.createParticipant(sys, participantInput.parse({ givenName: 'Ben', familyName: 'Ward', birthDate: '1979-09-14' }));
    await people.assign(sys, ben.id, { peerId: peer.id, consent: { given: true, method: 'verbal' } });
    const actor: Actor = { kind: 'user', userId: user.id, orgId: sup.orgId, role: 'peer', via: 'session', sourceIp: null };
    const text = 'Ben walked me through his budget; we found the bus pass he had forgotten.';
    const draft = await caseload.createEncounter(
      actor,
      { participantId: ben.id, type: 'individual', modality: 'in-person', startedAt: new Date(Date.now() - 3_600_000).toISOString(), durationMinutes: 40, placeOfService: '11', activities: ['skill-building'], goalIds: [], narrative: text, nextSteps: '' },
      'en',
    );

    // The peer opens the draft (saved on the server: nothing of it waits on this phone).
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: { width: 360, height: 740 } });
    await signIn(page, email, PASSWORD);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await page.goto(`/caseload/encounters/${draft.id}`);
    await poll(() => page.getByLabel(/^What happened/).inputValue()).toBe(text);

    // No signal, a reload: the draft as last saved, editable, not "could not be loaded".
    await context.setOffline(true);
    await page.reload();
    await poll(() => page.getByTestId('offline-banner').textContent()).toBe(BANNER_EN);
    await poll(() => page.getByLabel(/^What happened/).inputValue(), 20_000).toBe(text);
    const more = `${text} He will call the transit office on Monday.`;
    await page.getByLabel(/^What happened/).fill(more);
    await poll(() => page.getByTestId('save-status').textContent()).toContain('Not saved to the server yet');

    // Back online, what was typed offline reaches the server.
    await context.setOffline(false);
    await poll(async () => (await caseload.getEncounter(sys, draft.id, 'en')).narrative, 20_000).toBe(more);

    // Signing out removes the kept copy with the rest.
    await page.getByRole('button', { name: /Luz Ortega/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('peerbridge.draft.')))).toEqual([]);
    await context.close();
  });
});
