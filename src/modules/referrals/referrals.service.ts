import { randomUUID } from 'node:crypto';
import { linkActor, type Actor, type LinkActor } from '../../core/actor.ts';
import { decryptField, encryptField, hmacHex, randomToken, type Keys } from '../../core/crypto.ts';
import { AppError, badRequest, failIfProblems, forbidden, notFound } from '../../core/errors.ts';
import type { Page } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AttemptEntry, AuditService } from '../audit/audit.service.ts';
import type { DirectoryService } from '../directory/directory.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import * as repo from './referrals.repo.ts';
import {
  CLOSED,
  GOAL_PREFIX,
  PART2_NOTICE,
  RECEIVER_MOVES,
  TRANSITIONS,
  checkTransition,
  defaultFollowUp,
  groupReport,
  isClosed,
  isOverdue,
  isPart2Item,
  linkDaysOf,
  linkState,
  localDate,
  mayRecordOutcome,
  part2ConsentInForce,
  part2ConsentProblems,
  sharedItemProblems,
  type Party,
  type ReferralStatus,
  type SharedItemContext,
} from './referrals.rules.ts';
import type { LinkReferralView, ListQuery, ReferralInput, ReferralListItem, ReferralView } from './referrals.schemas.ts';

export interface ReferralsDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  people: PeopleService;
  /** Beds of the receiving service, published from its link page. */
  beds: DirectoryService['linkBeds'];
  clock: () => Date;
}

export type ReferralsService = ReturnType<typeof createReferralsService>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The fields of a create refused for want of consent: a refused disclosure, audited as denied. */
const CONSENT_REFUSALS = ['body.shared.consent.given', 'body.shared.part2Consent', 'body.shared.part2Consent.expiresOn'];

/** The path of the receiver's page for a token; the HTTP edge makes it absolute. */
export const receiverPath = (token: string) => `/r/${token}`;

