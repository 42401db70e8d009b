import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { allTexts } from '../../web/src/app/i18n/all-texts.ts';

const { en, es } = allTexts;
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, expectHeading, expectNoAxeViolations, navPaths, newPage, openPage, poll, signIn } from './browser.ts';

const env = useServerAndBrowser();

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`),
  );

/**
 * English phrases that must not appear once Spanish is chosen: the literal parts (between
 * placeholders and tags) of every English text that differs from its Spanish one, long enough
 * not to occur by chance in data.
 */
const spanishTexts = leaves(es as Tree).map(([, v]) => v);
const englishPhrases = [
  ...new Set(
    leaves(en as Tree)
      .flatMap(([, value]) => value.split(/\{\{\s*\w+\s*\}\}|<\/?\w+>|\$t\([^)]*\)/))
      .map((s) => s.trim())
      .filter((s) => /[A-Za-z]{3,}\s+[A-Za-z]{2,}/.test(s) && !spanishTexts.some((v) => v.includes(s))),
  ),
];

const expectNoEnglish = async (page: Page, where: string) => {
  const text = await page.evaluate(() => document.body.innerText);
  const found = englishPhrases.filter((p) => text.includes(p));
  expect(found, `English text on ${where}`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
};

describe('English and Spanish', () => {
  it('switches to Spanish on the sign-in page, remembers it, and every page follows', { timeout: 600_000 }, async () => {
    const admin = await createOrgWithUser(env.server, { role: 'admin', displayName: 'Rosa Admin' });
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { locale: 'en-US' });
    await page.goto('/sign-in');
    await expectHeading(page, 'Sign in');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.getByRole('button', { name: 'Español' }).click();
    await expectHeading(page, 'Iniciar sesión');
    await poll(() => page.title()).toBe('Iniciar sesión · Peerbridge');
    expect(await page.getByRole('button', { name: 'Español' }).getAttribute('aria-pressed')).toBe('true');
    await expectNoEnglish(page, 'sign-in');

    // Remembered across a reload.
    await page.reload();
    await expectHeading(page, 'Iniciar sesión');
    await expectNoEnglish(page, 'sign-in after reload');

    // Errors in Spanish too.
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await poll(() => page.getByText('Escriba un correo electrónico.').isVisible()).toBe(true);
    await page.getByLabel(/^Correo electrónico/).fill(admin.email);
    await page.getByLabel(/^Contraseña/).fill('esta no es la contraseña');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('El correo electrónico o la contraseña no son correctos.');
    await expectNoAxeViolations(page, 'sign-in in Spanish with an error');

    await signIn(page, admin.email, admin.password);
    await expectHeading(page, 'Inicio');
    await expectNoEnglish(page, 'home');

    const paths = [...new Set(['/profile', '/admin/users', '/admin/audit', '/no-such-page', ...(await navPaths(page))])];
    for (const path of paths) {
      await openPage(page, path);
      await expectNoEnglish(page, path);
      await expectNoAxeViolations(page, `${path} in Spanish`);
    }

    // Dates follow the language (Intl): the audit trail shows Spanish month names, on the US clock.
    await page.goto('/admin/audit');
    await expectHeading(page, 'Registro de auditoría');
    const when = await page.locator('tbody tr td time').first().textContent();
    const expected = await page.evaluate(
      (iso) => new Intl.DateTimeFormat('es-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
      (await page.locator('tbody tr td time').first().getAttribute('datetime')) ?? '',
    );
    expect(when).toBe(expected);

    // And back to English from the layout.
    await page.getByRole('button', { name: 'English' }).click();
    await expectHeading(page, 'Audit trail');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });

  it('starts in Spanish when the browser prefers Spanish', async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl, { locale: 'es-MX' });
    await page.goto('/sign-in');
    await expectHeading(page, 'Iniciar sesión');
    await expectNoEnglish(page, 'sign-in for a Spanish browser');
    // The crisis lines are on the page in Spanish as well.
    expect(await page.getByRole('contentinfo').textContent()).toContain('988');
    expect(await page.getByRole('contentinfo').textContent()).toContain('Marque 211');
    await context.close();
  });

  it('without JavaScript, says so in English and in Spanish (marked lang="es"), with the crisis lines', async () => {
    const context = await env.browser.newContext({ baseURL: env.server.baseUrl, javaScriptEnabled: false, locale: 'es-US', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    for (const path of ['/', '/sign-in']) {
      await page.goto(path);
      // Each text of the <noscript> with the language it is marked in (its nearest lang attribute).
      const shown = await page.evaluate(() => {
        const out: Array<{ lang: string | null | undefined; text: string }> = [];
        const walk = document.createTreeWalker(document.querySelector('noscript')!, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) out.push({ lang: n.parentElement?.closest('[lang]')?.getAttribute('lang'), text: n.textContent ?? '' });
        return out;
      });
      const english = shown.filter((p) => p.lang === 'en').map((p) => p.text).join(' ');
      const spanish = shown.filter((p) => p.lang === 'es').map((p) => p.text).join(' ');
      expect(english, path).toMatch(/Peerbridge needs JavaScript.*988.*211/s);
      expect(spanish, path).toMatch(/Peerbridge necesita JavaScript.*988.*211/s);
      expect(spanish, path).not.toMatch(/\b(needs|call|text|dial)\b/i);
      // Both are painted: with scripting off the <noscript> content is the page.
      const body = await page.locator('body').innerText();
      expect(body).toContain('Peerbridge needs JavaScript');
      expect(body).toContain('Peerbridge necesita JavaScript');
      expect(Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'))).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
