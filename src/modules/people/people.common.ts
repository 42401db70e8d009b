// What the people use cases share, split from people.service.ts with them: instants as the API
// writes them, the organization's own lived-experience codes, the staff check (analysts work from
// aggregate reports only) and who may open a participant (another organization's record and one a
// peer has no part in both answer 404, docs/conventions.md 4).
// Peer profiles (people.peers.ts), participants (people.participants.ts) and assignments
// (people.assignments.ts) use it; people.service.ts wires them together.
import type { Actor, UserActor } from '../../core/actor.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import type { TaxonomyExtension } from '../matching/taxonomy.ts';
import * as repo from './people.repo.ts';
import { participantScope } from './people.rules.ts';

export const iso = (d: Date) => d.toISOString();

/** The organization's own lived-experience codes (settings.livedExperienceExtensions). */
export const extensionsOf = (settings: Record<string, unknown> | undefined): TaxonomyExtension[] =>
  Array.isArray(settings?.livedExperienceExtensions) ? (settings.livedExperienceExtensions as TaxonomyExtension[]) : [];

export const staffOnly = (actor: Actor): UserActor | null => {
  if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
  return actor.kind === 'user' ? actor : null;
};

/**
 * Opens one participant for `actor` or answers 404: another organization's record (RLS hides
 * it) and a record a peer has no part in look the same.
 */
export const openParticipant = async (tx: Tx, actor: Actor, id: string) => admitParticipant(tx, actor, id, await repo.getParticipant(tx, id));

/**
 * The same checks as `openParticipant` for a row the caller already read (the matcher reads it
 * with its settings in one query).
 */
export const admitParticipant = async <R>(tx: Tx, actor: Actor, id: string, row: R | undefined): Promise<R> => {
  const user = staffOnly(actor);
  if (!row) throw notFound('Participant');
  if (user && participantScope(user.role) === 'own') {
    const peer = await repo.getPeerByUser(tx, user.userId);
    if (!(await repo.participantVisibleTo(tx, id, peer?.id ?? null, user.userId))) throw notFound('Participant');
  }
  return row;
};
