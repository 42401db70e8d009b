import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/actor.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, expectOnScreen, newPage, poll, signIn } from './browser.ts';

/**
 * Issue 5, the closed loop in a browser: a peer searches the directory, opens a service and its
 * resource card, refers a participant sharing two items with consent, and sends it; the receiving
 * organization opens the link without signing in (988 and 211 on the page) and accepts; the peer
 * sees "Accepted". Axe runs on every page; the journey runs again on a 360 px phone.
 */

const env = useServerAndBrowser();

/** A peer profile for `userId` and one participant assigned to it, with consent; the participant. */
async function peerWithParticipant(orgId: string, userId: string, displayName: string, [givenName, familyName]: [string, string]) {
  const { people } = env.server.server.services;
  const system = systemActor('test', orgId);
  const profile = await people.createPeer(system, {
    userId, displayName, languages: ['en'], livedExperience: [], specialties: [], raceEthnicity: [],
    modalities: ['in-person'], availability: [], timeZone: 'America/Chicago', maxCaseload: 10, acceptingNew: true, certifications: [],
  });
  const p = await people.createParticipant(system, { givenName, familyName, languages: ['en'], raceEthnicity: [], preferences: { livedExperience: [], modalities: ['in-person'], availability: [] } });
  await people.assign(system, p.id, { peerId: profile.id, consent: { given: true, method: 'verbal' } });
  return p;
}

