import type { Keys } from '../../core/crypto.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { createAssignmentCases } from './people.assignments.ts';
import { admitParticipant, extensionsOf, openParticipant } from './people.common.ts';
import { createParticipantCases } from './people.participants.ts';
import { createPeerCases } from './people.peers.ts';

// Peers, participants and the assignments that pair them (0002_people.sql): this file wires the
// use cases together and audits refusals. What they share (the staff check, who may open a
// participant) is in people.common.ts; peer profiles are in people.peers.ts, participants in
// people.participants.ts, assignments in people.assignments.ts.
export { toAssignmentView } from './people.assignments.ts';
export { extensionsOf } from './people.common.ts';

export interface PeopleDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  /** For the organization's today (a birth date in the future). */
  clock: () => Date;
}

export type PeopleService = ReturnType<typeof createPeopleService>;

export const createPeopleService = ({ db, keys, audit, clock }: PeopleDeps) => {
  const service = {
    extensionsOf,

    // ---------- peers (people.peers.ts) ----------

    ...createPeerCases({ db, audit }),

    // ---------- participants (people.participants.ts) ----------

    ...createParticipantCases({ db, keys, audit, clock }),

    // ---------- assignments (people.assignments.ts) ----------

    ...createAssignmentCases({ db, audit, clock }),

    /** For other modules' services: opens a participant inside their transaction (404 rules). */
    openParticipant,
    admitParticipant,
  };

  // A refused use case on a participant (403, or 404 as for an absent one) is audited as denied.
  return audit.refusals(service, {
    createParticipant: () => ({ action: 'participant.create', entityType: 'participant' }),
    getParticipant: (_actor, id) => ({ action: 'participant.read', entityType: 'participant', entityId: id }),
    listParticipants: (_actor, f) => ({ action: 'participant.list', entityType: 'participant', details: { ...(f.peerId ? { peerId: f.peerId } : {}) } }),
    updateParticipant: (_actor, id, patch) => ({ action: 'participant.update', entityType: 'participant', entityId: id, details: { fields: Object.keys(patch) } }),
    // Inside a caller's transaction (the batch accept), a refusal is that use case's to record.
    assign: (_actor, participantId, input, within) =>
      within ? null : { action: 'assignment.create', entityType: 'participant', entityId: participantId, details: { peerId: input.peerId } },
    endAssignment: (_actor, assignmentId) => ({ action: 'assignment.end', entityType: 'assignment', entityId: assignmentId }),
    listAssignments: (_actor, participantId) => ({ action: 'participant.assignments_read', entityType: 'participant', entityId: participantId }),
  });
};
