import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, poll, expectHeading, expectNoAxeViolations, newPage, signIn } from './browser.ts';

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
    await filters.getByLabel(/^Who/).selectOption({ label: admin.email });
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => new URL(page.url()).searchParams.get('actorId')).toBeTruthy();
    await poll(async () => {
      const texts = await page.locator('tbody tr td:nth-child(2)').allTextContents();
      return texts.length > 0 && texts.every((t) => t === admin.email);
    }).toBe(true);

    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByLabel(/^Record type/).fill('organization');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => new URL(page.url()).searchParams.get('entityType')).toBe('organization');
    await poll(async () => {
        const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
        return actions.length > 0 && actions.every((a) => a === 'organization.create');
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
