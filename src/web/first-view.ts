import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { myDayView } from '../modules/caseload/caseload.schemas.ts';
import { meView } from '../modules/identity/identity.routes.ts';
import { authenticate } from '../http/auth.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { FIRST_VIEW_CSS, renderMyDay, type FirstViewLanguage } from './my-day.html.ts';

/**
 * A signed-in peer's first view, sent with the page (issue 17: My day usable under 5 s on slow 3G).
 * Before, the day appeared only after a waterfall: the shell, ~200 kB of scripts and styles, the
 * language's texts, `/me`, the layout's and the page's chunks, then `/my-day`: 13.8 s at 400 kbps
 * with 400 ms latency. Now, for `GET /` and `GET /caseload` with a peer's session cookie, the
 * shell comes back with
 *  - today's list as HTML in `#root` (my-day.html.ts), usable (its links work) as soon as it paints;
 *  - `/me` and `/my-day` as the API would answer them, in a JSON data block the app reads instead
 *    of asking again (no script runs from it: the CSP's `script-src 'self'` stands);
 *  - `modulepreload` links for the chunks My day needs, fetched beside the entry, not after it.
 * The answer holds participant data: `no-store`, and it varies with the cookie. Anyone else, and
 * any failure, gets the plain shell as before. The service worker serves the plain shell on repeat
 * visits (its precache), where the scripts are local and only the API crosses the network.
 */

export const LANGUAGE_COOKIE = 'pb_lang';

/** The app's choice (a cookie the app writes), else the browser's preference, else English. */
export const firstViewLanguage = (cookie: string | undefined, acceptLanguage: string | undefined): FirstViewLanguage => {
  if (cookie === 'en' || cookie === 'es') return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const base = part.trim().split(';')[0]!.toLowerCase().split('-')[0];
    if (base === 'en' || base === 'es') return base;
  }
  return 'en';
};

interface Manifest {
  [key: string]: { file: string; imports?: string[]; css?: string[] };
}

/** The built files a module needs, its imports first (the build's `.vite/manifest.json`). */
const filesOf = (manifest: Manifest, keys: string[]): { js: string[]; css: string[] } => {
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const entry = manifest[key];
    if (!entry || js.has(entry.file)) return;
    js.add(entry.file);
    for (const i of entry.imports ?? []) visit(i);
    for (const c of entry.css ?? []) css.add(c);
  };
  keys.forEach(visit);
  return { js: [...js], css: [...css] };
};

/** A JSON data block: `<` escaped so no text in it can close the script element. */
const dataBlock = (id: string, value: unknown) => `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;

const cache = { mtimeMs: -1, html: '', manifest: {} as Manifest };
const readBuild = (webDist: string) => {
  const indexPath = join(webDist, 'index.html');
  const mtimeMs = statSync(indexPath).mtimeMs;
  if (mtimeMs !== cache.mtimeMs) {
    const manifestPath = join(webDist, '.vite', 'manifest.json');
    cache.html = readFileSync(indexPath, 'utf8');
    cache.manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest) : {};
    cache.mtimeMs = mtimeMs;
  }
  return cache;
};

export const FIRST_VIEW_START = '<!--first-view-->';
export const FIRST_VIEW_END = '<!--/first-view-->';

/** The shell with the peer's day in it. */
export const firstViewPage = (html: string, manifest: Manifest, view: string, boot: unknown, lng: FirstViewLanguage): string => {
  const start = html.indexOf(FIRST_VIEW_START);
  const end = html.indexOf(FIRST_VIEW_END);
  if (start < 0 || end < start) throw new Error('index.html has no first-view markers');
  const { js, css } = filesOf(manifest, ['src/app/Layout.tsx', 'src/features/caseload/MyDayPage.tsx', `src/app/i18n/${lng}.json`]);
  const preloads = [
    ...js.filter((f) => !html.includes(`/${f}"`)).map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
    ...css.map((f) => `<link rel="preload" as="style" crossorigin href="/${f}">`),
  ].join('');
  const head = `<style>${FIRST_VIEW_CSS}</style>${dataBlock('pb-boot', boot)}${preloads}`;
  return (html.slice(0, start) + view + html.slice(end + FIRST_VIEW_END.length))
    .replace('<html lang="en">', `<html lang="${lng}">`)
    .replace('</head>', `${head}</head>`);
};

const send = (req: FastifyRequest, reply: FastifyReply, html: string) => {
  reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('vary', 'cookie, accept-encoding');
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const body = Buffer.from(html);
  if (/\bbr\b/.test(accepts)) {
    return reply.header('content-encoding', 'br').send(brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
  }
  if (/\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(gzipSync(body, { level: 6 }));
  return reply.send(body);
};

export const registerFirstView = (app: App, services: Services, webDist: string, sendShell: (reply: FastifyReply) => unknown) => {
  const auth = authenticate(services.identity);
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      await auth(req);
      const actor = req.actor;
      if (actor && actor.kind === 'user' && actor.role === 'peer' && req.csrfToken) {
        const lng = firstViewLanguage(req.cookies[LANGUAGE_COOKIE], req.headers['accept-language']);
        // The same services, checks and audit as `GET /api/v1/me` and `GET /api/v1/my-day`.
        const me = meView.parse({ ...(await services.identity.me(actor)), csrfToken: req.csrfToken });
        const day = myDayView.parse(await services.caseload.myDay(actor));
        const build = readBuild(webDist);
        return send(req, reply, firstViewPage(build.html, build.manifest, renderMyDay(day, me, lng), { me, myDay: day, lng }, lng));
      }
    } catch (e) {
      // The plain shell still works: the app asks the API itself.
      req.log.warn({ err: e }, 'first view not rendered');
    }
    return sendShell(reply);
  };
  for (const url of ['/', '/caseload']) app.get(url, { schema: { hide: true } }, handler);
};
