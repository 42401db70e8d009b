import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../src/core/actor.ts';
import { coverageInput, payerInput } from '../../src/modules/billing/billing.schemas.ts';
import { ACTIVITIES, caseloadSettings, planInput } from '../../src/modules/caseload/caseload.schemas.ts';
import { participantInput, peerInput } from '../../src/modules/people/people.schemas.ts';
import { PASSWORD, uniqueEmail } from '../harness/app.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, newPage, poll, signIn, useServerAndBrowser } from './browser.ts';

/**
 * Notes say only what happened (issue 17), in the browser: a new note starts with no activity
 * ticked and cannot be signed without one; the attestation and the billing box name the minutes,
 * place and activities recorded; on a 360x740 phone the sign bar is small and never covers the
 * narrative being typed; a returned note, once corrected, goes back to the review queue unbillable
 * until a supervisor accepts it; and the notes list, for a peer and a supervisor, in both languages.
 */
const env = useServerAndBrowser();
const PHONE = { width: 360, height: 740 };

interface Agency {
  orgId: string;
  supervisor: { email: string; userId: string };
  peer: { email: string; userId: string; peerId: string };
  participants: Array<{ id: string; name: string }>;
}

/** A supervisor, a certified peer, participants with Medicaid coverage; co-signature off (notes bill once signed). */
const seedAgency = async (orgName: string, names: string[]): Promise<Agency> => {
  const sup = await createOrgWithUser(env.server, { role: 'supervisor', orgName, displayName: 'Sam Supervisor' });
  const { identity, people, billing, caseload } = env.server.server.services;
  const sys = systemActor('test', sup.orgId);
  const email = uniqueEmail('peer');
  const user = await identity.createUser(sys, { orgId: sup.orgId, email, role: 'peer', password: PASSWORD, displayName: 'Rosa Delgado' });
  const peer = await people.createPeer(sys, peerInput.parse({ displayName: 'Rosa Delgado', userId: user.id, certifications: [{ type: 'CPS', issuer: 'State board', number: 'N-1', expiresOn: '2099-12-31' }] }));
  const payer = await billing.createPayer(sys, payerInput.parse({ name: 'State Medicaid', type: 'medicaid', ratePerUnit: 1750 }));
  const participants = [];
  for (const givenName of names) {
    const p = await people.createParticipant(sys, participantInput.parse({ givenName, familyName: 'Example', birthDate: '1985-04-02' }));
    await people.assign(sys, p.id, { peerId: peer.id, consent: { given: true, method: 'verbal' } });
    await caseload.putPlan(sys, p.id, planInput.parse({ goals: [{ text: 'A place of my own' }] }));
    await billing.addCoverage(sys, p.id, coverageInput.parse({ payerId: payer.id, memberId: `M${Math.floor(Math.random() * 1e8)}`, startDate: '2020-01-01' }));
    participants.push({ id: p.id, name: p.displayName });
  }
  await caseload.putSettings(sys, caseloadSettings.parse({ cosign: {} }));
  return { orgId: sup.orgId, supervisor: { email: sup.email, userId: sup.userId }, peer: { email, userId: user.id, peerId: peer.id }, participants };
};

const peerActor = (a: Agency): Actor => ({ kind: 'user', userId: a.peer.userId, orgId: a.orgId, role: 'peer', via: 'session', sourceIp: null });
const narrative = (page: Page) => page.getByLabel(/^(What happened|Qué pasó)/);
const activities = (page: Page) => page.getByRole('group', { name: /^(Activities|Actividades)/ });
const saveStatus = (page: Page) => page.getByTestId('save-status');

const openNewNote = async (page: Page, a: Agency) => {
  await signIn(page, a.peer.email, PASSWORD);
  await page.goto(`/caseload/log?participantId=${a.participants[0]!.id}`);
  await expectHeading(page, /^(Log a session|Registrar una sesión)$/);
  await poll(() => page.getByLabel(/^(Person|Persona)/).inputValue()).toBe(a.participants[0]!.id);
  await page.waitForLoadState('networkidle');
};

