/**
 * Who is acting. Every use case takes `(actor, input)` so HTTP, CLI and jobs pass through the same
 * authorization, tenancy and audit (ARCHITECTURE-GUIDE: services as factories over narrow deps).
 */
export const ROLES = ['admin', 'supervisor', 'peer', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export interface UserActor {
  kind: 'user';
  userId: string;
  orgId: string;
  role: Role;
  /** How the caller authenticated: a browser session or an API token. */
  via: 'session' | 'token';
  sourceIp: string | null;
}

/** The operator at the command line or a job: trusted, but still scoped and audited. */
export interface SystemActor {
  kind: 'system';
  orgId: string | null;
  sourceIp: string | null;
  label: string;
}

export type Actor = UserActor | SystemActor;

export const systemActor = (label: string, orgId: string | null = null): SystemActor => ({
  kind: 'system',
  orgId,
  sourceIp: null,
  label,
});

export const actorUserId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);
