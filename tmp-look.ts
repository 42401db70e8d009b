import { launchBrowser } from './test/browser/browser.ts';
import { startDemoServer } from './scripts/demo-server.ts';
const server = await startDemoServer();
const browser = await launchBrowser();
try {
  const want = [
    { role: 'peer', size: { width: 360, height: 740 } },
    { role: 'supervisor', size: { width: 1280, height: 800 } },
  ];
  for (const w of want) {
    const user = server.users.find((u) => u.role === w.role)!;
    for (const lang of ['es', 'en']) {
      const context = await browser.newContext({ baseURL: server.baseUrl, viewport: w.size, locale: lang === 'es' ? 'es-US' : 'en-US', serviceWorkers: 'block' });
      await context.addInitScript((l) => localStorage.setItem('peerbridge.language', l), lang);
      const login = await context.request.post('/api/v1/auth/login', { data: { email: user.email, password: user.password } });
      if (!login.ok()) throw new Error('login');
      const page = await context.newPage();
      for (const q of lang === 'es' ? ['comida', 'albergue', 'xqzvw'] : ['food', 'xqzvw']) {
        await page.goto(`/directory?q=${encodeURIComponent(q)}`);
        await page.getByRole('status').first().waitFor();
        await page.waitForTimeout(800);
        const status = await page.locator('[role=status]').allInnerTexts();
        const names = await page.locator('.result-list li').evaluateAll((lis) => lis.map((li) => (li.textContent ?? '').slice(0, 60)));
        console.log(w.role, lang, q, JSON.stringify(status), names.length, JSON.stringify(names.slice(0, 6)));
        await page.screenshot({ path: `/tmp/look/${w.role}-${lang}-${q}.png`, fullPage: false });
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
