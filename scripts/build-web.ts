import { join } from 'node:path';
import type { Plugin } from 'vite';

// As `vite build` does: React and the other libraries drop their development code.
process.env.NODE_ENV = 'production';
const { build } = await import('vite');

/**
 * Builds the web app, saying what it is doing: on a first start the build takes 5 to 30 s
 * depending on the machine, and a silent console after "Building the web app" looked stuck
 * (issue 17). Stages: modules (with a running count), chunks, compression, service worker.
 */
const root = join(import.meta.dirname, '..');
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(`  ${line} (${elapsed()})`);

const progress = (): Plugin => {
  let modules = 0;
  let lastSaid = 0;
  return {
    name: 'peerbridge-build-progress',
    enforce: 'pre',
    buildStart() {
      say('reading the sources');
    },
    transform() {
      modules += 1;
      if (performance.now() - lastSaid > 3000) {
        lastSaid = performance.now();
        say(`${modules} modules compiled…`);
      }
      return null;
    },
    renderStart() {
      say(`${modules} modules compiled; writing the bundles`);
    },
    writeBundle() {
      say('compressing (brotli, gzip) and writing the offline service worker');
    },
  };
};

await build({ configFile: join(root, 'web', 'vite.config.ts'), mode: 'production', logLevel: 'warn', plugins: [progress()] });
console.log(`  web app built in ${elapsed()}.`);
