/**
 * The director's dashboard on a slow phone connection (issue 20): the same emulation as
 * bench/slow-3g.ts (Debian's Chromium, CDP: 400 kbps down and up, 400 ms latency, 360x740, cache
 * disabled) against the demo agency, a signed-in supervisor opening the home page. Two figures,
 * from the navigation's start: the home page's first contentful paint, and the first chart drawn
 * (recharts' svg inside the dashboard), with the bytes transferred until then.
 *
 *   npx node bench/slow-3g-dashboard.ts [runs=3]
 *
 * Prints the median of the runs; never fails on time.
 */
import { startDemoServer } from '../scripts/demo-server.ts';
import { launchBrowser } from '../test/browser/browser.ts';

const runs = Number(process.argv[2] ?? 3);
const KBPS = 400;
const LATENCY_MS = 400;

const demo = await startDemoServer();
const browser = await launchBrowser();
const supervisor = demo.users.find((u) => u.role === 'supervisor')!;
const figures: Array<{ fcpMs: number; chartMs: number; bytes: number; requests: number }> = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ baseURL: demo.baseUrl, viewport: { width: 360, height: 740 }, locale: 'en-US' });
    const login = await context.request.post('/api/v1/auth/login', { data: { email: supervisor.email, password: supervisor.password } });
    if (!login.ok()) throw new Error(`Sign-in as ${supervisor.email} failed: ${login.status()}`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY_MS, downloadThroughput: (KBPS * 1000) / 8, uploadThroughput: (KBPS * 1000) / 8 });
    const counter = { bytes: 0, requests: 0 };
    cdp.on('Network.loadingFinished', (e) => {
      counter.bytes += e.encodedDataLength;
      counter.requests += 1;
    });
    await page.goto('/', { waitUntil: 'commit' });
    await page.locator('[data-testid="director-dashboard"] svg.recharts-surface').first().waitFor({ state: 'attached', timeout: 180_000 });
    const chartMs = await page.evaluate(() => performance.now());
    const fcpMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
    figures.push({ fcpMs, chartMs, ...counter });
    await context.close();
  }
} finally {
  await browser.close();
  await demo.close();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`slow 3G (CDP: ${KBPS} kbps down/up, ${LATENCY_MS} ms latency), 360x740, cache disabled, median of ${runs} runs`);
console.log(
  `  supervisor's home: first paint ${s(median(figures.map((f) => f.fcpMs)))}, first dashboard chart ${s(median(figures.map((f) => f.chartMs)))}, ` +
    `${(median(figures.map((f) => f.bytes)) / 1024).toFixed(0)} kB in ${median(figures.map((f) => f.requests))} requests`,
);
