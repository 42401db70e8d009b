import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type { $ZodType } from 'zod/v4/core';

/**
 * The path of the first string (or object key) in `value` that holds a NUL character, or null.
 * PostgreSQL text cannot hold U+0000 (it fails the statement), so a NUL that reached a query
 * became a 500; it is refused here, once, for every string any route reads.
 */
export const findNul = (value: unknown, path: string[] = []): string[] | null => {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\0')];
      const found = findNul(v, [...path, key]);
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
 * which first refuses a NUL character anywhere in the input with 400 naming the field.
 */
export const validatorCompiler: FastifySchemaCompiler<$ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  return (data: unknown) => {
    const path = findNul(data);
    if (path) {
      return {
        error: [
          {
            [ZOD_VALIDATION]: true,
            keyword: 'nul_character',
            instancePath: `/${path.join('/')}`,
            schemaPath: '#/nul_character',
            message: 'Must not contain a NUL character (U+0000)',
            params: {},
          },
        ] as unknown as FastifySchemaValidationError[],
      };
    }
    return validate(data);
  };
};
