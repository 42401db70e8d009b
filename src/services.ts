import type { Keys } from './core/crypto.ts';
import type { Database } from './db/client.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createIdentityService } from './modules/identity/identity.service.ts';
import { createPeopleService } from './modules/people/people.service.ts';

/** Wires repositories into services. HTTP routes, the CLI and jobs all go through these. */
export interface ServiceOptions {
  db: Database;
  keys: Keys;
  clock?: () => Date;
  sessionTtlMs?: number;
  sessionIdleMs?: number;
}

export const createServices = (o: ServiceOptions) => {
  const clock = o.clock ?? (() => new Date());
  const audit = createAuditService({ db: o.db, auditKey: o.keys.audit });
  const identity = createIdentityService({
    db: o.db,
    keys: o.keys,
    audit,
    clock,
    sessionTtlMs: o.sessionTtlMs ?? 12 * 3_600_000,
    sessionIdleMs: o.sessionIdleMs ?? 30 * 60_000,
  });
  const people = createPeopleService({ db: o.db, keys: o.keys, audit });
  return { db: o.db, keys: o.keys, clock, audit, identity, people };
};

export type Services = ReturnType<typeof createServices>;
