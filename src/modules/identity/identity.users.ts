// Organizations and their users (0001_identity.sql): an organization is created by the operator
// (CLI), users by an admin of their organization or the CLI; a role change or deactivation ends
// the user's sessions, and an organization keeps at least one active admin.
import { randomUUID } from 'node:crypto';
import type { Actor, Role, SystemActor } from '../../core/actor.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import * as repo from './identity.repo.ts';
import type { IdentityHelpers } from './identity.common.ts';
import { toOrgView, toUserView, type OrganizationView, type UserView } from './identity.views.ts';

interface UserCaseDeps extends Pick<IdentityHelpers, 'requireAdminOf' | 'insertUserChecked'> {
  db: Database;
  audit: AuditService;
}

export const createUserCases = ({ db, audit, requireAdminOf, insertUserChecked }: UserCaseDeps) => {
  return {
    // ---------- organizations ----------

    async createOrganization(actor: SystemActor, input: { name: string; timeZone?: string | undefined }): Promise<OrganizationView> {
      const id = randomUUID();
      // The new organization is its own tenant: RLS lets a transaction scoped to it insert it.
      return db.tenant(id, async (tx) => {
        const org = await repo.insertOrganization(tx, { id, name: input.name.trim(), ...(input.timeZone ? { timeZone: input.timeZone } : {}) });
        await audit.record(tx, { ...actor, orgId: id }, { action: 'organization.create', entityType: 'organization', entityId: id });
        return toOrgView(org);
      });
    },

    async getOrganization(actor: Actor, id: string): Promise<OrganizationView> {
      return db.tenant(id, async (tx) => {
        const org = await repo.getOrganization(tx, id);
        if (!org || (actor.kind === 'user' && actor.orgId !== id)) throw notFound('Organization');
        return toOrgView(org);
      });
    },

    // ---------- users ----------

    async createUser(
      actor: Actor,
      input: { orgId?: string | undefined; email: string; displayName?: string | null | undefined; role: Role; password: string },
    ): Promise<UserView> {
      const orgId = requireAdminOf(actor, input.orgId);
      return db.tenant(orgId, async (tx) => {
        if (actor.kind === 'system' && !(await repo.getOrganization(tx, orgId))) throw notFound('Organization');
        const user = await insertUserChecked(tx, orgId, input);
        await audit.record(tx, actor, { orgId, action: 'user.create', entityType: 'user', entityId: user.id, details: { role: user.role } });
        return toUserView(user);
      });
    },

    async listUsers(actor: Actor, q: string | undefined, page: PageQuery): Promise<Page<UserView>> {
      const orgId = requireAdminOf(actor);
      return db.tenant(orgId, async (tx) => {
        const { total, items } = await repo.listUsers(tx, q, page.pageSize, offsetOf(page));
        return { total, page: page.page, pageSize: page.pageSize, items: items.map(toUserView) };
      });
    },

    async getUser(actor: Actor, id: string): Promise<UserView> {
      const orgId = requireAdminOf(actor);
      return db.tenant(orgId, async (tx) => {
        const user = await repo.getUser(tx, id);
        if (!user) throw notFound('User');
        return toUserView(user);
      });
    },

    async updateUser(
      actor: Actor,
      id: string,
      patch: { role?: Role | undefined; active?: boolean | undefined; displayName?: string | null | undefined },
    ): Promise<UserView> {
      const orgId = requireAdminOf(actor);
      return db.tenant(orgId, async (tx) => {
        const before = await repo.getUser(tx, id);
        if (!before) throw notFound('User');
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        if (patch.role !== undefined && patch.role !== before.role) changes.role = { from: before.role, to: patch.role };
        if (patch.active !== undefined && patch.active !== before.active) changes.active = { from: before.active, to: patch.active };
        if (patch.displayName !== undefined && patch.displayName !== before.displayName) changes.displayName = { from: '(changed)', to: '(changed)' };
        const losesAdmin = before.role === 'admin' && before.active && (changes.role || changes.active);
        if (losesAdmin && (await repo.countActiveAdmins(tx)) <= 1) {
          throw conflict('last-admin', 'An organization needs at least one active administrator.');
        }
        const after = await repo.updateUser(tx, id, {
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.active !== undefined ? { active: patch.active } : {}),
          ...(patch.displayName !== undefined ? { displayName: patch.displayName?.trim() || null } : {}),
        });
        // A deactivated user, or one whose role changed, signs in again with the new rights.
        if (changes.active || changes.role) await repo.deleteSessionsOfUser(tx, id);
        if (Object.keys(changes).length > 0) {
          await audit.record(tx, actor, { action: changes.role ? 'user.role_change' : 'user.update', entityType: 'user', entityId: id, details: { changes } });
        }
        return toUserView(after!);
      });
    },
  };
};
