import { randomUUID } from 'node:crypto';
import { userIdOf, type Actor, type UserActor } from '../../core/actor.ts';
import { decryptField, encryptField, type Keys } from '../../core/crypto.ts';
import { AppError, conflict, failIfProblems, forbidden, isAppError, notFound, type FieldProblem } from '../../core/errors.ts';
import type { Page } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AttemptEntry, AuditService } from '../audit/audit.service.ts';
import { serviceDateOf } from '../billing/billing.rules.ts';
import type { BillingService, Lang } from '../billing/billing.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import * as repo from './caseload.repo.ts';
import { attestationFor } from './attestation.rules.ts';
import { createPlanCases } from './caseload.plans.ts';
import { NARRATIVE_TEMPLATES, addDays, compareCaseload, cosignRequired, resolveDuration } from './caseload.rules.ts';
import {
  ACTIVITIES,
  caseloadSettings,
  type BillingView,
  type CaseloadSettings,
  type EncounterDefaults,
  type EncounterInput,
  type EncounterPatch,
  type EncounterSummary,
  type EncounterView,
  type MyDayView,
} from './caseload.schemas.ts';

export interface CaseloadDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  billing: BillingService;
  clock: () => Date;
  /** Narratives, next steps and addenda are encrypted at rest with `keys.field`. */
  keys: Keys;
}

export type CaseloadService = ReturnType<typeof createCaseloadService>;

const iso = (d: Date) => d.toISOString();

/** organizations.settings.caseload with defaults filled in (co-signature off). */
export const caseloadSettingsOf = (settings: Record<string, unknown> | undefined): CaseloadSettings => {
  const parsed = caseloadSettings.safeParse(settings?.caseload ?? { cosign: {} });
  return parsed.success ? parsed.data : caseloadSettings.parse({ cosign: {} });
};

const staffOnly = (actor: Actor): UserActor | null => {
  if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
  return actor.kind === 'user' ? actor : null;
};

