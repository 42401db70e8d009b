import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Actor } from '../../core/actor.ts';
import { hmacHex, randomToken, type Keys } from '../../core/crypto.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { orgName } from '../outcomes/links.repo.ts';
import { type LinkState } from '../outcomes/links.rules.ts';
import { oneTimeLinkRunner } from '../outcomes/links.runner.ts';
import { refreshPlace } from './certification.place.ts';
import * as repo from './certification.repo.ts';
import { REFERENCE_LINK_DAYS, referencePath } from './certification.rules.ts';
import type { referenceAnswerInput, referenceInput } from './certification.schemas.ts';

export interface ReferenceRequestsDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  clock: () => Date;
}

const refusedProblem = (state: Exclude<LinkState, 'active'>) =>
  state === 'expired'
    ? new AppError(410, 'link-expired', 'This link has expired. Ask the person who sent it for a new one.')
    : state === 'revoked'
      ? new AppError(410, 'link-revoked', 'This link was withdrawn.')
      : new AppError(410, 'link-spent', 'This reference was already sent. Thank you; nothing more is needed.');

/**
 * References for the road to certification (issue 21), asked for by one-time links like the
 * assessment links (outcomes/links.*): a random token stored only as a keyed hash, expiring in 14
 * days, spent once answered; every use, refused ones too, audited under the link holder. The
 * referee answers without an account and sees only who asks about whom.
 */
export const createReferenceRequestsService = ({ db, keys, audit, clock }: ReferenceRequestsDeps) => {
  const tokenHash = (token: string) => hmacHex(keys.tokenHash, token);

  /** Runs `fn` on an active reference link inside its organization, the link locked; refusals are audited. */
  const withLink = oneTimeLinkRunner({ db, audit, clock, tokenHash }, {
    entityType: 'reference_request',
    find: async (tx, hash) => {
      const t = await repo.findReferenceTarget(tx, hash);
      return t && { orgId: t.org_id, id: t.request_id };
    },
    lock: repo.lockReference,
    refused: refusedProblem,
  });

  const service = {
    /** A one-time reference link (random token, stored hashed, expiring in 14 days, spent once answered; audited). */
    async requestReference(actor: Actor, id: string, input: z.infer<typeof referenceInput>) {
      if (actor.kind === 'user' && (actor.role === 'peer' || actor.role === 'analyst')) throw forbidden('Supervisors and admins run the certification pipeline.');
      const userId = actor.kind === 'user' ? actor.userId : null;
      return db.tenant(actor.orgId!, async (tx) => {
        const a = await repo.applicantById(tx, id);
        if (!a) throw notFound('Applicant');
        const pipeline = (await repo.pipelineById(tx, a.pipelineId))!;
        if (!pipeline.definition.steps.some((s) => s.kind === 'references')) throw badRequest('This pipeline asks for no references.', [{ field: 'params.id', message: 'The pipeline has no reference step' }]);
        const now = clock();
        const token = randomToken(32);
        const row = await repo.insertReference(tx, {
          id: randomUUID(),
          orgId: a.orgId,
          applicantId: a.id,
          refereeName: input.refereeName,
          refereeContact: input.refereeContact ?? null,
          lang: input.lang,
          tokenHash: tokenHash(token),
          createdBy: userId,
          createdAt: now,
          expiresAt: new Date(now.getTime() + REFERENCE_LINK_DAYS * 86_400_000),
        });
        await audit.record(tx, actor, { action: 'reference_request.issue', entityType: 'certification_applicant', entityId: a.id, details: { requestId: row.id, lang: row.lang } });
        return { id: row.id, url: referencePath(token), token, expiresAt: row.expiresAt.toISOString() };
      });
    },

    /**
     * Withdraws a reference link not yet answered: the referee's link then answers "withdrawn"
     * (410). An answered reference stays (409); withdrawing twice changes nothing. Audited.
     */
    async revokeReference(actor: Actor, applicantId: string, requestId: string) {
      if (actor.kind === 'user' && (actor.role === 'peer' || actor.role === 'analyst')) throw forbidden('Supervisors and admins run the certification pipeline.');
      return db.tenant(actor.orgId!, async (tx) => {
        const ref = await repo.lockReference(tx, requestId);
        if (!ref || ref.applicantId !== applicantId) throw notFound('Reference request');
        if (ref.usedAt) throw conflict('reference-answered', 'This reference was already answered; an answered reference cannot be withdrawn.');
        const now = clock();
        const revokedAt = ref.revokedAt ?? now;
        if (!ref.revokedAt) {
          await repo.revokeReference(tx, ref.id, now);
          await audit.record(tx, actor, { action: 'reference_request.revoke', entityType: 'certification_applicant', entityId: applicantId, details: { requestId: ref.id } });
        }
        return { id: ref.id, state: 'revoked' as const, revokedAt: revokedAt.toISOString() };
      });
    },

    /** The reference page's facts: who asks, about whom, in which language; nothing else of the applicant. */
    async referenceForm(token: string, sourceIp: string | null) {
      return withLink(token, sourceIp, 'reference_request.view', async (tx, ref, actor) => {
        const a = (await repo.applicantById(tx, ref.applicantId))!;
        const p = (await repo.pipelineById(tx, a.pipelineId))!;
        await audit.record(tx, actor, { action: 'reference_request.view', entityType: 'reference_request', entityId: ref.id });
        return { organization: await orgName(tx, ref.orgId), pipelineName: p.name, applicantName: a.name, refereeName: ref.refereeName, lang: ref.lang as 'en' | 'es', expiresAt: ref.expiresAt.toISOString() };
      });
    },

    /** Stores the reference and spends the link; the applicant's reference step moves on when enough have answered. */
    async answerReference(token: string, input: z.infer<typeof referenceAnswerInput>, sourceIp: string | null) {
      return withLink(token, sourceIp, 'reference_request.answer', async (tx, ref, actor) => {
        const now = clock();
        const { confirm: _confirm, ...answer } = input;
        await repo.answerReference(tx, ref.id, answer, now);
        const a = (await repo.lockApplicant(tx, ref.applicantId))!;
        const p = (await repo.pipelineById(tx, a.pipelineId))!;
        await refreshPlace(tx, a, p.definition, now, null);
        await audit.record(tx, actor, { action: 'reference_request.answer', entityType: 'certification_applicant', entityId: a.id, details: { requestId: ref.id } });
        return { saved: true as const };
      });
    },
  };

  return audit.refusals(service, {
    requestReference: (_actor: Actor, id: string) => ({ action: 'reference_request.issue', entityType: 'certification_applicant', entityId: id }),
    revokeReference: (_actor: Actor, id: string) => ({ action: 'reference_request.revoke', entityType: 'certification_applicant', entityId: id }),
  });
};

export type ReferenceRequestsService = ReturnType<typeof createReferenceRequestsService>;
