/**
 * The one way the web app talks to the server. Cookie sessions (`credentials: 'same-origin'`),
 * the CSRF token from the last sign-in or `/me` answer on every state-changing request, and
 * `application/problem+json` (RFC 9457) errors turned into {@link ApiError}.
 */

export const API_BASE = '/api/v1';

export interface FieldError {
  /** Field name as the form knows it (`email`), with the server's `body.` prefix removed. */
  field: string;
  message: string;
  /** The message as a code and its values (an import's row problems), to say it in the reader's language. */
  note?: unknown;
}

/** A failed request: the server's problem document, or a network failure (`status` 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds from the `Retry-After` header of a 429, when the server sent one. */
  readonly retryAfter: number | undefined;

  constructor(
    status: number,
    code: string,
    detail: string,
    errors: FieldError[] = [],
    retryAfter?: number,
  ) {
    super(detail || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }

  /** The server's message for one field, if it named that field. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

let csrfToken: string | null = null;

/** Remember the token from `POST /auth/login`, `POST /setup` or `GET /me`. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

let requestLanguage: string | null = null;

/**
 * The language the user chose in the app, sent as `Accept-Language` so that what the server words
 * (match reasons, billing explanations, problem details) follows the app, not the browser.
 */
export function setRequestLanguage(lng: string | null | undefined): void {
  requestLanguage = lng ?? null;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

/** Builds `/api/v1/path?query`, leaving out empty query values. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function normaliseField(field: unknown): string {
  const name = typeof field === 'string' ? field : '';
  return name.replace(/^(body|query|params)[./]/, '').replace(/^\//, '');
}

/** Reads a problem document (or anything else) from a failed response. */
export async function problemFrom(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const text = await res.text();
    if (text) body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = {};
  }
  const code = typeof body.code === 'string' ? body.code : `http-${res.status}`;
  const detail =
    typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : res.statusText;
  const errors = Array.isArray(body.errors)
    ? body.errors.map((e: unknown) => {
        const item = (e ?? {}) as Record<string, unknown>;
        return { field: normaliseField(item.field), message: String(item.message ?? ''), ...(item.note !== undefined ? { note: item.note } : {}) };
      })
    : [];
  const retryHeader = Number(res.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined;
  return new ApiError(res.status, code, detail, errors, retryAfter);
}

/**
 * Fetches a file the API writes (CSV, PDF …) and saves it under the name its Content-Disposition
 * gives (else `fallbackName`); a failed answer throws its problem. Returns the name saved.
 */
export async function downloadFile(url: string, fallbackName: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, { headers, credentials: 'same-origin' });
  if (!res.ok) throw await problemFrom(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  saveFile(await res.blob(), name);
  return name;
}

/** Saves a file the page made (or fetched) under `name`, as the browser saves a download. */
export function saveFile(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (unsafeMethods.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (requestLanguage) headers['accept-language'] = requestLanguage;

  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network-error', 'The server could not be reached.');
  }
  if (!res.ok) throw await problemFrom(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
