import { randomUUID } from 'node:crypto';
import type { Bundle, Consent, Questionnaire } from '@medplum/fhirtypes';
import type { Actor } from '../../core/actor.ts';
import type { Keys } from '../../core/crypto.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import { toObservations, toQuestionnaire, toQuestionnaireResponse } from '../../interop/fhir/assessment.ts';
import { toCollection } from '../../interop/fhir/bundle.ts';
import { buildEverything, instrumentCatalog } from '../../interop/fhir/everything.ts';
import { isPart2Consent, part2Labels, readIntake } from '../../interop/fhir/intake.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Lang } from '../outcomes/instrument.rules.ts';
import { orgToday } from '../people/people.repo.ts';
import type { PeopleService } from '../people/people.service.ts';
import * as repo from './fhir.repo.ts';
import { buildRecordPdf } from './record.ts';

export interface FhirDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  people: PeopleService;
  clock: () => Date;
  publicUrl?: string | undefined;
}

const staffOnly = (actor: Actor) => {
  if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
  if (!actor.orgId) throw forbidden('A record belongs to an organization.');
  return actor.orgId;
};

/**
 * FHIR R4 over Peerbridge's records (issues 20 and 23): a participant's $everything, one
 * assessment as QuestionnaireResponse and Observations, an instrument as Questionnaire, and
 * intake of a Patient (with Consents) from an EHR. Reads and writes are audited like the records
 * they carry; access is the participant record's (people.openParticipant).
 */
export const createFhirService = ({ db, keys, audit, people, clock, publicUrl }: FhirDeps) => {
  const base = `${(publicUrl ?? 'http://localhost').replace(/\/$/, '')}/fhir`;

  const service = {
    async everything(actor: Actor, participantId: string): Promise<Bundle> {
      staffOnly(actor);
      return buildEverything(db, actor, participantId, { reader: 'staff', audit, keys, people, baseUrl: base, clock });
    },

    /** The record as a printable PDF in the person's language (or `lang`), for staff: what a staff $everything carries. */
    async recordPdf(actor: Actor, participantId: string, lang: Lang | undefined) {
      staffOnly(actor);
      return buildRecordPdf(db, actor, participantId, { reader: 'staff', audit, keys, people, clock, lang });
    },

    async assessment(actor: Actor, participantId: string, assessmentId: string): Promise<Bundle> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        const [a] = await repo.assessments(tx, { participantId, id: assessmentId });
        if (!a) throw notFound('Assessment');
        const def = (await instrumentCatalog(tx)).get(`${a.instrument}@${a.version}`);
        const resources = [toQuestionnaireResponse(a, def, a.recordedByPeerId), ...toObservations(a, def)];
        await audit.record(tx, actor, { action: 'assessment.fhir_read', entityType: 'participant', entityId: participantId, details: { assessmentId } });
        return toCollection(base, resources, clock());
      });
    },

    async questionnaire(actor: Actor, code: string, version: string | undefined, lang: Lang): Promise<Questionnaire> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const versions = [...(await instrumentCatalog(tx)).values()].filter((d) => d.code === code);
        if (versions.length === 0) throw new AppError(404, 'not-found', 'Instrument not found.', { errors: [{ field: 'params.code', message: `No instrument "${code}"` }] });
        const def = version === undefined ? versions[versions.length - 1]! : versions.find((d) => d.version === version);
        if (!def) throw new AppError(404, 'not-found', 'Instrument version not found.', { errors: [{ field: 'query.version', message: `No version "${version}" of ${code}` }] });
        return toQuestionnaire(def, lang);
      });
    },

    /**
     * Intake from an EHR: creates a participant from a FHIR Patient, or matches one the caller
     * may already see (docs/fhir.md, "Import"). Matching looks only at participants the caller
     * may open, so the answer tells nothing about anyone else: a person known to the
     * organization but outside a peer's caseload is created anew for that peer, as typing them in
     * would. Nothing is stored while any problem remains.
     */
    async importPatient(actor: Actor, body: unknown): Promise<{ participantId: string; matched: boolean; consentIds: string[] }> {
      const orgId = staffOnly(actor);
      // The birth-date check is against the organization's day, not the UTC one.
      const read = readIntake(body, await db.tenant(orgId, (tx) => orgToday(tx, orgId, clock)));
      if ('problems' in read) throw badRequest(`Check ${[...new Set(read.problems.map((p) => p.field))].slice(0, 5).join(', ')}.`, read.problems);
      const { intake } = read;
      const visible = async (tx: Parameters<typeof people.openParticipant>[0], id: string) => {
        try {
          await people.openParticipant(tx, actor, id);
          return true;
        } catch {
          return false;
        }
      };
      const matchedId = await db.tenant(orgId, async (tx) => {
        if (intake.claimedId && (await repo.participantExists(tx, intake.claimedId)) && (await visible(tx, intake.claimedId))) return intake.claimedId;
        if (!intake.input.birthDate) return null;
        const seen: string[] = [];
        for (const id of await repo.participantsNamed(tx, intake.input.givenName, intake.input.familyName, intake.input.birthDate)) if (await visible(tx, id)) seen.push(id);
        if (seen.length > 1) throw conflict('ambiguous-match', 'More than one participant you can see has this name and birth date. Add them by hand, or send our participant identifier.');
        return seen[0] ?? null;
      });
      const participantId = matchedId ?? (await people.createParticipant(actor, intake.input)).id;
      return db.tenant(orgId, async (tx) => {
        const consentIds: string[] = [];
        for (const c of intake.consents) {
          const id = randomUUID();
          const part2 = isPart2Consent(c);
          const stored: Consent = {
            ...c,
            id,
            ...(part2 ? { meta: { ...c.meta, security: part2Labels() } } : {}),
            patient: { reference: `Patient/${participantId}` },
          };
          await repo.insertIntakeConsent(tx, { id, orgId, participantId, resource: stored, status: c.status, part2, receivedBy: actor.kind === 'user' ? actor.userId : null });
          consentIds.push(id);
        }
        await audit.record(tx, actor, {
          action: 'participant.fhir_import',
          entityType: 'participant',
          entityId: participantId,
          details: { matched: matchedId !== null, consentIds },
        });
        return { participantId, matched: matchedId !== null, consentIds };
      });
    },
  };

  return audit.refusals(service, {
    everything: (_actor, participantId) => ({ action: 'participant.fhir_everything', entityType: 'participant', entityId: participantId }),
    recordPdf: (_actor, participantId) => ({ action: 'participant.record_pdf', entityType: 'participant', entityId: participantId }),
    assessment: (_actor, participantId, assessmentId) => ({ action: 'assessment.fhir_read', entityType: 'participant', entityId: participantId, details: { assessmentId } }),
    importPatient: () => ({ action: 'participant.fhir_import', entityType: 'participant' }),
  });
};

export type FhirService = ReturnType<typeof createFhirService>;
