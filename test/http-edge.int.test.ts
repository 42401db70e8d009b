import type { InjectOptions } from 'fastify';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { DOCS_CSP, HSTS, WEB_CSP } from '../src/http/security-headers.ts';
import { createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from './harness/app.ts';

/**
 * The HTTP edge (issue 18): hostile input never reaches the database as a 500, every refusal is
 * problem+json, every answer carries its security headers, and the OpenAPI document says what the
 * server answers.
 */
let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin');
});
afterAll(() => t?.close());

describe('a NUL character in any text input', () => {
  it('is refused with 400 naming the field, once: sign-in, the public HSDS search, a query, a nested body field', async () => {
    const cases = [
      { req: { method: 'POST' as const, url: '/api/v1/auth/login', payload: { email: 'a\u0000@example.org', password: 'x' } }, field: 'body.email' },
      { req: { method: 'POST' as const, url: '/api/v1/auth/login', payload: { email: 'a@example.org', password: 'pass\u0000word' } }, field: 'body.password' },
      { req: { method: 'GET' as const, url: '/api/hsds/services?search=food%00bank' }, field: 'query.search' },
      { req: { method: 'GET' as const, url: '/api/hsds/organizations?search=%00' }, field: 'query.search' },
      { req: { method: 'GET' as const, url: '/api/v1/users?q=ana%00', headers: { authorization: admin.auth } }, field: 'query.q' },
      { req: { method: 'GET' as const, url: '/api/v1/users/%00', headers: { authorization: admin.auth } }, field: 'path.id' },
      {
        req: { method: 'POST' as const, url: '/api/v1/directory/imports', headers: { authorization: admin.auth }, payload: { files: { 'services.csv': 'id,name\n1,a\u0000b\n' } } },
        field: 'body.files.services.csv',
      },
    ];
    for (const c of cases) {
      const res = await t.app.inject(c.req);
      expect(res.statusCode, c.req.url).toBe(400);
      const p = problemOf(res);
      expect(p.code).toBe('validation-failed');
      expect(p.errors).toEqual([{ field: c.field, message: expect.stringContaining('NUL') }]);
    }
  });
});

describe('an unpaired surrogate in any text input (JSON allows "\\ud800" alone)', () => {
  it('is refused with 400 naming the field; a whole surrogate pair (an emoji) is text like any other', async () => {
    const cases = [
      { req: { method: 'PUT' as const, url: '/api/v1/organization/public-intake', headers: { authorization: admin.auth }, payload: { slug: null, enabled: true, fields: [], phone: '\ud800', responseDays: 3 } }, field: 'body.phone' },
      { req: { method: 'POST' as const, url: '/api/v1/auth/login', payload: { email: 'a@example.org', password: 'x\udc00y' } }, field: 'body.password' },
      { req: { method: 'GET' as const, url: '/api/hsds/services?search=%ED%A0%80' }, field: null },
    ];
    for (const c of cases) {
      const res = await t.app.inject(c.req);
      if (c.field === null) {
        // Bytes that are not UTF-8 in a query string decode to U+FFFD, never to a lone surrogate.
        expect(res.statusCode, c.req.url).toBe(200);
        continue;
      }
      expect(res.statusCode, c.req.url).toBe(400);
      const p = problemOf(res);
      expect(p.code).toBe('validation-failed');
      expect(p.errors).toEqual([{ field: c.field, message: expect.stringContaining('valid Unicode') }]);
    }
    const emoji = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.org', password: 'pass 😀 word' } });
    expect(emoji.statusCode).toBe(401);
  });
});

