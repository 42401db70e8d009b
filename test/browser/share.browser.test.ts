import { describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/core/actor.ts';
import { systemActor } from '../../src/core/actor.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, newPage, poll, signIn } from './browser.ts';

/**
 * Issue 17, referrals, directory and matching as peers and supervisors use them: an empty field
 * reads "Not on file" and only Part 2 withholding says Part 2; the receiver's link is sent by
 * text, email or QR code and the receiver's page says how to reach the peer; "near me" with the
 * phone's location; a match card says what the peer does not meet of the person's wishes.
 */

const env = useServerAndBrowser();
const PHONE = { width: 360, height: 740 };

async function peerOrg(tag: string) {
  const peer = await createOrgWithUser(env.server, { role: 'peer', orgName: `Northside Peer Center ${tag}`, displayName: `Rosa Delgado ${tag}` });
  const { people } = env.server.server.services;
  const system = systemActor('test', peer.orgId);
  const profile = await people.createPeer(system, {
    userId: peer.userId, displayName: `Rosa Delgado ${tag}`, languages: ['en', 'es'], livedExperience: [], specialties: [], raceEthnicity: [],
    modalities: ['in-person'], availability: [], timeZone: 'America/Chicago', maxCaseload: 10, acceptingNew: true, certifications: [],
  });
  const actor: UserActor = { kind: 'user', userId: peer.userId, orgId: peer.orgId, role: 'peer', via: 'session', sourceIp: null };
  return { peer, profile, actor, system };
}

describe('referrals: what is missing, what is withheld, and sending the link', () => {
  it('says "Not on file" for a missing field and the Part 2 wording only where Part 2 withheld it; sends by text, email and QR; the receiver sees how to reach the peer', async () => {
    const { peer, profile, actor, system } = await peerOrg('share');
    const { people, directory, referrals } = env.server.server.services;
    // Maria has a phone on file but no address.
    const maria = await people.createParticipant(system, {
      givenName: 'Maria', familyName: 'Share', contact: { phone: '(312) 555-0100' }, languages: ['es'], raceEthnicity: [],
      preferences: { livedExperience: [], modalities: ['in-person'], availability: [] },
    });
    await people.assign(system, maria.id, { peerId: profile.id, consent: { given: true, method: 'verbal' } });
    const pantry = await directory.createLocalService(system, { name: 'Lakeview Food Pantry', organizationName: 'Lakeview Mutual Aid', categories: ['food'], languages: ['en'], free: true, schedules: [] });
    // The organization's day (its zone, New York by default): the UTC date is already tomorrow
    // there each evening, and a consent cannot be signed tomorrow.
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
    const inNinetyDays = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const r = await referrals.create(actor, {
      participantId: maria.id, serviceId: pantry.serviceId, need: 'food', urgency: 'routine', note: '', referrerContact: 'rosa@northside.example.org',
      shared: {
        items: ['name', 'phone', 'address', 'sud-treatment'], consent: { given: true, method: 'verbal' }, sudTreatment: 'Methadone since 2023.',
        part2Consent: { recipient: 'Lakeview Mutual Aid', purpose: 'Intake', expiresOn: inNinetyDays, method: 'written', signedOn: today },
      },
    });

    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    const check = async (p: typeof page, where: string) => {
      await p.waitForLoadState('networkidle');
      await expectNoAxeViolations(p, where);
      await expectNoHorizontalScroll(p, where);
    };
    await signIn(page, peer.email, peer.password);
    await page.goto(`/referrals/${r.id}`);
    await expectHeading(page, 'Referral to Lakeview Food Pantry');
    const fact = (label: string) => page.locator('dl div', { has: page.locator('dt', { hasText: label }) }).locator('dd');
    await poll(() => fact('Address').textContent()).toBe('Not on file');
    expect(await fact('Phone').textContent()).toBe('(312) 555-0100');
    expect(await page.getByRole('main').textContent()).not.toContain('Part 2 consent is no longer');

    // Send: the link goes out by text, email or QR code, with the message in the receiver's language.
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const link = page.getByTestId('receiver-link');
    await poll(async () => ((await link.textContent()) ?? '').trim()).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
    const url = ((await link.textContent()) ?? '').trim();
    const sms = (await page.getByRole('link', { name: 'Send by text' }).getAttribute('href')) ?? '';
    const mail = (await page.getByRole('link', { name: 'Send by email' }).getAttribute('href')) ?? '';
    expect(sms.startsWith('sms:?&body=')).toBe(true);
    expect(decodeURIComponent(sms.slice('sms:?&body='.length))).toContain(url);
    expect(decodeURIComponent(sms)).toContain('Lakeview Food Pantry');
    expect(decodeURIComponent(sms)).not.toContain('Maria');
    expect(mail.startsWith('mailto:?subject=')).toBe(true);
    expect(decodeURIComponent(mail)).toContain(url);
    await page.getByLabel('Message language').selectOption('es');
    await poll(async () => decodeURIComponent((await page.getByRole('link', { name: 'Send by text' }).getAttribute('href')) ?? '')).toContain('Abra el referido');
    expect(decodeURIComponent((await page.getByRole('link', { name: 'Send by email' }).getAttribute('href')) ?? '')).toContain(url);
    await page.getByRole('button', { name: 'Show a QR code' }).click();
    const qr = page.getByRole('img', { name: "QR code of the receiver's link for Lakeview Food Pantry" });
    await poll(() => qr.count()).toBe(1);
    expect(await qr.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
    expect(await qr.locator('path').count()).toBeGreaterThan(0);
    await check(page, 'referral sent, QR shown (phone)');

    // The receiver's page: how to reach the peer; "Not on file", no Part 2 wording.
    const receiver = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    const rp = receiver.page;
    await rp.goto(new URL(url).pathname);
    await expectHeading(rp, 'Referral received');
    const contact = rp.getByTestId('referrer-contact');
    await poll(() => contact.textContent()).toContain(`Rosa Delgado share`);
    expect(await contact.textContent()).toContain('Northside Peer Center share');
    expect(await contact.getByRole('link', { name: 'rosa@northside.example.org' }).getAttribute('href')).toBe('mailto:rosa@northside.example.org');
    const rfact = (label: string) => rp.locator('dl div', { has: rp.locator('dt', { hasText: label }) }).locator('dd');
    expect(await rfact('Address').textContent()).toBe('Not on file');
    expect(await rfact('Substance use treatment').textContent()).toBe('Methadone since 2023.');
    expect(await rp.getByRole('main').textContent()).not.toContain('withdrew');
    await check(rp, 'receiver page (phone)');

    // The participant withdraws the Part 2 consent: only that item says Part 2.
    await referrals.revokePart2Consent(actor, r.id);
    await rp.reload();
    await expectHeading(rp, 'Referral received');
    await poll(() => rfact('Substance use treatment').textContent()).toBe('Withheld: the participant withdrew the Part 2 consent');
    expect(await rfact('Address').textContent()).toBe('Not on file');
    await check(rp, 'receiver page, Part 2 withdrawn');
    await rp.getByRole('button', { name: 'Español' }).click();
    await expectHeading(rp, /Referido recibido|Referral received/);
    await poll(() => rfact('Dirección').textContent()).toBe('No consta en el expediente');
    expect(await rfact('tratamiento por consumo').textContent()).toBe('Retenido: el participante retiró el consentimiento de la Parte 2');
    await check(rp, 'receiver page in Spanish');
    await page.reload();
    await expectHeading(page, 'Referral to Lakeview Food Pantry');
    await poll(() => fact('Substance use treatment').textContent()).toBe('Withheld: the participant withdrew the Part 2 consent');
    expect(await fact('Address').textContent()).toBe('Not on file');
    await receiver.context.close();
    await context.close();
  }, 300_000);
});

describe('directory: near me', () => {
  it('asks for the location only on a tap, explains it, searches around it, and answers a refusal', async () => {
    const { peer, system } = await peerOrg('near');
    const { directory } = env.server.server.services;
    await directory.createLocalService(system, { name: 'Near Me Pantry', organizationName: 'Lakeview Mutual Aid', categories: ['food'], languages: ['en'], free: true, schedules: [], lat: 41.9401, lon: -87.6545 });
    await directory.createLocalService(system, { name: 'Far Away Pantry', organizationName: 'Downstate Aid', categories: ['food'], languages: ['en'], free: true, schedules: [], lat: 39.7817, lon: -89.6501 });

    // Granted: the phone is in Lakeview.
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 41.94, longitude: -87.65 });
    await signIn(page, peer.email, peer.password);
    await page.goto('/directory');
    await expectHeading(page, 'Directory');
    await page.getByLabel('Distance from').selectOption('me');
    await poll(() => page.getByText('It is used for this search only').count()).toBe(1);
    await page.getByLabel('Within (miles)').fill('3');
    await page.getByRole('button', { name: 'Use my location' }).click();
    await poll(() => page.getByRole('status').first().textContent()).toContain('within 3 miles of your location');
    const names = async () => page.getByRole('list', { name: 'Search results' }).getByRole('link').allTextContents();
    await poll(names).toContain('Near Me Pantry');
    expect(await names()).not.toContain('Far Away Pantry');
    expect(new URL(page.url()).searchParams.get('lat')).toBe('41.94');
    await page.waitForLoadState('networkidle');
    await expectNoAxeViolations(page, 'near me');
    await expectNoHorizontalScroll(page, 'near me');
    await context.close();

    // Refused: said plainly, with the other ways to search.
    const denied = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await denied.context.clearPermissions();
    await signIn(denied.page, peer.email, peer.password);
    await denied.page.goto('/directory?near=me');
    await expectHeading(denied.page, 'Directory');
    await denied.page.getByLabel('Distance from').selectOption('me');
    await denied.page.getByRole('button', { name: 'Use my location' }).click();
    await poll(() => denied.page.getByTestId('near-me-problem').textContent()).toContain('Location not shared');
    await expectNoAxeViolations(denied.page, 'near me refused');
    await denied.context.close();
  }, 300_000);
});

