import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { forbidden, invalidField, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import { insertSession, intensityRows, sessionMinutesOf, sessionsSince, type FollowUp, type SessionRow } from './supervision.repo.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { addDays } from './credential.rules.ts';
import { openPeer } from './credentials.service.ts';
import { orgToday } from '../people/people.repo.ts';
import { intensityIndex, supervisionDue, weekStartOf, type IntensityWeek, type SupervisionTopic } from './supervision.rules.ts';
import * as repo from './workforce.repo.ts';

export interface SupervisionDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
}

export interface SessionInput {
  peerId: string;
  heldOn: string;
  minutes: number;
  kind: 'individual' | 'group';
  topics: SupervisionTopic[];
  notes?: string | undefined;
  followUps?: FollowUp[] | undefined;
}


const isStaff = (actor: Actor) => actor.kind === 'user' && (actor.role === 'supervisor' || actor.role === 'admin');

/**
 * Supervision sessions and caseload intensity (issue 21). A session's notes are visible to its
 * two people only: the supervisor who held it and the peer (an admin sees that it happened, its
 * minutes and topics, not the notes).
 */
export const createSupervisionService = ({ db, audit, clock }: SupervisionDeps) => {
  const view = (r: SessionRow, actor: Actor, myPeerId: string | null) => {
    const party = actor.kind === 'user' && (r.supervisorId === actor.userId || r.peerId === myPeerId);
    return { id: r.id, supervisorId: r.supervisorId, peerId: r.peerId, heldOn: r.heldOn, minutes: r.minutes, kind: r.kind as 'individual' | 'group', topics: r.topics, followUps: r.followUps, notes: party ? r.notes : null, notesVisible: party };
  };

  /** Week-by-week intensity of some peers, from encounters, assignments, follow-ups and referrals. */
  const intensity = async (tx: Tx, orgId: string, peerIds: string[], weeks: number): Promise<Map<string, IntensityWeek[]>> => {
    const out = new Map<string, IntensityWeek[]>();
    if (peerIds.length === 0) return out;
    // This week is the organization's: on a Sunday evening in the Americas the UTC day is Monday.
    const lastWeek = weekStartOf(await orgToday(tx, orgId, clock));
    const first = addDays(lastWeek, -7 * (weeks - 1));
    const starts = Array.from({ length: weeks }, (_, i) => addDays(first, 7 * i));
    const { enc, loads, safety, referrals } = await intensityRows(tx, peerIds, first, starts);
    const peers = await Promise.all(peerIds.map((id) => repo.peerById(tx, id)));
    for (const p of peers) {
      if (!p) continue;
      out.set(
        p.id,
        starts.map((weekStart, i) => {
          const e = enc.find((r) => r.peer_id === p.id && r.week === weekStart);
          const w = {
            weekStart,
            activeCaseload: loads.find((r) => r.peer_id === p.id && r.week === weekStart)?.active ?? 0,
            capacity: p.maxCaseload,
            sessions: e?.sessions ?? 0,
            hours: Math.round(((e?.minutes ?? 0) / 60) * 10) / 10,
            safetyFollowups: safety.find((r) => r.peer_id === p.id && r.week === weekStart)?.n ?? 0,
            afterHoursSessions: e?.after_hours ?? 0,
            // Referrals are counted as they stand now (their history is not kept): the last week only.
            referralsInProgress: i === weeks - 1 ? (referrals.find((r) => r.peer_id === p.id)?.n ?? 0) : 0,
          };
          return { ...w, index: intensityIndex(w) };
        }),
      );
    }
    return out;
  };

  return {
    async create(actor: Actor, input: SessionInput) {
      if (!isStaff(actor) || actor.kind !== 'user') throw forbidden('Supervisors and admins record supervision.');
      return db.tenant(actor.orgId!, async (tx) => {
        // "Future" by the organization's day: this morning in Auckland is still yesterday in UTC.
        if (input.heldOn > (await orgToday(tx, actor.orgId!, clock))) throw invalidField('body.heldOn', 'The session date is in the future');
        const peer = await repo.peerById(tx, input.peerId);
        if (!peer) throw invalidField('body.peerId', 'No such peer in this organization');
        if (peer.userId === actor.userId) throw invalidField('body.peerId', 'A supervisor does not supervise themselves');
        const row = await insertSession(tx, { id: randomUUID(), orgId: actor.orgId!, supervisorId: actor.userId, peerId: input.peerId, heldOn: input.heldOn, minutes: input.minutes, kind: input.kind, topics: input.topics, notes: input.notes ?? null, followUps: input.followUps ?? [], createdAt: clock() });
        await audit.record(tx, actor, { action: 'supervision.create', entityType: 'peer', entityId: input.peerId, details: { sessionId: row.id, minutes: input.minutes } });
        return view(row, actor, null);
      });
    },

    /** A peer sees their own sessions; supervisors and admins all (notes only where they are a party). */
    async list(actor: Actor, peerId?: string) {
      if (actor.kind !== 'user' || actor.role === 'analyst') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        const me = await repo.peerOfUser(tx, actor.userId);
        let filter = peerId;
        if (actor.role === 'peer') {
          if (!me || (peerId && peerId !== me.id)) throw notFound('Peer');
          filter = me.id;
        }
        const rows = await sessionsSince(tx, filter, addDays(await orgToday(tx, actor.orgId!, clock), -730));
        await audit.record(tx, actor, { action: 'supervision.list', entityType: 'peer', entityId: filter ?? null });
        return { items: rows.map((r) => view(r, actor, me?.id ?? null)) };
      });
    },

    /** Who is due supervision this month by the organization's policy, with total hours (toward IC&RC's 25). */
    async due(actor: Actor) {
      if (!isStaff(actor)) throw forbidden('Supervisors and admins see who is due supervision.');
      return db.tenant(actor.orgId!, async (tx) => {
        const peers = await repo.activePeers(tx);
        const rows = await sessionMinutesOf(tx, peers.map((p) => p.id));
        // This month is the organization's: December 31 in New York is January 1 in UTC by evening.
        const month = (await orgToday(tx, actor.orgId!, clock)).slice(0, 7);
        return {
          month,
          items: peers.map((p) => ({ ...supervisionDue(p.id, rows.filter((r) => r.peerId === p.id), month), peerName: p.displayName })),
        };
      });
    },

    /** A peer's weekly caseload intensity (the peer, supervisors, admins). */
    async peerIntensity(actor: Actor, peerId: string, weeks = 8) {
      return db.tenant(actor.orgId!, async (tx) => {
        await openPeer(tx, actor, peerId);
        await audit.record(tx, actor, { action: 'intensity.read', entityType: 'peer', entityId: peerId });
        return { peerId, weeks: (await intensity(tx, actor.orgId!, [peerId], weeks)).get(peerId) ?? [] };
      });
    },

    /** Every active peer's trend (supervisors and admins). */
    async teamIntensity(actor: Actor, weeks = 8) {
      if (!isStaff(actor)) throw forbidden('Supervisors and admins see the team.');
      return db.tenant(actor.orgId!, async (tx) => {
        const peers = await repo.activePeers(tx);
        const all = await intensity(tx, actor.orgId!, peers.map((p) => p.id), weeks);
        await audit.record(tx, actor, { action: 'intensity.team_read', entityType: 'peer', details: { peers: peers.length } });
        return { items: peers.map((p) => ({ peerId: p.id, peerName: p.displayName, weeks: all.get(p.id) ?? [] })) };
      });
    },
  };
};

export type SupervisionService = ReturnType<typeof createSupervisionService>;