const reviewers = (actor: Actor, what: string) => {
  if (actor.kind === 'user' && actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden(what);
};

const signedNote = () => conflict('encounter-signed', 'A signed note cannot change. Add an addendum to correct it.');

const notBillableFallback = (serviceDate: string): BillingView => ({
  billable: false,
  reason: null,
  serviceDate,
  payerId: null,
  payerName: null,
  memberId: null,
  code: null,
  modifiers: [],
  units: 0,
  amountCents: 0,
  explanation: '',
  exportId: null,
  coverageChanged: null,
});

export const createCaseloadService = ({ db, audit, people, billing, clock, keys }: CaseloadDeps) => {
  // A note's free text is health information about the participant: sealed with AES-256-GCM
  // (core/crypto.ts, keyed from PEERBRIDGE_SECRET, as participants' contact details are). An
  // empty text stays empty; text written before encryption (no `v1.` seal) reads as it is.
  const seal = (text: string) => (text === '' ? '' : encryptField(keys.field, text));
  const open = (stored: string) => {
    if (!stored.startsWith('v1.')) return stored;
    try {
      return decryptField(keys.field, stored);
    } catch {
      return stored;
    }
  };

  const todayIn = (timeZone: string) => serviceDateOf(clock().toISOString(), timeZone);
  const plans = createPlanCases({ db, audit, people, clock, todayIn });

  /** Full views of notes (participants, peer, addenda, reviews and billing), in `rows` order. */
  const toViews = async (tx: Tx, orgId: string, rows: repo.EncounterRow[], lang: Lang): Promise<EncounterView[]> => {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const parts = await repo.participationsOf(tx, ids);
    const peers = new Map((await repo.peersByIds(tx, [...new Set(rows.map((r) => r.peerId))])).map((p) => [p.id, p]));
    const addenda = await repo.addendaOf(tx, ids);
    const reviews = await repo.reviewsOf(tx, ids);
    const { views } = await billing.billingViews(tx, orgId, ids, lang);
    return rows.map((r) => {
      const ps = parts.get(r.id) ?? [];
      const billingByParticipant = ps.map((p) => ({ participantId: p.id, billing: views.get(`${r.id}|${p.id}`) ?? notBillableFallback(r.serviceDate) }));
      return {
        id: r.id,
        status: r.status as EncounterView['status'],
        voided: r.voidedAt !== null && !r.voidResubmit,
        participantId: ps[0]?.id ?? r.id,
        participantIds: ps.map((p) => p.id),
        participants: ps.map((p) => ({ id: p.id, displayName: p.displayName })),
        peerId: r.peerId,
        peer: { id: r.peerId, displayName: peers.get(r.peerId)?.displayName ?? '' },
        type: r.type as EncounterView['type'],
        modality: r.modality as EncounterView['modality'],
        startedAt: iso(r.startedAt),
        endedAt: iso(new Date(r.startedAt.getTime() + r.durationMinutes * 60_000)),
        durationMinutes: r.durationMinutes,
        serviceDate: r.serviceDate,
        placeOfService: r.placeOfService,
        program: r.program,
        activities: r.activities,
        goalIds: r.goalIds,
        narrative: open(r.narrative),
        nextSteps: open(r.nextSteps),
        followUpOn: r.followUpOn,
        cosignRequired: r.cosignRequired,
        signedAt: r.signedAt ? iso(r.signedAt) : null,
        signedBy: r.signedBy,
        attestation: r.attestation,
        cosignedAt: r.cosignedAt ? iso(r.cosignedAt) : null,
        cosignedBy: r.cosignedBy,
        returnedAt: r.returnedAt ? iso(r.returnedAt) : null,
        returnComment: r.returnComment,
        reviews: reviews
          .filter((v) => v.encounterId === r.id)
          .map((v) => ({ action: v.action as 'cosigned' | 'returned' | 'resubmitted', comment: v.comment, at: iso(v.at), by: v.byUser })),
        addenda: addenda.filter((a) => a.encounterId === r.id).map((a) => ({ id: a.id, text: open(a.text), createdAt: iso(a.createdAt), createdBy: a.createdBy })),
        void: r.voidedAt ? { at: iso(r.voidedAt), by: r.voidedBy, reason: r.voidReason ?? '', resubmit: r.voidResubmit } : null,
        billing: billingByParticipant[0]?.billing ?? notBillableFallback(r.serviceDate),
        billingByParticipant,
        createdAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
      };
    });
  };

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

  /** Participant 404s become field problems on the body (another organization's id looks absent). */
  const openParticipants = async (tx: Tx, actor: Actor, ids: string[], field: (i: number) => string) => {
    for (const [i, id] of ids.entries()) {
      try {
        await people.openParticipant(tx, actor, id);
      } catch (e) {
        if (isAppError(e) && e.status === 404) {
          throw new AppError(404, 'not-found', 'Participant not found.', { errors: [{ field: field(i), message: 'No such participant' }] });
        }
        throw e;
      }
    }
  };

  /**
   * Opens a note for `actor` or answers 404. Admins and supervisors open any of their
   * organization's; a peer opens their own notes and notes about participants they may open.
   */
  const openEncounter = async (tx: Tx, actor: Actor, id: string, lock = false) => {
    const user = staffOnly(actor);
    const row = lock ? await repo.lockEncounter(tx, id) : await repo.getEncounter(tx, id);
    if (!row) throw notFound('Encounter');
    if (user && user.role === 'peer') {
      const me = await repo.getPeerByUser(tx, user.userId);
      if (row.peerId !== me?.id) {
        const parts = (await repo.participationsOf(tx, [id])).get(id) ?? [];
        let visible = false;
        for (const p of parts) {
          try {
            await people.openParticipant(tx, actor, p.id);
            visible = true;
            break;
          } catch (e) {
            if (!isAppError(e) || e.status !== 404) throw e;
          }
        }
        if (!visible) throw notFound('Encounter');
      }
    }
    return row;
  };

  /** The peer who provided the session (or whoever wrote the draft) edits and signs it. */
  const requireAuthor = async (tx: Tx, actor: Actor, row: repo.EncounterRow, what: string) => {
    if (actor.kind === 'system') return;
    const peer = await repo.getPeer(tx, row.peerId);
    if (peer?.userId === actor.userId) return;
    if ((what === 'edit' || what === 'delete') && row.createdBy === actor.userId) return;
    throw forbidden(
      what === 'sign'
        ? 'Only the peer who provided the session signs its note.'
        : what === 'delete'
          ? 'Only the peer who wrote this draft deletes it.'
          : 'Only the peer who wrote this note changes it.',
    );
  };

  /** Goal ids must be goals of the participants' current recovery plans. */
  const goalProblems = async (tx: Tx, participantIds: string[], goalIds: string[]): Promise<FieldProblem[]> => {
    if (goalIds.length === 0) return [];
    const known = new Set((await repo.plansOf(tx, participantIds)).flatMap((p) => p.content.goals.map((g) => g.id)));
    return goalIds.flatMap((g, i) => (known.has(g) ? [] : [{ field: `body.goalIds.${i}`, message: "Not a goal of the participant's recovery plan" }]));
  };

  const participantIdsOf = (input: { participantId?: string | undefined; participantIds?: string[] | undefined }) => [
    ...new Set([...(input.participantId ? [input.participantId] : []), ...(input.participantIds ?? [])]),
  ];

  const participantField = (input: { participantId?: string | undefined }) => (i: number) =>
    input.participantId ? (i === 0 ? 'body.participantId' : `body.participantIds.${i - 1}`) : `body.participantIds.${i}`;

  const checkShape = (f: { participantIds: string[]; type: string; serviceDate: string; followUpOn: string | null | undefined }): FieldProblem[] => [
    ...(f.participantIds.length === 0 ? [{ field: 'body.participantId', message: 'Choose the participant' }] : []),
    ...(f.participantIds.length > 1 && f.type !== 'group' ? [{ field: 'body.participantIds', message: 'Several participants make a group session: choose type group' }] : []),
    ...(f.followUpOn && f.followUpOn < f.serviceDate ? [{ field: 'body.followUpOn', message: 'The follow-up date cannot be before the session' }] : []),
  ];

  const service = {
    // ---------- encounters ----------

    async createEncounter(actor: Actor, input: EncounterInput, lang: Lang): Promise<EncounterView> {
      const user = staffOnly(actor);
      const orgId = actor.orgId!;
      return db.tenant(orgId, async (tx) => {
        const org = await repo.getOrg(tx, orgId);
        const participantIds = participantIdsOf(input);
        const { minutes, problems } = resolveDuration(input.startedAt, input.durationMinutes, input.endedAt);
        const serviceDate = serviceDateOf(input.startedAt, org?.timeZone ?? 'America/New_York');
        failIfProblems([...checkShape({ participantIds, type: input.type, serviceDate, followUpOn: input.followUpOn }), ...problems]);

        // The rendering peer: a peer writes their own notes; supervisors and admins name one.
        let peerId = input.peerId;
        const own = user ? await repo.getPeerByUser(tx, user.userId) : undefined;
        if (user?.role === 'peer') {
          if (!own) throw conflict('no-peer-profile', 'Create your peer profile before writing notes.');
          if (peerId !== undefined && peerId !== own.id) throw forbidden('A peer writes notes for their own sessions.');
          peerId = own.id;
        } else {
          peerId ??= own?.id;
          if (peerId === undefined) failIfProblems([{ field: 'body.peerId', message: 'Choose the peer who provided the session' }]);
        }
        const peer = await repo.getPeer(tx, peerId!);
        if (!peer) throw new AppError(404, 'not-found', 'Peer not found.', { errors: [{ field: 'body.peerId', message: 'No such peer' }] });

        await openParticipants(tx, actor, participantIds, participantField(input));
        failIfProblems(await goalProblems(tx, participantIds, input.goalIds));

        const id = randomUUID();
        const row = await repo.insertEncounter(tx, {
          id,
          orgId,
          peerId: peer.id,
          type: input.type,
          modality: input.modality,
          startedAt: new Date(input.startedAt),
          durationMinutes: minutes,
          serviceDate,
          placeOfService: input.placeOfService,
          program: input.program ?? null,
          activities: input.activities,
          goalIds: input.goalIds,
          narrative: seal(input.narrative),
          nextSteps: seal(input.nextSteps),
          followUpOn: input.followUpOn ?? null,
          status: 'draft',
          cosignRequired: false,
          voidResubmit: false,
          createdBy: userIdOf(actor),
        });
        // The first participant's service line carries the encounter id (REF*6R on a claim).
        await repo.setParticipants(tx, orgId, id, participantIds, (i) => (i === 0 ? id : randomUUID()));
        await audit.record(tx, actor, { action: 'encounter.create', entityType: 'encounter', entityId: id, details: { participantIds } });
        return (await toViews(tx, orgId, [row], lang))[0]!;
      });
    },

    async getEncounter(actor: Actor, id: string, lang: Lang): Promise<EncounterView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await openEncounter(tx, actor, id);
        await audit.record(tx, actor, { action: 'encounter.read', entityType: 'encounter', entityId: id });
        return (await toViews(tx, actor.orgId!, [row], lang))[0]!;
      });
    },

    /** Saves a draft as the peer types; a signed note answers 409. */
    /**
     * Deletes an unsigned draft, for its author only (the peer who provided the session, or who
     * started the draft). A signed note is a record and answers 409: correct it with an addendum.
     */
    async deleteDraft(actor: Actor, id: string): Promise<void> {
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await openEncounter(tx, actor, id, true);
        if (row.status !== 'draft') throw conflict('encounter-signed', 'A signed note cannot be deleted. Add an addendum to correct it.');
        await requireAuthor(tx, actor, row, 'delete');
        await repo.deleteDraft(tx, id);
        await audit.record(tx, actor, { action: 'encounter.delete_draft', entityType: 'encounter', entityId: id });
      });
    },

    async updateEncounter(actor: Actor, id: string, patch: EncounterPatch, lang: Lang): Promise<EncounterView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await openEncounter(tx, actor, id, true);
        if (row.status !== 'draft') throw signedNote();
        await requireAuthor(tx, actor, row, 'edit');
        const org = await repo.getOrg(tx, actor.orgId!);
        const startedAt = patch.startedAt ?? iso(row.startedAt);
        const durationGiven = patch.durationMinutes !== undefined || patch.endedAt !== undefined;
        const { minutes, problems } = durationGiven
          ? resolveDuration(startedAt, patch.durationMinutes, patch.endedAt)
          : { minutes: row.durationMinutes, problems: [] as FieldProblem[] };
        const serviceDate = serviceDateOf(startedAt, org?.timeZone ?? 'America/New_York');
        const newParticipants = patch.participantId !== undefined || patch.participantIds !== undefined ? participantIdsOf(patch) : null;
        const current = ((await repo.participationsOf(tx, [id])).get(id) ?? []).map((p) => p.id);
        const participantIds = newParticipants ?? current;
        const type = patch.type ?? row.type;
        const followUpOn = patch.followUpOn !== undefined ? patch.followUpOn : row.followUpOn;
        failIfProblems([...checkShape({ participantIds, type, serviceDate, followUpOn }), ...problems]);
        if (patch.peerId !== undefined && patch.peerId !== row.peerId) {
          if (actor.kind === 'user' && actor.role === 'peer') throw forbidden('A peer writes notes for their own sessions.');
          if (!(await repo.getPeer(tx, patch.peerId))) throw new AppError(404, 'not-found', 'Peer not found.', { errors: [{ field: 'body.peerId', message: 'No such peer' }] });
        }
        if (newParticipants) await openParticipants(tx, actor, newParticipants, participantField(patch));
        const goalIds = patch.goalIds ?? row.goalIds;
        failIfProblems(await goalProblems(tx, participantIds, goalIds));

        if (newParticipants && JSON.stringify(newParticipants) !== JSON.stringify(current)) {
          await repo.setParticipants(tx, actor.orgId!, id, newParticipants, (i) => (i === 0 ? id : randomUUID()));
        }
        const after = await repo.updateEncounter(tx, id, {
          ...(patch.peerId !== undefined ? { peerId: patch.peerId } : {}),
          ...(patch.type !== undefined ? { type: patch.type } : {}),
          ...(patch.modality !== undefined ? { modality: patch.modality } : {}),
          startedAt: new Date(startedAt),
          durationMinutes: minutes,
          serviceDate,
          ...(patch.placeOfService !== undefined ? { placeOfService: patch.placeOfService } : {}),
          ...(patch.program !== undefined ? { program: patch.program } : {}),
          ...(patch.activities !== undefined ? { activities: patch.activities } : {}),
          goalIds,
          ...(patch.narrative !== undefined ? { narrative: seal(patch.narrative) } : {}),
          ...(patch.nextSteps !== undefined ? { nextSteps: seal(patch.nextSteps) } : {}),
          followUpOn: followUpOn ?? null,
        });
        await audit.record(tx, actor, { action: 'encounter.update', entityType: 'encounter', entityId: id, details: { fields: Object.keys(patch) } });
        return (await toViews(tx, actor.orgId!, [after], lang))[0]!;
      });
    },

    async listEncounters(
      actor: Actor,
      q: { page: number; pageSize: number; participantId?: string | undefined; peerId?: string | undefined; status?: string | undefined; from?: string | undefined; to?: string | undefined },
      lang: Lang,
    ): Promise<Page<EncounterView>> {
      const user = staffOnly(actor);
      failIfProblems(q.from && q.to && q.from > q.to ? [{ field: 'query.to', message: 'The range must end on or after its start' }] : []);
      return db.tenant(actor.orgId!, async (tx) => {
        let scope: repo.EncounterFilter['scope'];
        if (user?.role === 'peer') scope = { peerId: (await repo.getPeerByUser(tx, user.userId))?.id ?? null, userId: user.userId };
        const { total, items } = await repo.listEncounters(tx, { ...q, ...(scope ? { scope } : {}) }, q.pageSize, (q.page - 1) * q.pageSize);
        await audit.record(tx, actor, { action: 'encounter.list', entityType: 'encounter', details: { ids: items.map((e) => e.id) } });
        return { total, page: q.page, pageSize: q.pageSize, items: await toViews(tx, actor.orgId!, items, lang) };
      });
    },

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

    // ---------- settings ----------

    async getSettings(actor: Actor): Promise<CaseloadSettings> {
      return db.tenant(actor.orgId!, async (tx) => caseloadSettingsOf((await repo.getOrg(tx, actor.orgId!))?.settings));
    },

    async putSettings(actor: Actor, input: CaseloadSettings): Promise<CaseloadSettings> {
      if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Admins change co-signature settings.');
      return db.tenant(actor.orgId!, async (tx) => {
        await repo.setOrgSettingsKey(tx, actor.orgId!, 'caseload', input);
        await audit.record(tx, actor, { action: 'caseload.settings_update', entityType: 'organization', entityId: actor.orgId!, details: { cosign: input.cosign, startWithLastActivities: input.startWithLastActivities } });
        return input;
      });
    },

    // ---------- recovery plans (caseload.plans.ts) ----------

    ...plans,
  };

  // A refused read or change of a note or plan (403, or 404 as for an absent one) is audited as denied.
  const onNote = (action: string) => (_actor: Actor, id: string): AttemptEntry => ({ action, entityType: 'encounter', entityId: id });
  const onPlan = (action: string) => (_actor: Actor, participantId: string): AttemptEntry => ({ action, entityType: 'participant', entityId: participantId });
  return audit.refusals(service, {
    createEncounter: (_actor, input) => ({ action: 'encounter.create', entityType: 'encounter', details: { participantIds: participantIdsOf(input) } }),
    getEncounter: onNote('encounter.read'),
    updateEncounter: onNote('encounter.update'),
    deleteDraft: onNote('encounter.delete_draft'),
    signEncounter: onNote('encounter.sign'),
    addAddendum: onNote('encounter.addendum'),
    cosignEncounter: onNote('encounter.cosign'),
    returnEncounter: onNote('encounter.return'),
    voidEncounter: onNote('encounter.void'),
    listEncounters: (_actor, q) => ({ action: 'encounter.list', entityType: 'encounter', details: q.participantId ? { participantId: q.participantId } : {} }),
    reviewQueue: () => ({ action: 'encounter.review_queue', entityType: 'encounter' }),
    // Without a participant the defaults name no one's record.
    encounterDefaults: (_actor, participantId) =>
      participantId ? { action: 'plan.read', entityType: 'participant', entityId: participantId, details: { via: 'encounter-defaults' } } : null,
    getPlan: onPlan('plan.read'),
    putPlan: onPlan('plan.update'),
    planHistory: onPlan('plan.history_read'),
  });
};
