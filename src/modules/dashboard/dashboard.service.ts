import type { Actor } from '../../core/actor.ts';
import { forbidden } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import * as caseloadRepo from '../caseload/caseload.repo.ts';
import * as peopleRepo from '../people/people.repo.ts';
import * as referralsRepo from '../referrals/referrals.repo.ts';
import * as repo from './dashboard.repo.ts';
import { dueCountOfPeer } from '../outcomes/due.ts';
import type { DashboardSummary, Metric } from './dashboard.schemas.ts';
import { createFollowUpRate } from './followup-rate.ts';

export interface DashboardDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
}

/** How many of the fullest peers the home page lists. */
const CASELOAD_ROWS = 12;

/**
 * The home page's numbers. Each count is the total of the list it links to, read through that
 * list's own repository query (limit 0: only its count runs), so the number and the list agree
 * and a change to what a list holds (the review queue) moves its number too. Every query is one
 * set-based statement; none runs per peer or per participant.
 *
 * Scope: a peer counts their own day; a supervisor their team and an admin the organization.
 * Peerbridge has no team assignment yet, so a supervisor's team is every peer of the
 * organization, as the review queue and the participants list already are for supervisors.
 * Counts only: no participant is named, so the read is audited as one event without ids.
 */
export const createDashboardService = ({ db, audit, clock }: DashboardDeps) => ({
  /** The organization's follow-up rate against the SUPRT target (followup-rate.ts). */
  followUp: createFollowUpRate({ db, audit, clock }),
  async summary(actor: Actor): Promise<DashboardSummary> {
    if (actor.kind !== 'user') throw forbidden('The home page belongs to a signed-in user.');
    if (actor.role === 'analyst') throw forbidden('Analysts see aggregate reports.');
    return db.tenant(actor.orgId, async (tx) => {
      const today = await peopleRepo.orgToday(tx, actor.orgId, clock);
      const total = async (p: Promise<{ total: number }>) => (await p).total;
      const metrics: Array<{ id: Metric; count: number }> = [];
      let caseloads: DashboardSummary['caseloads'] = null;
      if (actor.role === 'peer') {
        const peer = await peopleRepo.getPeerByUser(tx, actor.userId);
        const peerId = peer?.id ?? null;
        const mine = (f: caseloadRepo.EncounterFilter) => (peerId ? total(caseloadRepo.listEncounters(tx, { ...f, peerId }, 0, 0)) : Promise.resolve(0));
        metrics.push(
          { id: 'sessionsToday', count: await mine({ from: today, to: today }) },
          { id: 'drafts', count: await mine({ status: 'draft' }) },
          { id: 'returnedMine', count: await mine({ status: 'returned' }) },
          {
            id: 'referralFollowUpsMine',
            count: await total(
              referralsRepo.listReferrals(tx, { orgId: actor.orgId, box: 'sent', overdue: { today, is: true }, owner: { peerId, userId: actor.userId } }, 0, 0),
            ),
          },
          // Participants with an assessment open or overdue today (issue 20).
          { id: 'assessmentsDue', count: peerId ? await dueCountOfPeer(tx, actor.orgId, peerId, clock()) : 0 },
        );
      } else {
        metrics.push(
          { id: 'cosignWaiting', count: await total(caseloadRepo.reviewQueue(tx, 0, 0)) },
          { id: 'returned', count: await total(caseloadRepo.listEncounters(tx, { status: 'returned' }, 0, 0)) },
          { id: 'referralFollowUpsOverdue', count: await total(referralsRepo.listReferrals(tx, { orgId: actor.orgId, box: 'sent', overdue: { today, is: true } }, 0, 0)) },
          { id: 'referralsAwaitingReceiver', count: await total(referralsRepo.listReferrals(tx, { orgId: actor.orgId, box: 'sent', status: 'sent' }, 0, 0)) },
          { id: 'waitlist', count: await total(peopleRepo.listParticipants(tx, { status: 'waitlisted' }, 0, 0)) },
        );
        const totals = await repo.caseloadTotals(tx);
        const rows = await repo.teamCaseloads(tx, CASELOAD_ROWS);
        caseloads = {
          ...totals,
          items: rows.map((r) => ({ peerId: r.peer_id, displayName: r.display_name, active: r.active, maxCaseload: r.max_caseload, acceptingNew: r.accepting_new })),
        };
      }
      const scope = actor.role === 'peer' ? 'peer' : actor.role === 'supervisor' ? 'team' : 'organization';
      // Counts name no record: the event has no entity (an 'organization' entity would read as a change to it).
      await audit.record(tx, actor, { action: 'dashboard.summary', details: { scope } });
      return { date: today, scope, metrics, caseloads };
    });
  },
});

export type DashboardService = ReturnType<typeof createDashboardService>;
