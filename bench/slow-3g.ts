/**
 * The web app on a slow phone connection (issue 17): Debian's Chromium with CDP network emulation
 * at 400 kbps down and up and 400 ms latency, against a real server on 127.0.0.1 with the demo
 * agency. Three figures, each with the bytes transferred:
 *
 *  1. sign-in, first visit (browser cache disabled): first contentful paint, and the sign-in form
 *     ready (the e-mail field visible);
 *  2. My day, first visit of a signed-in demo peer (cache disabled): the day's caseload visible;
 *  3. My day, repeat visit (the browser cache and the service worker from visit 2).
 *
 * "ready" is when the page is usable: the sign-in form, or the day's caseload list on screen with
 * its links (log a session, the plan) working. For a signed-in peer the server sends that list as
 * HTML with the page (src/web/first-view.ts), so a second time, "app", says when the scripts have
 * taken over (the server's view replaced by the app's, `[data-first-view]` gone): from then on the
 * whole app answers without a page load.
 *
 *   npx node bench/slow-3g.ts [runs=3]
 *
 * Prints figures (median of the runs); never fails on time.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startDemoServer } from '../scripts/demo-server.ts';
import { launchBrowser } from '../test/browser/browser.ts';

const runs = Number(process.argv[2] ?? 3);
const KBPS = 400;
const LATENCY_MS = 400;

interface Figure {
  fcpMs: number;
  readyMs: number;
  appMs: number;
  /** Bytes on the wire by "ready", and in all by "app". */
  readyBytes: number;
  bytes: number;
  requests: number;
}

/** Throttles the page and counts the bytes that crossed the wire (headers and compressed bodies). */
const throttle = async (context: BrowserContext, page: Page, cacheDisabled: boolean) => {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LATENCY_MS,
    downloadThroughput: (KBPS * 1000) / 8,
    uploadThroughput: (KBPS * 1000) / 8,
  });
  const counter = { bytes: 0, requests: 0 };
  cdp.on('Network.loadingFinished', (e) => {
    counter.bytes += e.encodedDataLength;
    counter.requests += 1;
  });
  return counter;
};

/** Loads `path` and waits for `ready`; times from the navigation's start (performance.now()). */
const visit = async (page: Page, counter: { bytes: number; requests: number }, path: string, ready: string): Promise<Figure> => {
  counter.bytes = 0;
  counter.requests = 0;
  await page.goto(path, { waitUntil: 'commit' });
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 120_000 });
  const readyMs = await page.evaluate(() => performance.now());
  const readyBytes = counter.bytes;
  await page.locator('[data-first-view]').waitFor({ state: 'detached', timeout: 120_000 });
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 120_000 });
  const appMs = await page.evaluate(() => performance.now());
  const fcpMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
  return { fcpMs, readyMs, appMs, readyBytes, bytes: counter.bytes, requests: counter.requests };
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const demo = await startDemoServer();
const browser = await launchBrowser();
const peer = demo.users.find((u) => u.role === 'peer')!;
const results: Record<'signIn' | 'myDay' | 'myDayRepeat', Figure[]> = { signIn: [], myDay: [], myDayRepeat: [] };
try {
  for (let i = 0; i < runs; i++) {
    {
      const context = await browser.newContext({ baseURL: demo.baseUrl, viewport: { width: 360, height: 740 }, locale: 'en-US' });
      const page = await context.newPage();
      const counter = await throttle(context, page, true);
      results.signIn.push(await visit(page, counter, '/sign-in', 'input[type="email"]'));
      await context.close();
    }
    {
      const context = await browser.newContext({ baseURL: demo.baseUrl, viewport: { width: 360, height: 740 }, locale: 'en-US' });
      // Signed in beforehand (the cookie), as a peer opening the app in the morning.
      const login = await context.request.post('/api/v1/auth/login', { data: { email: peer.email, password: peer.password } });
      if (!login.ok()) throw new Error(`Sign-in as ${peer.email} failed: ${login.status()}`);
      const page = await context.newPage();
      const counter = await throttle(context, page, true);
      results.myDay.push(await visit(page, counter, '/', 'ul[aria-labelledby="day-caseload"]'));
      // The service worker installs after the first load; the repeat visit uses it and the cache.
      await page.evaluate(async () => {
        const reg = await navigator.serviceWorker?.ready;
        if (reg?.active?.state !== 'activated') await new Promise((r) => reg?.active?.addEventListener('statechange', r));
      });
      const again = await throttle(context, page, false);
      results.myDayRepeat.push(await visit(page, again, '/', 'ul[aria-labelledby="day-caseload"]'));
      await context.close();
    }
  }
} finally {
  await browser.close();
  await demo.close();
}

const line = (label: string, f: Figure[]) =>
  console.log(
    `  ${label.padEnd(40)} first paint ${s(median(f.map((x) => x.fcpMs))).padStart(7)}   ready ${s(median(f.map((x) => x.readyMs))).padStart(7)}   app ${s(median(f.map((x) => x.appMs))).padStart(7)}   ${kb(median(f.map((x) => x.readyBytes))).padStart(7)} by ready, ${kb(median(f.map((x) => x.bytes))).padStart(7)} in all in ${median(f.map((x) => x.requests))} requests`,
  );
console.log(`slow 3G (CDP: ${KBPS} kbps down/up, ${LATENCY_MS} ms latency), 360x740, median of ${runs} runs; goals: sign-in paint < 3 s, My day < 5 s`);
line('sign-in, first visit (no cache)', results.signIn);
line('My day (signed-in peer), first visit', results.myDay);
line('My day, repeat visit (cache + worker)', results.myDayRepeat);
