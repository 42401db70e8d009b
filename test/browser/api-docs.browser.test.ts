import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_CSP } from '../../src/http/security-headers.ts';
import { createTestApp, type TestApp } from '../harness/app.ts';
import { launchBrowser, newPage } from './browser.ts';

/**
 * The API reference (Swagger UI) works under its Content-Security-Policy (issue 18): every
 * operation renders and the browser reports no violation, so the policy is as tight as the page
 * allows and no tighter.
 */
let t: TestApp;
let browser: Browser;
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the API reference at /api/v1/docs', () => {
  it('renders every operation with its CSP and no violation', async () => {
    const { context, page } = await newPage(browser, baseUrl);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(e.message));
    // The Swagger UI bundle is large: wait for the answer, then for the operations to render.
    const res = await page.goto('/api/v1/docs/', { waitUntil: 'commit', timeout: 60_000 });
    expect(res?.headers()['content-security-policy']).toBe(DOCS_CSP);
    await page.locator('.opblock').first().waitFor({ timeout: 90_000 });
    const doc = (await t.app.inject('/api/v1/openapi.json')).json() as { paths: Record<string, object> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    // Past 128 operations Swagger UI virtualizes the list (`.operations-virtual__item`): only what
    // is near the viewport is in the page. Scroll through it and collect every operation drawn.
    // Under CI load the virtual list draws late, so after each scroll wait until what is drawn
    // stops changing, and go through the page again (up to three passes) if any were missed.
    const seen = new Set<string>();
    const drawn = async () => (await page.locator('.opblock').evaluateAll((els) => els.map((e) => e.id))).join(' ');
    for (let pass = 0; pass < 3 && seen.size < operations; pass++) {
      await page.evaluate(() => window.scrollTo(0, 0));
      for (let step = 0; step < 2000; step++) {
        let ids = await drawn();
        for (let settle = 0; settle < 20; settle++) {
          await page.waitForTimeout(50);
          const again = await drawn();
          if (again === ids) break;
          ids = again;
        }
        for (const id of ids.split(' ')) if (id) seen.add(id);
        const atEnd = await page.evaluate(() => {
          const before = window.scrollY;
          window.scrollBy(0, window.innerHeight * 0.6);
          return window.scrollY === before;
        });
        if (atEnd) break;
      }
    }
    expect(seen.size).toBe(operations);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('.opblock').first().click();
    await page.getByRole('button', { name: 'Try it out' }).first().waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });
});
