import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/actor.ts';
import { planInput } from '../../src/modules/caseload/caseload.schemas.ts';
import { localServiceInput } from '../../src/modules/directory/directory.schemas.ts';
import { referralInput } from '../../src/modules/referrals/referrals.schemas.ts';
import { pdfText } from '../harness/pdf.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, newPage, poll, signIn, useServerAndBrowser } from './browser.ts';

/**
 * Issue 23 in a browser: a person asks for a peer on a phone in Spanish without an account (the
 * form itself needs no JavaScript); a supervisor takes the request in and sees the top matches at
 * once; the peer's organization invites the person to their portal; the person signs in by the
 * link on their phone, reads their plan, downloads their record (the PDF in Spanish and the FHIR
 * Bundle), and takes back a permission. Axe runs on every page; screenshots land in SHOTS.
 */

const env = useServerAndBrowser();
const PHONE = { width: 360, height: 740 };
const STAFF = { width: 1280, height: 800 };
/** Where the journey's screenshots go, to be looked at (not compared). */
const SHOTS = process.env.PEERBRIDGE_SHOTS ?? join(tmpdir(), 'peerbridge-portal-journey');
mkdirSync(SHOTS, { recursive: true });

const check = async (p: Page, where: string, phone = false) => {
  await p.waitForLoadState('networkidle');
  await expectNoAxeViolations(p, where);
  if (phone) await expectNoHorizontalScroll(p, where);
};

