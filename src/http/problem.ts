import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isAppError, type FieldProblem } from '../core/errors.ts';

/**
 * Maps every error, once, to `application/problem+json` (RFC 9457) with a stable `code` and, for
 * validation, the offending fields. Clients never see stack traces or SQL.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldProblem[];
}

export const problem = (status: number, code: string, detail: string, errors?: FieldProblem[]): Problem => ({
  type: `urn:peerbridge:problem:${code}`,
  title: STATUS_CODES[status] ?? 'Error',
  status,
  detail,
  code,
  ...(errors ? { errors } : {}),
});

export const sendProblem = (reply: FastifyReply, p: Problem) =>
  reply.status(p.status).type('application/problem+json').send(p);

const fieldOf = (context: string | undefined, instancePath: string) => {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const prefix = context === 'querystring' ? 'query' : context === 'params' ? 'path' : (context ?? 'body');
  return path ? `${prefix}.${path}` : prefix;
};

/**
 * What of an error may reach the logs. Query errors carry the statement's parameters (personal
 * data), so only the database's own message and SQLSTATE are kept, never the parameters.
 */
export const loggableError = (err: Error) => {
  const cause = (err as { cause?: { message?: string; code?: string } }).cause;
  const fromQuery = err.message.startsWith('Failed query:');
  return {
    type: err.name,
    code: (err as { code?: string }).code ?? cause?.code,
    message: fromQuery ? `query failed: ${cause?.message ?? 'unknown database error'}` : err.message,
    stack: fromQuery ? undefined : err.stack,
  };
};

export const toProblem = (err: FastifyError | Error, req: FastifyRequest): Problem => {
  if (isAppError(err)) return problem(err.status, err.code, err.detail, err.errors);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => ({
      field: fieldOf((err as FastifyError).validationContext, v.instancePath),
      message: v.message ?? 'Invalid value',
    }));
    return problem(400, 'validation-failed', `Check ${errors.map((e) => e.field).join(', ')}.`, errors);
  }
  const fe = err as FastifyError;
  const status = fe.statusCode ?? 500;
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return problem(415, 'unsupported-media-type', 'Send JSON (Content-Type: application/json).');
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return problem(413, 'body-too-large', 'The request body is too large.');
  if (status === 400 && (fe.code?.startsWith('FST_ERR_CTP') || err instanceof SyntaxError)) {
    return problem(400, 'malformed-body', 'The request body is not valid JSON.', [{ field: 'body', message: 'Not valid JSON' }]);
  }
  if (status < 500) return problem(status, (fe.code ?? 'error').toLowerCase().replaceAll('_', '-'), STATUS_CODES[status] ?? 'Error');
  req.log.error({ err: loggableError(err) }, 'unhandled error');
  return problem(500, 'internal-error', 'Something went wrong on our side. The error was logged; please try again.');
};
