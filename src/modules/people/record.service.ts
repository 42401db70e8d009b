import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { isOverdue, localDate } from '../referrals/referrals.rules.ts';
import { getOrgSettings } from './people.repo.ts';
import type { PeopleService } from './people.service.ts';
import * as repo from './record.repo.ts';
import type { TimelineEntry, TimelineQuery, TimelineView } from './record.schemas.ts';

/**
 * A participant's record (issue 17): their history as one timeline, newest first, in pages.
 * Each kind of entry is a source: who may read it, its query (record.repo.ts) and its view. A new
 * kind (assessments) is one more source; a kind the caller may not read is never queried.
 *
 * Who sees what follows the module reads it gathers: the participant opens as on its own page
 * (analysts never, a peer only participants assigned to them or whose intake they did, another
 * organization's answers 404); a peer who may open the participant may open each of their notes
 * and referrals (caseload `openEncounter`, referrals `ownedBy`); coverage (payer and dates) is
 * billing information, which only admins work with (the coverage and claims pages are theirs).
 */
export interface RecordDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  clock: () => Date;
}

interface Context {
  today: string;
}

interface Source<R extends repo.TimelineRow> {
  kind: TimelineEntry['kind'];
  mayRead: (actor: Actor) => boolean;
  read: (tx: Tx, participantId: string, b: repo.Bound, limit: number) => Promise<R[]>;
  view: (row: R, ctx: Context) => TimelineEntry;
}

const source = <R extends repo.TimelineRow>(s: Source<R>) => s as unknown as Source<repo.TimelineRow>;
const anyStaff = () => true;
const adminsOnly = (actor: Actor) => actor.kind === 'system' || actor.role === 'admin';

/** Sorted by kind: the order that breaks ties between entries of the same instant. */
export const SOURCES: readonly Source<repo.TimelineRow>[] = [
  source<repo.CoverageRow>({
    kind: 'coverage',
    mayRead: adminsOnly,
    read: repo.coverages,
    view: (r) => ({ kind: 'coverage', id: `coverage:${r.key}`, at: r.at, payer: r.payer_name, startDate: r.start_date, endDate: r.end_date }),
  }),
  source<repo.MatchRow>({
    kind: 'match',
    mayRead: anyStaff,
    read: repo.matches,
    view: (r) => ({
      kind: 'match',
      id: `match:${r.key}`,
      at: r.at,
      event: r.event,
      assignmentId: r.assignment_id,
      peer: { id: r.peer_id, displayName: r.peer_name ?? '' },
      endedBy: r.ended_side,
    }),
  }),
  source<repo.PlanVersionRow>({
    kind: 'plan',
    mayRead: anyStaff,
    read: repo.planVersions,
    view: (r) => ({ kind: 'plan', id: `plan:${r.key}`, at: r.at, version: r.version, changedFields: r.changed_fields, goalCount: r.goal_count, changedBy: r.changed_by_name }),
  }),
  source<repo.ReferralRow>({
    kind: 'referral',
    mayRead: anyStaff,
    read: repo.referrals,
    view: (r, ctx) => ({
      kind: 'referral',
      id: `referral:${r.key}`,
      at: r.at,
      referralId: r.key,
      need: r.need,
      urgency: r.urgency,
      status: r.status,
      serviceName: r.service_name,
      organizationName: r.service_organization_name,
      followUpOn: r.follow_up_on,
      overdue: isOverdue({ status: r.status, outcome: r.outcome, followUpOn: r.follow_up_on }, ctx.today),
      outcome: r.outcome,
    }),
  }),
  source<repo.SessionRow>({
    kind: 'session',
    mayRead: anyStaff,
    read: repo.sessions,
    view: (r) => ({
      kind: 'session',
      id: `session:${r.key}`,
      at: r.at,
      encounterId: r.key,
      status: r.status,
      voided: r.voided,
      cosignRequired: r.cosign_required,
      type: r.type,
      modality: r.modality,
      serviceDate: r.service_date,
      durationMinutes: Number(r.duration_minutes),
      activities: r.activities,
      peer: r.peer_name,
    }),
  }),
];

// ---------- the cursor: the last entry of a page, as (at, kind, key) ----------

