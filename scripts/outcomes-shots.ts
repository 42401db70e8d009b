/**
 * Screenshots for issue 20's review: on a fresh demo, the director's
 * dashboard (an admin's home) at 1280x800 and 360x740 in English and Spanish, the measure
 * schedule settings page with its form and a refused overlapping window, and a participant of
 * the substance-use program with their due points.
 *
 *   npx node scripts/outcomes-shots.ts [folder=/tmp/outcomes-shots]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoServer } from '../scripts/demo-server.ts';
import { launchBrowser } from '../test/browser/browser.ts';

const out = process.argv[2] ?? '/tmp/outcomes-shots';
mkdirSync(out, { recursive: true });
const demo = await startDemoServer();
const browser = await launchBrowser();
const admin = demo.users.find((u) => u.role === 'admin' && u.email.startsWith('admin@'))!;
const saved: string[] = [];
try {
  for (const lang of ['en', 'es'] as const) {
    for (const [w, h] of [
      [1280, 800],
      [360, 740],
    ] as const) {
      const context = await browser.newContext({ baseURL: demo.baseUrl, viewport: { width: w, height: h }, locale: lang === 'es' ? 'es-US' : 'en-US' });
      await context.addInitScript((l) => window.localStorage.setItem('peerbridge.language', l), lang);
      const login = await context.request.post('/api/v1/auth/login', { data: { email: admin.email, password: admin.password } });
      if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`);
      const page = await context.newPage();
      const shot = async (name: string, fullPage = true) => {
        const file = join(out, `${name}-${w}x${h}-${lang}.png`);
        await page.screenshot({ path: file, fullPage });
        saved.push(file);
      };
      await page.goto('/');
      await page.locator('[data-testid="director-dashboard"] svg.recharts-surface').first().waitFor({ timeout: 120_000 });
      await page.waitForTimeout(1500);
      await shot('dashboard');
      await page.goto('/admin/assessment-schedules');
      await page.getByTestId('schedule-list').waitFor({ timeout: 60_000 });
      await shot('schedules');
      // Edit: a day whose window overlaps the one before is refused, naming the field.
      await page.getByRole('button', { name: lang === 'es' ? 'Editar el calendario de substance-use' : 'Edit the schedule of substance-use' }).click();
      const days = page.getByTestId('schedule-day');
      await days.nth(1).getByLabel(lang === 'es' ? 'Días antes (se abre el plazo)' : 'Days before (window opens)').fill('200');
      await page.getByRole('button', { name: lang === 'es' ? 'Guardar el calendario' : 'Save schedule' }).click();
      await page.locator('[aria-invalid="true"]').first().waitFor({ timeout: 60_000 });
      await shot('schedules-refused');
      // A participant of the substance-use program: their due points.
      const res = await context.request.get('/api/v1/participants?status=active&pageSize=100');
      const people = ((await res.json()) as { items: Array<{ id: string }> }).items;
      for (const p of people) {
        const due = (await (await context.request.get(`/api/v1/participants/${p.id}/assessments/due`)).json()) as { programs: string[] };
        if (due.programs.includes('substance-use')) {
          await page.goto(`/participants/${p.id}`);
          await page.getByTestId('assessments-due').waitFor({ timeout: 60_000 });
          await page.waitForTimeout(1000);
          await shot('participant-due');
          break;
        }
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await demo.close();
}
console.log(saved.join('\n'));
