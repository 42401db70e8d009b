import type { Role, SystemActor } from '../core/actor.ts';
import type { Services } from '../services.ts';

/**
 * What every module's demo seeder (`<module>.demo.ts`) is given by `peerbridge demo`
 * (`src/cli/demo.ts`). It lives in the module layer so that seeders never import from `cli/`:
 * the CLI depends on the modules, never the other way round.
 */
export interface DemoUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  displayName: string;
}

export interface DemoContext {
  services: Services;
  actor: SystemActor;
  orgId: string;
  users: DemoUser[];
  /** Deterministic pseudo-random numbers, so the demo looks the same every time. */
  random: () => number;
  /** What earlier seeders made, for later ones (people: peerIds by name, participantIds). */
  shared: Record<string, unknown>;
  /**
   * The same services on the same database, reading the time from `clock`: a seeder makes a
   * history (a referral sent last week, accepted a day later) through the real use cases, stamped
   * when it would have happened, instead of rewriting rows that are kept append-only.
   */
  servicesAt: (clock: () => Date) => Services;
}

export type DemoSeeder = (ctx: DemoContext) => Promise<string[]>;
