// Writing a session note (0003_caseload.sql), split from caseload.service.ts: a draft is created,
// read, saved as the peer types, deleted by its author while unsigned, and listed. Signing and what
// follows it are in caseload.signing.ts. caseload.service.ts offers these use cases; each read and
// change is audited, and a refused one is audited as denied there (audit.refusals).
import { randomUUID } from 'node:crypto';
import { userIdOf, type Actor } from '../../core/actor.ts';
import { AppError, conflict, failIfProblems, forbidden, type FieldProblem } from '../../core/errors.ts';
import type { Page } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { serviceDateOf } from '../billing/billing.rules.ts';
import type { Lang } from '../billing/billing.service.ts';
import { iso, staffOnly, type CaseloadCommon } from './caseload.common.ts';
import * as repo from './caseload.repo.ts';
import { resolveDuration } from './caseload.rules.ts';
import type { EncounterInput, EncounterPatch, EncounterView } from './caseload.schemas.ts';

interface EncounterDeps {
  db: Database;
  audit: AuditService;
  common: CaseloadCommon;
}

const signedNote = () => conflict('encounter-signed', 'A signed note cannot change. Add an addendum to correct it.');

/** Goal ids must be goals of the participants' current recovery plans. */
const goalProblems = async (tx: Tx, participantIds: string[], goalIds: string[]): Promise<FieldProblem[]> => {
  if (goalIds.length === 0) return [];
  const known = new Set((await repo.plansOf(tx, participantIds)).flatMap((p) => p.content.goals.map((g) => g.id)));
  return goalIds.flatMap((g, i) => (known.has(g) ? [] : [{ field: `body.goalIds.${i}`, message: "Not a goal of the participant's recovery plan" }]));
};

export const participantIdsOf = (input: { participantId?: string | undefined; participantIds?: string[] | undefined }) => [
  ...new Set([...(input.participantId ? [input.participantId] : []), ...(input.participantIds ?? [])]),
];

const participantField = (input: { participantId?: string | undefined }) => (i: number) =>
  input.participantId ? (i === 0 ? 'body.participantId' : `body.participantIds.${i - 1}`) : `body.participantIds.${i}`;

const checkShape = (f: { participantIds: string[]; type: string; serviceDate: string; followUpOn: string | null | undefined }): FieldProblem[] => [
  ...(f.participantIds.length === 0 ? [{ field: 'body.participantId', message: 'Choose the participant' }] : []),
  ...(f.participantIds.length > 1 && f.type !== 'group' ? [{ field: 'body.participantIds', message: 'Several participants make a group session: choose type group' }] : []),
  ...(f.followUpOn && f.followUpOn < f.serviceDate ? [{ field: 'body.followUpOn', message: 'The follow-up date cannot be before the session' }] : []),
];

export const createEncounterCases = ({ db, audit, common }: EncounterDeps) => {
  const { seal, toViews, openParticipants, openEncounter, requireAuthor } = common;

  return {
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

    /** Saves a draft as the peer types; a signed note answers 409. */
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
  };
};
