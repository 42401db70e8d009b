import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { isAppError } from '../../core/errors.ts';
import { problemResponse } from '../../http/openapi.ts';
import { langOf, problemSchema, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import type { Lang } from '../matching/taxonomy.ts';
import { langQuery, peerRequestInput, publicOrganizationView, publicPeerView, referenceView, slugParam, type PeerRequestBody } from './portal.schemas.ts';
import { confirmationPage, findAPeerPage, ourPeersPage, type FormValues, type PageOrg } from './public-pages.ts';

/**
 * The public side (issue 23), no sign-in: the JSON API for integrations and the app, and the
 * server-rendered pages that work without JavaScript (`/o/{slug}/find-a-peer`, `/o/{slug}/peers`).
 */

/** The embeddable variant may be framed by the agency's own site; nothing else may be. */
export const EMBED_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors *";
/** The plain pages: inline styles only, no script at all, never framed. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const publicErrors = { 400: problemSchema, 404: problemSchema, 429: problemResponse(429) } as const;
const pageQuery = z.object({ lang: z.enum(['en', 'es']).optional(), embed: z.enum(['1', 'true']).optional() });

const pageOrg = (o: Awaited<ReturnType<Services['peerRequests']['publicOrganization']>>): PageOrg => ({
  name: o.name,
  slug: o.slug,
  phone: o.phone,
  responseDays: o.responseDays,
  asks: o.asks,
  crisisLines: o.crisisLines,
  experiences: o.experiences,
  challenge: o.challenge,
});

/** A urlencoded form field as one string (the last one wins) or a list. */
const one = (v: unknown) => (Array.isArray(v) ? String(v[v.length - 1] ?? '') : typeof v === 'string' ? v : '');
const many = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

const formToBody = (f: Record<string, unknown>): { body: PeerRequestBody; values: FormValues } => {
  const values: FormValues = {
    phone: one(f.phone).slice(0, 40),
    email: one(f.email).slice(0, 320),
    byText: one(f.byText) === '1',
    okToLeaveMessage: one(f.okToLeaveMessage) === '1',
    safeTimes: one(f.safeTimes).slice(0, 300),
    name: one(f.name).slice(0, 100),
    language: one(f.language),
    experiences: many(f.experiences).slice(0, 40).map((x) => x.slice(0, 100)),
    gender: one(f.gender).slice(0, 100),
    modality: one(f.modality),
    place: one(f.place).slice(0, 200),
  };
  const language = ['en', 'es', 'other'].includes(values.language ?? '') ? (values.language as 'en' | 'es' | 'other') : null;
  const modality = ['in-person', 'phone', 'either'].includes(values.modality ?? '') ? (values.modality as 'in-person' | 'phone' | 'either') : null;
  return {
    values,
    body: {
      contact: { phone: values.phone || null, email: values.email || null, byText: values.byText ?? false, okToLeaveMessage: values.okToLeaveMessage ?? false, safeTimes: values.safeTimes || null },
      name: values.name || null,
      language,
      experiences: values.experiences ?? [],
      gender: values.gender || null,
      modality,
      place: values.place || null,
      challenge: { token: one(f.token).slice(0, 200), answer: one(f.answer).slice(0, 10) },
      website: one(f.website).slice(0, 500),
    },
  };
};

const viaOf = (b: PeerRequestBody): 'phone' | 'text' | 'email' => (b.contact.phone ? (b.contact.byText ? 'text' : 'phone') : 'email');

const sendPage = (reply: FastifyReply, html: string, embed: boolean, status = 200) =>
  reply.code(status).header('content-security-policy', embed ? EMBED_CSP : PAGE_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

export const registerPublicRoutes = (app: App, { peerRequests }: Services) => {
  const tags = ['public'];

  app.get('/api/v1/public/organizations/:slug', {
    schema: { tags, summary: 'An organization\'s public page: its name, what the request asks, the crisis lines and a fresh question', security: [], params: slugParam, querystring: langQuery, response: { 200: publicOrganizationView, ...publicErrors } },
    handler: async (req) => {
      const { settings: _s, ...view } = await peerRequests.publicOrganization(req.params.slug, langOf(req));
      return view;
    },
  });

  app.post('/api/v1/public/organizations/:slug/peer-requests', {
    schema: {
      tags,
      summary: 'Ask for a peer (no account). Only a way to reach the person is required; answers the reference and nothing else',
      security: [],
      params: slugParam,
      body: peerRequestInput,
      response: { 201: referenceView, ...publicErrors },
    },
    handler: async (req, reply) => {
      const r = await peerRequests.submit(req.params.slug, req.body, req.ip);
      return reply.code(201).send({ reference: r.reference });
    },
  });

  app.get('/api/v1/public/organizations/:slug/peers', {
    schema: { tags, summary: 'Peers who chose to appear publicly, with the experiences they chose to show and their own approved words', security: [], params: slugParam, querystring: langQuery, response: { 200: z.object({ organization: z.string(), items: z.array(publicPeerView) }), ...publicErrors } },
    handler: async (req) => peerRequests.publicPeers(req.params.slug, langOf(req)),
  });

  // ---------- the pages (HTML, no JavaScript) ----------

  const renderError = async (reply: FastifyReply, lang: Lang, embed: boolean, e: unknown) => {
    if (isAppError(e) && e.status === 404) return sendPage(reply, `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>404</title></head><body><main><h1>${lang === 'es' ? 'No encontramos esta página.' : 'We could not find this page.'}</h1><p>${lang === 'es' ? 'Si necesita ayuda ahora, llame o envíe un texto al 988.' : 'If you need help now, call or text 988.'}</p></main></body></html>`, embed, 404);
    throw e;
  };

  // Fastify's own schema for pages: documented nowhere (they are web pages, as the app's are).
  const pageRoute = { hide: true, params: slugParam, querystring: pageQuery };

  app.get('/o/:slug/find-a-peer', {
    schema: pageRoute,
    handler: async (req, reply) => {
      const lang = langOf(req);
      const embed = req.query.embed !== undefined;
      try {
        return sendPage(reply, findAPeerPage({ lang, org: pageOrg(await peerRequests.publicOrganization(req.params.slug, lang)), embed }), embed);
      } catch (e) {
        return renderError(reply, lang, embed, e);
      }
    },
  });

  app.get('/o/:slug/peers', {
    schema: pageRoute,
    handler: async (req, reply) => {
      const lang = langOf(req);
      try {
        const org = pageOrg(await peerRequests.publicOrganization(req.params.slug, lang));
        return sendPage(reply, ourPeersPage({ lang, org, peers: (await peerRequests.publicPeers(req.params.slug, lang)).items }), false);
      } catch (e) {
        return renderError(reply, lang, false, e);
      }
    },
  });

  // The form's POST: urlencoded, parsed only in this plugin (the API itself speaks JSON only).
  void app.register(async (plugin) => {
    const scope = plugin as unknown as App;
    (plugin as unknown as FastifyInstance).addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 32 * 1024 }, (_req, body, done) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(body as string)) {
        const prev = out[k];
        out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      done(null, out);
    });
    scope.post('/o/:slug/find-a-peer', {
      schema: { hide: true, params: slugParam, querystring: pageQuery, body: z.record(z.string(), z.union([z.string(), z.array(z.string())])) },
      handler: async (req, reply) => {
        const form = req.body;
        const lang: Lang = one(form.lang) === 'es' ? 'es' : one(form.lang) === 'en' ? 'en' : langOf(req);
        const embed = req.query.embed !== undefined;
        const { body, values } = formToBody(form);
        try {
          const r = await peerRequests.submit(req.params.slug, body, req.ip);
          const org = pageOrg(await peerRequests.publicOrganization(req.params.slug, lang));
          return sendPage(reply, confirmationPage({ lang, org, embed, reference: r.reference, via: viaOf(body) }), embed, 201);
        } catch (e) {
          if (isAppError(e) && (e.status === 400 || e.status === 429)) {
            const org = pageOrg(await peerRequests.publicOrganization(req.params.slug, lang));
            const errors = e.status === 429 ? [{ field: 'contact', message: lang === 'es' ? 'Recibimos muchos pedidos desde aquí. Inténtelo más tarde o llámenos.' : e.detail }] : localized(e.errors ?? [{ field: 'contact', message: e.detail }], lang);
            if (e.headers) reply.headers(e.headers);
            return sendPage(reply, findAPeerPage({ lang, org, embed, values, errors }), embed, e.status);
          }
          return renderError(reply, lang, embed, e);
        }
      },
    });
  });
};

/** The service words its problems in English; the page speaks the person's language. */
const ES: Record<string, string> = {
  'body.contact': 'Escriba un teléfono o un correo para que podamos comunicarnos con usted.',
  'body.contact.phone': 'Escriba un teléfono de 7 a 15 dígitos.',
  'body.contact.email': 'Escriba un correo como nombre@ejemplo.com.',
  'body.challenge.answer': 'La respuesta no es correcta. Conteste la pregunta de nuevo.',
};
const localized = (errors: Array<{ field: string; message: string }>, lang: Lang) =>
  lang === 'es' ? errors.map((x) => ({ field: x.field, message: ES[x.field] ?? (x.field.startsWith('body.experiences') ? 'Opción desconocida.' : x.message) })) : errors;
