import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas of an OpenAPI 3.1 document, for the API fuzzing
 * test: values that satisfy a schema (valid input) and mutations that break it (invalid input).
 * Covers the keywords our zod-generated document uses: $ref, anyOf/oneOf, const, enum, type (also
 * as a list), string lengths, patterns and formats (uuid, date, date-time, email, uri), number
 * bounds, arrays and objects with required, optional and additional properties.
 */
export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: boolean | Schema;
};

export interface GenContext {
  /** Resolves `#/components/schemas/X`. */
  resolve(ref: string): Schema;
  /** Ids seen in answers, so generated path and body ids sometimes name real records. */
  knownIds: () => string[];
}

export const deref = (ctx: GenContext, s: Schema): Schema => (s.$ref ? deref(ctx, ctx.resolve(s.$ref)) : s);

const isoDate = fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });
const word = fc.stringMatching(/^[a-z]{1,8}$/);

const uuidArb = (ctx: GenContext) => {
  const known = ctx.knownIds();
  return known.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: fc.uuid({ version: 4 }), weight: 1 }) : fc.uuid({ version: 4 });
};

const stringArb = (ctx: GenContext, s: Schema): fc.Arbitrary<string> => {
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = Math.min(typeof s.maxLength === 'number' ? s.maxLength : 40, Math.max(min, 40));
  switch (s.format) {
    case 'uuid':
      return uuidArb(ctx);
    case 'date':
      return isoDate.map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return isoDate.map((d) => d.toISOString());
    case 'email':
      return fc.tuple(word, word).map(([a, b]) => `${a}@${b}.example.org`);
    case 'uri':
      return word.map((w) => `https://${w}.example.org/`);
  }
  if (typeof s.pattern === 'string') {
    const base = fc.stringMatching(new RegExp(s.pattern));
    return base.filter((v) => v.length >= min && v.length <= (typeof s.maxLength === 'number' ? s.maxLength : Infinity));
  }
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
};

const numberArb = (s: Schema, integer: boolean): fc.Arbitrary<number> => {
  const lo = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + (integer ? 1 : 0.001) : -1000;
  const hi = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - (integer ? 1 : 0.001) : 1000;
  const [a, b] = [Math.max(lo, -1e9), Math.min(hi, 1e9)];
  return integer ? fc.integer({ min: Math.ceil(a), max: Math.floor(b) }) : fc.double({ min: a, max: b, noNaN: true, noDefaultInfinity: true });
};

/** A value valid against `s`. `depth` bounds recursion. */
export const valueOf = (ctx: GenContext, schema: Schema, depth = 0): fc.Arbitrary<unknown> => {
  const s = deref(ctx, schema);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => valueOf(ctx, a, depth + 1)));
  if (s.allOf) return valueOf(ctx, Object.assign({}, ...s.allOf.map((a) => deref(ctx, a))) as Schema, depth + 1);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((t) => valueOf(ctx, { ...s, type: t }, depth)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'string':
      return stringArb(ctx, s);
    case 'array': {
      const minItems = typeof s.minItems === 'number' ? s.minItems : 0;
      const maxItems = Math.min(typeof s.maxItems === 'number' ? s.maxItems : 3, Math.max(minItems, 3));
      return depth > 6 ? fc.constant([]) : fc.array(s.items ? valueOf(ctx, s.items, depth + 1) : fc.jsonValue(), { minLength: minItems, maxLength: maxItems });
    }
    case 'object':
    case undefined: {
      if (!s.properties && types[0] === undefined) return fc.jsonValue({ maxDepth: 2 });
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = valueOf(ctx, v, depth + 1);
      const base = fc.record(record, { requiredKeys: [...required].filter((k) => k in props) });
      if (s.additionalProperties && typeof s.additionalProperties === 'object' && Object.keys(props).length === 0 && depth < 6) {
        return fc.dictionary(word, valueOf(ctx, s.additionalProperties, depth + 1), { maxKeys: 3 });
      }
      return base;
    }
  }
  return fc.jsonValue({ maxDepth: 2 });
};

/** Every path (as keys) to a string-typed place in `s`, for NUL injection. */
export const stringPaths = (ctx: GenContext, schema: Schema, depth = 0, at: string[] = []): string[][] => {
  const s = deref(ctx, schema);
  if (depth > 5) return [];
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const out: string[][] = [];
  if (types.includes('string') && !s.enum && !('const' in s)) out.push(at);
  for (const alt of s.anyOf ?? s.oneOf ?? []) {
    for (const p of stringPaths(ctx, alt, depth + 1, at)) if (!out.some((o) => o.join('/') === p.join('/'))) out.push(p);
  }
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...stringPaths(ctx, v, depth + 1, [...at, k]));
  return out;
};

/** Sets `value` at `path` in a copy of `target` (creating objects on the way). */
export const setAt = (target: unknown, path: string[], value: unknown): unknown => {
  if (path.length === 0) return value;
  const base = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  const [head, ...rest] = path;
  base[head!] = setAt(base[head!], rest, value);
  return base;
};

/** Ways to break a valid object input: a wrong type, a missing required field, a NUL, a too-long string, an unknown shape. */
export const mutationOf = (ctx: GenContext, schema: Schema | undefined): fc.Arbitrary<(v: unknown) => unknown> => {
  const s = schema ? deref(ctx, schema) : {};
  const props = Object.keys(s.properties ?? {});
  const required = (s.required ?? []).filter((k) => props.includes(k));
  const strings = schema ? stringPaths(ctx, schema).filter((p) => p.length > 0) : [];
  const muts: Array<fc.Arbitrary<(v: unknown) => unknown>> = [
    fc.constantFrom<(v: unknown) => unknown>(() => [], () => 'text', () => 42, () => null),
  ];
  if (props.length > 0) {
    muts.push(
      fc.tuple(fc.constantFrom(...props), fc.constantFrom<unknown>(12345, 'x', true, [], { a: 1 }, -1, 1e308, '9'.repeat(400))).map(
        ([k, bad]) => (v: unknown) => setAt(v, [k], bad),
      ),
    );
  }
  if (required.length > 0) {
    muts.push(
      fc.constantFrom(...required).map((k) => (v: unknown) => {
        const copy = { ...(v as Record<string, unknown>) };
        delete copy[k];
        return copy;
      }),
    );
  }
  if (strings.length > 0) {
    muts.push(fc.tuple(fc.constantFrom(...strings), fc.constantFrom('\u0000', 'a\u0000b', 'x'.repeat(10_001), '\ud800')).map(([p, bad]) => (v: unknown) => setAt(v, p, bad)));
  }
  return fc.oneof(...muts);
};