describe('requests Fastify refuses itself', () => {
  it('answers problem+json with a stable code: malformed JSON, wrong and unsupported content types, too large, bad percent-encoding', async () => {
    const login = '/api/v1/auth/login';
    const cases: Array<[InjectOptions, number, string]> = [
      [{ method: 'POST', url: login, headers: { 'content-type': 'application/json' }, payload: '{"email":' }, 400, 'malformed-body'],
      [{ method: 'POST', url: login, headers: { 'content-type': 'application/json' }, payload: '' }, 400, 'malformed-body'],
      [{ method: 'POST', url: login, headers: { 'content-type': 'text/plain' }, payload: 'hi' }, 415, 'unsupported-media-type'],
      [{ method: 'POST', url: login, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=b' }, 415, 'unsupported-media-type'],
      [{ method: 'POST', url: login, headers: { 'content-type': 'application/json' }, payload: `"${'x'.repeat(6 * 1024 * 1024)}"` }, 413, 'body-too-large'],
      [{ method: 'GET', url: '/api/v1/users/%E0%A4%A' }, 400, 'malformed-url'],
      [{ method: 'GET', url: '/api/hsds/services/%zz' }, 400, 'malformed-url'],
      // Found by the OpenAPI fuzzer: a path parameter past the router's limit answered an undocumented 414.
      [{ method: 'GET', url: `/api/v1/users/${'x'.repeat(300)}` }, 400, 'validation-failed'],
    ];
    for (const [req, status, code] of cases) {
      const res = await t.app.inject(req);
      expect(problemOf(res), JSON.stringify(req).slice(0, 120)).toMatchObject({ status, code });
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('answers 405 with Allow for a known path asked with another method, and 404 for an unknown path', async () => {
    const me = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: { authorization: admin.auth } });
    expect(problemOf(me)).toMatchObject({ status: 405, code: 'method-not-allowed' });
    expect(me.headers.allow).toBe('GET, HEAD');
    const user = await t.app.inject({ method: 'PUT', url: `/api/v1/users/${admin.userId}/`, headers: { authorization: admin.auth } });
    expect(user.statusCode).toBe(405);
    expect(user.headers.allow).toBe('GET, HEAD, PATCH');
    const hsds = await t.app.inject({ method: 'POST', url: '/api/hsds/services' });
    expect(hsds.statusCode).toBe(405);
    expect(problemOf(await t.app.inject({ method: 'DELETE', url: '/api/v1/nothing-here' }))).toMatchObject({ status: 404 });
  });

  it('answers a request the HTTP parser refuses (a NUL in a header) as problem+json on the socket', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const raw = await new Promise<string>((resolve, reject) => {
      let out = '';
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-CSRF-Token: a\u0000b\r\n\r\n'));
      socket.on('data', (d) => (out += d.toString()));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 'malformed-request' });
  });
});

describe('security headers', () => {
  it('sends no-store on every API answer, also on paths the router normalizes or does not match, errors and 404s', async () => {
    for (const url of ['/api/v1/me', '/api/v1/me/', '//api/v1/me', '/API/v1/me', '/api/v1/nothing', '/Api/hsds/', '/api/hsds', '/api/v1/openapi.json', '/api/v1/docs/']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { authorization: admin.auth } });
      expect(res.headers['cache-control'], url).toBe('no-store');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(String(res.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
    }
  });

  it('sends a Content-Security-Policy on pages and on the API reference, the reference without inline scripts', async () => {
    const docs = await t.app.inject('/api/v1/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-security-policy']).toBe(DOCS_CSP);
    expect(DOCS_CSP).toMatch(/script-src 'self';/);
    expect(docs.body).not.toMatch(/<script>(?!\s*<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/);
    for (const url of ['/api/v1/docs/swagger-initializer.js', '/api/v1/docs/static/swagger-ui-bundle.js']) {
      const res = await t.app.inject(url);
      expect(res.headers['content-security-policy'], url).toBe(DOCS_CSP);
    }
    const page = await t.app.inject('/referrals');
    expect(page.headers['content-security-policy']).toBe(WEB_CSP);
  });

  it('sends HSTS only when the public address is https', async () => {
    expect((await t.app.inject('/api/v1/me')).headers['strict-transport-security']).toBeUndefined();
    const secure = await buildApp({ services: { ...t.services, publicUrl: 'https://peers.example.org' }, rateLimitPerMinute: 100_000 });
    for (const url of ['/api/v1/me', '/healthz', '/', '/api/v1/users/%zz']) {
      expect((await secure.inject(url)).headers['strict-transport-security'], url).toBe(HSTS);
    }
    await secure.close();
  });
});

describe('the OpenAPI document matches the server', () => {
  type Op = { operationId?: string; parameters?: unknown[]; requestBody?: unknown; security?: unknown[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
  const opsOf = (doc: { paths: Record<string, Record<string, Op>> }) =>
    Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

  it('documents errors as problem+json with the shared Problem schema, and the statuses the edge sends', async () => {
    // Fetched twice: the document is generated once per server, not mutated by a second fetch.
    await t.app.inject('/api/v1/openapi.json');
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    const duplicates: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`));
      else if (node && typeof node === 'object') {
        const req = (node as { required?: unknown }).required;
        if (Array.isArray(req) && new Set(req).size !== req.length) duplicates.push(at);
        for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
      }
    };
    walk(doc, '');
    expect(duplicates).toEqual([]);
    const wrong: string[] = [];
    for (const { path, method, op } of opsOf(doc)) {
      for (const [status, res] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const media = Object.keys(res.content ?? {});
        if (media.join() !== 'application/problem+json') wrong.push(`${method} ${path} ${status}: ${media.join()}`);
        else if ((res.content!['application/problem+json']!.schema as { $ref?: string }).$ref !== '#/components/schemas/Problem') wrong.push(`${method} ${path} ${status}: not the shared Problem`);
      }
      if (!path.startsWith('/api/')) continue;
      const expected = ['401', '429', '503', ...(path.includes('{') ? ['400', '404'] : []), ...(op.requestBody ? ['400', '413', '415'] : [])];
      for (const s of expected) if (!(s in op.responses)) wrong.push(`${method} ${path}: ${s} not documented`);
      if (!(Array.isArray(op.security) && op.security.length === 0) && !('403' in op.responses)) wrong.push(`${method} ${path}: 403 not documented`);
    }
    expect(wrong).toEqual([]);
  });

  it('has a stable, unique operationId on every operation, servers, a license, and the real media types of downloads', async () => {
    const secure = await buildApp({ services: { ...t.services, publicUrl: 'https://peers.example.org' }, rateLimitPerMinute: 100_000 });
    const doc = (await secure.inject('/api/v1/openapi.json')).json();
    await secure.close();
    const ops = opsOf(doc);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/v1/users/{id}'].get.operationId).toBe('getUsersById');
    expect(doc.paths['/api/hsds/services'].get.operationId).toBe('getApiHsdsServices');
    expect(doc.servers).toEqual([{ url: 'https://peers.example.org' }]);
    expect(doc.info.license).toEqual({ name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' });
    expect(Object.keys(doc.paths['/api/v1/claims/exports/{id}/file'].get.responses['200'].content).sort()).toEqual(['application/edi-x12', 'text/csv']);
    expect(doc.paths['/api/v1/auth/logout'].post.responses['204'].content).toBeUndefined();
  });
});
