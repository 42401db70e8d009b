import { describe, expect, it } from 'vitest';
import { createOrgWithUser } from '../harness/server.ts';
import { expectHeading, expectNoAxeViolations, expectNoHorizontalScroll, newPage, poll, signIn, useServerAndBrowser } from './browser.ts';

/**
 * Issue 18 in the web app: an admin reads and copies the organization's signed audit head on the
 * audit page (English and Spanish, phone and desktop); an instance operator gets the directory
 * import, an organization's admin does not. Screenshots go to PEERBRIDGE_SHOTS_DIR when it is set.
 */
const env = useServerAndBrowser();
const shots = process.env.PEERBRIDGE_SHOTS_DIR;
const SYSTEM = { kind: 'system', orgId: null, sourceIp: null, label: 'test' } as const;

describe('security pages', () => {
  it('the audit page shows the signed head of the trail, in English and Spanish, on a phone and a desktop', async () => {
    const admin = await createOrgWithUser(env.server, { role: 'admin', orgName: 'Checkpoint Browser Agency' });
    for (const [locale, viewport, heading, title] of [
      ['en-US', { width: 1280, height: 800 }, 'Audit trail', 'Signed checkpoint of this trail'],
      ['es-US', { width: 1280, height: 800 }, 'Registro de auditoría', 'Punto de control firmado de este registro'],
      ['en-US', { width: 360, height: 740 }, 'Audit trail', 'Signed checkpoint of this trail'],
    ] as const) {
      const { context, page } = await newPage(env.browser, env.server.baseUrl, { locale, viewport });
      await signIn(page, admin.email, admin.password);
      await page.goto('/admin/audit');
      await expectHeading(page, heading);
      await poll(() => page.getByRole('heading', { name: title }).count()).toBe(1);
      const line = await page.getByLabel(locale === 'en-US' ? 'Signed checkpoint' : 'Punto de control firmado').textContent();
      expect(JSON.parse(line ?? '{}')).toMatchObject({ type: 'peerbridge-audit-checkpoint', orgId: admin.orgId });
      await expectNoAxeViolations(page, `audit page ${locale} ${viewport.width}`);
      if (viewport.width === 360) await expectNoHorizontalScroll(page, 'audit page on a phone');
      if (shots) await page.screenshot({ path: `${shots}/audit-${locale}-${viewport.width}.png`, fullPage: false });
      await context.close();
    }
  }, 240_000);

  it('an instance operator gets the directory import; the button is not offered to an organization admin', async () => {
    const operator = await createOrgWithUser(env.server, { role: 'admin', orgName: 'Instance operators' });
    await env.server.server.services.identity.setInstanceOperator(SYSTEM, { email: operator.email }, true);
    for (const locale of ['en-US', 'es-US'] as const) {
      const { context, page } = await newPage(env.browser, env.server.baseUrl, { locale, viewport: { width: 1280, height: 800 } });
      await signIn(page, operator.email, operator.password);
      await page.goto('/directory');
      await poll(() => page.getByRole('link', { name: locale === 'en-US' ? 'Import directory data' : /importar/i }).count()).toBe(1);
      if (shots) await page.screenshot({ path: `${shots}/directory-operator-${locale}-1280.png` });
      await context.close();
    }
  }, 240_000);
});
