/**
 * Screenshots of issue 23's pages on the demo agency (for review, not a test): find-a-peer, the
 * confirmation, our peers and the participant's portal at 360x740 in Spanish and English, the
 * intake queue at 1280x800.
 *
 *   npx node scripts/portal-shots.ts [folder=shots/portal]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDemoServer } from './demo-server.ts';
import { launchBrowser } from '../test/browser/browser.ts';

const out = process.argv[2] ?? 'shots/portal';
mkdirSync(out, { recursive: true });
const demo = await startDemoServer();
const browser: Browser = await launchBrowser();
const settle = async (p: Page) => {
  await p.waitForLoadState('networkidle');
  await p.waitForTimeout(300);
};
try {
  const staff = demo.users.find((u) => u.role === 'supervisor')!;
  const desk = await browser.newContext({ baseURL: demo.baseUrl, viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const login = await desk.request.post('/api/v1/auth/login', { data: { email: staff.email, password: staff.password } });
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const participants = (await (await desk.request.get('/api/v1/participants?status=active&pageSize=50')).json()) as { items: Array<{ id: string; currentAssignment: unknown }> };
  const matched = participants.items.find((p) => p.currentAssignment)!;
  for (const lang of ['es', 'en'] as const) {
    const phone = await browser.newContext({ baseURL: demo.baseUrl, viewport: { width: 360, height: 740 }, locale: lang === 'es' ? 'es-MX' : 'en-US' });
    const p = await phone.newPage();
    await p.goto(`/o/riverside/find-a-peer?lang=${lang}`);
    await settle(p);
    await p.screenshot({ path: join(out, `find-a-peer-${lang}-360.png`) });
    await p.screenshot({ path: join(out, `find-a-peer-${lang}-360-full.png`), fullPage: true });
    await p.locator('#phone').fill('773 555 0199');
    await p.locator('button[type=submit]').click();
    await settle(p);
    await p.screenshot({ path: join(out, `find-a-peer-error-${lang}-360.png`) });
    await p.goto(`/o/riverside/peers?lang=${lang}`);
    await settle(p);
    await p.screenshot({ path: join(out, `our-peers-${lang}-360.png`), fullPage: true });
    const inv = (await (await desk.request.post(`/api/v1/participants/${matched.id}/portal-invitations`, { headers: { 'x-csrf-token': csrf } })).json()) as { url: string };
    await p.goto(new URL(inv.url).pathname);
    await p.locator('[data-testid=portal-peer]').waitFor();
    await settle(p);
    await p.screenshot({ path: join(out, `portal-home-${lang}-360.png`), fullPage: true });
    for (const page of ['plan', 'consents', 'access', 'correction']) {
      await p.goto(`/portal/${page}`);
      await p.locator('h1').waitFor();
      await settle(p);
      await p.screenshot({ path: join(out, `portal-${page}-${lang}-360.png`), fullPage: true });
    }
    await phone.close();
  }
  for (const lang of ['en', 'es'] as const) {
    const d = await browser.newContext({ baseURL: demo.baseUrl, viewport: { width: 1280, height: 800 }, locale: lang === 'es' ? 'es-MX' : 'en-US' });
    await d.request.post('/api/v1/auth/login', { data: { email: staff.email, password: staff.password } });
    const p = await d.newPage();
    await p.goto('/intake-queue');
    await p.locator('[data-testid=peer-request]').first().waitFor();
    await settle(p);
    await p.screenshot({ path: join(out, `intake-queue-${lang}-1280.png`) });
    if (lang === 'en') {
      await p.locator('[data-testid=peer-request]').first().getByRole('button').first().click();
      await p.locator('[data-testid=intake-matches]').waitFor();
      await settle(p);
      await p.screenshot({ path: join(out, `intake-matched-${lang}-1280.png`) });
    }
    await d.close();
  }
} finally {
  await browser.close();
  await demo.close();
}
console.log(`screenshots in ${out}`);
