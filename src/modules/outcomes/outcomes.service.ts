import { randomUUID } from 'node:crypto';
import type { Actor, AuditActor, UserActor } from '../../core/actor.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AttemptEntry, AuditService } from '../audit/audit.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import { checkAnswers, checkDefinition, scoreResponse, type InstrumentDefinition } from './instrument.rules.ts';
import { BUILT_IN_INSTRUMENTS } from './instruments/index.ts';
import * as repo from './outcomes.repo.ts';
import { type AssessmentInput, type AssessmentView, type FollowupView, type InstrumentDefinitionInput, type InstrumentView } from './outcomes.schemas.ts';
import { pointsOfParticipant, scheduleContext, todayIn } from './due.ts';
import { followUpRate, FOLLOW_UP_TARGET } from './schedule.rules.ts';
import { endOfLocalDay, isOverdue, type FollowUpAction } from './safety.rules.ts';

export interface OutcomesDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  clock: () => Date;
}

const iso = (d: Date) => d.toISOString();

const staff = (actor: Actor): UserActor | null => {
  if (actor.kind !== 'user') return null;
  if (actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
  return actor;
};

const toAssessmentView = (row: repo.AssessmentRow, definition: InstrumentDefinition | undefined, followupId: string | null): AssessmentView => ({
  id: row.id,
  participantId: row.participantId,
  instrument: row.instrument,
  version: row.version,
  answers: row.answers,
  complete: row.complete,
  missing: definition ? definition.items.filter((i) => i.required !== false && (row.answers[i.id] ?? null) === null).map((i) => i.id) : [],
  total: row.total,
  band: row.band,
  subscales: row.subscales,
  flags: row.flags,
  mode: row.mode as AssessmentView['mode'],
  administeredAt: iso(row.administeredAt),
  recordedBy: row.recordedBy,
  createdAt: iso(row.createdAt),
  safetyFollowupId: followupId,
});

/**
 * Outcome instruments, assessments and same-day safety follow-ups (issue 20). Every read and
 * write of a participant's answers is audited like any participant record; a safety flag opens
 * a follow-up in the same transaction as the answers that raised it, so one is never stored
 * without the other.
 */
export const createOutcomesService = ({ db, audit, people, clock }: OutcomesDeps) => {
  /** Built-in versions first, then the organization's own, each code's versions oldest first. */
  const catalog = async (tx: Tx): Promise<Array<{ definition: InstrumentDefinition; builtIn: boolean; publishedAt: Date | null }>> => [
    ...BUILT_IN_INSTRUMENTS.map((definition) => ({ definition, builtIn: true, publishedAt: null })),
    ...(await repo.listInstruments(tx)).map((r) => ({ definition: r.definition as InstrumentDefinition, builtIn: false, publishedAt: r.publishedAt })),
  ];

  /** One version of an instrument (the newest when none is named), or a 404 naming the field. */
  const resolve = async (tx: Tx, code: string, version: string | undefined, field: string) => {
    const versions = (await catalog(tx)).filter((c) => c.definition.code === code);
    if (versions.length === 0) throw new AppError(404, 'not-found', 'Instrument not found.', { errors: [{ field, message: `No instrument "${code}"` }] });
    const found = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.definition.version === version);
    if (!found) {
      const versionField = field === 'body.instrument' ? 'body.version' : 'query.version';
      throw new AppError(404, 'not-found', 'Instrument version not found.', {
        errors: [{ field: versionField, message: `No version "${version}" of ${code} (${versions.map((v) => v.definition.version).join(', ')})` }],
      });
    }
    return { ...found, versions: versions.map((v) => v.definition.version) };
  };

  const toFollowupView = (row: repo.FollowupRow, names: ReadonlyMap<string, string>, now: Date, peers: ReadonlyMap<string, string>, timeZone: string): FollowupView => ({
    id: row.id,
    participantId: row.participantId,
    participantName: names.get(row.participantId) ?? '',
    peerId: row.peerId,
    peerName: row.peerId ? (peers.get(row.peerId) ?? null) : null,
    assessmentId: row.assessmentId,
    reason: row.reason,
    createdAt: iso(row.createdAt),
    dueBy: iso(row.dueBy),
    timeZone,
    status: row.status as FollowupView['status'],
    overdue: isOverdue(row, now),
    escalatedAt: row.escalatedAt ? iso(row.escalatedAt) : null,
    closedAt: row.closedAt ? iso(row.closedAt) : null,
    closedBy: row.closedBy,
    action: row.action as FollowupView['action'],
    note: row.note,
  });

  /** A peer acts on the follow-ups of their own participants; supervisors and admins on all. */
  const followupScope = async (tx: Tx, actor: Actor): Promise<{ peerId?: string }> => {
    const user = staff(actor);
    if (!user || user.role !== 'peer') return {};
    const peerId = await repo.peerIdOfUser(tx, user.userId);
    if (!peerId) throw forbidden('Only a peer with a profile has follow-ups of their own.');
    return { peerId };
  };

  const service = {
    async listInstruments(actor: Actor) {
      return db.tenant(actor.orgId!, async (tx) => {
        const all = await catalog(tx);
        const byCode = new Map<string, typeof all>();
        for (const c of all) byCode.set(c.definition.code, [...(byCode.get(c.definition.code) ?? []), c]);
        return {
          items: [...byCode.values()].map((versions) => {
            const latest = versions[versions.length - 1]!;
            const d = latest.definition;
            return {
              code: d.code,
              version: d.version,
              title: d.title,
              builtIn: latest.builtIn,
              items: d.items.length,
              spanish: d.translations.es?.status ?? ('none' as const),
              versions: versions.map((v) => v.definition.version),
            };
          }),
        };
      });
    },

    async getInstrument(actor: Actor, code: string, version: string | undefined): Promise<InstrumentView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const found = await resolve(tx, code, version, 'params.code');
        return { ...(found.definition as InstrumentDefinitionInput), builtIn: found.builtIn, publishedAt: found.publishedAt ? iso(found.publishedAt) : null };
      });
    },

    /**
     * Publishes an organization's own instrument version (a state's functional assessment scale).
     * A published version never changes: the same code and version again is a conflict, and a
     * built-in code cannot be shadowed.
     */
    async createInstrument(actor: Actor, input: InstrumentDefinitionInput): Promise<InstrumentView> {
      if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Admins publish instruments.');
      const definition = input as InstrumentDefinition;
      const problems = checkDefinition(definition).map((p) => ({ field: `body.${p.field}`, message: p.message }));
      if (problems.length > 0) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, problems);
      if (BUILT_IN_INSTRUMENTS.some((b) => b.code === input.code)) {
        throw new AppError(409, 'instrument-built-in', `"${input.code}" is a built-in instrument; give yours a code of its own.`, { errors: [{ field: 'body.code', message: 'A built-in instrument has this code' }] });
      }
      return db.tenant(actor.orgId!, async (tx) => {
        if ((await repo.instrumentVersions(tx, input.code)).some((r) => r.version === input.version)) {
          throw new AppError(409, 'instrument-version-published', `Version ${input.version} of ${input.code} is published and never changes; publish a new version.`, {
            errors: [{ field: 'body.version', message: 'This version is already published' }],
          });
        }
        const row = await repo.insertInstrument(tx, {
          orgId: actor.orgId!,
          code: input.code,
          version: input.version,
          definition,
          publishedAt: clock(),
          publishedBy: actor.kind === 'user' ? actor.userId : null,
        });
        await audit.record(tx, actor, { action: 'instrument.publish', entityType: 'instrument', details: { code: input.code, version: input.version } });
        return { ...input, builtIn: false, publishedAt: iso(row.publishedAt) };
      });
    },

    /** Records a participant's answers, scored by the instrument version's published rules. */
    async recordAssessment(actor: Actor, participantId: string, input: AssessmentInput): Promise<AssessmentView> {
      staff(actor);
      const now = clock();
      if (Date.parse(input.administeredAt) > now.getTime() + 5 * 60_000) {
        throw badRequest('An assessment cannot be administered in the future.', [{ field: 'body.administeredAt', message: 'Use a time at or before now' }]);
      }
      return db.tenant(actor.orgId!, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        return service.storeInside(tx, actor, participantId, input, now);
      });
    },

    /**
     * Checks, scores and stores answers inside the caller's transaction, auditing them under
     * `actor` (a staff member, or the holder of a self-completion link), and opens the same-day
     * safety follow-up in the same transaction when a safety flag is raised.
     */
    async storeInside(tx: Tx, actor: AuditActor, participantId: string, input: AssessmentInput, now: Date): Promise<AssessmentView> {
      const orgId = actor.orgId!;
      const { definition } = await resolve(tx, input.instrument, input.version, 'body.instrument');
      const problems = checkAnswers(definition, input.answers).map((p) => ({ field: `body.${p.field}`, message: p.message }));
      if (problems.length > 0) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, problems);
      const scored = scoreResponse(definition, input.answers);
      const row = await repo.insertAssessment(tx, {
        id: randomUUID(),
        orgId,
        participantId,
        instrument: definition.code,
        version: definition.version,
        answers: input.answers,
        complete: scored.complete,
        total: scored.total,
        band: scored.band,
        subscales: scored.subscales,
        flags: scored.flags,
        mode: input.mode,
        administeredAt: new Date(input.administeredAt),
        recordedBy: actor.kind === 'user' ? actor.userId : null,
        createdAt: now,
      });
      await audit.record(tx, actor, {
        action: 'assessment.create',
        entityType: 'participant',
        entityId: participantId,
        details: { assessmentId: row.id, instrument: definition.code, version: definition.version, complete: scored.complete, mode: input.mode },
      });
      let followupId: string | null = null;
      if (scored.safety) {
        const flag = definition.flags.find((f) => f.safety && scored.flags.includes(f.code))!;
        const followup = await repo.insertFollowup(tx, {
          id: randomUUID(),
          orgId,
          participantId,
          peerId: await repo.activePeerOf(tx, participantId),
          assessmentId: row.id,
          reason: `${definition.code}:${flag.code}`,
          createdAt: now,
          dueBy: endOfLocalDay(now, await repo.orgTimeZone(tx, orgId)),
          status: 'open',
        });
        followupId = followup.id;
        await audit.record(tx, actor, { action: 'safety_followup.open', entityType: 'participant', entityId: participantId, details: { followupId, reason: followup.reason } });
      }
      return toAssessmentView(row, definition, followupId);
    },

    /** One instrument version inside the caller's transaction (a 404 naming `field` when unknown). */
    resolveInside: (tx: Tx, code: string, version: string | undefined, field: string) => resolve(tx, code, version, field),

    async listAssessments(actor: Actor, participantId: string, instrument?: string): Promise<{ items: AssessmentView[] }> {
      staff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        const rows = await repo.assessmentsOf(tx, participantId, instrument);
        const definitions = new Map((await catalog(tx)).map((c) => [`${c.definition.code}@${c.definition.version}`, c.definition]));
        const followups = new Map((await repo.listFollowups(tx, { participantId })).map((f) => [f.assessmentId, f.id]));
        await audit.record(tx, actor, { action: 'assessment.list', entityType: 'participant', entityId: participantId });
        return { items: rows.map((r) => toAssessmentView(r, definitions.get(`${r.instrument}@${r.version}`), followups.get(r.id) ?? null)) };
      });
    },

    /**
     * The participant's assessment points (their program's schedule, or the organization's SUPRT
     * pattern) with their windows and status today, and the follow-up rate of their follow-ups.
     */
    async dueAssessments(actor: Actor, participantId: string) {
      staff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        const ctx = await scheduleContext(tx, actor.orgId!);
        const now = clock();
        const points = await pointsOfParticipant(tx, ctx, participantId, now);
        await audit.record(tx, actor, { action: 'assessment.due_read', entityType: 'participant', entityId: participantId });
        const programs = [...new Set(points.flatMap((p) => (p.program ? [p.program] : [])))];
        return { asOf: todayIn(ctx, now), schedule: ctx.suprt, programs, points, followUp: { ...followUpRate(points), target: FOLLOW_UP_TARGET } };
      });
    },

    /**
     * Safety follow-ups: a peer's own, or every one for supervisors and admins. Reading marks
     * open ones past their deadline as escalated, so the admins' view shows them at once.
     */
    async listFollowups(actor: Actor, f: { status?: 'open' | 'closed' | undefined; participantId?: string | undefined }): Promise<{ items: FollowupView[] }> {
      return db.tenant(actor.orgId!, async (tx) => {
        const scope = await followupScope(tx, actor);
        if (f.participantId) await people.openParticipant(tx, actor, f.participantId);
        const now = clock();
        await service.escalateInside(tx, actor, now);
        const rows = await repo.listFollowups(tx, { ...f, ...scope });
        const names = await repo.participantNames(tx, [...new Set(rows.map((r) => r.participantId))]);
        await audit.record(tx, actor, { action: 'safety_followup.list', entityType: 'safety_followup', details: { status: f.status ?? 'all', count: rows.length } });
        const peers = await repo.peerNames(tx, [...new Set(rows.flatMap((r) => (r.peerId ? [r.peerId] : [])))]);
        const timeZone = await repo.orgTimeZone(tx, actor.orgId!);
        return { items: rows.map((r) => toFollowupView(r, names, now, peers, timeZone)) };
      });
    },

    async closeFollowup(actor: Actor, id: string, input: { action: FollowUpAction; note?: string | undefined }): Promise<FollowupView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const scope = await followupScope(tx, actor);
        const row = await repo.lockFollowup(tx, id);
        if (!row || (scope.peerId && row.peerId !== scope.peerId)) throw notFound('Safety follow-up');
        if (row.status === 'closed') throw conflict('followup-closed', 'This follow-up is already closed.');
        const now = clock();
        const closed = await repo.closeFollowup(tx, id, { closedAt: now, closedBy: actor.kind === 'user' ? actor.userId : null, action: input.action, note: input.note?.trim() || null });
        await audit.record(tx, actor, { action: 'safety_followup.close', entityType: 'participant', entityId: row.participantId, details: { followupId: id, action: input.action, late: isOverdue(row, now) } });
        return toFollowupView(closed, await repo.participantNames(tx, [row.participantId]), now, await repo.peerNames(tx, row.peerId ? [row.peerId] : []), await repo.orgTimeZone(tx, actor.orgId!));
      });
    },

    /** Marks overdue open follow-ups as escalated to the admins (each once), auditing each. */
    async escalateInside(tx: Tx, actor: Actor, now: Date) {
      for (const e of await repo.escalateOverdue(tx, now)) {
        await audit.record(tx, actor, { action: 'safety_followup.escalate', entityType: 'participant', entityId: e.participantId, details: { followupId: e.id } });
      }
    },
  };

  // A refused read or change of a participant's answers is audited as denied (as caseload does).
  const onParticipant = (action: string) => (_actor: Actor, participantId: string): AttemptEntry => ({ action, entityType: 'participant', entityId: participantId });
  return audit.refusals(service, {
    recordAssessment: onParticipant('assessment.create'),
    listAssessments: onParticipant('assessment.list'),
    dueAssessments: onParticipant('assessment.due_read'),
    closeFollowup: (_actor, id) => ({ action: 'safety_followup.close', entityType: 'safety_followup', entityId: id }),
  });
};

export type OutcomesService = ReturnType<typeof createOutcomesService>;
