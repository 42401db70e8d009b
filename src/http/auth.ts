import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserActor } from '../core/actor.ts';
import { safeEqual } from '../core/crypto.ts';
import { AppError, unauthorized } from '../core/errors.ts';
import type { IdentityService } from '../modules/identity/identity.service.ts';

export const SESSION_COOKIE = 'pb_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: UserActor | null;
    sessionId: string | null;
    csrfToken: string | null;
  }
}

/**
 * Resolves the caller from `Authorization: Bearer <token>` (scripts) or the session cookie
 * (browsers). Cookie sessions must echo their CSRF token in `X-CSRF-Token` on unsafe methods;
 * bearer callers cannot be driven by another site, so they need none.
 */
export const authenticate = (identity: IdentityService) => async (req: FastifyRequest) => {
  req.actor = null;
  req.sessionId = null;
  req.csrfToken = null;
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await identity.authenticateToken(match[1]!, req.ip) : null;
    if (!actor) throw unauthorized('invalid-token', 'The API token is not valid or was revoked.');
    req.actor = actor;
    return;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return;
  const session = await identity.authenticateSession(cookie, req.ip);
  if (!session) return;
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
      throw new AppError(403, 'csrf-failed', 'The request is missing its security token. Reload the page and try again.');
    }
  }
  req.actor = session.actor;
  req.sessionId = session.sessionId;
  req.csrfToken = session.csrfToken;
};

/** The signed-in caller, or 401. */
export const userOf = (req: FastifyRequest): UserActor => {
  if (!req.actor) throw unauthorized();
  return req.actor;
};

/**
 * The session cookie is Secure whenever the public address is https, whatever the request says:
 * behind a TLS proxy that is not trusted (TRUST_PROXY=false) every request looks like plain http,
 * and a cookie without Secure would then also travel over any plain-http request to the host.
 */
export const setSessionCookie = (req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date, publicUrl?: string) =>
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https' || publicUrl?.startsWith('https:') === true,
    path: '/',
    expires: expiresAt,
  });

export const clearSessionCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' });
