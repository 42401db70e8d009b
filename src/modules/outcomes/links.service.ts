import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { hmacHex, randomToken, type Keys } from '../../core/crypto.ts';
import { AppError, conflict, forbidden, notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import type { InstrumentDefinition } from './instrument.rules.ts';
import * as repo from './links.repo.ts';
import { LINK_DAYS, linkState, selfCompletionPath, type LinkState } from './links.rules.ts';
import type { AssessmentLinkView, SelfFormView } from './links.schemas.ts';
import { oneTimeLinkRunner } from './links.runner.ts';
import type { OutcomesService } from './outcomes.service.ts';

export interface AssessmentLinksDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  people: PeopleService;
  outcomes: OutcomesService;
  clock: () => Date;
}


const refusedProblem = (state: Exclude<LinkState, 'active'>) =>
  state === 'expired'
    ? new AppError(410, 'link-expired', 'This link has expired. Ask the person who sent it for a new one.')
    : state === 'revoked'
      ? new AppError(410, 'link-revoked', 'This link was withdrawn. Ask the person who sent it for a new one if you still want to answer.')
      : new AppError(410, 'link-spent', 'These answers were already sent. Thank you; nothing more is needed.');

const toView = (l: repo.LinkRow, now: Date): AssessmentLinkView => ({
  id: l.id,
  instrument: l.instrument,
  version: l.version,
  lang: l.lang as AssessmentLinkView['lang'],
  createdAt: l.createdAt.toISOString(),
  expiresAt: l.expiresAt.toISOString(),
  state: linkState(l, now),
  usedAt: l.usedAt ? l.usedAt.toISOString() : null,
  assessmentId: l.assessmentId,
});

/** The instrument as the link holder reads it, in the link's language (English where no Spanish text exists). */
const formOf = (d: InstrumentDefinition, lang: 'en' | 'es'): SelfFormView['instrument'] => {
  const say = (t: { en: string; es?: string | undefined }) => (lang === 'es' ? (t.es ?? t.en) : t.en);
  return {
    code: d.code,
    version: d.version,
    title: say(d.title),
    instructions: say(d.instructions),
    translation: lang === 'en' ? 'original' : (d.translations.es?.status ?? 'not-validated'),
    safety: d.flags.flatMap((f) => (f.safety && 'item' in f.when ? [{ item: f.when.item, atLeast: f.when.atLeast }] : [])),
    items: d.items.map((i) => ({
      id: i.id,
      text: say(i.text),
      required: i.required !== false,
      answers: (d.answerSets[i.answerSet] ?? []).map((a) => ({ value: a.value, label: say(a.label) })),
    })),
  };
};

/**
 * Self-completion links (issue 20). A peer issues a one-time link for one instrument in one
 * language; the participant opens it without an account, sees only the questions (never their
 * name or record), and sends their answers, stored with mode `self` exactly as a peer's entry
 * would be (scored, audited, a safety answer opening the same-day follow-up). Then the link is
 * spent. Every use, refused ones too, is audited under the link holder (a `LinkActor`).
 */
