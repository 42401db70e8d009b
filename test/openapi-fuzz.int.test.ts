import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/cli/demo.ts';
import { systemActor, type Role } from '../src/core/actor.ts';
import { createTestApp, type TestApp } from './harness/app.ts';
import { mutationOf, setAt, stringPaths, valueOf, type GenContext, type Schema } from './harness/openapi-arbitraries.ts';

/**
 * API fuzzing from the OpenAPI document (issue 18): for every operation, signed in with each role
 * and once without, valid and invalid inputs generated from the operation's own schemas; every
 * answer must be below 500, have a status the operation documents, and a body that validates
 * against the documented schema of its media type. Bounded for CI: a fixed seed, a few inputs per
 * operation and principal, on the demo agency so ids in paths often name real records.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 18_2026);
/** Inputs per operation: more for the administrator (who may do the most), fewer for the others. */
const RUNS = { admin: { valid: 2, invalid: 2 }, other: { valid: 1, invalid: 1 } };

interface Operation {
  method: string;
  path: string;
  parameters?: Array<{ in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security?: unknown[];
}
interface Doc {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  components: { schemas: Record<string, Schema> };
}

let t: TestApp;
let doc: Doc;
let operations: Operation[];
const principals: Array<{ name: string; auth?: string }> = [];
/** Ids of the fuzzer's own users and tokens: never fed to paths (it would revoke or deactivate itself). */
const ownIds = new Set<string>();
const knownIds = new Set<string>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const harvest = (value: unknown): void => {
  if (typeof value === 'string') {
    if (UUID.test(value) && !ownIds.has(value) && knownIds.size < 2000) knownIds.add(value);
  } else if (Array.isArray(value)) value.forEach(harvest);
  else if (value && typeof value === 'object') Object.values(value).forEach(harvest);
};

const ctx: GenContext = {
  resolve: (ref) => doc.components.schemas[ref.replace('#/components/schemas/', '')]!,
  knownIds: () => [...knownIds],
};

const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: true });
addFormats.default(ajv);
const validators = new Map<Schema, ReturnType<typeof ajv.compile>>();
const validatorOf = (schema: Schema) => {
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"doc#/$defs/')) as object);
    validators.set(schema, v);
  }
  return v;
};

beforeAll(async () => {
  t = await createTestApp();
  const demo = (await loadDemo(t.services))!;
  const roles: Role[] = ['admin', 'supervisor', 'peer', 'analyst'];
  for (const role of roles) {
    const user = demo.users.find((u) => u.role === role);
    if (!user) continue;
    const token = await t.services.identity.createApiToken(systemActor('test', demo.orgId), { email: user.email, name: 'fuzz' });
    principals.push({ name: role, auth: `Bearer ${token.token}` });
    ownIds.add(user.id);
  }
  principals.push({ name: 'anonymous' });
  for (const p of principals.filter((x) => x.auth)) {
    const tokens = (await t.app.inject({ url: '/api/v1/me/tokens', headers: { authorization: p.auth! } })).json() as { items: Array<{ id: string }> };
    for (const tok of tokens.items) ownIds.add(tok.id);
  }
  doc = (await t.app.inject('/api/v1/openapi.json')).json() as Doc;
  ajv.addSchema({ $id: 'doc', $defs: JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"doc#/$defs/')) as object });
  operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })));
  // Reads first (they fill the pool of real ids), then writes; the self-affecting ones last.
  const rank = (o: Operation) => (o.method === 'GET' ? 0 : /logout|revoke|password|totp/.test(o.path) ? 2 : 1);
  operations.sort((a, b) => rank(a) - rank(b));
  for (const op of operations.filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
    const res = await t.app.inject({ method: 'GET', url: op.path, headers: { authorization: principals[0]!.auth! } });
    // One JSON document only (an NDJSON stream such as /jobs.ndjson is not one).
    if (/application\/(.+\+)?json/.test(String(res.headers['content-type'] ?? ''))) harvest(res.json());
  }
}, 300_000);
afterAll(() => t?.close());

