import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Builds the web app when `web/dist` is missing or older than its sources, so `npm start` on a
 * fresh clone serves the app without a separate build step, and later starts stay fast.
 */
const root = join(import.meta.dirname, '..');
const dist = join(root, 'web', 'dist', 'index.html');

const newest = (dir: string): number => {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};

export const webBuildIsStale = () => {
  if (!existsSync(dist)) return true;
  const sources = [join(root, 'web', 'src'), join(root, 'web', 'index.html'), join(root, 'web', 'vite.config.ts')].filter(existsSync);
  const built = statSync(dist).mtimeMs;
  return sources.some((s) => (statSync(s).isDirectory() ? newest(s) : statSync(s).mtimeMs) > built);
};

export const ensureWebBuild = () => {
  if (!existsSync(join(root, 'web', 'vite.config.ts')) || !webBuildIsStale()) return;
  console.log('Building the web app (first start or changed sources; usually 5 to 30 s, then the server starts)…');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-web.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
};

if (import.meta.main) ensureWebBuild();
