import { describe, expect, it } from 'vitest';
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, poll, expectNoAxeViolations, expectHeading, newPage, signIn } from './browser.ts';

const env = useServerAndBrowser();

describe('first run and sign-in', () => {
  // Runs first: the fresh database has no user yet.
  it('creates the first administrator through the one-time setup link', async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await page.goto('/sign-in');
    await poll(() => page.getByText('No administrator yet').isVisible()).toBe(true);

    const token = env.server.server.services.identity.issueSetupToken();
    await page.goto(`/setup?token=${encodeURIComponent(token)}`);
    await expectHeading(page, 'Set up Peerbridge');
    await poll(() => page.title()).toBe('Set up Peerbridge · Peerbridge');
    await expectNoAxeViolations(page, 'setup page');

    // Client-side checks speak first, tied to their fields.
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    const org = page.getByLabel(/^Organization name/);
    await poll(() => org.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await org.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').filter(Boolean)[0]}"]`).textContent()).toBe(
      'Enter the name of your organization.',
    );
    expect(await org.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectNoAxeViolations(page, 'setup page with errors');

    await org.fill('Harbor Peer Center');
    await page.getByLabel(/^Name/).fill('Ana Admin');
    await page.getByLabel(/^Email/).fill('ana.setup@example.org');
    await page.getByLabel(/^New password/).fill('correct horse battery staple');
    await page.getByLabel(/^Repeat the new password/).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await expectHeading(page, 'Home');
    await poll(() => page.getByText('Welcome, Ana Admin.').isVisible()).toBe(true);
    await context.close();
  });

  it('shows the error for a wrong password and lands on home with the right one', async () => {
    const user = await createOrgWithUser(env.server, { role: 'supervisor', displayName: 'Sam Supervisor' });
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await page.goto('/');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await expectHeading(page, 'Sign in');
    await poll(() => page.title()).toBe('Sign in · Peerbridge');

    await page.getByLabel(/^Email/).fill(user.email);
    await page.getByLabel(/^Password/).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The email or password is not correct.');
    expect(page.url()).toContain('/sign-in');
    await expectNoAxeViolations(page, 'sign-in with error');

    await page.getByLabel(/^Password/).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await expectHeading(page, 'Home');
    await poll(() => page.getByText('Welcome, Sam Supervisor.').isVisible()).toBe(true);
    // A supervisor's navigation has the work modules but no administration.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link', { name: /My day/ }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await context.close();
  });

  it('returns to the page asked for after signing in', async () => {
    const user = await createOrgWithUser(env.server, { role: 'admin' });
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await page.goto('/admin/audit');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await page.getByLabel(/^Email/).fill(user.email);
    await page.getByLabel(/^Password/).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/audit');
    await expectHeading(page, 'Audit trail');
    await context.close();
  });

  it('signs in with the keyboard alone', async () => {
    const user = await createOrgWithUser(env.server, { role: 'supervisor' });
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await page.goto('/sign-in');
    await expectHeading(page, 'Sign in');

    // The first Tab reaches the skip link, which moves to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');

    const focusedLabel = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.labels?.[0]?.textContent ?? el?.textContent ?? '';
      });
    for (let i = 0; i < 15 && !(await focusedLabel()).startsWith('Email'); i++) await page.keyboard.press('Tab');
    expect(await focusedLabel()).toMatch(/^Email/);
    await page.keyboard.type(user.email);
    await page.keyboard.press('Tab');
    expect(await focusedLabel()).toMatch(/^Password/);
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/');
    await expectHeading(page, 'Home');

    // The account menu opens and works from the keyboard too.
    const account = page.getByRole('button', { name: /Account menu/ });
    await account.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Your profile' }).waitFor();
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    for (let i = 0; i < 4 && (await focusedText()) !== 'Your profile'; i++) await page.keyboard.press('ArrowDown');
    expect(await focusedText()).toBe('Your profile');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/profile');
    await expectHeading(page, 'Your profile');
    await context.close();
  });

  it('signs out from the profile page and the session is gone', async () => {
    const user = await createOrgWithUser(env.server, { role: 'analyst', displayName: 'Alex Analyst' });
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, user.email, user.password);
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Your profile' }).click();
    await expectHeading(page, 'Your profile');
    const account = page.getByRole('region', { name: 'Account' });
    expect(await account.textContent()).toContain(user.email);
    expect(await account.textContent()).toContain('Analyst');
    expect(await account.textContent()).toContain('Browser Test Agency');
    await expectNoAxeViolations(page, 'profile page');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await expectHeading(page, 'Sign in');
    const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.status));
    expect(me).toBe(401);
    await page.goto('/profile');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await context.close();
  });
});