async function journey(viewport: { width: number; height: number } | undefined, tag: string) {
  const peer = await createOrgWithUser(env.server, { role: 'peer', orgName: `Riverside Peer Center ${tag}`, displayName: 'Rosa Delgado' });
  const { people, directory } = env.server.server.services;
  const system = systemActor('test', peer.orgId);
  const profile = await people.createPeer(system, {
    userId: peer.userId,
    displayName: `Rosa Delgado ${tag}`,
    languages: ['en', 'es'],
    livedExperience: [],
    specialties: [],
    raceEthnicity: [],
    modalities: ['in-person'],
    availability: [],
    timeZone: 'America/Chicago',
    maxCaseload: 10,
    acceptingNew: true,
    certifications: [],
  });
  const maria = await people.createParticipant(system, {
    givenName: 'Maria',
    familyName: `Lopez ${tag}`,
    birthDate: '1990-05-06',
    contact: { phone: '(312) 555-0100' },
    languages: ['es'],
    raceEthnicity: [],
    preferences: { livedExperience: [], modalities: ['in-person'], availability: [] },
  });
  await people.assign(system, maria.id, { peerId: profile.id, consent: { given: true, method: 'verbal' } });
  const pantryName = `Westside Food Pantry ${tag}`;
  await directory.createLocalService(system, {
    name: pantryName,
    organizationName: 'Ashland Mutual Aid',
    description: 'Groceries once a week; no ID needed.',
    categories: ['food'],
    phone: '(312) 555-0141',
    address: '1410 W Lake St, Chicago, IL 60607',
    languages: ['en', 'es'],
    eligibility: 'Anyone; one visit per household per week.',
    free: true,
    schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '00:00' }],
  });

  const { context, page } = await newPage(env.browser, env.server.baseUrl, viewport ? { viewport } : {});
  const check = async (p: Page, where: string) => {
    await p.waitForLoadState('networkidle');
    await expectNoAxeViolations(p, `${where} (${tag})`);
    if (viewport) await expectNoHorizontalScroll(p, `${where} (${tag})`);
  };
  await signIn(page, peer.email, peer.password);

  // Directory search with filters.
  await page.goto('/directory');
  await expectHeading(page, 'Directory');
  await check(page, 'directory');
  await page.getByLabel('What do you need?').fill(`pantry ${tag}`);
  await page.getByLabel('Category').selectOption('food');
  await page.getByRole('checkbox', { name: 'Free only' }).check();
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const result = page.getByRole('link', { name: pantryName, exact: true });
  await poll(() => result.count()).toBe(1);
  await check(page, 'directory results');

  // The service and its resource card; refer from the card.
  await result.click();
  await expectHeading(page, pantryName);
  await poll(() => page.getByRole('region', { name: 'Resource card' }).textContent()).toContain('988');
  const card = (await page.getByRole('region', { name: 'Resource card' }).textContent()) ?? '';
  expect(card).toContain('Hours: Every day, open 24 hours');
  expect(card).toContain('Languages: English, Spanish');
  await check(page, 'service');
  // The card goes to the participant in their language, the page stays in the peer's.
  await page.getByLabel('Language of the card').selectOption('es');
  const cardEs = page.getByRole('region', { name: 'Tarjeta de recurso' });
  await poll(() => cardEs.textContent()).toContain('Horario: Todos los días, abierto las 24 horas');
  expect(await cardEs.getAttribute('lang')).toBe('es');
  expect(await cardEs.textContent()).toContain('Idiomas: inglés, español');
  expect(await cardEs.textContent()).toContain('Llame o envíe un texto al 988');
  await expectHeading(page, pantryName);
  await check(page, 'service, card in Spanish');
  await page.getByRole('link', { name: 'Refer', exact: true }).click();
  await expectHeading(page, 'New referral');
  await check(page, 'new referral');

  // Nothing is shared without the participant's agreement.
  await page.getByLabel(/^Participant/).selectOption(maria.id);
  // A pantry meets a need for food: the need is preselected from the service's category.
  await poll(() => page.getByLabel('Need', { exact: true }).inputValue()).toBe('food');
  await page.getByLabel('Note', { exact: true }).fill('Prefers afternoons.');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await poll(() => page.getByRole('checkbox', { name: 'The participant agrees to share the checked items' }).getAttribute('aria-invalid')).toBe('true');
  await check(page, 'new referral with errors');
  await page.getByRole('checkbox', { name: 'The participant agrees to share the checked items' }).check();
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await expectHeading(page, `Referral to ${pantryName}`);
  const referralId = new URL(page.url()).pathname.split('/')[2]!;
  await poll(() => page.getByTestId('referral-status').textContent()).toBe('Draft');
  await check(page, 'referral draft');

  // Send: the receiver's link is shown once.
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await poll(() => page.getByTestId('referral-status').textContent()).toBe('Sent');
  const link = ((await page.getByTestId('receiver-link').textContent()) ?? '').trim();
  expect(link).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
  await check(page, 'referral sent');

  // The receiver opens the link in another browser, without signing in.
  const receiver = await newPage(env.browser, env.server.baseUrl, viewport ? { viewport } : {});
  const rp = receiver.page;
  await rp.goto(new URL(link).pathname);
  await expectHeading(rp, 'Referral received');
  await poll(() => rp.getByTestId('link-status').textContent()).toBe('Received');
  const main = (await rp.getByRole('main').textContent()) ?? '';
  expect(main).toContain(`Maria Lopez ${tag}`);
  expect(main).toContain('(312) 555-0100');
  expect(main).not.toContain('1990'); // the birth date was not shared
  expect(main).not.toContain('Prefers afternoons'); // nor the note
  expect(await rp.locator('footer a[href="tel:988"]').count()).toBe(1);
  expect(await rp.locator('footer a[href="tel:211"]').count()).toBe(1);
  await check(rp, 'receiver link page');
  await rp.getByRole('button', { name: 'Accept', exact: true }).click();
  await poll(() => rp.getByTestId('link-status').textContent()).toBe('Accepted');
  await check(rp, 'receiver after accepting');
  await receiver.context.close();

  // The peer sees the answer.
  await page.reload();
  await expectHeading(page, `Referral to ${pantryName}`);
  await poll(() => page.getByTestId('referral-status').textContent()).toBe('Accepted');
  await poll(() => page.getByRole('region', { name: 'Timeline' }).textContent()).toContain('the receiving organization (link)');
  await check(page, 'referral accepted');
  await page.goto('/referrals');
  await expectHeading(page, 'Referrals');
  await poll(() => page.locator(`tr[data-referral-id="${referralId}"]`).textContent()).toContain('Accepted');
  // Its status and follow-up date are on the screen, on a phone too (each row a block there).
  await expectOnScreen(page, page.locator(`tr[data-referral-id="${referralId}"] td`), `referral list (${tag})`);
  await check(page, 'referral list');

  // My day lists the peer's referral follow-ups, the earliest due first, each with its date: an
  // emergent referral sent now (due tomorrow) comes before the accepted one (due in two weeks).
  const { referrals } = env.server.server.services;
  const accepted = await referrals.get(system, referralId);
  const emergent = await referrals.create(system, {
    participantId: maria.id,
    serviceId: accepted.service.id,
    need: 'housing',
    urgency: 'emergent',
    note: '',
    shared: { items: ['name'], consent: { given: true, method: 'verbal' } },
  });
  await referrals.move(system, emergent.id, { status: 'sent' });
  await page.goto('/caseload');
  await expectHeading(page, 'My day');
  const followUps = page.getByRole('region', { name: 'Referral follow-ups' });
  await poll(() => followUps.getByRole('link').count()).toBe(2);
  expect(await followUps.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([`/referrals/${emergent.id}`, `/referrals/${referralId}`]);
  for (const item of await followUps.getByRole('listitem').allTextContents()) expect(item).toMatch(new RegExp(`^Maria Lopez ${tag} · ${pantryName} due `));
  await check(page, 'my day with referral follow-ups');

  // Once the loop is closed the list says when and how it went, not a follow-up date left over.
  await referrals.move(system, referralId, { status: 'completed' });
  await referrals.recordOutcome(system, referralId, { outcome: 'need-met', note: '' });
  await page.goto('/referrals');
  await expectHeading(page, 'Referrals');
  await poll(() => page.locator(`tr[data-referral-id="${referralId}"]`).textContent()).toMatch(/Closed \w+ \d{1,2}, \d{4} · Need met/);
  await context.close();
}