describe('notes say only what happened', () => {
  it('a new note starts with no activity ticked, cannot be signed without one, and attests to exactly what is recorded', async () => {
    const a = await seedAgency('Clear Notes Center', ['Ana']);
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await openNewNote(page, a);
    // Every activity unticked (before issue 17 all seven started ticked: crisis support, transport...).
    const boxes = activities(page).getByRole('checkbox');
    await poll(() => boxes.count()).toBe(ACTIVITIES.length);
    expect(await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual(ACTIVITIES.map(() => false));

    await narrative(page).fill('Ana and I rode to the housing office; she asked her own questions.');
    await poll(() => saveStatus(page).textContent()).toMatch(/^Saved/);
    // Still none ticked after the server's defaults arrived and the draft was saved.
    expect(await boxes.evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).length)).toBe(0);
    await page.getByRole('button', { name: 'Sign the note' }).click();
    await poll(() => page.getByText('Choose at least one activity that happened in the session.').isVisible()).toBe(true);
    await expectHeading(page, 'Session note (draft)');
    await expectNoAxeViolations(page, 'note with a missing activity');

    await activities(page).getByText('Transport', { exact: true }).click();
    await activities(page).getByText('Resource linkage', { exact: true }).click();
    await page.getByLabel(/^Minutes/).fill('38');
    await page.getByLabel(/^Place of service/).selectOption('12');
    const attested =
      'I attest that I provided this service as documented (38 minutes; place of service: 12 · Home; activities: Resource linkage, Transport) and that this note is accurate and complete.';
    await poll(async () => (await page.getByTestId('attestation-text').textContent())?.trim()).toBe(attested);
    await poll(() => page.getByTestId('billing-facts').textContent()).toBe('Recorded: 38 minutes; place of service: 12 · Home; activities: Resource linkage, Transport.');
    await poll(() => page.getByTestId('billing-units').textContent()).toContain('3 units of H0038');
    await page.getByRole('button', { name: 'Sign the note' }).click();
    await expectHeading(page, 'Session note');
    await poll(() => page.getByTestId('attestation').textContent()).toBe(attested);
    expect(await page.getByTestId('billing-facts').textContent()).toBe('Recorded: 38 minutes; place of service: 12 · Home; activities: Resource linkage, Transport.');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await env.server.server.services.caseload.getEncounter(systemActor('test', a.orgId), id, 'en');
    expect(stored).toMatchObject({ attestation: attested, durationMinutes: 38, placeOfService: '12', activities: expect.arrayContaining(['transport', 'resource-linkage']) });
    expect(stored.activities).toHaveLength(2);
    await context.close();
  }, 240_000);

  it('on a 360x740 phone the sign bar is small and never covers the narrative being typed', async () => {
    const a = await seedAgency('Phone Notes', ['Bea']);
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await openNewNote(page, a);
    const bar = page.getByTestId('sign-bar');
    // At rest the bar follows the screen with the button only: a small part of it.
    const rest = (await bar.boundingBox())!;
    expect(rest.height).toBeLessThanOrEqual(74);

    const box = narrative(page);
    await box.click();
    await box.fill(`${'Bea talked about the week and the new job; she named two strengths. '.repeat(12)}`);
    await box.press('End');
    await box.pressSequentially(' She chose what to do next.');
    const overlap = await page.evaluate(() => {
      const ta = document.activeElement as HTMLElement;
      const b = document.querySelector('[data-testid="sign-bar"]')!.getBoundingClientRect();
      const t = ta.getBoundingClientRect();
      const visibleTop = Math.max(0, t.top);
      const visibleBottom = Math.min(window.innerHeight, t.bottom);
      const barTop = Math.max(0, b.top);
      const barBottom = Math.min(window.innerHeight, b.bottom);
      return { tag: ta.tagName, covered: Math.max(0, Math.min(visibleBottom, barBottom) - Math.max(visibleTop, barTop)), barHeight: b.height, textVisible: visibleBottom - visibleTop };
    });
    expect(overlap.tag).toBe('TEXTAREA');
    expect(overlap.covered, 'pixels of the focused narrative under the sign bar').toBe(0);
    expect(overlap.textVisible).toBeGreaterThan(200);
    expect(overlap.barHeight).toBeLessThanOrEqual(74);
    await expectNoHorizontalScroll(page, 'note while typing at 360 px');
    await context.close();
  }, 240_000);

  it('a returned note that needed no co-signature, once corrected, waits in the review queue unbillable until the supervisor accepts it', async () => {
    const a = await seedAgency('Loop Peers', ['Cleo']);
    const cleo = a.participants[0]!;
    const { caseload } = env.server.server.services;
    const draft = await caseload.createEncounter(
      peerActor(a),
      { participantId: cleo.id, type: 'individual', modality: 'in-person', startedAt: new Date(Date.now() - 3_600_000).toISOString(), durationMinutes: 30, placeOfService: '11', activities: ['recovery-planning'], goalIds: [], narrative: 'Cleo planned her week.', nextSteps: '' },
      'en',
    );
    const signed = await caseload.signEncounter(peerActor(a), draft.id, 'en');
    expect(signed).toMatchObject({ cosignRequired: false, billing: { billable: true } });

    // The supervisor returns it from the note itself.
    const sup = await newPage(env.browser, env.server.baseUrl);
    await signIn(sup.page, a.supervisor.email, PASSWORD);
    await sup.page.goto(`/caseload/encounters/${draft.id}`);
    await expectHeading(sup.page, 'Session note');
    await sup.page.getByRole('button', { name: `Return to the peer: the note with ${cleo.name}` }).click();
    await sup.page.getByLabel(/^Comment for the peer/).fill('Say what Cleo chose to do first.');
    await sup.page.getByRole('button', { name: 'Send back' }).click();
    await poll(() => sup.page.getByText(`The note with ${cleo.name} was returned to the peer.`).isVisible()).toBe(true);

    // The peer corrects it from their day, on a phone.
    const peer = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await signIn(peer.page, a.peer.email, PASSWORD);
    await peer.page.getByRole('link', { name: `Answer the supervisor: note with ${cleo.name}` }).click();
    await expectHeading(peer.page, 'Session note');
    await peer.page.getByLabel(/^Your correction/).fill('Cleo chose to call the housing office first.');
    await peer.page.getByRole('button', { name: 'Send the correction for review' }).click();
    await poll(() => peer.page.getByText('The correction was added and the note went back for review.').isVisible()).toBe(true);
    await poll(() => peer.page.getByText("Not billable: awaiting a supervisor's co-signature.").isVisible()).toBe(true);
    await expectNoAxeViolations(peer.page, 'corrected note at 360 px');
    await peer.context.close();

    // It is in the supervisor's queue, marked as corrected, and not billable until accepted.
    await sup.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Review queue' }).click();
    await expectHeading(sup.page, 'Review queue');
    const item = sup.page.locator(`li[data-encounter="${draft.id}"]`);
    await poll(() => item.textContent()).toContain('Corrected after a return');
    expect(await item.textContent()).toContain("Not billable: awaiting a supervisor's co-signature.");
    expect(await item.textContent()).toContain('1 addendum');
    await expectNoAxeViolations(sup.page, 'review queue with a corrected note');
    const before = await caseload.getEncounter(systemActor('test', a.orgId), draft.id, 'en');
    expect(before.billing).toMatchObject({ billable: false, reason: 'awaiting-cosign' });
    await item.getByRole('button', { name: `Co-sign the note with ${cleo.name}` }).click();
    await poll(() => sup.page.getByText('No notes are waiting for review.').isVisible()).toBe(true);
    const after = await caseload.getEncounter(systemActor('test', a.orgId), draft.id, 'en');
    expect(after).toMatchObject({ status: 'cosigned', billing: { billable: true } });
    await sup.page.goto(`/caseload/encounters/${draft.id}`);
    await poll(() => sup.page.getByText('Billable to State Medicaid.').isVisible()).toBe(true);
    await sup.context.close();
  }, 300_000);

  it('lists notes: a peer on a phone (mine, drafts, returned) and a supervisor in Spanish (team, by peer, unsigned past N days)', async () => {
    const a = await seedAgency('Listing Peers', ['Dee', 'Eli']);
    const [dee, eli] = a.participants as [{ id: string; name: string }, { id: string; name: string }];
    const { caseload } = env.server.server.services;
    const make = async (participantId: string, daysAgo: number, sign: boolean) => {
      const e = await caseload.createEncounter(
        peerActor(a),
        { participantId, type: 'individual', modality: 'phone', startedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(), durationMinutes: 45, placeOfService: '02', activities: ['skill-building'], goalIds: [], narrative: 'Practised the call together.', nextSteps: '' },
        'en',
      );
      if (sign) await caseload.signEncounter(peerActor(a), e.id, 'en');
      return e.id;
    };
    const signedId = await make(dee.id, 1, true);
    const lateDraft = await make(eli.id, 5, false);
    const freshDraft = await make(dee.id, 0.05, false);

    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: PHONE });
    await signIn(page, a.peer.email, PASSWORD);
    await page.goto('/notes');
    await expectHeading(page, 'Notes');
    await poll(() => page.getByRole('heading', { name: 'Your notes (3)' }).isVisible()).toBe(true);
    const items = page.locator('li[data-note]');
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-note')))).toEqual([freshDraft, signedId, lateDraft]);
    expect(await page.locator(`li[data-note="${signedId}"]`).textContent()).toContain('Billable');
    expect(await page.locator(`li[data-note="${lateDraft}"]`).textContent()).toContain('Not billable: not signed yet');
    await expectNoHorizontalScroll(page, 'notes at 360 px');
    await expectNoAxeViolations(page, 'notes at 360 px');
    await page.getByText('Drafts', { exact: true }).click();
    await poll(() => page.getByRole('heading', { name: 'Drafts to finish (2)' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: new RegExp(`^${eli.name},`) }).click();
    await expectHeading(page, 'Session note (draft)');
    await context.close();

    const sup = await newPage(env.browser, env.server.baseUrl, { locale: 'es-US' });
    await signIn(sup.page, a.supervisor.email, PASSWORD);
    await sup.page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Notas', exact: true }).click();
    await expectHeading(sup.page, 'Notas');
    await poll(() => sup.page.getByRole('heading', { name: 'Notas del equipo (3)' }).isVisible()).toBe(true);
    await expectNoAxeViolations(sup.page, 'notas del equipo');
    await sup.page.getByText('Sin firmar', { exact: true }).click();
    await poll(() => sup.page.getByRole('heading', { name: 'Sin firmar desde hace más de 2 días (1)' }).isVisible()).toBe(true);
    expect(await sup.page.locator('li[data-note]').evaluateAll((els) => els.map((e) => e.getAttribute('data-note')))).toEqual([lateDraft]);
    await sup.page.getByRole('spinbutton', { name: /^Sin firmar desde hace más de \(días\)/ }).fill('0');
    await poll(() => sup.page.getByRole('heading', { name: 'Sin firmar desde hace más de 0 días (2)' }).isVisible()).toBe(true);
    await sup.page.getByLabel(/^Par$/).selectOption({ label: 'Rosa Delgado' });
    await poll(() => sup.page.url()).toContain(`peer=${a.peer.peerId}`);
    await expectNoAxeViolations(sup.page, 'notas sin firmar');
    await sup.context.close();
  }, 300_000);
});
