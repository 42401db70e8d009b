/**
 * The public find-a-peer page on a slow phone connection (issue 23): Debian's Chromium with CDP
 * network emulation at 400 kbps down and up and 400 ms latency (as bench/slow-3g.ts), 360x740, no
 * browser cache, against a real server with the demo agency (/o/riverside/find-a-peer). For English
 * and Spanish: first contentful paint, the request form ready (the phone field visible), and the
 * bytes transferred. The page is one server-rendered document without script.
 *
 *   npx node bench/find-a-peer-slow-3g.ts [runs=3]
 *
 * Prints figures (median of the runs); never fails on time. Goal: first paint under 3 s.
 */
import type { CDPSession } from 'playwright-core';
import { startDemoServer } from '../scripts/demo-server.ts';
import { launchBrowser } from '../test/browser/browser.ts';

const runs = Number(process.argv[2] ?? 3);
const KBPS = 400;
const LATENCY_MS = 400;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const demo = await startDemoServer();
const browser = await launchBrowser();
const figures: Record<string, Array<{ fcp: number; ready: number; bytes: number; requests: number }>> = { en: [], es: [] };
try {
  for (let i = 0; i < runs; i++) {
    for (const lang of ['en', 'es'] as const) {
      const context = await browser.newContext({ baseURL: demo.baseUrl, viewport: { width: 360, height: 740 }, locale: lang === 'es' ? 'es-MX' : 'en-US' });
      const page = await context.newPage();
      const cdp: CDPSession = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY_MS, downloadThroughput: (KBPS * 1000) / 8, uploadThroughput: (KBPS * 1000) / 8 });
      const counter = { bytes: 0, requests: 0 };
      cdp.on('Network.loadingFinished', (e) => {
        counter.bytes += e.encodedDataLength;
        counter.requests += 1;
      });
      await page.goto(`/o/riverside/find-a-peer?lang=${lang}`, { waitUntil: 'commit' });
      await page.locator('#phone').waitFor({ state: 'visible', timeout: 120_000 });
      const ready = await page.evaluate(() => performance.now());
      await page.waitForLoadState('load');
      const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
      figures[lang]!.push({ fcp, ready, bytes: counter.bytes, requests: counter.requests });
      await context.close();
    }
  }
} finally {
  await browser.close();
  await demo.close();
}
console.log(`find-a-peer on slow 3G (CDP: ${KBPS} kbps down/up, ${LATENCY_MS} ms latency), 360x740, no cache, median of ${runs} runs; goal: first paint < 3 s`);
for (const [lang, f] of Object.entries(figures)) {
  console.log(
    `  /o/riverside/find-a-peer (${lang})   first paint ${(median(f.map((x) => x.fcp)) / 1000).toFixed(2)} s   form ready ${(median(f.map((x) => x.ready)) / 1000).toFixed(2)} s   ${(median(f.map((x) => x.bytes)) / 1024).toFixed(1)} kB in ${median(f.map((x) => x.requests))} requests`,
  );
}
