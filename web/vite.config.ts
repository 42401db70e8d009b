import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './precompress.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

// The web app is a static bundle that the server serves at `/`; during development Vite serves it
// and forwards `/api` to a server started with `npm run dev`.
export default defineConfig({
  root,
  base: '/',
  plugins: [
    react(),
    // The app shell and every hashed file are precached by a Workbox service worker, so a reload
    // without signal opens the app (issue 17). Each build's precache list carries a revision per
    // file: a rebuild installs a new worker that takes over at once (skipWaiting, clientsClaim)
    // and drops the old build's cache, so a stale shell never outlives a deploy.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html}'],
        // The county atlas (about 250 kB compressed) is for the registry's maps only: a phone does
        // not download it in the background; the browser's cache keeps it once a map is opened.
        globIgnores: ['**/counties-albers-*.js'],
        navigateFallback: '/index.html',
        // The API, the health checks and the API reference always go to the network.
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/healthz$/, /^\/readyz$/],
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        // No runtime caching: anything not precached (the API above all) is plain network.
        runtimeCaching: [],
      },
    }),
    precompress(),
    {
      // The app's stylesheet must not hold back the first paint: the shell in index.html has its
      // own inline styles and paints as soon as the HTML arrives, while the stylesheet loads
      // beside the scripts. It starts as `media="print"` (fetched without blocking rendering);
      // main.tsx switches it on and renders React only once it has loaded, so no page is ever
      // shown unstyled (issue 17: slow connections).
      name: 'peerbridge-non-blocking-css',
      apply: 'build',
      transformIndexHtml: {
        order: 'post',
        handler: (html) => html.replace(/<link rel="stylesheet"([^>]*)>/g, '<link rel="stylesheet" media="print" data-app-css$1>'),
      },
    },
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // `.vite/manifest.json` maps each route's module to the files it loads: the sign-in budget
    // test reads it (test/web-budget.int.test.ts).
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
