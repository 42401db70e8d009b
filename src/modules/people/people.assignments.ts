// Assignments, split from people.service.ts: pairing a participant with a peer (with the
// participant's consent, within the peer's caseload) and ending it without blame, and a
// participant's assignments. Only a participant the caller may open is assigned or read
// (people.common.ts). people.service.ts offers these use cases; a refused one is audited as denied
// there (audit.refusals), except inside a caller's transaction (the batch accept).
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { openParticipant } from './people.common.ts';
import * as repo from './people.repo.ts';
import type { AssignmentView } from './people.schemas.ts';

interface AssignmentDeps {
  db: Database;
  audit: AuditService;
  /** When a match is made or ended: the service's clock (a demo's history sets it back). */
  clock: () => Date;
}

export const toAssignmentView = (a: repo.AssignmentRow, peerDisplayName: string): AssignmentView => ({
  id: a.id,
  participantId: a.participantId,
  peer: { id: a.peerId, displayName: peerDisplayName },
  status: a.status as AssignmentView['status'],
  assignedAt: a.assignedAt.toISOString(),
  assignedBy: a.assignedBy,
  consent: a.consent,
  matchScore: a.matchScore,
  endedAt: a.endedAt?.toISOString() ?? null,
  endedBy: (a.endedSide as AssignmentView['endedBy']) ?? null,
  endReason: a.endReason,
  rating: a.rating,
  keptMeeting: a.keptMeeting,
});

export const createAssignmentCases = ({ db, audit, clock }: AssignmentDeps) => {
  return {
    /**
     * Pairs a participant with a peer, recording who, when and the participant's consent. A peer
     * at capacity answers 409; the peer row is locked so concurrent assignments cannot overfill.
     */
    async assign(
      actor: Actor,
      participantId: string,
      input: {
        peerId: string;
        consent: { given: boolean; method: 'verbal' | 'written' | 'electronic' };
        matchScore?: number | null | undefined;
        matchReasons?: Array<{ code: string; label: string }> | undefined;
      },
      /** Run inside a caller's transaction (the batch accept), instead of a new one. */
      within?: Tx,
    ): Promise<AssignmentView> {
      if (actor.kind === 'user' && actor.role !== 'admin' && actor.role !== 'supervisor') {
        throw forbidden('Supervisors and admins assign peers.');
      }
      if (!input.consent.given) {
        throw badRequest('The participant has to agree to the match.', [{ field: 'body.consent.given', message: 'Record the participant\'s consent' }]);
      }
      const work = async (tx: Tx) => {
        await openParticipant(tx, actor, participantId);
        const peer = await repo.lockPeer(tx, input.peerId);
        if (!peer) throw new AppError(404, 'not-found', 'Peer not found.', { errors: [{ field: 'body.peerId', message: 'No such peer' }] });
        if (!peer.active) throw conflict('peer-inactive', `${peer.displayName} is no longer active.`);
        if (await repo.activeAssignmentOf(tx, participantId)) {
          throw conflict('already-assigned', 'This participant already has a peer. End that assignment first.');
        }
        const load = (await repo.activeCaseloads(tx, [peer.id])).get(peer.id) ?? 0;
        if (load >= peer.maxCaseload) {
          throw conflict('peer-full', `${peer.displayName} is at capacity (${load} of ${peer.maxCaseload}).`);
        }
        const now = clock();
        const row = await repo.insertAssignment(tx, {
          id: randomUUID(),
          orgId: actor.orgId!,
          participantId,
          peerId: peer.id,
          status: 'active',
          assignedAt: now,
          assignedBy: actor.kind === 'user' ? actor.userId : null,
          consent: { given: true, method: input.consent.method, recordedAt: now.toISOString() },
          matchScore: input.matchScore ?? null,
          matchReasons: input.matchReasons ?? [],
        });
        await repo.updateParticipant(tx, participantId, { status: 'active' }, now);
        await audit.record(tx, actor, { action: 'assignment.create', entityType: 'assignment', entityId: row.id, details: { participantId, peerId: peer.id } });
        return toAssignmentView(row, peer.displayName);
      };
      return within ? work(within) : db.tenant(actor.orgId!, work);
    },

    /**
     * Ends an assignment without blame: who ended it and why. The peer's capacity is freed and
     * the participant returns to the waitlist (unless they are leaving the program); that peer is
     * never proposed to them again.
     */
    async endAssignment(
      actor: Actor,
      assignmentId: string,
      input: { endedBy: 'participant' | 'peer' | 'program'; reason: string; returnToWaitlist: boolean },
    ): Promise<AssignmentView> {
      if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        const a = await repo.getAssignment(tx, assignmentId);
        if (!a) throw notFound('Assignment');
        await openParticipant(tx, actor, a.participantId);
        if (a.status !== 'active') throw conflict('assignment-ended', 'This assignment has already ended.');
        const endedAt = clock();
        const ended = await repo.updateAssignment(tx, a.id, {
          status: 'ended',
          endedAt,
          endedBy: actor.kind === 'user' ? actor.userId : null,
          endedSide: input.endedBy,
          endReason: input.reason,
        });
        await repo.updateParticipant(tx, a.participantId, { status: input.returnToWaitlist ? 'waitlisted' : 'inactive' }, endedAt);
        await audit.record(tx, actor, { action: 'assignment.end', entityType: 'assignment', entityId: a.id, details: { participantId: a.participantId, endedBy: input.endedBy } });
        const peer = await repo.getPeer(tx, a.peerId);
        return toAssignmentView(ended, peer?.displayName ?? '');
      });
    },

    async listAssignments(actor: Actor, participantId: string): Promise<AssignmentView[]> {
      return db.tenant(actor.orgId!, async (tx) => {
        await openParticipant(tx, actor, participantId);
        const rows = await repo.assignmentsOfParticipant(tx, participantId);
        await audit.record(tx, actor, { action: 'participant.assignments_read', entityType: 'participant', entityId: participantId });
        return rows.map((r) => toAssignmentView(r.a, r.peerDisplayName));
      });
    },
  };
};
