import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';

/**
 * Browser test files run two at a time (two cores; much of a browser test is waiting on the page):
 * build the web app once before any of them, so two files never build `web/dist` at the same time.
 */
export default function setup(): void {
  ensureWebBuild();
}