describe('referrals: the closed loop in the browser', () => {
  it('a peer finds a service, refers and sends; the receiver accepts from the link; the peer sees it', async () => {
    await journey(undefined, 'wide');
  }, 360_000);

  it('works the same on a 360 px phone', async () => {
    await journey({ width: 360, height: 740 }, 'phone');
  }, 360_000);

  it('a peer respite publishes its beds from the link page; a supervisor reads the referral report', async () => {
    const sup = await createOrgWithUser(env.server, { role: 'supervisor', orgName: 'Report Peer Center', displayName: 'Sam Supervisor' });
    const { directory, referrals, identity } = env.server.server.services;
    const system = systemActor('test', sup.orgId);
    const peerUser = await identity.createUser(system, { orgId: sup.orgId, email: `peer-${Date.now()}@example.org`, role: 'peer', password: sup.password, displayName: 'Rosa Report' });
    const p = await peerWithParticipant(sup.orgId, peerUser.id, 'Rosa Report', ['Ana', 'Report']);
    const respite = await directory.createLocalService(system, { name: 'Second Story Peer Respite', categories: ['peer-respite'], languages: ['en'], free: true, schedules: [] });
    const actor = { kind: 'user' as const, userId: peerUser.id, orgId: sup.orgId, role: 'peer' as const, via: 'session' as const, sourceIp: null };
    const r = await referrals.create(actor, { participantId: p.id, serviceId: respite.serviceId, need: 'health', urgency: 'urgent', note: '', shared: { items: ['name'], consent: { given: true, method: 'verbal' } } });
    const sent = await referrals.move(actor, r.id, { status: 'sent' });
    const link = sent.receiverLink!;

    // The respite opens its link and publishes its beds.
    const receiver = await newPage(env.browser, env.server.baseUrl);
    const rp = receiver.page;
    await rp.goto(link);
    await expectHeading(rp, 'Referral received');
    await poll(() => rp.getByTestId('link-beds-current').textContent()).toBe('No number published yet.');
    await rp.getByLabel('Free beds now').fill('2');
    await rp.getByLabel('Beds in all (optional)').fill('6');
    await rp.getByRole('button', { name: 'Publish beds' }).click();
    await poll(() => rp.getByRole('status').textContent()).toContain('Beds published.');
    await poll(() => rp.getByTestId('link-beds-current').textContent()).toContain('2 of 6 free');
    await rp.waitForLoadState('networkidle');
    await expectNoAxeViolations(rp, 'receiver link page with beds');
    await rp.getByRole('button', { name: 'Accept', exact: true }).click();
    await poll(() => rp.getByTestId('link-status').textContent()).toBe('Accepted');
    await receiver.context.close();
    expect((await directory.getService(actor, respite.serviceId)).beds).toMatchObject({ available: 2, total: 6 });

    // The supervisor's report counts it, by need, service and organization.
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, sup.email, sup.password);
    await page.goto('/referrals/reports');
    await expectHeading(page, 'Referral report');
    // The menu marks one page as current: this one, not also "Referrals" above it.
    const navigation = page.getByRole('navigation').first();
    await poll(() => navigation.locator('[aria-current="page"]').allTextContents()).toEqual(['Referral report']);
    await poll(() => page.getByTestId('report-total').textContent()).toContain('All referrals');
    const byNeed = (await page.getByTestId('report-need').textContent()) ?? '';
    expect(byNeed).toContain('Health');
    expect(await page.getByTestId('report-service').textContent()).toContain('Second Story Peer Respite');
    // The figures the report is for lead each row: accepted within hours, nothing closed yet.
    const header = await page.getByTestId('report-need').locator('thead th').allTextContents();
    expect(header.slice(0, 3)).toEqual(['Group', 'Completion rate', 'Median time to acceptance']);
    const health = await page.getByTestId('report-need').getByRole('row', { name: /Health/ }).locator('th, td').allTextContents();
    expect(health.slice(0, 4)).toEqual(['Health', '—', '0 h', '1']);
    await page.waitForLoadState('networkidle');
    await expectNoAxeViolations(page, 'referral report');
    // In Spanish the whole report follows, the row of all referrals too (the server names it in English).
    await page.getByRole('button', { name: 'Español' }).click();
    await expectHeading(page, 'Informe de referidos');
    await poll(() => page.getByTestId('report-total').locator('tbody th').allTextContents()).toEqual(['Todos los referidos']);
    expect(await page.getByTestId('report-need').getByRole('row', { name: /Salud/ }).locator('th').allTextContents()).toEqual(['Salud']);
    await page.getByRole('button', { name: 'English' }).click();
    await expectHeading(page, 'Referral report');
    // A cut or mistyped referral address, and one of no referral: "page not found", not a form error.
    for (const address of ['/referrals/report', '/referrals/00000000-0000-4000-8000-000000000000']) {
      await page.goto(address);
      await expectHeading(page, 'Page not found');
    }
    await context.close();
  }, 240_000);

  it('a peer records that the participant withdrew the Part 2 consent; the receiver no longer sees the Part 2 item', async () => {
    const org = await createOrgWithUser(env.server, { role: 'peer', orgName: 'Part 2 Peer Center', displayName: 'Rosa Consent' });
    const { directory, referrals } = env.server.server.services;
    const system = systemActor('test', org.orgId);
    const p = await peerWithParticipant(org.orgId, org.userId, 'Rosa Consent', ['Lee', 'Consent']);
    const clinic = await directory.createLocalService(system, { name: 'Lakeside MOUD Clinic', categories: ['moud'], languages: ['en'], free: false, schedules: [] });
    const actor = { kind: 'user' as const, userId: org.userId, orgId: org.orgId, role: 'peer' as const, via: 'session' as const, sourceIp: null };
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const r = await referrals.create(actor, {
      participantId: p.id, serviceId: clinic.serviceId, need: 'treatment', urgency: 'urgent', note: '',
      shared: {
        items: ['name', 'sud-treatment'], consent: { given: true, method: 'verbal' }, sudTreatment: 'Methadone, 80 mg daily, since 2023.',
        part2Consent: { recipient: 'Lakeside MOUD Clinic', purpose: 'Continuing treatment', expiresOn: day(90), method: 'written', signedOn: day(-1) },
      },
    });
    const link = (await referrals.move(actor, r.id, { status: 'sent' })).receiverLink!;

    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, org.email, org.password);
    await page.goto(`/referrals/${r.id}`);
    await poll(() => page.locator('main').textContent()).toContain('Part 2 consent for Lakeside MOUD Clinic');
    await page.getByRole('button', { name: 'Record that the participant withdrew the Part 2 consent' }).click();
    await poll(() => page.locator('main').textContent()).toContain('From now on the receiver no longer sees the Part 2 items');
    await expectNoAxeViolations(page, 'withdrawing a Part 2 consent');
    await page.getByRole('button', { name: 'Record the withdrawal' }).click();
    await poll(() => page.locator('main').textContent()).toContain('withdrawn by the participant on');
    expect(await page.getByRole('button', { name: 'Record that the participant withdrew the Part 2 consent' }).count()).toBe(0);
    await context.close();

    const receiver = await newPage(env.browser, env.server.baseUrl);
    await receiver.page.goto(link);
    await expectHeading(receiver.page, 'Referral received');
    await poll(() => receiver.page.locator('main').textContent()).toContain('Lee Consent');
    expect(await receiver.page.locator('main').textContent()).not.toContain('Methadone');
    await receiver.context.close();
  }, 120_000);

  it("on an evening in New York, the Part 2 consent starts signed that day there, not tomorrow's UTC day", async () => {
    // The organization's zone is New York (the default). 02:30 UTC is 9:30 pm there the day before:
    // an evening shift. A consent dated tomorrow is refused (42 CFR 2.31: not signed in the future).
    const org = await createOrgWithUser(env.server, { role: 'peer', orgName: 'Evening Peer Center', displayName: 'Rosa Evening' });
    const { directory } = env.server.server.services;
    const p = await peerWithParticipant(org.orgId, org.userId, 'Rosa Evening', ['Eve', 'Ning']);
    const clinic = await directory.createLocalService(systemActor('test', org.orgId), { name: 'Evening MOUD Clinic', categories: ['moud'], languages: ['en'], free: false, schedules: [] });
    const utcDay = new Date().toISOString().slice(0, 10);
    const evening = new Date(`${utcDay}T02:30:00Z`);
    const thereToday = new Date(evening.getTime() - 86_400_000).toISOString().slice(0, 10);
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await page.clock.setFixedTime(evening);
    await signIn(page, org.email, org.password);
    await page.goto(`/referrals/new?serviceId=${clinic.serviceId}&participantId=${p.id}`);
    await expectHeading(page, 'New referral');
    await page.getByRole('checkbox', { name: /^Substance use treatment information/ }).check();
    await poll(() => page.getByLabel(/^Signed on/).inputValue()).toBe(thereToday);
    await context.close();
  }, 120_000);

  it('an expired or unknown link says so plainly, with 988 and 211', async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await page.goto(`/r/${'A'.repeat(43)}`);
    await expectHeading(page, 'Referral received');
    await poll(() => page.getByRole('alert').textContent()).toContain('not valid');
    expect(await page.locator('footer a[href="tel:988"]').count()).toBe(1);
    await expectNoAxeViolations(page, 'invalid link');
    await context.close();
  });
});
