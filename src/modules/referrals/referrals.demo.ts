import type { DemoContext } from '../demo-context.ts';
import type { UserActor } from '../../core/actor.ts';
import type { ReferralStatus } from './referrals.rules.ts';
import { referralInput } from './referrals.schemas.ts';

/**
 * Demo referrals for `peerbridge demo`, in different states of the closed loop, made by the demo
 * peers for their own participants to the demo agency's local resources (seedDirectory): one
 * completed with its outcome, one in progress, one declined with the reason, one sent and waiting
 * for an answer (its receiver link printed), one draft.
 */
const DEMO_REFERRALS: Array<{
  peer: string;
  participant: number;
  service: string;
  need: 'food' | 'housing' | 'treatment' | 'health';
  urgency: 'emergent' | 'urgent' | 'routine';
  note: string;
  moves: Array<{ status: ReferralStatus; reason?: string }>;
  outcome?: { outcome: 'need-met' | 'partly-met' | 'not-met'; note: string };
}> = [
  {
    peer: 'rosa', participant: 0, service: 'Westside Community Food Pantry', need: 'food', urgency: 'urgent',
    note: 'Prefers the Thursday evening hours, after work.',
    moves: [{ status: 'sent' }, { status: 'accepted' }, { status: 'completed' }],
    outcome: { outcome: 'need-met', note: 'Picked up groceries twice; will keep going on Thursdays.' },
  },
  {
    peer: 'rosa', participant: 0, service: 'Lakeview Bridge Clinic (MOUD)', need: 'treatment', urgency: 'urgent',
    note: 'Wants to talk about buprenorphine; a morning appointment works best.',
    moves: [{ status: 'sent' }, { status: 'accepted' }, { status: 'in-progress' }],
  },
  {
    peer: 'james', participant: 1, service: 'Harbor Light Overnight Shelter', need: 'housing', urgency: 'emergent',
    note: 'Needs a bed tonight; has a small dog in a carrier.',
    moves: [{ status: 'sent' }, { status: 'declined', reason: 'Full tonight; call back at 6 pm for a cancellation.' }],
  },
  {
    peer: 'rosa', participant: 6, service: 'Sunrise House Peer Respite', need: 'health', urgency: 'urgent',
    note: 'Would like a few nights away from home to get steady again.',
    moves: [{ status: 'sent' }],
  },
  {
    peer: 'james', participant: 3, service: 'Crossroads Withdrawal Management Unit', need: 'treatment', urgency: 'routine',
    note: 'Thinking about detox after the holidays; wants to visit first.',
    moves: [],
  },
];

export const seedReferrals = async (ctx: DemoContext): Promise<string[]> => {
  const { referrals } = ctx.services;
  const participantIds = ctx.shared.participantIds as string[] | undefined;
  const serviceIds = ctx.shared.localServiceIds as Map<string, string> | undefined;
  if (!participantIds || !serviceIds) return [];
  let link: string | undefined;
  for (const r of DEMO_REFERRALS) {
    const user = ctx.users.find((u) => u.email.startsWith(`${r.peer}@`))!;
    const actor: UserActor = { kind: 'user', userId: user.id, orgId: ctx.orgId, role: user.role, via: 'session', sourceIp: null };
    const created = await referrals.create(
      actor,
      referralInput.parse({
        participantId: participantIds[r.participant],
        serviceId: serviceIds.get(r.service),
        need: r.need,
        urgency: r.urgency,
        note: r.note,
        shared: { items: ['name', 'note'], consent: { given: true, method: 'verbal' } },
      }),
    );
    for (const m of r.moves) {
      const moved = await referrals.move(actor, created.id, m);
      if (m.status === 'sent' && r.moves.length === 1) link = moved.receiverLink;
    }
    if (r.outcome) await referrals.recordOutcome(actor, created.id, r.outcome);
  }
  return [
    `  ${DEMO_REFERRALS.length} referrals: completed (outcome recorded), in progress, declined, sent and waiting, draft`,
    ...(link ? [`  The respite's receiver page (no sign-in; under this server's address): ${link}`] : []),
  ];
};
