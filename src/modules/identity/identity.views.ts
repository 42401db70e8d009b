// The API shapes of organizations, users and sign-ins, from their stored rows (identity.repo.ts).
// identity.service.ts re-exports them; its use cases (identity.*.ts) answer with them.
import type { Role, UserActor } from '../../core/actor.ts';
import type * as repo from './identity.repo.ts';

export interface UserView {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  active: boolean;
  totpEnabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface MeView extends Omit<UserView, 'active' | 'createdAt' | 'lastLoginAt'> {
  /** An instance operator signed in with a session: the web app offers the directory import. */
  operator: boolean;
  organization: { id: string; name: string; timeZone: string };
}

export interface OrganizationView {
  id: string;
  name: string;
  timeZone: string;
  createdAt: string;
}

export const toUserView = (u: repo.UserRow): UserView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role as Role,
  active: u.active,
  totpEnabled: u.totpEnabled,
  createdAt: u.createdAt.toISOString(),
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
});

export const toOrgView = (o: repo.OrganizationRow): OrganizationView => ({
  id: o.id,
  name: o.name,
  timeZone: o.timeZone,
  createdAt: o.createdAt.toISOString(),
});

export interface LoginResult {
  user: UserView;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface SessionAuth {
  actor: UserActor;
  sessionId: string;
  csrfToken: string;
}
