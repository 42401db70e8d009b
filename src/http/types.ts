import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The Fastify instance every module registers its routes on: zod-typed requests and replies. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The problem+json body, for the OpenAPI document. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z
      .array(
        z.object({
          field: z.string(),
          message: z.string(),
          note: z
            .object({ code: z.string(), values: z.record(z.string(), z.unknown()).optional() })
            .optional()
            .describe('the message as a code and its values, for saying it in another language (an import\'s row problems: DirectoryImport report notes)'),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem' });

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const commonErrors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
} as const;

export const idParam = z.object({ id: z.uuid() });

/**
 * The language of text the server words for a person (reasons, explanations): `?lang=` first,
 * then Accept-Language; English otherwise. Only English and Spanish are offered.
 */
export const langOf = (req: { query?: unknown; headers: Record<string, string | string[] | undefined> }): 'en' | 'es' => {
  const q = (req.query as { lang?: unknown } | undefined)?.lang;
  if (q === 'es' || q === 'en') return q;
  const header = req.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('es') ? 'es' : 'en';
};
