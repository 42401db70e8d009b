// What the session-note use cases share, split from caseload.service.ts with them: a note's free
// text sealed at rest, the organization's today, who may open a note (and its participants) and
// who writes it, and the full view of a note with its billing. Writing drafts
// (caseload.encounters.ts), signing and review (caseload.signing.ts) and the peer's day
// (caseload.day.ts) use it; caseload.service.ts wires them together with the plans
// (caseload.plans.ts) and the co-signature settings.
import type { Actor, UserActor } from '../../core/actor.ts';
import { decryptField, encryptField, type Keys } from '../../core/crypto.ts';
import { AppError, forbidden, isAppError, notFound } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { serviceDateOf } from '../billing/billing.rules.ts';
import type { BillingService, Lang } from '../billing/billing.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import * as repo from './caseload.repo.ts';
import { caseloadSettings, type BillingView, type CaseloadSettings, type EncounterView } from './caseload.schemas.ts';

interface CommonDeps {
  people: PeopleService;
  billing: BillingService;
  clock: () => Date;
  /** Narratives, next steps and addenda are encrypted at rest with `keys.field`. */
  keys: Keys;
}

export type CaseloadCommon = ReturnType<typeof createCaseloadCommon>;

export const iso = (d: Date) => d.toISOString();

/** organizations.settings.caseload with defaults filled in (co-signature off). */
export const caseloadSettingsOf = (settings: Record<string, unknown> | undefined): CaseloadSettings => {
  const parsed = caseloadSettings.safeParse(settings?.caseload ?? { cosign: {} });
  return parsed.success ? parsed.data : caseloadSettings.parse({ cosign: {} });
};

export const staffOnly = (actor: Actor): UserActor | null => {
  if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
  return actor.kind === 'user' ? actor : null;
};

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

export const createCaseloadCommon = ({ people, billing, clock, keys }: CommonDeps) => {
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

  return { seal, open, todayIn, toViews, openParticipants, openEncounter, requireAuthor };
};
