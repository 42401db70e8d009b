import { randomUUID } from 'node:crypto';
import type { Actor, ParticipantActor } from '../../core/actor.ts';
import { decryptField, encryptField, hmacHex, randomToken, type Keys } from '../../core/crypto.ts';
import { AppError, conflict, forbidden, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Lang } from '../matching/taxonomy.ts';
import type { PeopleService } from '../people/people.service.ts';
import { accessLines } from './access-log.ts';
import { addDays, consentEffect, PORTAL_SESSION, INVITATION_DAYS, AMEND_DAYS } from './portal.rules.ts';
import * as repo from './portal.repo.ts';
import { publicIntakeOf } from './public-intake.rules.ts';

export interface PortalDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  people: PeopleService;
  clock: () => Date;
}

/**
 * Every refused link answers the same (unknown, expired, used): nothing tells whether a person
 * or a link exists (issue 23, bad input).
 */
const linkNotValid = () => new AppError(410, 'link-not-valid', 'This link does not work any more. Ask your peer for a new one.');

const localDate = (d: Date, timeZone: string) => d.toLocaleDateString('en-CA', { timeZone });

export type PortalService = ReturnType<typeof createPortalService>;

export const createPortalService = ({ db, keys, audit, people, clock }: PortalDeps) => {
  const hash = (token: string) => hmacHex(keys.tokenHash, `portal\n${token}`);
  const inTenant = <T>(actor: ParticipantActor, fn: (tx: Tx) => Promise<T>) => db.tenant(actor.orgId, fn);
  const orgOf = async (tx: Tx, orgId: string) => {
    const org = await repo.orgPublic(tx, orgId);
    return { name: org?.name ?? '', timeZone: org?.time_zone ?? 'America/New_York', phone: publicIntakeOf(org?.settings.publicIntake).phone };
  };

  const readEvent = (tx: Tx, actor: ParticipantActor, action: string, details: Record<string, unknown> = {}) =>
    audit.record(tx, actor, { action, entityType: 'participant', entityId: actor.participantId, details });

  return {
    // ---------- staff: the invitation ----------

    /**
     * A one-time link for the participant (by text, email or a QR code on the peer's phone, sent
     * by the peer's own apps as referral links are). A new link replaces any unused one.
     */
    async invite(actor: Actor, participantId: string, baseUrl: string) {
      if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden();
      await people.getParticipant(actor, participantId); // checks the caller may open this person (and audits the read)
      return db.tenant(actor.orgId!, async (tx) => {
        const now = clock();
        const token = randomToken();
        const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
        await repo.expireOpenLinks(tx, participantId, now);
        await repo.insertLink(tx, { id: randomUUID(), orgId: actor.orgId!, participantId, hash: hash(token), by: actor.kind === 'user' ? actor.userId : null, at: now, expiresAt });
        await audit.record(tx, actor, { action: 'portal.invitation.create', entityType: 'participant', entityId: participantId });
        return { url: `${baseUrl.replace(/\/$/, '')}/p/${token}`, expiresAt: expiresAt.toISOString() };
      });
    },

    // ---------- sign-in by link ----------

    async signIn(token: string, ip: string | null) {
      const h = hash(token);
      const target = await db.tenant(null, (tx) => repo.findLink(tx, h));
      if (!target) throw linkNotValid();
      const actor: ParticipantActor = { kind: 'participant', orgId: target.org_id, participantId: target.participant_id, sourceIp: ip };
      const outcome = await db.tenant(target.org_id, async (tx) => {
        const link = await repo.linkByHash(tx, h);
        const now = clock();
        if (!link || link.used_at || link.expires_at <= now) {
          await audit.record(tx, actor, { action: 'portal.session.refused', entityType: 'participant', entityId: target.participant_id, outcome: 'denied', details: { reason: link?.used_at ? 'used' : 'expired' } });
          return null;
        }
        await repo.useLink(tx, link.id, now);
        const sessionToken = randomToken();
        const csrfToken = randomToken();
        const expiresAt = new Date(now.getTime() + PORTAL_SESSION.maxMs);
        const sessionId = randomUUID();
        await repo.insertSession(tx, { id: sessionId, orgId: target.org_id, participantId: target.participant_id, hash: hash(sessionToken), csrf: csrfToken, at: now, expiresAt, ip });
        await audit.record(tx, actor, { action: 'portal.session.start', entityType: 'participant', entityId: target.participant_id, details: { sessionId } });
        return { sessionToken, csrfToken, expiresAt };
      });
      if (!outcome) throw linkNotValid();
      return outcome;
    },

    /** The participant of a portal session cookie, or null (ended, expired, idle too long). */
    async authenticate(sessionToken: string, ip: string | null): Promise<{ actor: ParticipantActor; csrfToken: string; sessionId: string; expiresAt: Date } | null> {
      const found = await db.tenant(null, (tx) => repo.findSession(tx, hash(sessionToken)));
      if (!found) return null;
      return db.tenant(found.org_id, async (tx) => {
        const s = await repo.sessionById(tx, found.session_id);
        const now = clock();
        if (!s || s.ended_at || s.expires_at <= now || now.getTime() - s.last_seen_at.getTime() > PORTAL_SESSION.idleMs) return null;
        await repo.touchSession(tx, s.id, now);
        return { actor: { kind: 'participant', orgId: found.org_id, participantId: s.participant_id, sourceIp: ip }, csrfToken: s.csrf_token, sessionId: s.id, expiresAt: s.expires_at };
      });
    },

    async signOut(actor: ParticipantActor, sessionId: string) {
      await inTenant(actor, async (tx) => {
        await repo.endSession(tx, sessionId, clock());
        await audit.record(tx, actor, { action: 'portal.session.end', entityType: 'participant', entityId: actor.participantId, details: { sessionId } });
      });
    },

    // ---------- what the participant sees ----------

    async me(actor: ParticipantActor) {
      return inTenant(actor, async (tx) => {
        const p = await repo.participantBasics(tx, actor.participantId);
        if (!p) throw notFound('Participant');
        const org = await orgOf(tx, actor.orgId);
        const peer = await repo.currentPeer(tx, actor.participantId);
        const upcoming = await repo.upcomingMeetings(tx, actor.participantId, localDate(clock(), org.timeZone));
        await readEvent(tx, actor, 'portal.me.read');
        return {
          firstName: p.preferred_name ?? p.given_name,
          organization: { name: org.name, phone: org.phone },
          peer: peer ? { displayName: peer.display_name, pronouns: peer.pronouns, email: peer.email } : null,
          upcoming,
        };
      });
    },

    async plan(actor: ParticipantActor) {
      return inTenant(actor, async (tx) => {
        const plan = await repo.planOf(tx, actor.participantId);
        const suggestions = (await repo.portalRequestsOf(tx, actor.participantId)).filter((r) => r.kind === 'plan-change');
        await readEvent(tx, actor, 'portal.plan.read');
        const c = plan?.content as
          | { goals?: Array<{ id: string; text: string; status: string; steps?: Array<{ id: string; text: string; status: string; targetDate: string | null }> }>; strengths?: string[]; supports?: Array<{ name: string; kind: string }> }
          | undefined;
        return {
          plan: plan
            ? {
                version: plan.version,
                updatedAt: plan.updated_at.toISOString(),
                nextReviewOn: plan.next_review_on,
                goals: (c?.goals ?? []).map((g) => ({ id: g.id, text: g.text, status: g.status, steps: (g.steps ?? []).map((s) => ({ id: s.id, text: s.text, status: s.status, targetDate: s.targetDate ?? null })) })),
                strengths: c?.strengths ?? [],
                supports: (c?.supports ?? []).map((s) => ({ name: s.name, kind: s.kind })),
              }
            : null,
          suggestions: suggestions.map((r) => ({ id: r.id, text: decryptField(keys.field, r.text_enc), status: r.status, createdAt: r.created_at.toISOString() })),
        };
      });
    },

    /**
     * A suggested plan change or a correction (HIPAA right to amend, 45 CFR 164.526: the
     * organization acts within 60 days): a task staff see in the intake queue.
     */
    async ask(actor: ParticipantActor, kind: 'correction' | 'plan-change', text: string) {
      return inTenant(actor, async (tx) => {
        const id = randomUUID();
        const now = clock();
        const org = await orgOf(tx, actor.orgId);
        const dueOn = addDays(localDate(now, org.timeZone), kind === 'correction' ? AMEND_DAYS : 14);
        await repo.insertPortalRequest(tx, { id, orgId: actor.orgId, participantId: actor.participantId, kind, textEnc: encryptField(keys.field, text), at: now, dueOn });
        await audit.record(tx, actor, { action: `portal.${kind}.create`, entityType: 'portal_request', entityId: id, details: { participantId: actor.participantId } });
        return { id, dueOn };
      });
    },

    async checkins(actor: ParticipantActor) {
      return inTenant(actor, async (tx) => {
        const rows = await repo.assessmentsOf(tx, actor.participantId);
        await readEvent(tx, actor, 'portal.checkins.read');
        return { items: rows.map((r) => ({ id: r.id, instrument: r.instrument, total: r.total === null ? null : Number(r.total), band: r.band, on: r.administered_at.toISOString(), complete: r.complete })) };
      });
    },

    async referrals(actor: ParticipantActor) {
      return inTenant(actor, async (tx) => {
        const rows = await repo.referralsOf(tx, actor.participantId);
        await audit.record(tx, actor, { action: 'portal.referrals.read', entityType: 'participant', entityId: actor.participantId, details: { referralIds: rows.map((r) => r.id) } });
        return { items: rows.map((r) => ({ id: r.id, service: r.service_name, organization: r.service_organization_name, need: r.need, status: r.status, sentAt: r.sent_at?.toISOString() ?? null, followUpOn: r.follow_up_on, outcome: r.outcome })) };
      });
    },

    /** Who opened their record, in plain words, from the audit trail (newest first). */
    async accessLog(actor: ParticipantActor, lang: Lang) {
      return inTenant(actor, async (tx) => {
        const items = await accessLines(tx, actor.orgId, actor.participantId, lang);
        await readEvent(tx, actor, 'portal.access_log.read');
        return { items };
      });
    },

    async consents(actor: ParticipantActor, lang: Lang) {
      return inTenant(actor, async (tx) => {
        const today = localDate(clock(), (await orgOf(tx, actor.orgId)).timeZone);
        const peer = await repo.currentPeer(tx, actor.participantId);
        const referrals = await repo.referralsOf(tx, actor.participantId);
        const part2 = await repo.part2ConsentsOf(tx, actor.participantId);
        const revoked = await repo.revocationsOf(tx, actor.participantId);
        const revokedOf = (kind: string, id: string) => revoked.find((r) => r.kind === kind && r.referral_id === id);
        const items = [
          ...(peer?.consent.given
            ? [{ kind: 'peer-support' as const, referralId: null, about: peer.display_name, givenOn: peer.consent.recordedAt ?? peer.assigned_at.toISOString(), method: peer.consent.method, state: 'in-force' as const, revokedOn: null, canRevoke: false, effectOfRevoking: consentEffect('peer-support', lang) }]
            : []),
          ...referrals
            .filter((r) => r.shared.consent?.given)
            .map((r) => {
              const rev = revokedOf('referral-sharing', r.id);
              return { kind: 'referral-sharing' as const, referralId: r.id, about: r.service_organization_name ? `${r.service_name} (${r.service_organization_name})` : r.service_name, givenOn: r.shared.consent.recordedAt ?? r.created_at.toISOString(), method: r.shared.consent.method, state: rev ? ('revoked' as const) : ('in-force' as const), revokedOn: rev?.revoked_at.toISOString() ?? null, canRevoke: !rev, effectOfRevoking: consentEffect('referral-sharing', lang) };
            }),
          ...part2.map((c) => {
            const state = c.revoked_at ? ('revoked' as const) : c.expires_on < today ? ('expired' as const) : ('in-force' as const);
            return { kind: 'part2' as const, referralId: c.referral_id, about: `${c.recipient}: ${c.purpose}`, givenOn: c.recorded_at.toISOString(), method: c.method, state, revokedOn: c.revoked_at?.toISOString() ?? null, canRevoke: state === 'in-force', effectOfRevoking: consentEffect('part2', lang) };
          }),
        ];
        await audit.record(tx, actor, { action: 'portal.consents.read', entityType: 'participant', entityId: actor.participantId, details: { referralIds: referrals.map((r) => r.id) } });
        return { items };
      });
    },

    /**
     * The participant withdraws a consent (42 CFR 2.31 for Part 2; the referral's sharing consent
     * likewise): from now on, not for what was already shared in reliance on it.
     */
    async revoke(actor: ParticipantActor, input: { kind: 'referral-sharing' | 'part2'; referralId: string }, lang: Lang) {
      return inTenant(actor, async (tx) => {
        const referral = (await repo.referralsOf(tx, actor.participantId)).find((r) => r.id === input.referralId);
        if (!referral) throw notFound('Consent');
        const now = clock();
        if ((await repo.revocationsOf(tx, actor.participantId)).some((r) => r.kind === input.kind && r.referral_id === input.referralId)) throw conflict('already-revoked', 'You already took this consent back.');
        if (input.kind === 'part2') {
          const inForce = (await repo.part2ConsentsOf(tx, actor.participantId)).some((c) => c.referral_id === input.referralId && !c.revoked_at);
          if (!inForce) throw notFound('Consent');
          await repo.revokePart2(tx, input.referralId, now);
        } else {
          await repo.revokeReferralLinks(tx, input.referralId, now);
        }
        await repo.insertRevocation(tx, { id: randomUUID(), orgId: actor.orgId, participantId: actor.participantId, kind: input.kind, referralId: input.referralId, at: now });
        await audit.record(tx, actor, { action: 'portal.consent.revoke', entityType: 'referral', entityId: input.referralId, details: { kind: input.kind, participantId: actor.participantId } });
        return { effect: consentEffect(input.kind, lang) };
      });
    },

    // ---------- staff: what participants asked for ----------

    async staffRequests(actor: Actor, status: 'open' | 'done' | undefined) {
      if (actor.kind === 'user' && actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        const rows = await repo.openPortalRequests(tx, status ?? null);
        await audit.record(tx, actor, { action: 'portal_request.list', entityType: 'portal_request', details: { ids: rows.map((r) => r.id), participantIds: [...new Set(rows.map((r) => r.participant_id))] } });
        return {
          items: rows.map((r) => ({ id: r.id, participantId: r.participant_id, participantName: r.display_name, kind: r.kind, text: decryptField(keys.field, r.text_enc), status: r.status, createdAt: r.created_at.toISOString(), dueOn: r.due_on })),
        };
      });
    },

    async resolveRequest(actor: Actor, id: string) {
      if (actor.kind === 'user' && actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        const done = await repo.resolvePortalRequest(tx, id, actor.kind === 'user' ? actor.userId : null, clock());
        if (done.length === 0) throw notFound('Open request');
        await audit.record(tx, actor, { action: 'portal_request.resolve', entityType: 'portal_request', entityId: id });
      });
    },
  };
};