interface Input {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

const paramsSchema = (op: Operation, where: 'path' | 'query'): Schema | undefined => {
  const ps = (op.parameters ?? []).filter((p) => p.in === where);
  if (ps.length === 0) return undefined;
  return { type: 'object', properties: Object.fromEntries(ps.map((p) => [p.name, p.schema])), required: ps.filter((p) => p.required).map((p) => p.name) };
};
const bodySchema = (op: Operation) => op.requestBody?.content['application/json']?.schema;

const validInput = (op: Operation): fc.Arbitrary<Input> => {
  const path = paramsSchema(op, 'path');
  const query = paramsSchema(op, 'query');
  const body = bodySchema(op);
  return fc.record({
    path: path ? (valueOf(ctx, path) as fc.Arbitrary<Record<string, unknown>>) : fc.constant({}),
    query: query ? (valueOf(ctx, query) as fc.Arbitrary<Record<string, unknown>>) : fc.constant({}),
    body: body ? valueOf(ctx, body) : fc.constant(undefined),
  });
};

const invalidInput = (op: Operation): fc.Arbitrary<Input> => {
  const targets: Array<'path' | 'query' | 'body'> = [];
  if (paramsSchema(op, 'path')) targets.push('path');
  if (paramsSchema(op, 'query')) targets.push('query');
  if (bodySchema(op)) targets.push('body');
  if (targets.length === 0) return validInput(op);
  return fc.tuple(validInput(op), fc.constantFrom(...targets)).chain(([input, target]) => {
    if (target === 'path') {
      return fc
        .tuple(fc.constantFrom(...Object.keys(input.path)), fc.constantFrom('not-a-uuid', '%00', '0', 'x'.repeat(300), '..', '%2e%2e', '%E0%A4%A'))
        .map(([k, bad]) => ({ ...input, path: { ...input.path, [k]: bad }, raw: true }));
    }
    const schema = target === 'query' ? paramsSchema(op, 'query') : bodySchema(op);
    return mutationOf(ctx, schema).map((mutate) => ({ ...input, [target]: mutate(input[target]) as never }));
  });
};

const toRequest = (op: Operation, input: Input & { raw?: boolean }, auth: string | undefined): InjectOptions => {
  let url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = String(input.path[name] ?? '');
    // A "." or ".." segment, even as %2E, is resolved away by every HTTP client before it is sent
    // (RFC 3986 5.2.4; the WHATWG URL parser), which asks another path altogether: send the
    // value as the literal text "%2E" instead, so the request still names this operation.
    if (v === '.' || v === '..') return v.replace(/\./g, '%252E');
    return input.raw ? v : encodeURIComponent(v);
  });
  const qs = new URLSearchParams();
  const query = input.query && typeof input.query === 'object' && !Array.isArray(input.query) ? input.query : { q: input.query };
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) qs.append(k, typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item));
  }
  if ([...qs].length > 0) url += `?${qs.toString()}`;
  const headers: Record<string, string> = auth ? { authorization: auth } : {};
  const hasBody = op.requestBody || ['POST', 'PUT', 'PATCH'].includes(op.method);
  return {
    method: op.method as InjectOptions['method'],
    url,
    headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
    ...(hasBody ? { payload: JSON.stringify(input.body ?? {}) } : {}),
  };
};

