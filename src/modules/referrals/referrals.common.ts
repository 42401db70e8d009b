// What the referral use cases share, split from referrals.service.ts with them: who may open a
// referral and as which party, the organization's today, the views of a referral (its shared
// items, withheld under 42 CFR Part 2 as issue 17 asks), and one legal move of the lifecycle
// (issue 5, referrals.rules.ts). Creation (referrals.create.ts), the closed loop
// (referrals.loop.ts), follow-ups (referrals.followups.ts) and the receiver's link
// (referrals.link.ts) use it; referrals.service.ts wires them together.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { decryptField, hmacHex, type Keys } from '../../core/crypto.ts';
import { AppError, badRequest, forbidden, notFound } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import * as repo from './referrals.repo.ts';
import {
  CLOSED,
  GOAL_PREFIX,
  PART2_NOTICE,
  type checkTransition,
  isOverdue,
  isPart2Item,
  linkState,
  localDate,
  part2ConsentInForce,
  type Party,
  type ReferralStatus,
  type SharedItemContext,
} from './referrals.rules.ts';
import type { ReferralView } from './referrals.schemas.ts';

interface CommonDeps {
  keys: Keys;
  clock: () => Date;
}

export type ReferralCommon = ReturnType<typeof createReferralCommon>;

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const staffOnly = (actor: Actor) => {
  if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual referrals.');
  if (!actor.orgId) throw forbidden('Referrals belong to an organization.');
  return actor.orgId;
};

export const refuse = (check: Exclude<ReturnType<typeof checkTransition>, { ok: true }>) => {
  if (check.status === 400) throw badRequest(check.message, [{ field: check.field!, message: check.message }]);
  throw new AppError(check.status, check.code, check.message, check.field ? { errors: [{ field: check.field, message: check.message }] } : {});
};

export const createReferralCommon = ({ keys, clock }: CommonDeps) => {
  const tokenHash = (token: string) => hmacHex(keys.tokenHash, token);
  const unseal = (enc: string) => JSON.parse(decryptField(keys.field, enc)) as Record<string, string | null>;

  const todayOf = async (tx: Tx, orgId: string) => localDate(clock(), (await repo.getOrg(tx, orgId))?.timeZone ?? 'America/New_York');

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

  return { tokenHash, todayOf, openReferral, sharedItems, toView, applyMove };
};
