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
  /**
   * An instance operator: besides their role in their own organization, they may change the
   * shared directory every organization and the public HSDS API serve (issue 18). Not a role:
   * granted to one user by the CLI only (`peerbridge operator`), absent for everyone else.
   */
  operator?: true;
}

/** The operator at the command line or a job: trusted, but still scoped and audited. */
export interface SystemActor {
  kind: 'system';
  orgId: string | null;
  sourceIp: string | null;
  label: string;
}

export type Actor = UserActor | SystemActor;

/**
 * The holder of a referral receiver's link: no account and no role, only the token. It acts inside
 * the sending organization's tenant on that one referral, and every use is audited. Not an
 * `Actor`: no use case that takes `(actor, input)` accepts it.
 */
export interface LinkActor {
  kind: 'link';
  orgId: string;
  sourceIp: string | null;
}

/**
 * A participant signed in to their own portal (issue 23): no role, only their own record, inside
 * their organization's tenant. Not an `Actor`: no staff use case accepts it.
 */
export interface ParticipantActor {
  kind: 'participant';
  orgId: string;
  participantId: string;
  sourceIp: string | null;
}

/** Whom an audit event names. */
export type AuditActor = Actor | LinkActor | ParticipantActor;

export const linkActor = (orgId: string, sourceIp: string | null): LinkActor => ({ kind: 'link', orgId, sourceIp });

export const systemActor = (label: string, orgId: string | null = null): SystemActor => ({
  kind: 'system',
  orgId,
  sourceIp: null,
  label,
});

export const actorUserId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);

/**
 * Who may change the shared directory (issue 18): the CLI (a system actor) and instance
 * operators; never an organization's own admin as such.
 */
export const isInstanceOperator = (actor: Actor): boolean => actor.kind === 'system' || actor.operator === true;

/** The user behind an actor, for "by whom" columns: none for the system (CLI, jobs). */
export const userIdOf = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);
