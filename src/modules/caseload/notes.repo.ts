import { and, asc, count, desc, eq, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { encounters } from '../../db/schema/caseload.ts';
import { organizations } from '../../db/schema/identity.ts';
import type { NoteView } from './notes.schemas.ts';

export interface NotesFilter {
  view: NoteView;
  /** A peer's own notes (the peer's views), or one peer of the team. */
  peerId?: string | undefined;
  /** `unsigned`: sessions that started before this instant. */
  before?: Date | undefined;
}

/** Notes of a view, a page at a time: what needs acting on oldest first, the rest newest first. */
export const listNotes = async (tx: Tx, f: NotesFilter, limit: number, offset: number) => {
  const notVoided = or(isNull(encounters.voidedAt), eq(encounters.voidResubmit, true));
  const where: SQL | undefined = and(
    f.peerId ? eq(encounters.peerId, f.peerId) : undefined,
    f.view === 'drafts' || f.view === 'unsigned' ? eq(encounters.status, 'draft') : undefined,
    f.view === 'returned' ? and(eq(encounters.status, 'returned'), notVoided) : undefined,
    f.view === 'unsigned' && f.before ? lt(encounters.startedAt, f.before) : undefined,
  );
  const order =
    f.view === 'mine' || f.view === 'team'
      ? [desc(encounters.startedAt), desc(encounters.id)]
      : f.view === 'returned'
        ? [asc(encounters.returnedAt), asc(encounters.id)]
        : [asc(encounters.startedAt), asc(encounters.id)];
  const [total] = await tx.select({ n: count() }).from(encounters).where(where);
  const items = await tx
    .select()
    .from(encounters)
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
  return { total: total?.n ?? 0, items };
};

/** Every organization (the owner's lookup policy on `organizations`, migration 0021). */
export const allOrganizations = async (tx: Tx) =>
  tx.select({ id: organizations.id, name: organizations.name }).from(organizations).orderBy(asc(organizations.name));

/** Notes of the current organization whose activities include every one of `all` (read only). */
export const notesWithEveryActivity = async (tx: Tx, all: readonly string[]) =>
  tx
    .select({ id: encounters.id, signed: isNotNull(encounters.signedAt).mapWith(Boolean) })
    .from(encounters)
    .where(sql`${encounters.activities} @> string_to_array(${all.join(',')}, ',')`)
    .orderBy(asc(encounters.createdAt));