describe('find a peer, intake, portal', () => {
  it('goes from a Spanish request on a phone to the person reading their plan, downloading their record and taking back a permission', async () => {
    const staff = await createOrgWithUser(env.server, { role: 'supervisor', orgName: 'Harbor Peer Center', displayName: 'Marcus Greene' });
    const { people, peerRequests, caseload, directory, referrals } = env.server.server.services;
    const system = systemActor('test', staff.orgId);
    await peerRequests.putSettings(system, { slug: 'harbor-journey', enabled: true, fields: ['name', 'safeTimes', 'language', 'experiences', 'gender', 'modality', 'place'], phone: '(312) 555-0150', responseDays: 2 });
    const rosa = await people.createPeer(system, {
      displayName: 'Rosa Delgado', languages: ['en', 'es'], genderIdentity: 'woman', specialties: [], raceEthnicity: [], modalities: ['in-person', 'phone'],
      livedExperience: [{ code: 'substance-use.opioids', useForMatching: true, showToParticipants: true }], availability: [], timeZone: 'America/Chicago', maxCaseload: 10, acceptingNew: true, certifications: [],
    });

    // 1. The request, on a phone, in Spanish (the browser's language picks the page's).
    const visitor = await newPage(env.browser, env.server.baseUrl, { locale: 'es-MX', viewport: PHONE });
    const v = visitor.page;
    await v.goto('/o/harbor-journey/find-a-peer');
    await expectHeading(v, 'Encuentre un par');
    await v.getByRole('link', { name: /988/ }).first().waitFor();
    await check(v, 'find-a-peer (es, phone)', true);
    await v.screenshot({ path: join(SHOTS, 'find-a-peer-es-360.png'), fullPage: true });
    expect(await v.locator('script').count()).toBe(0);
    await v.getByLabel('Número de teléfono').fill('773 555 0123');
    await v.getByLabel('Me pueden enviar textos').check();
    await v.getByLabel('¿Cómo le llamamos?').fill('Lucía');
    await v.getByLabel('Español').check();
    await v.getByText('Drogas o alcohol', { exact: true }).click();
    await v.getByLabel(/Opioides \(como/).check();
    await v.getByLabel('Por teléfono').check();
    const question = (await v.locator('label[for="answer"]').textContent()) ?? '';
    const [a, b] = question.match(/\d+/g)!.map(Number);
    await v.getByLabel(/¿Cuánto es/).fill(String(a! + b!));
    // A person reads before sending; the server refuses a form sent within 1.5 s of its question.
    await v.waitForTimeout(1600);
    await v.getByRole('button', { name: 'Enviar mi pedido' }).click();
    await expectHeading(v, 'Gracias. Recibimos su pedido.');
    const reference = ((await v.getByTestId('reference').textContent()) ?? '').trim();
    expect(reference).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await v.getByText(/va a enviarle un texto en 2 días hábiles/).first().waitFor();
    await check(v, 'confirmation (es, phone)', true);

    // 2. Intake and match, at a desk.
    const desk = await newPage(env.browser, env.server.baseUrl, { viewport: STAFF });
    const s = desk.page;
    await signIn(s, staff.email, staff.password);
    await s.goto('/intake-queue');
    await expectHeading(s, 'Intake queue');
    const card = s.getByTestId('peer-request').filter({ hasText: reference });
    await card.getByText('Lucía').first().waitFor();
    // The number she typed as "773 555 0123" reads one way, and a tap calls it.
    expect(await card.getByRole('link', { name: '(773) 555-0123' }).getAttribute('href')).toBe('tel:+17735550123');
    await check(s, 'intake queue');
    await card.getByRole('button', { name: 'Take in and match' }).click();
    await poll(() => card.getByTestId('intake-matches').textContent()).toContain('Rosa Delgado');
    await s.screenshot({ path: join(SHOTS, 'intake-match-1280.png') });
    await card.getByRole('link', { name: "Open the participant's record" }).click();
    await poll(() => new URL(s.url()).pathname).toMatch(/^\/participants\/[0-9a-f-]{36}$/);
    const participantId = new URL(s.url()).pathname.split('/').pop()!;
    // Her record keeps the number, as a link to call her.
    expect(await s.getByRole('link', { name: '(773) 555-0123' }).getAttribute('href')).toBe('tel:+17735550123');
    const participant = await people.getParticipant(system, participantId);
    expect(participant.languages).toEqual(['es']);

    // The match is made and a plan written with her (their own screens are tested elsewhere).
    await people.assign(system, participantId, { peerId: rosa.id, consent: { given: true, method: 'verbal' } });
    await caseload.putPlan(system, participantId, planInput.parse({ goals: [{ text: 'Tener mi propio apartamento antes del verano', lifeArea: 'housing' }], strengths: ['No me rindo'] }));
    const pantry = await directory.createLocalService(system, localServiceInput.parse({ name: 'Despensa del Oeste', organizationName: 'Ayuda Mutua Ashland', categories: ['food'], timeZone: 'America/Chicago' }));
    const ref = await referrals.create(system, referralInput.parse({ participantId, serviceId: pantry.serviceId, need: 'food', urgency: 'routine', note: '', shared: { items: ['name'], consent: { given: true, method: 'verbal' } } }));
    await referrals.move(system, ref.id, { status: 'sent' });

    // 3. The invitation, from the participant's record (where staff also print her record, in her language).
    await s.reload();
    const [staffPdf] = await Promise.all([s.waitForEvent('download'), s.getByRole('link', { name: 'Print the record (PDF)' }).click()]);
    const staffWords = pdfText(readFileSync((await staffPdf.path())!));
    expect(staffWords).toContain('Lucía');
    expect(staffWords).toContain('Fortalezas');
    await s.screenshot({ path: join(SHOTS, 'participant-record-1280.png') });
    await s.getByRole('button', { name: 'Invite to their portal' }).click();
    const link = ((await s.getByTestId('portal-link').textContent()) ?? '').trim();
    expect(link).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
    await s.getByRole('img', { name: /QR code of the portal link/ }).first().waitFor();
    await check(s, 'portal invitation');
    await s.screenshot({ path: join(SHOTS, 'portal-invitation-1280.png') });

    // 4. The person signs in with the link on their phone.
    const own = await newPage(env.browser, env.server.baseUrl, { locale: 'es-MX', viewport: PHONE });
    const p = own.page;
    await p.goto(new URL(link).pathname);
    await expectHeading(p, 'Hola, Lucía');
    await poll(async () => ((await p.getByTestId('portal-peer').textContent()) ?? '').trim()).toBe('Rosa Delgado');
    await check(p, 'portal home (es, phone)', true);

    // 5. The plan, in her words.
    await p.getByRole('link', { name: 'Mi plan' }).click();
    await expectHeading(p, 'Mi plan de recuperación');
    await p.getByText('Tener mi propio apartamento antes del verano').first().waitFor();
    await check(p, 'portal plan (es, phone)', true);
    await p.screenshot({ path: join(SHOTS, 'portal-plan-es-360.png'), fullPage: true });

    // 6. Her record to keep: the printable PDF in Spanish and the FHIR Bundle, by the buttons themselves.
    await p.getByRole('link', { name: 'Inicio' }).click();
    await expectHeading(p, 'Hola, Lucía');
    const download = async (page: Page, name: string | RegExp) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
      return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
    };
    const pdf = await download(p, 'Mi expediente para leer o imprimir (PDF)');
    expect(pdf.name).toBe('mi-expediente.pdf');
    const pdfWords = pdfText(pdf.bytes);
    for (const words of ['Mi expediente', 'Lo que usted hace bien', 'No me rindo', 'Su par', 'Rosa Delgado', 'Tener mi propio apartamento antes del verano', 'Despensa del Oeste', 'Quién abrió su expediente']) {
      expect(pdfWords, words).toContain(words);
    }
    const bundle = await download(p, 'Mi expediente para otro proveedor (FHIR)');
    const record = JSON.parse(bundle.bytes.toString('utf8')) as { resourceType: string; type: string; entry: Array<{ resource: { resourceType: string; description?: { text?: string } } }> };
    expect(record).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(record.entry.filter((e) => e.resource.resourceType === 'Goal').map((e) => e.resource.description?.text)).toEqual(['Tener mi propio apartamento antes del verano']);
    await p.screenshot({ path: join(SHOTS, 'portal-home-es-360.png'), fullPage: true });

    // 7. Her permissions: she takes back the referral's sharing, told first what it does.
    await p.getByRole('link', { name: 'Mis permisos' }).click();
    await expectHeading(p, 'Mis permisos');
    await check(p, 'portal consents (es, phone)', true);
    const sharing = p.getByTestId('consent-referral-sharing');
    await sharing.getByRole('button', { name: 'Retirar este permiso' }).click();
    await poll(() => p.getByRole('dialog').textContent()).toContain('deja de funcionar');
    await check(p, 'taking back a consent (es, phone)', true);
    await p.getByRole('button', { name: 'Sí, retirarlo' }).click();
    await sharing.getByText('Retirado', { exact: true }).first().waitFor();
    expect((await referrals.get(system, ref.id)).link?.state).toBe('revoked');

    // Who saw her record names the supervisor, in plain words.
    await p.getByRole('link', { name: 'Quién vio mi expediente' }).click();
    await p.getByText(/Marcus Greene \(supervisor\/a\)/).first().waitFor();
    await check(p, 'portal access log (es, phone)', true);

    // The same link a second time opens nothing.
    const again = await newPage(env.browser, env.server.baseUrl, { locale: 'es-MX', viewport: PHONE });
    await again.page.goto(new URL(link).pathname);
    await poll(async () => ((await again.page.getByRole('alert').textContent()) ?? '').trim()).toBe('Este enlace ya no funciona. Pida a su par uno nuevo.');
    for (const c of [visitor, desk, own, again]) await c.context.close();
    // Four browser contexts and eleven axe runs: longer than one page's test on a shared machine.
  }, 300_000);
});