describe('matching: what a peer does not meet', () => {
  it('a match card lists the unmet wishes, in English and Spanish', async () => {
    const sup = await createOrgWithUser(env.server, { role: 'supervisor', orgName: 'Unmet Agency' });
    const { people } = env.server.server.services;
    const system = systemActor('test', sup.orgId);
    await people.createPeer(system, {
      displayName: 'Ben Cole', languages: ['en'], livedExperience: [], specialties: [], raceEthnicity: [], genderIdentity: 'man',
      modalities: ['phone'], availability: [], timeZone: 'America/Chicago', maxCaseload: 10, acceptingNew: true, certifications: [],
    });
    const p = await people.createParticipant(system, {
      givenName: 'Lina', familyName: 'Park', languages: ['en'], raceEthnicity: [],
      preferences: { livedExperience: [], modalities: ['phone'], availability: [], peerGender: { value: 'woman', importance: 'preferred' } },
    });
    for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
      const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport });
      await signIn(page, sup.email, sup.password);
      await page.goto(`/participants/${p.id}/matches`);
      const card = page.getByTestId('match-unmet').first();
      await poll(() => card.textContent()).toContain('Not a woman, which this person asked for');
      expect(await card.textContent()).toContain('Does not meet');
      await page.waitForLoadState('networkidle');
      await expectNoAxeViolations(page, `match card ${viewport.width}`);
      // The language as the switcher keeps it (on a phone the switcher is in the menu).
      await page.evaluate(() => localStorage.setItem('peerbridge.language', 'es'));
      await page.reload();
      await poll(() => page.getByTestId('match-unmet').first().textContent()).toContain('No se identifica como woman, que esta persona pidió');
      expect(await page.getByTestId('match-unmet').first().textContent()).toContain('No cumple');
      await expectNoAxeViolations(page, `match card in Spanish ${viewport.width}`);
      await context.close();
    }
  }, 300_000);
});
