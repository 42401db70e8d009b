import { api } from '../../app/api';
import type { Role } from '../../app/session';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** `User` in the OpenAPI document. */
export interface User {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  active: boolean;
  totpEnabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export const listUsers = (q: { page: number; pageSize: number; q?: string }) =>
  api<Paged<User>>('/users', { query: q });

export const createUser = (input: { email: string; displayName?: string; role: Role; password: string }) =>
  api<User>('/users', { method: 'POST', body: input });

export const updateUser = (id: string, patch: { role?: Role; active?: boolean; displayName?: string | null }) =>
  api<User>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });

/** `AuditEvent` in the OpenAPI document. */
export interface AuditEvent {
  id: string;
  seq: number;
  occurredAt: string;
  actor: { id: string; email: string | null } | null;
  actorKind?: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
  sourceIp: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  entityType?: string;
  /** ISO date-times with offset: the start and end of the chosen local days. */
  from?: string;
  to?: string;
}

export const listAuditEvents = (q: AuditFilter & { page: number; pageSize: number }) =>
  api<Paged<AuditEvent>>('/audit-events', { query: { ...q } });

/** Actions recorded so far (src/modules/*), offered as suggestions; any other text still filters. */
export const KNOWN_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.login_locked',
  'auth.logout',
  'user.create',
  'user.update',
  'user.role_change',
  'user.password_change',
  'user.password_reset',
  'user.totp_setup',
  'user.totp_enable',
  'user.totp_disable',
  'token.create',
  'organization.create',
] as const;

export const KNOWN_ENTITY_TYPES = ['user', 'organization', 'api_token'] as const;
