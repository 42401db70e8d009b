import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type { $ZodType } from 'zod/v4/core';

/** Text PostgreSQL cannot store, and what the refusal says. */
type Unstorable = { path: string[]; keyword: 'nul_character' | 'unpaired_surrogate'; message: string };

/**
 * An unpaired UTF-16 surrogate (JSON allows "\ud800" alone): not Unicode text, so it has no UTF-8
 * form; PostgreSQL refused it in a jsonb value ("unsupported Unicode escape sequence") and the
 * statement failed with a 500. In a `u` regular expression a surrogate pair is one code point,
 * so only a lone half matches.
 */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

const problemOf = (text: string): Omit<Unstorable, 'path'> | null =>
  text.includes('\u0000')
    ? { keyword: 'nul_character', message: 'Must not contain a NUL character (U+0000)' }
    : UNPAIRED_SURROGATE.test(text)
      ? { keyword: 'unpaired_surrogate', message: 'Must be valid Unicode text (it holds half of a surrogate pair)' }
      : null;

/**
 * The first string (or object key) in `value` that PostgreSQL text cannot hold, or null: a NUL
 * character (U+0000), or an unpaired surrogate. Either reaching a query failed the statement and
 * became a 500; both are refused here, once, for every string any route reads.
 */
export const findUnstorable = (value: unknown, path: string[] = []): Unstorable | null => {
  if (typeof value === 'string') {
    const p = problemOf(value);
    return p ? { path, ...p } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const p = problemOf(key);
      if (p) return { path: [...path, key.replaceAll('\u0000', '\\0').replace(new RegExp(UNPAIRED_SURROGATE, 'gu'), '\uFFFD')], ...p };
      const found = findUnstorable(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
};

// The marker fastify-type-provider-zod puts on its validation issues (Symbol.for: one registry),
// so `toProblem` maps this refusal exactly like any other schema error: 400, the field named.
const ZOD_VALIDATION = Symbol.for('ZodFastifySchemaValidationError');

/**
 * The zod validator compiler of every route (body, query string, path parameters and headers),
 * which first refuses text PostgreSQL cannot store (findUnstorable) with 400 naming the field.
 */
export const validatorCompiler: FastifySchemaCompiler<$ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  return (data: unknown) => {
    const found = findUnstorable(data);
    if (found) {
      return {
        error: [
          {
            [ZOD_VALIDATION]: true,
            keyword: found.keyword,
            instancePath: `/${found.path.join('/')}`,
            schemaPath: `#/${found.keyword}`,
            message: found.message,
            params: {},
          },
        ] as unknown as FastifySchemaValidationError[],
      };
    }
    return validate(data);
  };
};
