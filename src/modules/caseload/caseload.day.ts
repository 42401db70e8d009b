// Where a peer's day starts, split from caseload.service.ts: the defaults a new note's form starts
// with (so the common session takes a few interactions; the last activities only when the
// organization asks for it, issue 17), and the peer's day: their caseload in order, today's
// planned follow-ups, returned notes and drafts. Each read of a participant's record is audited.
import type { Actor, UserActor } from '../../core/actor.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Lang } from '../billing/billing.service.ts';
import { caseloadSettingsOf, iso, staffOnly, type CaseloadCommon } from './caseload.common.ts';
import * as repo from './caseload.repo.ts';
import { NARRATIVE_TEMPLATES, addDays, compareCaseload } from './caseload.rules.ts';
import { ACTIVITIES, type EncounterDefaults, type EncounterSummary, type MyDayView } from './caseload.schemas.ts';

interface DayDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
  common: CaseloadCommon;
}

const toSummaries = async (tx: Tx, rows: repo.EncounterRow[]): Promise<EncounterSummary[]> => {
  const parts = await repo.participationsOf(tx, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    status: r.status as EncounterSummary['status'],
    participants: (parts.get(r.id) ?? []).map((p) => ({ id: p.id, displayName: p.displayName })),
    type: r.type as EncounterSummary['type'],
    startedAt: iso(r.startedAt),
    durationMinutes: r.durationMinutes,
    followUpOn: r.followUpOn,
    returnComment: r.returnComment,
    updatedAt: iso(r.updatedAt),
  }));
};

export const createDayCases = ({ db, audit, clock, common }: DayDeps) => {
  const { todayIn, openParticipants } = common;

  return {
    /** What the note form starts with, so the common session takes a few interactions. */
    async encounterDefaults(actor: Actor, participantId: string | undefined, lang: Lang): Promise<EncounterDefaults> {
      const user = staffOnly(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const org = await repo.getOrg(tx, actor.orgId!);
        const peer = user ? await repo.getPeerByUser(tx, user.userId) : undefined;
        const last = peer ? await repo.lastEncounterOfPeer(tx, peer.id) : undefined;
        let goals: EncounterDefaults['goals'] = [];
        let program = last?.program ?? null;
        let activities: EncounterDefaults['activities'] = [];
        if (participantId) {
          await openParticipants(tx, actor, [participantId], () => 'query.participantId');
          const plan = await repo.getPlan(tx, participantId);
          goals = (plan?.content.goals ?? []).filter((g) => g.status === 'active').map((g) => ({ id: g.id, text: g.text }));
          program = (await repo.lastEncounterOfParticipant(tx, participantId))?.program ?? program;
          // Only when the organization asks for it: otherwise a note starts with no activity
          // ticked, so nothing is attested that the peer did not choose (issue 17).
          if (peer && caseloadSettingsOf(org?.settings).startWithLastActivities) {
            activities = ((await repo.lastActivitiesOf(tx, peer.id, participantId)) ?? []).filter((a): a is (typeof ACTIVITIES)[number] => (ACTIVITIES as readonly string[]).includes(a));
          }
          await audit.record(tx, actor, { action: 'plan.read', entityType: 'participant', entityId: participantId, details: { via: 'encounter-defaults' } });
        }
        const now = clock();
        now.setUTCSeconds(0, 0);
        return {
          startedAt: iso(now),
          durationMinutes: last?.durationMinutes ?? 30,
          type: (last?.type ?? 'individual') as EncounterDefaults['type'],
          modality: (last?.modality ?? 'in-person') as EncounterDefaults['modality'],
          placeOfService: last?.placeOfService ?? '11',
          program,
          peerId: peer?.id ?? null,
          followUpOn: addDays(todayIn(org?.timeZone ?? 'America/New_York'), 7),
          goals,
          templates: { ...NARRATIVE_TEMPLATES[lang] },
          activities,
        };
      });
    },

    // ---------- the peer's day ----------

    async myDay(actor: UserActor): Promise<MyDayView> {
      staffOnly(actor);
      return db.tenant(actor.orgId, async (tx) => {
        const org = await repo.getOrg(tx, actor.orgId);
        const today = todayIn(org?.timeZone ?? 'America/New_York');
        const peer = await repo.getPeerByUser(tx, actor.userId);
        if (!peer) return { date: today, peer: null, caseload: [], plannedToday: [], returned: [], drafts: [] };
        const assigned = await repo.activeCaseload(tx, peer.id);
        const ids = assigned.map((a) => a.participantId);
        const contacts = await repo.latestContacts(tx, ids);
        const reviews = await repo.planReviewDates(tx, ids);
        const caseload = assigned
          .map((a) => {
            const c = contacts.get(a.participantId);
            const next = c?.followUpOn ?? null;
            const review = reviews.get(a.participantId) ?? null;
            return {
              participantId: a.participantId,
              displayName: a.preferredName || a.givenName,
              assignedAt: iso(a.assignedAt),
              lastContactAt: c ? iso(c.startedAt) : null,
              nextFollowUpOn: next,
              followUpOverdue: next !== null && next < today,
              planReviewDue: review !== null && review <= today,
            };
          })
          .sort(compareCaseload(today));
        const plannedToday = caseload
          .filter((c) => c.nextFollowUpOn === today)
          .map((c) => ({ participantId: c.participantId, displayName: c.displayName, followUpOn: today, fromEncounterId: contacts.get(c.participantId)!.encounterId }));
        const returned = await repo.peerNotesByStatus(tx, peer.id, 'returned');
        const drafts = await repo.peerNotesByStatus(tx, peer.id, 'draft');
        await audit.record(tx, actor, {
          action: 'caseload.my_day',
          entityType: 'peer',
          entityId: peer.id,
          details: { participantIds: ids, encounterIds: [...returned, ...drafts].map((e) => e.id) },
        });
        return {
          date: today,
          peer: { id: peer.id, displayName: peer.displayName },
          caseload,
          plannedToday,
          returned: await toSummaries(tx, returned),
          drafts: await toSummaries(tx, drafts),
        };
      });
    },
  };
};
