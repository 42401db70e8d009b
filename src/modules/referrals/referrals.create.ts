// Making a referral, split from referrals.service.ts: what the participant agreed to share is
// checked (their consent; Part 2 items only under a Part 2 consent in force, 42 CFR Part 2) and
// sealed as it is on file now, and the draft starts its history (the lifecycle of issue 5,
// referrals.rules.ts). The service exposes it as `create`; a create refused for want of consent
// is a refused disclosure, audited as denied there (audit.refusals).
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { decryptField, encryptField, type Keys } from '../../core/crypto.ts';
import { AppError, badRequest, failIfProblems } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import { staffOnly, type ReferralCommon } from './referrals.common.ts';
import * as repo from './referrals.repo.ts';
import { GOAL_PREFIX, defaultFollowUp, isPart2Item, part2ConsentProblems, sharedItemProblems, type SharedItemContext } from './referrals.rules.ts';
import type { ReferralInput, ReferralView } from './referrals.schemas.ts';

interface CreateDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  people: PeopleService;
  clock: () => Date;
  common: ReferralCommon;
}

export const createReferralCreation = ({ db, keys, audit, people, clock, common }: CreateDeps) => {
  const { todayOf, toView } = common;
  const seal = (values: Record<string, string | null>) => encryptField(keys.field, JSON.stringify(values));

  const goalContext = async (tx: Tx, participantId: string): Promise<SharedItemContext> => ({
    goals: new Map((await repo.planGoals(tx, participantId)).map((g) => [g.id, { text: g.text, lifeArea: g.lifeArea }])),
  });

  return {
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
  };
};