/** What is wrong with an answer, against the operation's documented responses (empty when nothing). */
const problemsOf = (op: Operation, res: LightMyRequestResponse): string[] => {
  const out: string[] = [];
  if (res.statusCode >= 500) out.push(`status ${res.statusCode}: ${res.body.slice(0, 300)}`);
  const documented = op.responses[String(res.statusCode)] ?? op.responses[`${String(res.statusCode)[0]}XX`] ?? op.responses.default;
  if (!documented) {
    out.push(`status ${res.statusCode} not documented (${Object.keys(op.responses).join(', ')}): ${res.body.slice(0, 200)}`);
    return out;
  }
  if (res.statusCode === 204) {
    if (res.body !== '') out.push('204 with a body');
    return out;
  }
  const media = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
  const content = documented.content ?? {};
  if (Object.keys(content).length === 0) {
    if (res.body !== '') out.push(`status ${res.statusCode} documents no content but sent ${media}`);
    return out;
  }
  const entry = content[media];
  if (!entry) {
    out.push(`status ${res.statusCode}: media type ${media} not documented (${Object.keys(content).join(', ')})`);
    return out;
  }
  if (media === 'application/x-ndjson') {
    // A stream of JSON objects, one per line (the HSDS API's format=ndjson): each line must parse.
    const bad = res.body.split('\n').filter((line) => line.trim() !== '').findIndex((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    if (bad >= 0) out.push(`status ${res.statusCode}: NDJSON line ${bad + 1} is not a JSON object`);
    return out;
  }
  if (media.endsWith('json')) {
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      out.push(`status ${res.statusCode}: ${media} body is not JSON`);
      return out;
    }
    const validate = validatorOf(entry.schema);
    if (!validate(body)) out.push(`status ${res.statusCode}: body does not match its schema: ${ajv.errorsText(validate.errors).slice(0, 400)}`);
  }
  return out;
};

describe('OpenAPI fuzzing', () => {
  it('covers every operation of the document', () => {
    expect(operations.length).toBeGreaterThan(90);
    expect(principals.map((p) => p.name)).toEqual(['admin', 'supervisor', 'peer', 'analyst', 'anonymous']);
  });

  it('every operation, with each role and without sign-in, valid and invalid input: no 5xx, a documented status, a body matching its schema', async () => {
    const failures: string[] = [];
    const statuses: Record<string, Record<number, number>> = { valid: {}, invalid: {} };
    let sent = 0;
    for (const [i, op] of operations.entries()) {
      for (const [j, who] of principals.entries()) {
        const seed = SEED + i * 17 + j;
        const runs = who.name === 'admin' ? RUNS.admin : RUNS.other;
        const inputs = [
          ...fc.sample(validInput(op), { seed, numRuns: runs.valid }).map((input) => ['valid', input] as const),
          ...fc.sample(invalidInput(op), { seed: seed + 1, numRuns: runs.invalid }).map((input) => ['invalid', input] as const),
        ];
        for (const [kind, input] of inputs) {
          const req = toRequest(op, input, who.auth);
          const res = await t.app.inject(req);
          sent++;
          statuses[kind]![res.statusCode] = (statuses[kind]![res.statusCode] ?? 0) + 1;
          // JSON answers feed ids to later requests (NDJSON streams and empty 204s are not one JSON document).
          const type = String(res.headers['content-type'] ?? '');
          if (/application\/(.+\+)?json/.test(type) && res.statusCode < 300 && res.body !== '') harvest(res.json());
          for (const p of problemsOf(op, res)) failures.push(`${op.method} ${op.path} as ${who.name} (${kind}, seed ${seed}): ${p}\n    request: ${req.method} ${req.url} ${String(req.payload ?? '').slice(0, 300)}`);
        }
      }
    }
    // What the run reached, for the CI log: valid inputs should reach successes, not only refusals.
    console.info(`OpenAPI fuzzing: ${sent} requests over ${operations.length} operations; statuses ${JSON.stringify(statuses)}`);
    expect(sent).toBeGreaterThan(operations.length * principals.length * 2);
    expect(Object.entries(statuses.valid!).filter(([s]) => Number(s) < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(operations.length);
    expect([...new Set(failures)]).toEqual([]);
  }, 240_000);

  it('a NUL character in any string field of any operation never gives a 5xx, and a 400 names the field', async () => {
    const failures: string[] = [];
    const admin = principals[0]!.auth!;
    for (const [i, op] of operations.entries()) {
      const [input] = fc.sample(validInput(op), { seed: SEED + i, numRuns: 1 });
      const places: Array<{ field: string; apply: (x: Input) => Input }> = [];
      for (const p of (op.parameters ?? []).filter((x) => x.in !== 'header' && stringPaths(ctx, x.schema).length > 0)) {
        const where = p.in === 'path' ? 'path' : 'query';
        places.push({ field: `${where}.${p.name}`, apply: (x) => ({ ...x, [where]: { ...x[where], [p.name]: 'a\u0000b' } }) });
      }
      const body = bodySchema(op);
      for (const path of body ? stringPaths(ctx, body).filter((p) => p.length > 0) : []) {
        places.push({ field: `body.${path.join('.')}`, apply: (x) => ({ ...x, body: setAt(x.body, path, 'a\u0000b') }) });
      }
      for (const place of places) {
        const req = toRequest(op, place.apply(input!), admin);
        const res = await t.app.inject(req);
        if (res.statusCode >= 500) failures.push(`${op.method} ${op.path} ${place.field}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (res.statusCode === 400 && res.json<{ code: string }>().code === 'validation-failed') {
          const fields = (res.json<{ errors?: Array<{ field: string }> }>().errors ?? []).map((e) => e.field);
          if (fields.length !== 1) failures.push(`${op.method} ${op.path} ${place.field}: 400 naming ${fields.join(', ') || 'nothing'}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
