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
  /** Hours ago the referral was started, and each move with the hours ago it happened. */
  startedHoursAgo: number;
  moves: Array<{ status: ReferralStatus; reason?: string; hoursAgo: number }>;
  outcomeHoursAgo?: number;
  outcome?: { outcome: 'need-met' | 'partly-met' | 'not-met'; note: string };
}> = [
  {
    peer: 'rosa', participant: 0, service: 'Westside Community Food Pantry', need: 'food', urgency: 'urgent',
    note: 'Prefers the Thursday evening hours, after work.',
    startedHoursAgo: 290,
    moves: [{ status: 'sent', hoursAgo: 289 }, { status: 'accepted', hoursAgo: 270 }, { status: 'completed', hoursAgo: 122 }],
    outcomeHoursAgo: 120,
    outcome: { outcome: 'need-met', note: 'Picked up groceries twice; will keep going on Thursdays.' },
  },
  {
    peer: 'rosa', participant: 0, service: 'Lakeview Bridge Clinic (MOUD)', need: 'treatment', urgency: 'urgent',
    note: 'Wants to talk about buprenorphine; a morning appointment works best.',
    startedHoursAgo: 220,
    moves: [{ status: 'sent', hoursAgo: 219 }, { status: 'accepted', hoursAgo: 192 }, { status: 'in-progress', hoursAgo: 150 }],
  },
  {
    peer: 'james', participant: 1, service: 'Harbor Light Overnight Shelter', need: 'housing', urgency: 'emergent',
    note: 'Needs a bed tonight; has a small dog in a carrier.',
    startedHoursAgo: 74,
    moves: [{ status: 'sent', hoursAgo: 73 }, { status: 'declined', reason: 'Full tonight; call back at 6 pm for a cancellation.', hoursAgo: 71 }],
  },
  {
    peer: 'rosa', participant: 6, service: 'Sunrise House Peer Respite', need: 'health', urgency: 'urgent',
    note: 'Would like a few nights away from home to get steady again.',
    startedHoursAgo: 26,
    moves: [{ status: 'sent', hoursAgo: 25 }],
  },
  {
    peer: 'james', participant: 3, service: 'Crossroads Withdrawal Management Unit', need: 'treatment', urgency: 'routine',
    note: 'Thinking about detox after the holidays; wants to visit first.',
    startedHoursAgo: 2,
    moves: [],
  },
];

export const seedReferrals = async (ctx: DemoContext): Promise<string[]> => {
  const participantIds = ctx.shared.participantIds as string[] | undefined;
  const serviceIds = ctx.shared.localServiceIds as Map<string, string> | undefined;
  if (!participantIds || !serviceIds) return [];
  let link: string | undefined;
  // Each step at the hour it would have happened over the last two weeks (the report's time to
  // acceptance, the referral's history), through the referral service on a clock set back.
  const now = Date.now();
  let hoursAgo = 0;
  const { referrals: past } = ctx.servicesAt(() => new Date(now - hoursAgo * 3_600_000));
  for (const r of DEMO_REFERRALS) {
    const user = ctx.users.find((u) => u.email.startsWith(`${r.peer}@`))!;
    const actor: UserActor = { kind: 'user', userId: user.id, orgId: ctx.orgId, role: user.role, via: 'session', sourceIp: null };
    hoursAgo = r.startedHoursAgo;
    const created = await past.create(
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
    for (const { hoursAgo: at, ...m } of r.moves) {
      hoursAgo = at;
      const moved = await past.move(actor, created.id, m);
      if (m.status === 'sent' && r.moves.length === 1) link = moved.receiverLink;
    }
    hoursAgo = r.outcomeHoursAgo ?? 0;
    if (r.outcome) await past.recordOutcome(actor, created.id, r.outcome);
  }
  return [
    `  ${DEMO_REFERRALS.length} referrals: completed (outcome recorded), in progress, declined, sent and waiting, draft`,
    ...(link ? [`  The respite's receiver page (no sign-in; under this server's address): ${link}`] : []),
  ];
};