export const createAssessmentLinksService = ({ db, keys, audit, people, outcomes, clock }: AssessmentLinksDeps) => {
  const tokenHash = (token: string) => hmacHex(keys.tokenHash, token);

  const staffUser = (actor: Actor) => {
    if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
    return actor.kind === 'user' ? actor.userId : null;
  };

  /** Runs `fn` on an active link inside its organization's tenant, the link locked; refusals are audited. */
  const withLink = oneTimeLinkRunner({ db, audit, clock, tokenHash }, {
    entityType: 'assessment_link',
    find: async (tx, hash) => {
      const t = await repo.findLinkTarget(tx, hash);
      return t && { orgId: t.org_id, id: t.link_id };
    },
    lock: repo.lockLink,
    refused: refusedProblem,
  });

  const service = {
    /** Issues a link for one instrument in one language; the token is shown once. */
    async create(actor: Actor, participantId: string, input: { instrument: string; version?: string | undefined; lang: 'en' | 'es' }) {
      const userId = staffUser(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        const { definition } = await outcomes.resolveInside(tx, input.instrument, input.version, 'body.instrument');
        const now = clock();
        const token = randomToken(32);
        const row = await repo.insertLink(tx, {
          id: randomUUID(),
          orgId: actor.orgId!,
          participantId,
          instrument: definition.code,
          version: definition.version,
          lang: input.lang,
          tokenHash: tokenHash(token),
          createdBy: userId,
          createdAt: now,
          expiresAt: new Date(now.getTime() + LINK_DAYS * 86_400_000),
        });
        await audit.record(tx, actor, {
          action: 'assessment_link.issue',
          entityType: 'participant',
          entityId: participantId,
          details: { linkId: row.id, instrument: row.instrument, version: row.version, lang: row.lang },
        });
        return { id: row.id, url: selfCompletionPath(token), token, expiresAt: row.expiresAt.toISOString() };
      });
    },

    /** A participant's links, newest first, with their state (the tokens are not kept). */
    async list(actor: Actor, participantId: string): Promise<{ items: AssessmentLinkView[] }> {
      staffUser(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        const rows = await repo.linksOf(tx, participantId);
        await audit.record(tx, actor, { action: 'assessment_link.list', entityType: 'participant', entityId: participantId });
        const now = clock();
        return { items: rows.map((r) => toView(r, now)) };
      });
    },

    async revoke(actor: Actor, participantId: string, linkId: string): Promise<AssessmentLinkView> {
      const userId = staffUser(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        const link = await repo.lockLink(tx, linkId);
        if (!link || link.participantId !== participantId) throw notFound('Assessment link');
        const now = clock();
        const state = linkState(link, now);
        if (state !== 'active') throw conflict(`link-${state}`, `This link is ${state}; there is nothing to withdraw.`);
        const revoked = (await repo.revokeLink(tx, linkId, userId, now))!;
        await audit.record(tx, actor, { action: 'assessment_link.revoke', entityType: 'participant', entityId: participantId, details: { linkId } });
        return toView(revoked, now);
      });
    },

    /** The form, for the link holder: the questions in the link's language, nothing about the person. */
    async form(token: string, sourceIp: string | null): Promise<SelfFormView> {
      return withLink(token, sourceIp, 'assessment_link.view', async (tx, link, actor) => {
        const { definition } = await outcomes.resolveInside(tx, link.instrument, link.version, 'params.token');
        await audit.record(tx, actor, { action: 'assessment_link.view', entityType: 'assessment_link', entityId: link.id });
        const lang = link.lang as 'en' | 'es';
        return { organization: await repo.orgName(tx, link.orgId), lang, expiresAt: link.expiresAt.toISOString(), instrument: formOf(definition, lang) };
      });
    },

    /**
     * Stores the link holder's answers with mode `self` (scored; a safety answer opens the
     * same-day follow-up at once) and spends the link, in one transaction. Answers that do not
     * check store nothing and leave the link usable.
     */
    async submit(token: string, answers: Record<string, number | null>, sourceIp: string | null) {
      return withLink(token, sourceIp, 'assessment_link.submit', async (tx, link, actor) => {
        const now = clock();
        const stored = await outcomes.storeInside(
          tx,
          actor,
          link.participantId,
          { instrument: link.instrument, version: link.version, answers, administeredAt: now.toISOString(), mode: 'self' },
          now,
        );
        await repo.spendLink(tx, link.id, stored.id, now);
        await audit.record(tx, actor, { action: 'assessment_link.submit', entityType: 'participant', entityId: link.participantId, details: { linkId: link.id, assessmentId: stored.id } });
        return { saved: true as const, complete: stored.complete, safety: stored.safetyFollowupId !== null };
      });
    },
  };

  const onParticipant = (action: string) => (_actor: Actor, participantId: string) => ({ action, entityType: 'participant', entityId: participantId });
  return audit.refusals(service, {
    create: onParticipant('assessment_link.issue'),
    list: onParticipant('assessment_link.list'),
    revoke: onParticipant('assessment_link.revoke'),
  });
};

export type AssessmentLinksService = ReturnType<typeof createAssessmentLinksService>;
