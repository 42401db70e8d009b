import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, navPaths, newPage, openPage, poll, signIn } from './browser.ts';

const env = useServerAndBrowser();
let admin: Awaited<ReturnType<typeof createOrgWithUser>>;

beforeAll(async () => {
  admin = await createOrgWithUser(env.server, { role: 'admin', displayName: 'Morgan Admin' });
});

/** The shell's own pages; the module pages come from the navigation itself. */
const SHELL_PAGES: Array<[string, string]> = [
  ['/', 'Home'],
  ['/profile', 'Your profile'],
  ['/admin/users', 'Users'],
  ['/admin/audit', 'Audit trail'],
  ['/no-such-page', 'Page not found'],
];

/** Every page a role can reach: the shell's pages and each link of its navigation. */
const checkEveryPage = async (page: Page, where: string, extra: (path: string) => Promise<void> = async () => {}) => {
  const paths = [...new Set([...SHELL_PAGES.map(([p]) => p), ...(await navPaths(page))])];
  expect(paths.length).toBeGreaterThan(SHELL_PAGES.length);
  for (const path of paths) {
    const h1 = await openPage(page, path);
    const shell = SHELL_PAGES.find(([p]) => p === path);
    if (shell && h1 !== 'Not available for your role' && !(path === '/' && h1 !== 'Home')) expect(h1).toBe(shell[1]);
    await expectNoAxeViolations(page, `${path} ${where}`);
    await expectCrisisFooter(page);
    // WCAG 2.4.2: each page names itself in the title.
    expect(await page.title()).toBe(`${h1} · Peerbridge`);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('banner').count()).toBe(1);
    await extra(path);
  }
};

const expectCrisisFooter = async (page: Page) => {
  const footer = await page.getByRole('contentinfo').textContent();
  expect(footer).toContain('988');
  expect(footer).toContain('211');
};

describe('accessibility (axe, WCAG 2.2 AA)', () => {
  it('has no violations on any page, each with its own title, landmarks and crisis lines', { timeout: 600_000 }, async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await page.goto('/sign-in');
    await expectHeading(page, 'Sign in');
    await expectNoAxeViolations(page, 'sign-in');
    await expectCrisisFooter(page);
    await page.goto('/setup');
    await expectHeading(page, 'Set up Peerbridge');
    await expectNoAxeViolations(page, 'setup (already done)');

    await signIn(page, admin.email, admin.password);
    await checkEveryPage(page, 'for an administrator', async () => {
      expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(1);
    });
    await context.close();
  });

  it('passes axe for a peer and with the TOTP enrolment open, focus ring visible', { timeout: 600_000 }, async () => {
    const user = await createOrgWithUser(env.server, { role: 'peer' });
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await signIn(page, user.email, user.password);
    await checkEveryPage(page, 'for a peer');
    await page.goto('/profile');
    await expectHeading(page, 'Your profile');
    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    await page.getByTestId('totp-secret').waitFor();
    expect((await page.getByTestId('totp-secret').textContent())?.replace(/\s/g, '')).toMatch(/^[A-Z2-7]+=*$/);
    expect(await page.getByRole('link', { name: /^otpauth:\/\/totp\// }).count()).toBe(1);
    // A wrong code is reported on the code field.
    await page.getByLabel(/^6-digit code/).fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await poll(() => page.getByLabel(/^6-digit code/).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'profile with TOTP enrolment');

    // The keyboard focus is visible (an outline is drawn on the focused control).
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const s = getComputedStyle(el);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    });
    expect(outline).toBe(true);
    await context.close();
  });

  it('works at 360 px wide: burger menu, no sideways scrolling, no violations', { timeout: 600_000 }, async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { viewport: { width: 360, height: 740 } });
    await page.goto('/sign-in');
    await expectHeading(page, 'Sign in');
    await expectNoHorizontalScroll(page, 'sign-in');
    await expectNoAxeViolations(page, 'sign-in at 360 px');
    await signIn(page, admin.email, admin.password);
    await expectNoHorizontalScroll(page, 'home');

    // The side navigation is folded into a menu.
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).isVisible()).toBe(false);
    const burger = page.getByRole('button', { name: 'Open the menu' });
    expect(await burger.getAttribute('aria-expanded')).toBe('false');
    const box = await burger.boundingBox();
    expect(box && box.width >= 24 && box.height >= 24).toBe(true);
    await burger.click();
    const drawer = page.getByRole('dialog', { name: 'Menu' });
    await drawer.waitFor();
    await expectNoAxeViolations(page, 'open menu at 360 px');
    await drawer.getByRole('link', { name: 'Users' }).click();
    await expectHeading(page, 'Users');
    await poll(() => drawer.isVisible()).toBe(false);

    // The language switch lives in the menu on a phone.
    await burger.click();
    await drawer.getByRole('button', { name: 'Español' }).click();
    await page.keyboard.press('Escape');
    await expectHeading(page, 'Usuarios');
    await page.getByRole('button', { name: 'Abrir el menú' }).click();
    await page.getByRole('dialog', { name: 'Menú' }).getByRole('button', { name: 'English' }).click();
    await page.keyboard.press('Escape');
    await expectHeading(page, 'Users');

    // The wide navigation is hidden here, so its links are read from the menu.
    await page.getByRole('button', { name: 'Open the menu' }).click();
    const menuLinks = await page
      .getByRole('dialog', { name: 'Menu' })
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    await page.keyboard.press('Escape');
    const paths = [...new Set([...SHELL_PAGES.map(([p]) => p), ...menuLinks.filter((h) => h.startsWith('/') && !h.startsWith('/api/'))])];
    for (const path of paths) {
      await openPage(page, path);
      await expectNoHorizontalScroll(page, path);
      await expectNoAxeViolations(page, `${path} at 360 px`);
    }
    await context.close();
  });
});