export const createReferralsService = ({ db, keys, audit, people, beds, clock }: ReferralsDeps) => {
  const tokenHash = (token: string) => hmacHex(keys.tokenHash, token);
  const seal = (values: Record<string, string | null>) => encryptField(keys.field, JSON.stringify(values));
  const unseal = (enc: string) => JSON.parse(decryptField(keys.field, enc)) as Record<string, string | null>;

  const staffOnly = (actor: Actor) => {
    if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual referrals.');
    if (!actor.orgId) throw forbidden('Referrals belong to an organization.');
    return actor.orgId;
  };

  const todayOf = async (tx: Tx, orgId: string) => localDate(clock(), (await repo.getOrg(tx, orgId))?.timeZone ?? 'America/New_York');

  const goalContext = async (tx: Tx, participantId: string): Promise<SharedItemContext> => ({
    goals: new Map((await repo.planGoals(tx, participantId)).map((g) => [g.id, { text: g.text, lifeArea: g.lifeArea }])),
  });

  /**
   * Opens a referral for a signed-in actor: its own organization's (peers: the ones they made or
   * of their participants) as sender, or one sent to its organization as receiver: sent means
   * `sentAt` is set, so a draft cancelled before sending never reaches the receiver (the status
   * alone would show it once cancelled). Anything else answers 404.
   */
  const openReferral = async (tx: Tx, actor: Actor, id: string, lock = false): Promise<{ row: repo.ReferralRow; party: Party }> => {
    const row = lock ? await repo.lockReferral(tx, id) : await repo.getReferral(tx, id);
    if (!row) throw notFound('Referral');
    if (row.orgId === actor.orgId) {
      if (actor.kind === 'user' && actor.role === 'peer') {
        const peerId = await repo.peerIdOfUser(tx, actor.userId);
        if (!(await repo.referralVisibleTo(tx, id, peerId, actor.userId))) throw notFound('Referral');
      }
      return { row, party: 'sender' };
    }
    if (row.receiverOrgId === actor.orgId && row.sentAt !== null) return { row, party: 'receiver' };
    throw notFound('Referral');
  };

  /** The shared items as the viewer may see them: Part 2 items only under a consent in force. */
  const sharedItems = (row: repo.ReferralRow, consent: repo.Part2ConsentRow | undefined, today: string, ctx: SharedItemContext | null) => {
    const values = unseal(row.sharedValuesEnc);
    const inForce = part2ConsentInForce(consent, today);
    return row.shared.items.map((code) => {
      // The Part 2 flag was fixed when the participant agreed; goals may have changed since.
      const part2 = code === 'sud-treatment' || (code.startsWith(GOAL_PREFIX) && values[`part2:${code}`] === 'true') || (ctx ? isPart2Item(code, ctx) : false);
      // Why a value is absent must be told apart (issue 17): a field simply not on file is not a
      // Part 2 withholding, and saying so to a food pantry would falsely hint at substance use
      // treatment. Only a Part 2 item whose consent is no longer in force is withheld (42 CFR 2.31).
      const withheld = part2 && !inForce ? (consent?.revokedAt ? 'part2-revoked' : 'part2-expired') : null;
      return { code, value: withheld ? null : (values[code] ?? null), part2, withheld } as const;
    });
  };

  const eventViews = async (tx: Tx, row: repo.ReferralRow, party: Party) =>
    (await repo.eventsOf(tx, row.id)).map(({ e, name }) => ({
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason,
      at: e.at.toISOString(),
      actor: {
        kind: e.actorKind as 'user' | 'link' | 'system',
        userId: party === 'sender' || e.actorOrgId === row.receiverOrgId ? e.actorUserId : null,
        name,
        receiving: e.actorKind === 'link' || (e.actorOrgId !== null && e.actorOrgId !== row.orgId),
      },
    }));

  const toView = async (tx: Tx, row: repo.ReferralRow, party: Party, today: string): Promise<ReferralView> => {
    const consent = await repo.part2ConsentOf(tx, row.id);
    const items = sharedItems(row, consent, today, null);
    const sender = party === 'sender';
    const names = sender ? await repo.participantNames(tx, [row.participantId]) : new Map<string, string>();
    const link = sender ? await repo.latestLinkOf(tx, row.id) : undefined;
    const disclosedPart2 = items.some((i) => i.part2 && i.value !== null);
    return {
      id: row.id,
      participant: {
        id: sender ? row.participantId : null,
        displayName: sender ? (names.get(row.participantId) ?? '') : (items.find((i) => i.code === 'name')?.value ?? ''),
      },
      service: { id: row.serviceId, name: row.serviceName, organizationName: row.serviceOrganizationName },
      need: row.need as ReferralView['need'],
      urgency: row.urgency as ReferralView['urgency'],
      // The receiver sees the note only when it was shared.
      note: sender || row.shared.items.includes('note') ? row.note : '',
      status: row.status as ReferralStatus,
      statusReason: row.statusReason,
      referrerContact: row.referrerContact,
      shared: {
        items,
        consent: row.shared.consent,
        part2Consent: consent
          ? { recipient: consent.recipient, purpose: consent.purpose, expiresOn: consent.expiresOn, method: consent.method as 'written' | 'electronic', signedOn: consent.signedOn, revokedAt: iso(consent.revokedAt) }
          : null,
      },
      part2: row.part2,
      part2Notice: disclosedPart2 || (sender && row.part2) ? PART2_NOTICE : null,
      followUpOn: sender ? row.followUpOn : null,
      overdue: sender && isOverdue(row, today),
      outcome: sender ? (row.outcome as ReferralView['outcome']) : null,
      outcomeNote: sender ? row.outcomeNote : null,
      outcomeRecordedAt: sender ? iso(row.outcomeRecordedAt) : null,
      receivingOrganization: row.receiverOrgId ? await repo.organizationName(tx, row.receiverOrgId) : null,
      direction: sender ? 'sent' : 'received',
      createdBy: sender ? row.createdBy : null,
      createdAt: row.createdAt.toISOString(),
      sentAt: iso(row.sentAt),
      acceptedAt: iso(row.acceptedAt),
      closedAt: iso(row.closedAt),
      link: link
        ? { state: linkState(link, clock()), createdAt: link.createdAt.toISOString(), expiresAt: link.expiresAt.toISOString(), revokedAt: iso(link.revokedAt), lastUsedAt: iso(link.lastUsedAt), uses: link.uses }
        : null,
      events: await eventViews(tx, row, party),
    };
  };

  const issueLink = async (tx: Tx, row: repo.ReferralRow, by: string | null, now: Date) => {
    await repo.revokeLinks(tx, row.id, by, now);
    const org = await repo.getOrg(tx, row.orgId);
    const token = randomToken(32);
    await repo.insertLink(tx, {
      id: randomUUID(),
      orgId: row.orgId,
      referralId: row.id,
      tokenHash: tokenHash(token),
      createdBy: by,
      createdAt: now,
      expiresAt: new Date(now.getTime() + linkDaysOf(org?.settings) * 86_400_000),
    });
    return token;
  };

  /** Applies one legal move: the row, its timestamps, the history event. */
  const applyMove = async (
    tx: Tx,
    row: repo.ReferralRow,
    to: ReferralStatus,
    reason: string | null,
    by: { kind: 'user' | 'link' | 'system'; userId: string | null; orgId: string | null },
    today: string,
  ) => {
    const now = clock();
    const closing = (CLOSED as readonly string[]).includes(to);
    const updated = await repo.updateReferral(tx, row.id, {
      status: to,
      statusReason: reason,
      ...(to === 'sent' ? { sentAt: now } : {}),
      ...(to === 'accepted' && !row.acceptedAt ? { acceptedAt: now } : {}),
      ...(closing ? { closedAt: now } : {}),
      // A closed referral is followed up at once: the peer records the outcome with the participant.
      ...(closing && to !== 'cancelled' && (row.followUpOn === null || row.followUpOn > today) ? { followUpOn: today } : {}),
    });
    await repo.insertEvent(tx, {
      id: randomUUID(),
      orgId: row.orgId,
      referralId: row.id,
      fromStatus: row.status,
      toStatus: to,
      reason,
      actorKind: by.kind,
      actorUserId: by.userId,
      actorOrgId: by.orgId,
      at: now,
    });
    return updated;
  };

  const refuse = (check: Exclude<ReturnType<typeof checkTransition>, { ok: true }>) => {
    if (check.status === 400) throw badRequest(check.message, [{ field: check.field!, message: check.message }]);
    throw new AppError(check.status, check.code, check.message, check.field ? { errors: [{ field: check.field, message: check.message }] } : {});
  };

  // ---------- the receiver's link (no sign-in) ----------

  const linkRefused = (state: Exclude<ReturnType<typeof linkState>, 'active'>) =>
    state === 'expired'
      ? new AppError(410, 'link-expired', 'This referral link has expired. Ask the sender for a new one.')
      : new AppError(410, 'link-revoked', 'This referral link was withdrawn by the sender. Ask them for a new one if you still need it.');

  /**
   * Resolves a link token to its referral, inside the sending organization's tenant. Refused uses
   * (revoked, expired) are audited too, in their own transaction, before the problem is thrown.
   */
  const withLink = async <T>(token: string, sourceIp: string | null, fn: (tx: Tx, row: repo.ReferralRow, link: repo.LinkRow, actor: LinkActor, today: string) => Promise<T>): Promise<T> => {
    const hash = tokenHash(token);
    const target = await db.tenant(null, (tx) => repo.findLinkTarget(tx, hash));
    if (!target) throw new AppError(404, 'link-not-found', 'This referral link is not valid. Ask the sender for a new one.');
    const actor = linkActor(target.org_id, sourceIp);
    const refused = await db.tenant(target.org_id, async (tx) => {
      const link = await repo.getLinkByHash(tx, hash);
      const state = link ? linkState(link, clock()) : 'revoked';
      if (state === 'active') return null;
      await audit.record(tx, actor, { action: 'referral.link.refused', entityType: 'referral', entityId: target.referral_id, outcome: 'denied', details: { reason: state, linkId: link?.id ?? null } });
      return state;
    });
    if (refused) throw linkRefused(refused);
    try {
      return await db.tenant(target.org_id, async (tx) => {
        const row = (await repo.lockReferral(tx, target.referral_id))!;
        // Read again under the referral's lock, which revoking, re-issuing and cancelling take
        // too: a link withdrawn since the check above is refused, not acted on.
        const link = await repo.getLinkByHash(tx, hash);
        if (!link) throw linkRefused('revoked');
        const state = linkState(link, clock());
        if (state !== 'active') throw linkRefused(state);
        await repo.touchLink(tx, link.id, clock());
        return fn(tx, row, link, actor, await todayOf(tx, row.orgId));
      });
    } catch (e) {
      // The refused attempt rolled back with its transaction: record that it happened. A link
      // withdrawn or expired (410) or a move that is not the receiver's (403) is a denied access;
      // a use refused for what it sent (400, 409) is not.
      if (e instanceof AppError) {
        const outcome = e.status === 403 || e.status === 410 ? 'denied' : 'success';
        await db.tenant(target.org_id, (tx) =>
          audit.record(tx, actor, { action: 'referral.link.refused', entityType: 'referral', entityId: target.referral_id, outcome, details: { reason: e.code } }),
        );
      }
      throw e;
    }
  };

  const toLinkView = async (tx: Tx, row: repo.ReferralRow, link: repo.LinkRow, today: string): Promise<LinkReferralView> => {
    const consent = await repo.part2ConsentOf(tx, row.id);
    const items = sharedItems(row, consent, today, null);
    const org = await repo.getOrg(tx, row.orgId);
    const status = row.status as ReferralStatus;
    return {
      need: row.need as LinkReferralView['need'],
      urgency: row.urgency as LinkReferralView['urgency'],
      status,
      statusReason: row.statusReason,
      service: { name: row.serviceName, organizationName: row.serviceOrganizationName },
      referredBy: { organizationName: org?.name ?? null, name: row.createdBy ? await repo.userName(tx, row.createdBy) : null, contact: row.referrerContact },
      sentAt: iso(row.sentAt),
      expiresAt: link.expiresAt.toISOString(),
      shared: items,
      part2Notice: items.some((i) => i.part2 && i.value !== null) ? PART2_NOTICE : null,
      allowedMoves: TRANSITIONS[status].filter((s) => RECEIVER_MOVES.includes(s)),
      events: (await repo.eventsOf(tx, row.id)).map(({ e }) => ({ toStatus: e.toStatus, reason: e.reason, at: e.at.toISOString() })),
      beds: (await beds.allowed(tx, row.serviceId)) ? { current: await beds.get(tx, row.serviceId) } : null,
    };
  };

  const service = {
    async create(actor: Actor, input: ReferralInput): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      if (input.shared.items.length > 0 && !input.shared.consent.given) {
        throw badRequest('The participant has to agree to what is shared.', [{ field: 'body.shared.consent.given', message: "Record the participant's consent, or share nothing" }]);
      }
      return db.tenant(orgId, async (tx) => {
        const p = await people.openParticipant(tx, actor, input.participantId);
        const today = await todayOf(tx, orgId);
        const ctx = await goalContext(tx, p.id);
        const items = input.shared.items;
        failIfProblems([
          ...sharedItemProblems(items, ctx),
          ...part2ConsentProblems(items, ctx, input.shared.part2Consent, today),
          ...(items.includes('sud-treatment') && !input.shared.sudTreatment
            ? [{ field: 'body.shared.sudTreatment', message: 'Write the treatment information the participant agreed to share' }]
            : []),
          ...(input.followUpOn && input.followUpOn < today ? [{ field: 'body.followUpOn', message: 'The follow-up date is in the past' }] : []),
        ]);
        const service = await repo.serviceSnapshot(tx, input.serviceId);
        if (!service) throw new AppError(404, 'not-found', 'Service not found.', { errors: [{ field: 'body.serviceId', message: 'No such service in the directory' }] });
        const contact = p.contactEnc ? (JSON.parse(decryptField(keys.field, p.contactEnc)) as { phone?: string | null; email?: string | null; address?: string | null }) : {};
        const values: Record<string, string | null> = {};
        for (const code of items) {
          if (code === 'name') values.name = `${p.givenName} ${p.familyName}${p.preferredName ? ` (${p.preferredName})` : ''}`;
          else if (code === 'pronouns') values.pronouns = p.pronouns;
          else if (code === 'birthDate') values.birthDate = p.birthDate;
          else if (code === 'phone') values.phone = contact.phone ?? null;
          else if (code === 'email') values.email = contact.email ?? null;
          else if (code === 'address') values.address = contact.address ?? null;
          else if (code === 'languages') values.languages = p.languages.join(', ') || null;
          else if (code === 'note') values.note = input.note || null;
          else if (code === 'sud-treatment') values['sud-treatment'] = input.shared.sudTreatment ?? null;
          else if (code.startsWith(GOAL_PREFIX)) {
            values[code] = ctx.goals.get(code.slice(GOAL_PREFIX.length))?.text ?? null;
            if (isPart2Item(code, ctx)) values[`part2:${code}`] = 'true';
          }
        }
        const part2 = items.some((c) => isPart2Item(c, ctx));
        const now = clock();
        const userId = actor.kind === 'user' ? actor.userId : null;
        const row = await repo.insertReferral(tx, {
          id: randomUUID(),
          orgId,
          participantId: p.id,
          serviceId: input.serviceId,
          serviceName: service.name,
          serviceOrganizationName: service.organizationName,
          receiverOrgId: service.local ? null : await repo.receiverOrgOf(tx, input.serviceId).then((o) => (o === orgId ? null : o)),
          need: input.need,
          urgency: input.urgency,
          note: input.note,
          referrerContact: input.referrerContact || null,
          shared: { items, consent: { given: input.shared.consent.given, method: input.shared.consent.method, recordedAt: now.toISOString() } },
          sharedValuesEnc: seal(values),
          part2,
          status: 'draft',
          followUpOn: input.followUpOn ?? defaultFollowUp(input.urgency, today),
          createdBy: userId,
          peerId: userId ? await repo.peerIdOfUser(tx, userId) : null,
          createdAt: now,
        });
        if (part2 && input.shared.part2Consent) {
          const c = input.shared.part2Consent;
          await repo.insertPart2Consent(tx, {
            id: randomUUID(),
            orgId,
            referralId: row.id,
            participantId: p.id,
            recipient: c.recipient,
            purpose: c.purpose,
            expiresOn: c.expiresOn,
            method: c.method,
            signedOn: c.signedOn,
            recordedBy: userId,
            recordedAt: now,
          });
        }
        await repo.insertEvent(tx, { id: randomUUID(), orgId, referralId: row.id, fromStatus: null, toStatus: 'draft', reason: null, actorKind: actor.kind, actorUserId: userId, actorOrgId: orgId, at: now });
        await audit.record(tx, actor, {
          action: 'referral.create',
          entityType: 'referral',
          entityId: row.id,
          details: { participantId: p.id, serviceId: input.serviceId, need: input.need, sharedItems: items.map((c) => (c.startsWith(GOAL_PREFIX) ? 'goal' : c)), part2 },
        });
        return toView(tx, row, 'sender', today);
      });
    },

    async get(actor: Actor, id: string): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id);
        await audit.record(tx, actor, { action: 'referral.read', entityType: 'referral', entityId: id, details: { party } });
        return toView(tx, row, party, await todayOf(tx, orgId));
      });
    },

    async list(actor: Actor, q: ListQuery): Promise<Page<ReferralListItem>> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const today = await todayOf(tx, orgId);
        const owner = q.box === 'sent' && actor.kind === 'user' && actor.role === 'peer' ? { peerId: await repo.peerIdOfUser(tx, actor.userId), userId: actor.userId } : undefined;
        const { total, items } = await repo.listReferrals(
          tx,
          { orgId, box: q.box, status: q.status, participantId: q.participantId, need: q.need, overdue: q.overdue === undefined ? undefined : { today, is: q.overdue }, owner },
          q.pageSize,
          (q.page - 1) * q.pageSize,
        );
        await audit.record(tx, actor, {
          action: 'referral.list',
          entityType: 'referral',
          details: { ids: items.map((r) => r.id), box: q.box, filters: ['status', 'participantId', 'need', 'overdue'].filter((k) => q[k as keyof ListQuery] !== undefined) },
        });
        const views = [];
        for (const row of items) {
          const { events: _e, shared: _s, receiverLink: _l, ...rest } = await toView(tx, row, q.box === 'inbox' ? 'receiver' : 'sender', today);
          views.push(rest);
        }
        return { total, page: q.page, pageSize: q.pageSize, items: views };
      });
    },

    /** Moves a referral (409 when illegal). Sending answers the receiver's link once. */
    async move(actor: Actor, id: string, input: { status: ReferralStatus; reason?: string | undefined }): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id, true);
        const reason = input.reason?.trim() || null;
        const check = checkTransition(row.status as ReferralStatus, input.status, party, reason);
        if (!check.ok) refuse(check);
        const today = await todayOf(tx, orgId);
        const userId = actor.kind === 'user' ? actor.userId : null;
        const updated = await applyMove(tx, row, input.status, reason, { kind: actor.kind === 'user' ? 'user' : 'system', userId, orgId }, today);
        let token: string | undefined;
        if (input.status === 'sent') token = await issueLink(tx, updated, userId, clock());
        // A cancelled referral is no longer the receiver's business: its link stops working.
        if (input.status === 'cancelled') await repo.revokeLinks(tx, row.id, userId, clock());
        await audit.record(tx, actor, { action: 'referral.status', entityType: 'referral', entityId: id, details: { from: row.status, to: input.status, party } });
        const view = await toView(tx, updated, party, today);
        return token ? { ...view, receiverLink: receiverPath(token) } : view;
      });
    },

    /** A new link for the receiver (the old one stops working), e.g. after a revocation. */
    async newLink(actor: Actor, id: string): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id, true);
        if (party !== 'sender') throw forbidden('Only the sending organization issues links.');
        if (row.status === 'draft' || row.status === 'cancelled') throw new AppError(409, 'not-sent', 'Send the referral first; a cancelled referral gets no link.');
        const token = await issueLink(tx, row, actor.kind === 'user' ? actor.userId : null, clock());
        await audit.record(tx, actor, { action: 'referral.link.issue', entityType: 'referral', entityId: id });
        return { ...(await toView(tx, row, party, await todayOf(tx, orgId))), receiverLink: receiverPath(token) };
      });
    },

    async revokeLink(actor: Actor, id: string): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id, true);
        if (party !== 'sender') throw forbidden('Only the sending organization revokes its links.');
        const revoked = await repo.revokeLinks(tx, id, actor.kind === 'user' ? actor.userId : null, clock());
        if (revoked.length === 0) throw new AppError(409, 'no-active-link', 'This referral has no link in force.');
        await audit.record(tx, actor, { action: 'referral.link.revoke', entityType: 'referral', entityId: id, details: { links: revoked.length } });
        return toView(tx, row, party, await todayOf(tx, orgId));
      });
    },

    /**
     * The participant withdraws the Part 2 consent (42 CFR 2.31: at any time, except for what was
     * already disclosed in reliance on it): from now on neither the link nor the receiving
     * organization's inbox shows the Part 2 items; the other shared items stay.
     */
    async revokePart2Consent(actor: Actor, id: string): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id, true);
        if (party !== 'sender') throw forbidden('The sending organization records the participant’s withdrawal.');
        const today = await todayOf(tx, orgId);
        if (!part2ConsentInForce(await repo.part2ConsentOf(tx, id), today)) {
          throw new AppError(409, 'no-part2-consent', 'This referral has no Part 2 consent in force to withdraw.');
        }
        await repo.revokePart2Consent(tx, id, actor.kind === 'user' ? actor.userId : null, clock());
        await audit.record(tx, actor, { action: 'referral.part2_consent.revoke', entityType: 'referral', entityId: id });
        return toView(tx, row, party, today);
      });
    },

    async recordOutcome(actor: Actor, id: string, input: { outcome: string; note: string }): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id, true);
        if (party !== 'sender') throw forbidden('The outcome is recorded by the sending peer with the participant.');
        if (!mayRecordOutcome(row.status)) throw new AppError(409, 'referral-open', 'Record the outcome once the referral has closed (completed, not completed, declined or cancelled).');
        const updated = await repo.updateReferral(tx, id, {
          outcome: input.outcome,
          outcomeNote: input.note || null,
          outcomeRecordedAt: clock(),
          outcomeRecordedBy: actor.kind === 'user' ? actor.userId : null,
        });
        await audit.record(tx, actor, { action: 'referral.outcome', entityType: 'referral', entityId: id, details: { outcome: input.outcome, replaced: row.outcome !== null } });
        return toView(tx, updated, party, await todayOf(tx, orgId));
      });
    },

    /** The signed-in user's follow-ups: overdue (earliest due) first. */
    async followUps(actor: Actor) {
      const orgId = staffOnly(actor);
      if (actor.kind !== 'user') throw forbidden('Follow-ups belong to a signed-in peer.');
      return db.tenant(orgId, async (tx) => {
        const today = await todayOf(tx, orgId);
        const rows = await repo.followUps(tx, orgId, { peerId: await repo.peerIdOfUser(tx, actor.userId), userId: actor.userId }, 200);
        const names = await repo.participantNames(tx, [...new Set(rows.map((r) => r.participantId))]);
        await audit.record(tx, actor, { action: 'referral.follow_ups', entityType: 'referral', details: { ids: rows.map((r) => r.id) } });
        return {
          today,
          items: rows.map((r) => ({
            id: r.id,
            participant: { id: r.participantId, displayName: names.get(r.participantId) ?? '' },
            serviceName: r.serviceName,
            need: r.need as ReferralView['need'],
            urgency: r.urgency as ReferralView['urgency'],
            status: r.status as ReferralStatus,
            followUpOn: r.followUpOn,
            overdue: isOverdue(r, today),
            needsOutcome: isClosed(r.status),
          })),
        };
      });
    },

    /** Completion rate and median time to acceptance by need, service and organization. */
    async report(actor: Actor, q: { from: string; to: string }) {
      if (actor.kind === 'user' && actor.role === 'peer') throw forbidden('Reports are for analysts, supervisors and admins.');
      if (!actor.orgId) throw forbidden();
      const orgId = actor.orgId;
      return db.tenant(orgId, async (tx) => {
        // The days of the period are the organization's days (as follow-ups and overdue are).
        const timeZone = (await repo.getOrg(tx, orgId))?.timeZone ?? 'America/New_York';
        const rows = (await repo.reportRows(tx, orgId, q.from, q.to, timeZone)).map((r) => ({ ...r, sentAt: r.sentAt! }));
        await audit.record(tx, actor, { action: 'referral.report', entityType: 'referral', details: { from: q.from, to: q.to, referrals: rows.length } });
        const [total] = groupReport(rows, () => ({ key: 'all', label: 'All referrals' }));
        const empty = { key: 'all', label: 'All referrals', sent: 0, accepted: 0, declined: 0, completed: 0, notCompleted: 0, cancelled: 0, open: 0, completionRate: null, medianHoursToAcceptance: null };
        return {
          from: q.from,
          to: q.to,
          total: total ?? empty,
          byNeed: groupReport(rows, (r) => ({ key: r.need, label: r.need })),
          byService: groupReport(rows, (r) => ({ key: r.serviceId, label: r.serviceName })),
          byOrganization: groupReport(rows, (r) => ({ key: r.organizationName ?? '', label: r.organizationName ?? '(unknown)' })),
        };
      });
    },

    // ---------- link holder ----------

    /**
     * A link use refused before any use case ran (what it sent did not validate): audited as the
     * refused uses inside `withLink` are, since every use of the link is. An unknown token names
     * no organization to audit into.
     */
    async linkRefused(token: string, reason: string, sourceIp: string | null): Promise<void> {
      const target = await db.tenant(null, (tx) => repo.findLinkTarget(tx, tokenHash(token)));
      if (!target) return;
      await db.tenant(target.org_id, (tx) =>
        audit.record(tx, linkActor(target.org_id, sourceIp), { action: 'referral.link.refused', entityType: 'referral', entityId: target.referral_id, details: { reason } }),
      );
    },

    /** The receiver's page: opening it the first time marks the referral received. */
    async linkView(token: string, sourceIp: string | null): Promise<LinkReferralView> {
      return withLink(token, sourceIp, async (tx, row, link, actor, today) => {
        let current = row;
        if (row.status === 'sent') current = await applyMove(tx, row, 'received', null, { kind: 'link', userId: null, orgId: null }, today);
        await audit.record(tx, actor, { action: 'referral.link.view', entityType: 'referral', entityId: row.id, details: { linkId: link.id, markedReceived: row.status === 'sent' } });
        return toLinkView(tx, current, link, today);
      });
    },

    /**
     * A receiving peer respite, shelter or detox publishes its beds available now from its link
     * page (the same public figure admins and API tokens publish; shown with its time).
     */
    async linkBeds(token: string, input: { available: number; total?: number | undefined; note?: string | undefined }, sourceIp: string | null): Promise<LinkReferralView> {
      return withLink(token, sourceIp, async (tx, row, link, actor, today) => {
        if (!(await beds.allowed(tx, row.serviceId))) {
          throw new AppError(409, 'no-beds', 'This service does not publish beds (only peer respites, shelters and detox services do).');
        }
        await beds.put(tx, row.serviceId, input);
        await audit.record(tx, actor, { action: 'directory.beds.put', entityType: 'directory_service', entityId: row.serviceId, details: { available: input.available, via: 'referral-link', linkId: link.id, referralId: row.id } });
        return toLinkView(tx, row, link, today);
      });
    },

    async linkMove(token: string, input: { status: ReferralStatus; reason?: string | undefined }, sourceIp: string | null): Promise<LinkReferralView> {
      return withLink(token, sourceIp, async (tx, row, link, actor, today) => {
        const reason = input.reason?.trim() || null;
        const check = checkTransition(row.status as ReferralStatus, input.status, 'receiver', reason);
        if (!check.ok) {
          refuse(check);
        }
        const updated = await applyMove(tx, row, input.status, reason, { kind: 'link', userId: null, orgId: null }, today);
        await audit.record(tx, actor, { action: 'referral.link.status', entityType: 'referral', entityId: row.id, details: { linkId: link.id, from: row.status, to: input.status } });
        return toLinkView(tx, updated, link, today);
      });
    },
  };

  // A refused staff use case on a referral (403, or 404 as for an absent one) is audited as denied;
  // the link's uses audit their refusals in `withLink`. Not listed: followUps (the caller's own)
  // and report (aggregates).
  const onReferral = (action: string) => (_actor: Actor, id: string): AttemptEntry => ({ action, entityType: 'referral', entityId: id });
  return audit.refusals(service, {
    create: (_actor, input) => ({
      action: 'referral.create',
      entityType: 'participant',
      entityId: input.participantId,
      details: { serviceId: input.serviceId },
      // Sharing without the participant's consent, or Part 2 items without a Part 2 consent (or with an expired one).
      alsoRefused: (e) => (e.errors ?? []).some((p) => CONSENT_REFUSALS.includes(p.field)),
    }),
    get: onReferral('referral.read'),
    list: (_actor, q) => ({ action: 'referral.list', entityType: 'referral', details: { box: q.box, ...(q.participantId ? { participantId: q.participantId } : {}) } }),
    move: (_actor, id, input) => ({ action: 'referral.status', entityType: 'referral', entityId: id, details: { to: input.status } }),
    newLink: onReferral('referral.link.issue'),
    revokeLink: onReferral('referral.link.revoke'),
    revokePart2Consent: onReferral('referral.part2_consent.revoke'),
    recordOutcome: onReferral('referral.outcome'),
  });
};
