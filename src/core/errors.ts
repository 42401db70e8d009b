/**
 * One error type for the whole server. Services throw `AppError`; the HTTP edge maps it once to
 * `application/problem+json` (RFC 9457) and the CLI prints its detail. `code` is stable and
 * machine-readable; `detail` is for people and never contains SQL, stack traces or personal data.
 */
export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `body.email` or `preferences.0.code`. */
  field: string;
  message: string;
  /** The message as a code and its values, when a client may say it in another language (an import's row problems, issue 19). */
  note?: { code: string; values?: Record<string, unknown> };
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: number,
    code: string,
    detail: string,
    options: { errors?: FieldProblem[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

export const badRequest = (detail: string, errors?: FieldProblem[]) =>
  new AppError(400, 'validation-failed', detail, errors ? { errors } : {});
/** Refuses a request that has field problems (400, naming each field); nothing when there are none. */
export const failIfProblems = (problems: readonly FieldProblem[]): void => {
  if (problems.length > 0) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, [...problems]);
};
export const invalidField = (field: string, message: string) =>
  new AppError(400, 'validation-failed', message, { errors: [{ field, message }] });
export const unauthorized = (code = 'unauthenticated', detail = 'Sign in to continue.') =>
  new AppError(401, code, detail);
export const forbidden = (detail = 'Your role does not allow this action.') =>
  new AppError(403, 'forbidden', detail);
/** Also the answer for records of another organization: their existence is not revealed. */
export const notFound = (entity: string) => new AppError(404, 'not-found', `${entity} not found.`);
export const conflict = (code: string, detail: string) => new AppError(409, code, detail);
export const tooManyRequests = (code: string, detail: string, retryAfterSeconds: number) =>
  new AppError(429, code, detail, { headers: { 'retry-after': String(retryAfterSeconds) } });
export const unavailable = (detail: string) => new AppError(503, 'unavailable', detail);

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