interface Cursor {
  at: string;
  kind: string;
  key: string;
}

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.at, c.kind, c.key])).toString('base64url');

export const decodeCursor = (text: string): Cursor => {
  const bad = () => badRequest('Check query.before.', [{ field: 'query.before', message: 'Not a cursor from this timeline' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((x) => typeof x === 'string')) throw bad();
  const [at, kind, key] = parsed as [string, string, string];
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at) || Number.isNaN(Date.parse(at)) || !SOURCES.some((s) => s.kind === kind) || key.length > 100) throw bad();
  return { at, kind, key };
};

/**
 * The part of a kind's history after the cursor in (at desc, kind desc, key desc) order: at the
 * cursor's instant, a kind sorting below the cursor's keeps all its entries, one above keeps none.
 */
export const boundFor = (kind: string, c: Cursor | null): repo.Bound => {
  if (!c) return { at: 'infinity', keyBelow: '~' };
  if (kind < c.kind) return { at: c.at, keyBelow: '~' };
  if (kind > c.kind) return { at: c.at, keyBelow: '' };
  return { at: c.at, keyBelow: c.key };
};

const newestFirst = (a: { at: string; kind: string; key: string }, b: { at: string; kind: string; key: string }) =>
  a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.kind !== b.kind ? (a.kind < b.kind ? 1 : -1) : a.key < b.key ? 1 : a.key > b.key ? -1 : 0;

export const createRecordService = ({ db, audit, people, clock }: RecordDeps) => {
  const service = {
    async timeline(actor: Actor, participantId: string, q: TimelineQuery): Promise<TimelineView> {
      if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
      const cursor = q.before ? decodeCursor(q.before) : null;
      return db.tenant(actor.orgId!, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        const org = await getOrgSettings(tx, actor.orgId!);
        const ctx: Context = { today: localDate(clock(), org?.timeZone ?? 'America/New_York') };
        const sources = SOURCES.filter((s) => s.mayRead(actor));
        // One more row of each kind than the page holds tells whether an older page exists.
        const rows: Array<{ at: string; kind: string; key: string; source: Source<repo.TimelineRow>; row: repo.TimelineRow }> = [];
        for (const s of sources) {
          for (const row of await s.read(tx, participantId, boundFor(s.kind, cursor), q.limit + 1)) rows.push({ at: row.at, kind: s.kind, key: row.key, source: s, row });
        }
        rows.sort(newestFirst);
        const pageRows = rows.slice(0, q.limit);
        const last = pageRows[pageRows.length - 1];
        const items = pageRows.map((r) => r.source.view(r.row, ctx));
        await audit.record(tx, actor, {
          action: 'participant.timeline_read',
          entityType: 'participant',
          entityId: participantId,
          details: {
            kinds: sources.map((s) => s.kind),
            encounterIds: items.flatMap((i) => (i.kind === 'session' ? [i.encounterId] : [])),
            referralIds: items.flatMap((i) => (i.kind === 'referral' ? [i.referralId] : [])),
          },
        });
        return {
          participantId,
          items,
          next: rows.length > q.limit && last ? encodeCursor({ at: last.at, kind: last.kind, key: last.key }) : null,
          kinds: sources.map((s) => s.kind),
        };
      });
    },

    /**
     * For the audit trail's "who opened this person's record" by name (admins, who may read the
     * trail): the ids of the organization's participants so named. The trail itself keeps no
     * names; this lookup is audited as a search that returned those participants.
     */
    async participantIdsByName(actor: Actor, name: string): Promise<string[]> {
      if (actor.kind !== 'user' || actor.role !== 'admin') throw forbidden('Admins read the audit trail.');
      return db.tenant(actor.orgId, async (tx) => {
        const ids = await repo.participantIdsByName(tx, name, 200);
        await audit.record(tx, actor, { action: 'participant.search', entityType: 'participant', details: { ids, via: 'audit-trail' } });
        return ids;
      });
    },
  };
  return audit.refusals(service, {
    timeline: (_actor, participantId) => ({ action: 'participant.timeline_read', entityType: 'participant', entityId: participantId }),
  });
};

export type RecordService = ReturnType<typeof createRecordService>;
