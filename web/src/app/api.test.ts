import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, apiUrl, ApiError, problemFrom, setCsrfToken, setRequestLanguage } from './api';

const problem = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json', ...headers } });

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setRequestLanguage(null);
});

describe('api client', () => {
  it('reads a problem document into a typed error, field names without the body. prefix', async () => {
    const e = await problemFrom(
      problem(400, {
        type: 'urn:peerbridge:problem:validation-failed',
        title: 'Bad Request',
        status: 400,
        code: 'validation-failed',
        detail: 'Check body.email.',
        errors: [{ field: 'body.email', message: 'Invalid email address' }],
      }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('validation-failed');
    expect(e.detail).toBe('Check body.email.');
    expect(e.errors).toEqual([{ field: 'email', message: 'Invalid email address' }]);
    expect(e.fieldError('email')).toBe('Invalid email address');
  });

  it('keeps Retry-After of a 429 and survives a body that is not JSON', async () => {
    const locked = await problemFrom(problem(429, { code: 'locked-out', detail: 'Too many.' }, { 'retry-after': '900' }));
    expect(locked.retryAfter).toBe(900);
    const broken = await problemFrom(new Response('<html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(broken.code).toBe('http-502');
    expect(broken.errors).toEqual([]);
  });

  it('leaves empty query values out of the URL', () => {
    expect(apiUrl('/audit-events', { page: 2, action: '', actorId: undefined, q: 'a b' })).toBe(
      '/api/v1/audit-events?page=2&q=a+b',
    );
  });

  it('sends the CSRF token on unsafe methods only, with same-origin credentials', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(null, { status: 204 });
    });
    setCsrfToken('tok');
    await api('/me');
    await api('/auth/logout', { method: 'POST' });
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect((calls[0]!.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect((calls[1]!.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
  });

  it("sends the app's chosen language, so server-worded reasons follow the app", async () => {
    const calls: RequestInit[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      calls.push(init);
      return new Response(null, { status: 204 });
    });
    await api('/me');
    setRequestLanguage('es');
    await api('/me');
    expect((calls[0]!.headers as Record<string, string>)['accept-language']).toBeUndefined();
    expect((calls[1]!.headers as Record<string, string>)['accept-language']).toBe('es');
  });

  it('turns a network failure into status 0', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api('/me')).rejects.toMatchObject({ status: 0, code: 'network-error' });
  });
});
