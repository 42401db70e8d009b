import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { decryptField, encryptField, type Keys } from '../../core/crypto.ts';
import { badRequest, forbidden, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import * as repo from './caseload.repo.ts';
import * as mandated from './mandated.repo.ts';

export interface MandatedReportsDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  clock: () => Date;
}

export interface MandatedReportInput {
  what: string;
  reportedTo: string;
  reportedAt: string;
}

export interface MandatedReportView {
  id: string;
  encounterId: string;
  what: string;
  reportedTo: string;
  reportedAt: string;
  recordedBy: string | null;
  createdAt: string;
}

/**
 * Mandated reports recorded on a note (issue 20; DOMAIN.md: peers are mandated reporters). The
 * peer who provided or wrote the session records that a report was made (what, to whom, when);
 * only supervisors and admins read them back, because what was reported (abuse, neglect, a
 * danger to others) is more sensitive than the note itself. What and to whom are encrypted like
 * a note's narrative; every write and read is audited.
 */
export const createMandatedReportsService = ({ db, keys, audit, clock }: MandatedReportsDeps) => {
  const seal = (text: string) => encryptField(keys.field, text);
  const open = (text: string) => decryptField(keys.field, text);

  /** The note, if the actor may record on it: its peer or writer, or any supervisor or admin. */
  const noteFor = async (tx: Tx, actor: Actor, encounterId: string) => {
    if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
    const row = await repo.getEncounter(tx, encounterId);
    if (!row) throw notFound('Encounter');
    if (actor.kind === 'user' && actor.role === 'peer') {
      const me = await repo.getPeerByUser(tx, actor.userId);
      if (row.peerId !== me?.id && row.createdBy !== actor.userId) throw notFound('Encounter');
    }
    return row;
  };

  const service = {
    async record(actor: Actor, encounterId: string, input: MandatedReportInput): Promise<{ id: string; encounterId: string; createdAt: string }> {
      const now = clock();
      if (Date.parse(input.reportedAt) > now.getTime() + 5 * 60_000) {
        throw badRequest('A report is recorded once it was made.', [{ field: 'body.reportedAt', message: 'Use a time at or before now' }]);
      }
      return db.tenant(actor.orgId!, async (tx) => {
        await noteFor(tx, actor, encounterId);
        const id = randomUUID();
        await mandated.insertMandatedReport(tx, {
          id,
          orgId: actor.orgId!,
          encounterId,
          what: seal(input.what.trim()),
          reportedTo: seal(input.reportedTo.trim()),
          reportedAt: new Date(input.reportedAt),
          recordedBy: actor.kind === 'user' ? actor.userId : null,
          createdAt: now,
        });
        // The event names the note and the report, never what was reported.
        await audit.record(tx, actor, { action: 'mandated_report.record', entityType: 'encounter', entityId: encounterId, details: { mandatedReportId: id } });
        return { id, encounterId, createdAt: now.toISOString() };
      });
    },

    /** Supervisors and admins only: the peer who recorded a report does not read it back. */
    async list(actor: Actor, encounterId: string): Promise<{ items: MandatedReportView[] }> {
      if (actor.kind === 'user' && actor.role !== 'supervisor' && actor.role !== 'admin') throw forbidden('Only supervisors and admins read mandated reports.');
      return db.tenant(actor.orgId!, async (tx) => {
        await noteFor(tx, actor, encounterId);
        const rows = await mandated.mandatedReportsOf(tx, encounterId);
        await audit.record(tx, actor, { action: 'mandated_report.read', entityType: 'encounter', entityId: encounterId, details: { count: rows.length } });
        return {
          items: rows.map((r) => ({
            id: r.id,
            encounterId: r.encounterId,
            what: open(r.what),
            reportedTo: open(r.reportedTo),
            reportedAt: r.reportedAt.toISOString(),
            recordedBy: r.recordedBy,
            createdAt: r.createdAt.toISOString(),
          })),
        };
      });
    },
  };

  const onNote = (action: string) => (_actor: Actor, encounterId: string) => ({ action, entityType: 'encounter', entityId: encounterId });
  return audit.refusals(service, { record: onNote('mandated_report.record'), list: onNote('mandated_report.read') });
};

export type MandatedReportsService = ReturnType<typeof createMandatedReportsService>;
