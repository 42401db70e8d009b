/**
 * `npm run shots [folder]`: screenshots of the web app as each demo role sees it, to review a
 * change at a glance (issue 17). On a fresh demo database (its own temporary data folder, a real
 * server on a free port on 127.0.0.1), for every demo role it saves every page of the navigation
 * and the first detail page each list links to, at 360x740 (a peer's phone) and 1280x800, in
 * English and Spanish, then writes a contact sheet `index.html` grouped by page, role, size and
 * language. Pages come from the page table in web/src/app/routes.tsx, so new pages are picked up.
 *
 *   npm run shots                 # into shots/<timestamp>/ (git-ignored)
 *   npm run shots -- /tmp/review  # into a folder of your choice
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../test/browser/browser.ts';
import { startDemoServer, type DemoUser } from './demo-server.ts';

const root = join(import.meta.dirname, '..');
const started = performance.now();
const outDir = resolve(process.argv[2] ?? join(root, 'shots', new Date().toISOString().replace(/[:.]/g, '-')));

interface PageEntry {
  id: string;
  path: string;
  nav: string;
  roles: string[] | null;
}

/** The page table of routes.tsx, read as text (it is TSX with lazy imports, not loadable here). */
export const readPageTable = (source: string): PageEntry[] =>
  [...source.matchAll(/\{\s*id:\s*'([^']+)',\s*path:\s*'([^']+)',\s*nav:\s*'([^']+)'(?:,\s*roles:\s*\[([^\]]*)\])?/g)].map((m) => ({
    id: m[1]!,
    path: m[2]!,
    nav: m[3]!,
    roles: m[4] === undefined ? null : [...m[4].matchAll(/'([^']+)'/g)].map((r) => r[1]!),
  }));

const pages = readPageTable(readFileSync(join(root, 'web', 'src', 'app', 'routes.tsx'), 'utf8'));
const navPages = pages.filter((p) => p.nav !== 'none' && !p.path.includes(':'));
/** Detail pages (a path with `:id`), matched against the links a list page shows. */
const detailPages = pages
  .filter((p) => /:[a-z]+/i.test(p.path))
  .map((p) => ({ ...p, pattern: new RegExp(`^${p.path.replace(/:[a-z]+/gi, '[0-9a-f-]{8,}')}$`) }));

const SIZES = [
  { name: '360x740', width: 360, height: 740 },
  { name: '1280x800', width: 1280, height: 800 },
] as const;
const LANGS = ['en', 'es'] as const;

interface Shot {
  page: string;
  role: string;
  size: string;
  lang: string;
  file: string;
  url: string;
}
const shots: Shot[] = [];
const problems: string[] = [];

/** Waits for the page's heading and for its data (no request in flight for a moment). */
const settle = async (page: Page) => {
  await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
  await page.locator('h1').first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  await page.waitForTimeout(150);
};

const shoot = async (page: Page, s: Omit<Shot, 'file' | 'url'>, url: string) => {
  const file = `${s.page}_${s.role}_${s.size}_${s.lang}.png`;
  try {
    await page.goto(url);
    await settle(page);
    await page.screenshot({ path: join(outDir, file), fullPage: true });
    shots.push({ ...s, file, url: new URL(page.url()).pathname });
  } catch (e) {
    problems.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
};

const forRole = async (browser: Browser, baseUrl: string, user: DemoUser) => {
  for (const lang of LANGS) {
    for (const size of SIZES) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: size.width, height: size.height },
        locale: lang === 'es' ? 'es-US' : 'en-US',
        reducedMotion: 'reduce',
        // Screenshots of what the server sends; the offline worker is covered by its own test.
        serviceWorkers: 'block',
      });
      await context.addInitScript((l) => localStorage.setItem('peerbridge.language', l), lang);
      const login = await context.request.post('/api/v1/auth/login', { data: { email: user.email, password: user.password } });
      if (!login.ok()) throw new Error(`Sign-in as ${user.email} failed: ${login.status()}`);
      const page = await context.newPage();
      const details = new Map<string, string>();
      for (const p of navPages.filter((x) => !x.roles || x.roles.includes(user.role))) {
        await shoot(page, { page: p.id, role: user.role, size: size.name, lang }, p.path);
        // The first item of each list this page links to, once per detail page.
        const hrefs = await page.locator('main a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        for (const href of hrefs) {
          const path = href.split('?')[0]!;
          const d = detailPages.find((x) => x.pattern.test(path) && (!x.roles || x.roles.includes(user.role)));
          if (d && !details.has(d.id)) details.set(d.id, href);
        }
      }
      for (const [id, href] of details) await shoot(page, { page: id, role: user.role, size: size.name, lang }, href);
      await context.close();
    }
  }
};

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const contactSheet = () => {
  const order = pages.map((p) => p.id);
  const byPage = [...new Set(shots.map((s) => s.page))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const sections = byPage.map((id) => {
    const mine = shots.filter((s) => s.page === id);
    const rows = [...new Set(mine.map((s) => s.role))].map((role) => {
      const cells = mine
        .filter((s) => s.role === role)
        .map(
          (s) =>
            `<figure><a href="${esc(s.file)}"><img src="${esc(s.file)}" alt="${esc(`${id}, ${role}, ${s.size}, ${s.lang}`)}" loading="lazy" width="${s.size === '360x740' ? 120 : 240}"></a><figcaption>${esc(`${s.size} ${s.lang}`)}</figcaption></figure>`,
        )
        .join('');
      return `<h3>${esc(role)} <small>${esc(mine.find((s) => s.role === role)!.url)}</small></h3><div class="row">${cells}</div>`;
    });
    return `<section id="${esc(id)}"><h2>${esc(id)}</h2>${rows.join('')}</section>`;
  });
  const toc = byPage.map((id) => `<a href="#${esc(id)}">${esc(id)}</a>`).join(' · ');
  writeFileSync(
    join(outDir, 'index.html'),
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Peerbridge screenshots</title>
<style>body{font:14px system-ui,sans-serif;margin:1rem}h2{border-top:1px solid #ccc;padding-top:.5rem}
.row{display:flex;gap:.75rem;flex-wrap:wrap;align-items:flex-start}figure{margin:0}img{border:1px solid #999;display:block;height:auto}
figcaption{font-size:12px;color:#444}small{color:#555;font-weight:normal}</style>
<h1>Peerbridge screenshots</h1><p>${shots.length} screenshots, ${new Date().toISOString()}. ${toc}</p>
${problems.length ? `<p>Not taken:</p><ul>${problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}
${sections.join('\n')}
</html>
`,
  );
};

mkdirSync(outDir, { recursive: true });
const demo = await startDemoServer();
const browser = await launchBrowser();
try {
  // One user per role (the first demo peer stands for the peers).
  const roles = [...new Map([...demo.users].reverse().map((u) => [u.role, u])).values()].reverse();
  for (const user of roles) {
    await forRole(browser, demo.baseUrl, user);
    console.log(`  ${user.role}: done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
} finally {
  await browser.close();
  await demo.close();
}
contactSheet();
for (const p of problems) console.warn(`  not taken: ${p}`);
console.log(`${shots.length} screenshots in ${relative(process.cwd(), outDir) || '.'}/ (contact sheet: index.html) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
