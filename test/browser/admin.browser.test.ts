import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/actor.ts';
import { participantInput } from '../../src/modules/people/people.schemas.ts';
import { PASSWORD, uniqueEmail } from '../harness/app.ts';
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, poll, expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, expectOnScreen, newPage, signIn } from './browser.ts';

const env = useServerAndBrowser();
let admin: Awaited<ReturnType<typeof createOrgWithUser>>;

beforeAll(async () => {
  admin = await createOrgWithUser(env.server, { role: 'admin', orgName: 'Riverside Recovery', displayName: 'Rita Admin' });
});

const row = (page: Page, email: string) => page.locator(`tr[data-user-email="${email}"]`);

describe('admin: users', () => {
  it('creates a user, changes the role and deactivates them', async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
    await expectHeading(page, 'Users');
    await poll(() => page.title()).toBe('Users · Peerbridge');
    await poll(() => row(page, admin.email).count()).toBe(1);
    await expectNoAxeViolations(page, 'users page');

    await page.getByRole('button', { name: 'Add a user' }).click();
    const form = page.getByRole('region', { name: 'Add a user' });
    // Errors are shown on their fields before anything is sent.
    await form.getByRole('button', { name: 'Create user' }).click();
    await poll(() => form.getByLabel(/^Email/).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'create user form with errors');

    const email = `dana.${Date.now()}@example.org`;
    await form.getByLabel(/^Email/).fill(email);
    await form.getByLabel(/^Name/).fill('Dana Peer');
    await form.getByLabel(/^Role/).selectOption('peer');
    await form.getByLabel(/^First password/).fill('short');
    await form.getByRole('button', { name: 'Create user' }).click();
    await poll(() => form.getByText('Use at least 12 characters.').isVisible()).toBe(true);
    await form.getByLabel(/^First password/).fill('a long and unusual passphrase 7');
    await form.getByRole('button', { name: 'Create user' }).click();
    await poll(() => page.getByRole('status').first().textContent()).toBe('Dana Peer was added.');
    await poll(() => row(page, email).count()).toBe(1);
    expect(await row(page, email).textContent()).toContain('Active');

    // The same email twice is refused, on the email field.
    await page.getByRole('button', { name: 'Add a user' }).click();
    await form.getByLabel(/^Email/).fill(email);
    await form.getByLabel(/^First password/).fill('a long and unusual passphrase 8');
    await form.getByRole('button', { name: 'Create user' }).click();
    await poll(() => form.getByText('A user with this email already exists.').isVisible()).toBe(true);
    await form.getByRole('button', { name: 'Cancel' }).click();

    // Change role: choose, then save.
    await row(page, email).getByLabel('Role of Dana Peer').selectOption('supervisor');
    await row(page, email).getByRole('button', { name: 'Save role' }).click();
    await poll(() => page.getByText('Dana Peer is now Supervisor.').isVisible()).toBe(true);
    await poll(() => row(page, email).getByLabel('Role of Dana Peer').inputValue()).toBe('supervisor');

    // Deactivate, and the person can no longer sign in.
    await row(page, email).getByRole('button', { name: 'Deactivate Dana Peer' }).click();
    await poll(() => page.getByText('Dana Peer was deactivated and can no longer sign in.').isVisible()).toBe(true);
    await poll(() => row(page, email).textContent()).toContain('Deactivated');
    await expectNoAxeViolations(page, 'users page after changes');

    const attempt = await fetch(`${env.server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'a long and unusual passphrase 7' }),
    });
    const attemptStatus = attempt.status;
    expect(attemptStatus).toBe(401);

    await row(page, email).getByRole('button', { name: 'Reactivate Dana Peer' }).click();
    await poll(() => row(page, email).textContent()).toContain('Active');

    // Search narrows the list.
    await page.getByLabel('Search by name or email').fill('dana');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await poll(() => page.locator('tbody tr').count()).toBe(1);
    await context.close();

    // On a phone (a lost laptop, someone who left): the account's status and the button to
    // deactivate it are on the screen, not in a table scrolled sideways.
    const phone = await newPage(env.browser, env.server.baseUrl, { viewport: { width: 360, height: 740 } });
    await signIn(phone.page, admin.email, admin.password);
    await phone.page.goto('/admin/users');
    await poll(() => row(phone.page, email).count()).toBe(1);
    await expectOnScreen(phone.page, row(phone.page, email).getByRole('button', { name: 'Deactivate Dana Peer' }), 'deactivate at 360 px');
    await expectOnScreen(phone.page, row(phone.page, email).getByText('Active', { exact: true }), 'status at 360 px');
    await expectNoHorizontalScroll(phone.page, 'users at 360 px');
    await expectNoAxeViolations(phone.page, 'users at 360 px');
    await phone.context.close();
  });

  it('keeps other roles out of the admin pages', async () => {
    const peer = await createOrgWithUser(env.server, { role: 'peer' });
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, peer.email, peer.password);
    await page.goto('/admin/users');
    await expectHeading(page, 'Not available for your role');
    await expectNoAxeViolations(page, 'forbidden page');
    await context.close();
  });
});

describe('admin: audit trail', () => {
  it('shows the sign-in events and filters by action, actor, record type and dates', async () => {
    const peer = await createOrgWithUser(env.server, { role: 'peer', orgName: 'Other Org' });
    // A failed sign-in in the admin's organization, then the admin signs in.
    const colleague = await createAdminColleague();
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await page.goto('/sign-in');
    await page.getByLabel(/^Email/).fill(colleague.email);
    await page.getByLabel(/^Password/).fill('wrong password for the audit');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await signIn(page, admin.email, admin.password);

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit trail' }).click();
    await expectHeading(page, 'Audit trail');
    const rows = page.locator('tbody tr');
    await poll(() => page.locator('tr[data-action="auth.login"]').count()).toBeGreaterThan(0);
    expect(await page.locator('tr[data-action="auth.login_failed"]').count()).toBeGreaterThan(0);
    expect(await page.locator('tr[data-action="auth.login"]').first().textContent()).toContain('Signed in');
    // Another organization's events never show.
    expect(await page.locator('tbody').textContent()).not.toContain(peer.email);
    await expectNoAxeViolations(page, 'audit page');

    const filters = page.getByRole('form', { name: 'Filter the audit trail' });
    await filters.getByLabel(/^Action/).fill('auth.login_failed');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => new URL(page.url()).searchParams.get('action')).toBe('auth.login_failed');
    await poll(async () => (await rows.count()) > 0 && (await page.locator('tr[data-action="auth.login_failed"]').count()) === (await rows.count())).toBe(true);

    await filters.getByLabel(/^Action/).fill('');
    // Who is offered, and shown, by name with the email beside it.
    await filters.getByLabel(/^Who/).selectOption({ label: `Rita Admin (${admin.email})` });
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => new URL(page.url()).searchParams.get('actorId')).toBeTruthy();
    await poll(async () => {
      const texts = await page.locator('tbody tr td:nth-child(2)').allTextContents();
      return texts.length > 0 && texts.every((t) => t === `Rita Admin${admin.email}`);
    }).toBe(true);

    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByLabel(/^Record type/).fill('organization');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => new URL(page.url()).searchParams.get('entityType')).toBe('organization');
    await poll(async () => {
        const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
        // Organization-level events only (its creation, settings, home-page figures): no sign-ins.
        return actions.includes('organization.create') && actions.every((a) => a !== null && !a.startsWith('auth.'));
      })
      .toBe(true);

    // Dates: today includes the events; a range in the past has none.
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await filters.getByLabel(/^From/).fill(today);
    await filters.getByLabel(/^To/).fill(today);
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => new URL(page.url()).searchParams.get('to')).toBe(today);
    await poll(() => page.locator('tr[data-action="auth.login"]').count()).toBeGreaterThan(0);
    await filters.getByLabel(/^From/).fill('2020-01-01');
    await filters.getByLabel(/^To/).fill('2020-01-31');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => page.getByText('No event matches these filters.').isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'audit page with no match');
    await context.close();
  });
});

describe('admin: refused attempts in the audit trail', () => {
  it('shows a refused read as Refused with its label, filters by outcome, in English and Spanish', async () => {
    const { identity, people } = env.server.server.services;
    const sys = systemActor('test', admin.orgId);
    // A participant of the admin's organization on nobody's caseload, and one of another organization.
    const ours = await people.createParticipant(sys, participantInput.parse({ givenName: 'Noor', familyName: 'Haddad', birthDate: '1990-03-14' }));
    const elsewhere = await createOrgWithUser(env.server, { role: 'admin', orgName: 'Elsewhere Services' });
    const theirs = await people.createParticipant(systemActor('test', elsewhere.orgId), participantInput.parse({ givenName: 'Ivo', familyName: 'Marsh', birthDate: '1979-11-02' }));
    const peerEmail = uniqueEmail('peer');
    await identity.createUser(sys, { orgId: admin.orgId, email: peerEmail, role: 'peer', password: PASSWORD, displayName: 'Pat Peer' });

    // A peer of the organization asks the API for both: 404 each time, as for an absent record.
    const asPeer = await env.browser.newContext({ baseURL: env.server.baseUrl });
    expect((await asPeer.request.post('/api/v1/auth/login', { data: { email: peerEmail, password: PASSWORD } })).status()).toBe(200);
    for (const id of [ours.id, theirs.id]) {
      expect((await asPeer.request.get(`/api/v1/participants/${id}`)).status()).toBe(404);
    }
    await asPeer.close();

    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, admin.email, admin.password);
    await page.goto('/admin/audit');
    await expectHeading(page, 'Audit trail');
    const refusedRead = (id: string) => page.locator('tr[data-action="participant.read"][data-outcome="denied"]').filter({ hasText: id });
    for (const id of [ours.id, theirs.id]) {
      await poll(() => refusedRead(id).count()).toBe(1);
      const text = await refusedRead(id).textContent();
      expect(text).toContain('Participant record opened');
      expect(text).toContain(peerEmail);
      expect(text).toContain('status: 404');
      // The marker is text (a badge), not colour alone.
      await poll(() => refusedRead(id).getByText('Refused', { exact: true }).isVisible()).toBe(true);
    }
    // Events that went through carry no marker.
    expect(await page.locator('tr[data-outcome="success"]').count()).toBeGreaterThan(0);
    expect(await page.locator('tr[data-outcome="success"]').getByText('Refused', { exact: true }).count()).toBe(0);
    await expectNoAxeViolations(page, 'audit page with refused events');

    // The Outcome filter narrows the list to refused events, kept in the address.
    const rows = page.locator('tbody tr');
    const outcomes = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-outcome')));
    const filters = page.getByRole('form', { name: 'Filter the audit trail' });
    await filters.getByLabel(/^Outcome/).selectOption({ label: 'Refused' });
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => new URL(page.url()).searchParams.get('outcome')).toBe('denied');
    await poll(async () => {
      const all = await outcomes();
      return all.length >= 2 && all.every((o) => o === 'denied');
    }).toBe(true);
    expect(await refusedRead(ours.id).count()).toBe(1);
    expect(await refusedRead(theirs.id).count()).toBe(1);
    await expectNoAxeViolations(page, 'audit page filtered to refused events');

    // "Went through" leaves the refused ones out; a reload keeps the filter.
    await filters.getByLabel(/^Outcome/).selectOption({ label: 'Went through' });
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => new URL(page.url()).searchParams.get('outcome')).toBe('success');
    await poll(async () => {
      const all = await outcomes();
      return all.length > 0 && all.every((o) => o === 'success');
    }).toBe(true);
    await page.goto('/admin/audit?outcome=denied');
    await poll(() => refusedRead(ours.id).count()).toBe(1);
    expect(await filters.getByLabel(/^Outcome/).inputValue()).toBe('denied');

    // In Spanish: the same refused read, labelled and marked in Spanish.
    await page.getByRole('button', { name: 'Español' }).click();
    await expectHeading(page, 'Registro de auditoría');
    const spanishFilters = page.getByRole('form', { name: 'Filtrar el registro de auditoría' });
    expect(await spanishFilters.getByLabel(/^Resultado/).inputValue()).toBe('denied');
    await poll(() => refusedRead(ours.id).textContent()).toContain('Expediente de participante abierto');
    await poll(() => refusedRead(ours.id).getByText('Rechazado', { exact: true }).isVisible()).toBe(true);
    expect(await spanishFilters.getByLabel(/^Resultado/).locator('option:checked').textContent()).toBe('Rechazado');
    await expectNoAxeViolations(page, 'audit page filtered to refused events, in Spanish');
    await context.close();
  });
});

// The trail's dates are the organization's days, wherever the admin's browser is. An organization
// in Pago Pago (UTC-11) read from a browser set to Kiritimati (UTC+14): the browser's calendar day
// of the organization's today ends before the organization's today begins, so a filter read in the
// browser's zone would never show what happened today.
describe('audit trail: dates are the organization\'s days', () => {
  it("filtered from and to the organization's today, the admin's sign-in of a moment ago is there", async () => {
    const far = await createOrgWithUser(env.server, { role: 'admin', orgName: 'Pago Pago Peers', timeZone: 'Pacific/Pago_Pago' });
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { timezoneId: 'Pacific/Kiritimati' });
    await signIn(page, far.email, far.password);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Pago_Pago', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    await page.goto(`/admin/audit?from=${today}&to=${today}`);
    await expectHeading(page, 'Audit trail');
    await poll(() => page.locator('tbody tr[data-action="auth.login"]').count()).toBeGreaterThan(0);
    await context.close();
  });
});

/** A second user in the admin's organization, created through the API as the admin would. */
async function createAdminColleague() {
  const { identity } = env.server.server.services;
  const { systemActor } = await import('../../src/core/actor.ts');
  const email = `colleague.${Date.now()}@example.org`;
  await identity.createUser(systemActor('test', admin.orgId), {
    orgId: admin.orgId,
    email,
    role: 'peer',
    password: 'a long and unusual passphrase 9',
    displayName: 'Colleague',
  });
  return { email };
}
