import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { badRequest, conflict, forbidden, notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { viewOf } from './registry.access.ts';
import * as repo from './registry.repo.ts';
import { SHARED_FIELDS } from './snapshot.rules.ts';

export interface RegistryDeps {
  db: Database;
  audit: AuditService;
  publicUrl?: string | undefined;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Running a registry and joining one (issue 22). A registry is created by an organization's
 * admin; another organization's admin joins it by choice after seeing exactly which de-identified
 * fields leave, receives a submission token for its server (scope: this registry's snapshots
 * only), and can leave again: its records then stop counting in new figures.
 */
export const createRegistryService = ({ db, audit }: RegistryDeps) => ({
  async create(actor: Actor, input: { name: string }) {
    if (actor.kind !== 'user' || actor.role !== 'admin' || !actor.orgId) throw forbidden('Only an administrator can start a registry.');
    const id = randomUUID();
    await db.tenant(actor.orgId, async (tx) => {
      await repo.insertRegistry(tx, { id, orgId: actor.orgId!, name: input.name, secret: randomBytes(32).toString('base64url'), createdBy: actor.userId });
      await audit.record(tx, actor, { action: 'registry.create', entityType: 'registry', entityId: id });
    });
    return { id, name: input.name, sharedFields: [...SHARED_FIELDS] };
  },

  /** Registries the caller's organization runs, and those it is a member of. */
  async list(actor: Actor) {
    if (actor.kind !== 'user' || !actor.orgId) throw forbidden();
    return db.tenant(actor.orgId, async (tx) => {
      const own = actor.role === 'admin' || actor.role === 'analyst' ? await repo.ownRegistries(tx) : [];
      const memberships = actor.role === 'admin' ? await repo.membershipsOf(tx, actor.orgId!) : [];
      const joined = [];
      for (const m of memberships) {
        const r = await repo.publicRegistry(tx, m.registry_id);
        if (r) joined.push({ id: r.id, name: r.name, joinedAt: m.joined_at, leftAt: m.left_at, sharedFields: m.shared_fields });
      }
      return { runs: own.map((r) => ({ id: r.id, name: r.name })), memberOf: joined };
    });
  },

  /** What a registry is and, before joining, exactly which fields would leave. */
  async describe(actor: Actor, registryId: string) {
    if (actor.kind !== 'user' || !actor.orgId) throw forbidden();
    const registry = await db.tenant(actor.orgId, (tx) => repo.publicRegistry(tx, registryId));
    if (!registry) throw notFound('Registry');
    const runs = registry.org_id === actor.orgId;
    const members = runs && actor.role === 'admin' ? await db.tenant(registry.org_id, (tx) => repo.membersOf(tx, registryId)) : [];
    const mine = runs ? null : await db.tenant(actor.orgId, (tx) => repo.membership(tx, registryId, actor.orgId!));
    return {
      id: registry.id,
      name: registry.name,
      sharedFields: [...SHARED_FIELDS],
      neverShared: ['name', 'contact', 'exact birth date', 'free text'],
      members: members.map((m) => ({ organizationId: m.member_org_id, name: m.member_name, joinedAt: m.joined_at, leftAt: m.left_at })),
      membership: mine ? { joinedAt: mine.joined_at, leftAt: mine.left_at } : null,
    };
  },

  /** The member admin's opt-in: answers the submission token once (only its hash is kept). */
  async join(actor: Actor, registryId: string, input: { acceptSharedFields: boolean; organizationName: string }) {
    if (actor.kind !== 'user' || actor.role !== 'admin' || !actor.orgId) throw forbidden("Only your organization's administrator can join a registry.");
    if (!input.acceptSharedFields) throw badRequest('Joining shares the listed fields; accept them to join.', [{ field: 'body.acceptSharedFields', message: 'Must be true to join' }]);
    const registry = await db.tenant(actor.orgId, (tx) => repo.publicRegistry(tx, registryId));
    if (!registry) throw notFound('Registry');
    if (registry.org_id === actor.orgId) throw conflict('already-registry', 'Your organization runs this registry.');
    const token = `pbr_${randomBytes(24).toString('base64url')}`;
    await db.tenant(actor.orgId, async (tx) => {
      await repo.upsertMember(tx, {
        registryId,
        orgId: registry.org_id,
        memberOrgId: actor.orgId!,
        memberName: input.organizationName,
        sharedFields: [...SHARED_FIELDS],
        joinedBy: actor.userId,
        tokenHash: hashToken(token),
      });
      await audit.record(tx, actor, { action: 'registry.join', entityType: 'registry', entityId: registryId });
    });
    // A member that comes back counts again, its earlier snapshots included.
    await db.tenant(registry.org_id, (tx) => repo.refreshMonthly(tx, registryId, registry.org_id), null, db.longStatements);
    return { registryId, submitToken: token, sharedFields: [...SHARED_FIELDS] };
  },

  async leave(actor: Actor, registryId: string) {
    const view = await viewOf(db, actor, registryId);
    if (view.as !== 'member' || actor.kind !== 'user') throw forbidden('Only a member organization can leave a registry.');
    await db.tenant(actor.orgId, async (tx) => {
      await repo.leave(tx, registryId, actor.orgId!);
      await audit.record(tx, actor, { action: 'registry.leave', entityType: 'registry', entityId: registryId });
    });
    // Its records stop counting in the figures from now on, the trend's rollup included.
    await db.tenant(view.registry.org_id, (tx) => repo.refreshMonthly(tx, registryId, view.registry.org_id), null, db.longStatements);
  },
});

export type RegistryService = ReturnType<typeof createRegistryService>;
