import type { Actor } from '../../core/actor.ts';
import { forbidden } from '../../core/errors.ts';
import type { Page } from '../../core/paging.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { BillingService, Lang } from '../billing/billing.service.ts';
import * as caseloadRepo from './caseload.repo.ts';
import { ACTIVITIES } from './caseload.schemas.ts';
import * as repo from './notes.repo.ts';
import type { ActivitiesCheck, NoteListItem, NotesQuery } from './notes.schemas.ts';

export interface NotesDeps {
  db: Database;
  audit: AuditService;
  billing: BillingService;
  clock: () => Date;
}

export type NotesService = ReturnType<typeof createNotesService>;

const iso = (d: Date) => d.toISOString();

/**
 * The notes list (issue 17) and the operator's check of notes carrying every activity. A list
 * read names participants, so it is audited as the other caseload reads are (`encounter.list`
 * with the ids shown, in the same transaction).
 */
export const createNotesService = ({ db, audit, billing, clock }: NotesDeps) => {
  const service = {
    async listNotes(actor: Actor, q: NotesQuery, lang: Lang): Promise<Page<NoteListItem>> {
      if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
      const reviewer = actor.kind === 'system' || actor.role === 'admin' || actor.role === 'supervisor';
      if (!reviewer && (q.view === 'team' || q.view === 'unsigned')) throw forbidden("Supervisors and admins read the team's notes.");
      if (!reviewer && q.peerId !== undefined) throw forbidden("A peer reads their own notes.");
      return db.tenant(actor.orgId!, async (tx) => {
        // A peer's views are their own notes; a supervisor's are the team's, or one peer's.
        let peerId = q.peerId;
        if (!reviewer || q.view === 'mine' || q.view === 'drafts') {
          const own = actor.kind === 'user' ? await caseloadRepo.getPeerByUser(tx, actor.userId) : undefined;
          if (!reviewer || !peerId) {
            if (!own) return { total: 0, page: q.page, pageSize: q.pageSize, items: [] };
            peerId = own.id;
          }
        }
        const before = q.view === 'unsigned' ? new Date(clock().getTime() - q.days * 86_400_000) : undefined;
        const { total, items } = await repo.listNotes(tx, { view: q.view, peerId, before }, q.pageSize, (q.page - 1) * q.pageSize);
        const ids = items.map((r) => r.id);
        const parts = await caseloadRepo.participationsOf(tx, ids);
        const peers = new Map((await caseloadRepo.peersByIds(tx, [...new Set(items.map((r) => r.peerId))])).map((p) => [p.id, p.displayName]));
        const { views } = ids.length > 0 ? await billing.billingViews(tx, actor.orgId!, ids, lang) : { views: new Map() };
        await audit.record(tx, actor, { action: 'encounter.list', entityType: 'encounter', details: { view: q.view, ids } });
        return {
          total,
          page: q.page,
          pageSize: q.pageSize,
          items: items.map((r) => {
            const ps = parts.get(r.id) ?? [];
            const b = ps[0] ? views.get(`${r.id}|${ps[0].id}`) : undefined;
            const voided = r.voidedAt !== null && !r.voidResubmit;
            return {
              id: r.id,
              status: r.status as NoteListItem['status'],
              voided,
              participants: ps.map((p) => ({ id: p.id, displayName: p.displayName })),
              peer: { id: r.peerId, displayName: peers.get(r.peerId) ?? '' },
              type: r.type as NoteListItem['type'],
              serviceDate: r.serviceDate,
              startedAt: iso(r.startedAt),
              durationMinutes: r.durationMinutes,
              billable: b?.billable ?? false,
              billingReason: b ? b.reason : voided ? 'voided' : r.status === 'draft' ? 'unsigned' : null,
              signedAt: r.signedAt ? iso(r.signedAt) : null,
              returnComment: r.returnComment,
              updatedAt: iso(r.updatedAt),
            };
          }),
        };
      });
    },

    /**
     * Read only: in every organization, the signed notes and drafts whose activities include every
     * activity the form offers (what a new note started with before issue 17 was fixed). Signed
     * notes are records and are never changed here; drafts are left for their authors.
     */
    async checkActivities(): Promise<ActivitiesCheck> {
      const orgs = await db.owner((tx) => repo.allOrganizations(tx));
      const out: ActivitiesCheck = { activities: ACTIVITIES.length, organizations: [], signed: 0, drafts: 0 };
      for (const org of orgs) {
        const rows = await db.tenant(org.id, (tx) => repo.notesWithEveryActivity(tx, ACTIVITIES));
        const signedIds = rows.filter((r) => r.signed).map((r) => r.id);
        const draftIds = rows.filter((r) => !r.signed).map((r) => r.id);
        out.signed += signedIds.length;
        out.drafts += draftIds.length;
        if (rows.length > 0) out.organizations.push({ orgId: org.id, name: org.name, signed: signedIds.length, drafts: draftIds.length, signedIds, draftIds });
      }
      return out;
    },
  };
  return audit.refusals(service, {
    listNotes: (_actor, q) => ({ action: 'encounter.list', entityType: 'encounter', details: { view: q.view } }),
  });
};
