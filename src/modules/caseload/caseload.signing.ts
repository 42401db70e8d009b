// Signing a session note and what follows it, split from caseload.service.ts: the peer attests the
// note (attestation.rules.ts), corrects it with addenda, and supervisors and admins co-sign, return
// or void it (a void releases or voids its claim lines) from their review queue; a corrected
// returned note goes back for review (issue 17). caseload.service.ts offers these use cases; each
// is audited, and a refused one is audited as denied there (audit.refusals).
import { randomUUID } from 'node:crypto';
import { userIdOf, type Actor } from '../../core/actor.ts';
import { conflict, failIfProblems, forbidden } from '../../core/errors.ts';
import type { Page } from '../../core/paging.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { BillingService, Lang } from '../billing/billing.service.ts';
import { attestationFor } from './attestation.rules.ts';
import { caseloadSettingsOf, staffOnly, type CaseloadCommon } from './caseload.common.ts';
import * as repo from './caseload.repo.ts';
import { cosignRequired } from './caseload.rules.ts';
import type { EncounterView } from './caseload.schemas.ts';

interface SigningDeps {
  db: Database;
  audit: AuditService;
  billing: BillingService;
  clock: () => Date;
  common: CaseloadCommon;
}

const reviewers = (actor: Actor, what: string) => {
  if (actor.kind === 'user' && actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden(what);
};

export const createSigningCases = ({ db, audit, billing, clock, common }: SigningDeps) => {
  const { seal, open, toViews, openEncounter, requireAuthor } = common;

  return {
    /**
     * The peer attests the note; it never changes after this (edits answer 409). The attestation
     * names the note's minutes, place of service and activities (`attestation.rules.ts`); the one
     * stored is the one the signer was shown: `input.attestation` when the client sends it (the
     * English or Spanish statement for the note as recorded, word for word), else the one in the
     * caller's language. A note with no activity is refused: a billed note names what happened.
     */
    async signEncounter(actor: Actor, id: string, lang: Lang, input: { attestation?: string | undefined } = {}): Promise<EncounterView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await openEncounter(tx, actor, id, true);
        if (row.status !== 'draft') throw conflict('already-signed', 'This note is already signed.');
        await requireAuthor(tx, actor, row, 'sign');
        const attestation = attestationFor(lang, row, input.attestation);
        failIfProblems([
          ...(open(row.narrative).trim().length === 0 ? [{ field: 'body.narrative', message: 'Write the narrative before signing' }] : []),
          ...(row.activities.length === 0 ? [{ field: 'body.activities', message: 'Choose at least one activity that happened in the session before signing' }] : []),
          ...attestation.problems,
        ]);
        const org = await repo.getOrg(tx, actor.orgId!);
        const peer = (await repo.getPeer(tx, row.peerId))!;
        const { decisions, payers } = await billing.decideEncounters(tx, actor.orgId!, [id]);
        const chosen = [...decisions.values()].filter((d) => d.line.encounterId === id && d.decision.payerId !== undefined).map((d) => d.decision.payerId!);
        const now = clock();
        const required = cosignRequired({
          settings: caseloadSettingsOf(org?.settings),
          peerSince: peer.createdAt,
          signedAt: now,
          billsAPayer: chosen.length > 0,
          payerRequiresCosign: payers.some((p) => chosen.includes(p.id) && p.requiresCosign),
        });
        const after = await repo.updateEncounter(tx, id, { status: 'signed', signedAt: now, signedBy: userIdOf(actor), attestation: attestation.text, cosignRequired: required });
        await audit.record(tx, actor, { action: 'encounter.sign', entityType: 'encounter', entityId: id, details: { cosignRequired: required } });
        return (await toViews(tx, actor.orgId!, [after], lang))[0]!;
      });
    },

    /** A correction that keeps the original; on a returned note, the author's addendum sends it back for review. */
    async addAddendum(actor: Actor, id: string, input: { text: string }, lang: Lang): Promise<EncounterView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await openEncounter(tx, actor, id, true);
        if (row.status === 'draft') throw conflict('not-signed', 'A draft is edited directly; addenda are for signed notes.');
        const peer = await repo.getPeer(tx, row.peerId);
        const isAuthor = actor.kind === 'system' || peer?.userId === actor.userId;
        if (!isAuthor && actor.kind === 'user' && actor.role !== 'admin' && actor.role !== 'supervisor') {
          throw forbidden('Only the peer who wrote the note, a supervisor or an admin adds an addendum.');
        }
        await repo.insertAddendum(tx, { id: randomUUID(), orgId: actor.orgId!, encounterId: id, text: seal(input.text), createdBy: userIdOf(actor) });
        // A corrected returned note goes back to the review queue and stays unbillable until a
        // supervisor accepts it (co-signs), whether or not a co-signature was required when it was
        // first signed: the supervisor asked for the change, so the supervisor checks it (issue 17).
        const resubmit = row.status === 'returned' && isAuthor;
        const after = await repo.updateEncounter(tx, id, resubmit ? { status: 'signed', cosignRequired: true } : {});
        if (resubmit) {
          await repo.insertReview(tx, { id: randomUUID(), orgId: actor.orgId!, encounterId: id, action: 'resubmitted', comment: null, byUser: userIdOf(actor) });
        }
        await audit.record(tx, actor, { action: 'encounter.addendum', entityType: 'encounter', entityId: id, details: { resubmitted: row.status === 'returned' && isAuthor } });
        return (await toViews(tx, actor.orgId!, [after], lang))[0]!;
      });
    },

    async cosignEncounter(actor: Actor, id: string, input: { comment?: string | undefined }, lang: Lang): Promise<EncounterView> {
      reviewers(actor, 'Supervisors and admins co-sign notes.');
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await openEncounter(tx, actor, id, true);
        if (row.voidedAt && !row.voidResubmit) throw conflict('encounter-voided', 'This note was voided.');
        if (row.status === 'draft') throw conflict('not-signed', 'The peer has not signed this note yet.');
        if (row.status === 'cosigned') throw conflict('already-cosigned', 'This note is already co-signed.');
        const peer = await repo.getPeer(tx, row.peerId);
        if (actor.kind === 'user' && peer?.userId === actor.userId) throw forbidden('A co-signature comes from someone other than the note\'s author.');
        const now = clock();
        const after = await repo.updateEncounter(tx, id, { status: 'cosigned', cosignedAt: now, cosignedBy: userIdOf(actor) });
        await repo.insertReview(tx, { id: randomUUID(), orgId: actor.orgId!, encounterId: id, action: 'cosigned', comment: input.comment ?? null, byUser: userIdOf(actor), at: now });
        await audit.record(tx, actor, { action: 'encounter.cosign', entityType: 'encounter', entityId: id });
        return (await toViews(tx, actor.orgId!, [after], lang))[0]!;
      });
    },

    async returnEncounter(actor: Actor, id: string, input: { comment: string }, lang: Lang): Promise<EncounterView> {
      reviewers(actor, 'Supervisors and admins review notes.');
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await openEncounter(tx, actor, id, true);
        if (row.voidedAt && !row.voidResubmit) throw conflict('encounter-voided', 'This note was voided.');
        if (row.status === 'draft') throw conflict('not-signed', 'The peer has not signed this note yet.');
        if (row.status === 'cosigned') throw conflict('already-cosigned', 'This note is already co-signed.');
        if (row.status === 'returned') throw conflict('already-returned', 'This note is already back with the peer.');
        const now = clock();
        const after = await repo.updateEncounter(tx, id, { status: 'returned', returnedAt: now, returnedBy: userIdOf(actor), returnComment: input.comment });
        await repo.insertReview(tx, { id: randomUUID(), orgId: actor.orgId!, encounterId: id, action: 'returned', comment: input.comment, byUser: userIdOf(actor), at: now });
        await audit.record(tx, actor, { action: 'encounter.return', entityType: 'encounter', entityId: id });
        return (await toViews(tx, actor.orgId!, [after], lang))[0]!;
      });
    },

    /**
     * Voids a signed note. Without `resubmit` the note was entered in error: never billed, and any
     * claim line sent for it is marked void. With `resubmit` its claim is released (its line and the
     * other lines of that claim), so the next export sends them again on one replacement claim.
     */
    async voidEncounter(actor: Actor, id: string, input: { reason: string; resubmit: boolean }, lang: Lang): Promise<EncounterView> {
      reviewers(actor, 'Supervisors and admins void notes.');
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await openEncounter(tx, actor, id, true);
        if (row.status === 'draft') throw conflict('not-signed', 'Only signed notes are voided.');
        if (row.voidedAt && !row.voidResubmit) throw conflict('already-voided', 'This note is already voided.');
        if (input.resubmit && (await billing.activeExportLinesOfEncounter(tx, id)).length === 0) {
          throw conflict('not-exported', 'This note has not been exported on a claim, so there is nothing to resubmit.');
        }
        const lines = await billing.voidExportLines(tx, id, userIdOf(actor), input.reason, input.resubmit);
        const after = await repo.updateEncounter(tx, id, { voidedAt: clock(), voidedBy: userIdOf(actor), voidReason: input.reason, voidResubmit: input.resubmit });
        await audit.record(tx, actor, { action: 'encounter.void', entityType: 'encounter', entityId: id, details: { resubmit: input.resubmit, claimLinesVoided: lines } });
        return (await toViews(tx, actor.orgId!, [after], lang))[0]!;
      });
    },

    /** Signed notes waiting for a co-signature, oldest first. */
    async reviewQueue(actor: Actor, page: { page: number; pageSize: number }, lang: Lang): Promise<Page<EncounterView>> {
      staffOnly(actor);
      reviewers(actor, 'Supervisors and admins review notes.');
      return db.tenant(actor.orgId!, async (tx) => {
        const { total, items } = await repo.reviewQueue(tx, page.pageSize, (page.page - 1) * page.pageSize);
        await audit.record(tx, actor, { action: 'encounter.review_queue', entityType: 'encounter', details: { ids: items.map((e) => e.id) } });
        return { total, page: page.page, pageSize: page.pageSize, items: await toViews(tx, actor.orgId!, items, lang) };
      });
    },
  };
};
