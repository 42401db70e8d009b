import type { Actor } from '../../core/actor.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import * as repo from './registry.repo.ts';

/**
 * Who sees what of a registry (issue 22, registry roles): the registry organization's admin runs
 * it; its analysts read aggregates only (every output suppressed, as for everyone); a member
 * organization's admin sees its own figures beside the registry's. Anyone else is told the
 * registry does not exist.
 */
export type RegistryView = { registry: repo.RegistryRow; as: 'registry-admin' | 'analyst' | 'member'; memberOrgId: string | null };

export const viewOf = async (db: Database, actor: Actor, registryId: string): Promise<RegistryView> => {
  if (actor.kind !== 'user' || !actor.orgId) {
    if (actor.kind === 'system') {
      const registry = await db.tenant(null, (tx) => repo.publicRegistry(tx, registryId));
      if (!registry) throw notFound('Registry');
      return { registry, as: 'registry-admin', memberOrgId: null };
    }
    throw forbidden();
  }
  const registry = await db.tenant(actor.orgId, (tx) => repo.publicRegistry(tx, registryId));
  if (!registry) throw notFound('Registry');
  if (registry.org_id === actor.orgId) {
    if (actor.role === 'admin') return { registry, as: 'registry-admin', memberOrgId: null };
    if (actor.role === 'analyst') return { registry, as: 'analyst', memberOrgId: null };
    throw notFound('Registry');
  }
  if (actor.role === 'admin') {
    const member = await db.tenant(actor.orgId, (tx) => repo.membership(tx, registryId, actor.orgId!));
    if (member && member.left_at === null) return { registry, as: 'member', memberOrgId: actor.orgId };
  }
  throw notFound('Registry');
};

export const requireRegistryAdmin = (view: RegistryView) => {
  if (view.as !== 'registry-admin') throw forbidden("Only the registry's administrators can do this.");
};
