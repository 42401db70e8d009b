import { launchBrowser } from './test/browser/browser.ts';
const browser = await launchBrowser();
try {
  for (const [lang, w, h] of [['es', 360, 740], ['en', 1280, 800]] as const) {
    const context = await browser.newContext({ baseURL: 'http://127.0.0.1:8099', viewport: { width: w, height: h }, locale: lang === 'es' ? 'es-US' : 'en-US', serviceWorkers: 'block' });
    await context.addInitScript((l) => localStorage.setItem('peerbridge.language', l), lang);
    const login = await context.request.post('/api/v1/auth/login', { data: { email: 'admin@riverside.example.org', password: 'LWkdeK4_6xrw-omp8' } });
    if (!login.ok()) throw new Error('login ' + login.status());
    const page = await context.newPage();
    await page.goto('/directory/import');
    await page.waitForTimeout(1500);
    const btn = page.getByRole('button', { name: lang === 'es' ? /informe/i : /report/i }).first();
    console.log(await page.getByRole('button').allInnerTexts());
    await btn.click();
    await page.waitForTimeout(1500);
    
    await page.screenshot({ path: `/tmp/look/history-${lang}-${w}.png` });
    await context.close();
  }
} finally {
  await browser.close();
}
