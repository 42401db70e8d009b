/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: the root tsconfig (Node only) needs the DOM types here.
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestServer, type TestServer } from '../harness/server.ts';

/**
 * Debian's Chromium driven by playwright-core: no browser is ever downloaded. One browser per test
 * file, a fresh context (cookies, storage) per test.
 */
export const CHROMIUM = process.env.PEERBRIDGE_CHROMIUM ?? '/usr/bin/chromium';

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });

export interface PageOptions {
  /** Browser language (drives the default choice); English unless given. */
  locale?: string;
  /** 360 × 740 is the narrow phone the app must work on. */
  viewport?: { width: number; height: number };
  /** The browser's time zone (the machine's when absent). */
  timezoneId?: string;
}

export const newPage = async (
  browser: Browser,
  baseUrl: string,
  opts: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: opts.locale ?? 'en-US',
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
};

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Waits until finite animations and transitions (a drawer sliding in, a fade) have finished: axe
 * reads colours as painted, and mid-fade they are blends no user looks at. Endless ones (a
 * loader's spin) are not waited for.
 */
const settleAnimations = (page: Page) =>
  page
    .waitForFunction(
      () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined);

/**
 * axe-core (the project's version) run in the page itself: its source is evaluated once per
 * document, not for each check, and the results come back from the page. @axe-core/playwright
 * evaluated the source three times per check and opened a blank page to merge results, about two
 * thirds of the browser suite's axe time, and ran its own older axe-core (4.13), which did not yet
 * check that a button's visible words are part of its accessible name (WCAG 2.5.3, Label in Name).
 * The app has no frames to test inside.
 */
const runAxe = async (page: Page): Promise<axe.AxeResults> => {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axe.source);
  return page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }),
    AXE_TAGS,
  );
};

export const expectNoAxeViolations = async (page: Page, where = page.url()): Promise<void> => {
  await settleAnimations(page);
  const results = await runAxe(page);
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`,
  );
  expect(summary, `axe violations at ${where}`).toEqual([]);
  // Text painted in its own background colour (1:1) is only "needs review" to axe, yet no page
  // has a reason for it: a badge once showed its label invisibly this way and passed.
  const invisible = results.incomplete
    .filter((r) => r.id === 'color-contrast')
    .flatMap((r) => r.nodes.filter((n) => n.any.some((c) => (c.data as { messageKey?: string } | null)?.messageKey === 'equalRatio')))
    .map((n) => `${n.target.join(' ')}: text in its background's colour`);
  expect(invisible, `invisible text at ${where}`).toEqual([]);
};

/** The page fits the screen: nothing scrolls sideways (WCAG 1.4.10 Reflow, checked at 360 px). */
export const expectNoHorizontalScroll = async (page: Page, where: string): Promise<void> => {
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
  expect(overflow, `page wider than the screen at ${where}`).toBeLessThanOrEqual(0);
};

/**
 * Every element `locator` finds is on the screen without scrolling sideways, its text whole (not
 * cut to "ACTI…"): on a phone, what a list row says matters most (a status, a date) was once in a
 * table scrolled off the screen, or a badge too narrow for its word.
 */
export const expectOnScreen = async (page: Page, locator: Locator, where: string): Promise<void> => {
  const width = page.viewportSize()!.width;
  const boxes = await locator.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const cut = [el, ...Array.from(el.querySelectorAll('*'))].some((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible');
      return { text: (el.textContent ?? '').trim(), right: r.right, cut };
    }),
  );
  expect(boxes.length, `nothing found at ${where}`).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.right, `"${b.text}" off the screen at ${where}`).toBeLessThanOrEqual(width);
    expect(b.cut, `"${b.text}" cut short at ${where}`).toBe(false);
  }
};

/** `expect.poll` with a patience fit for a browser on a busy machine (its default is 1 s). */
export const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

/** Fills the sign-in form and waits for the first signed-in page. */
export const signIn = async (page: Page, email: string, password: string): Promise<void> => {
  await page.goto('/sign-in');
  await page.getByLabel(/^(Email|Correo electrónico)/).fill(email);
  await page.getByLabel(/^(Password|Contraseña)/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Iniciar sesión)$/ }).click();
  // Most roles land on the home page; a peer's home is their day (/caseload).
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  await poll(() => page.locator('h1').count()).toBe(1);
};

/** Waits until the page's one `h1` reads `text` (lazy routes load their chunk first). */
export const expectHeading = async (page: Page, text: string | RegExp): Promise<void> => {
  await poll(async () => {
      const h1 = page.locator('h1');
      return (await h1.count()) === 1 ? ((await h1.textContent()) ?? '').trim() : `${await h1.count()} h1 elements`;
    })
    .toMatch(typeof text === 'string' ? new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : text);
};

/** The in-app pages the navigation offers the signed-in user (wide layout), in menu order. */
export const navPaths = async (page: Page): Promise<string[]> => {
  const nav = page.getByRole('navigation', { name: /^(Main navigation|Navegación principal)$/ });
  await nav.getByRole('link').first().waitFor();
  const hrefs = await nav.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.filter((h) => h.startsWith('/') && !h.startsWith('/api/'));
};

/** Opens `path` and waits for its one `h1` and for its data requests to settle. */
export const openPage = async (page: Page, path: string): Promise<string> => {
  await page.goto(path);
  await poll(() => page.locator('h1').count()).toBe(1);
  await page.waitForLoadState('networkidle');
  return ((await page.locator('h1').textContent()) ?? '').trim();
};

/**
 * A test server and a browser for one test file: started before its tests, closed after them.
 * Read `env.server` and `env.browser` inside the tests (they are set once the hook has run).
 */
export const useServerAndBrowser = (): { readonly server: TestServer; readonly browser: Browser } => {
  const env = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startTestServer();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
};
