import type { UserActor } from '../../core/actor.ts';
import type { DemoContext } from '../demo-context.ts';
import type { PeerRequestInput } from './public-intake.rules.ts';

/**
 * Demo of issue 23 for `peerbridge demo`: the agency's public page at /o/riverside/find-a-peer,
 * three requests waiting in the intake queue (one in Spanish), two peers' own approved bios on
 * /o/riverside/peers, and a matched participant with a portal invitation. Every word is invented.
 */
export const DEMO_SLUG = 'riverside';

const REQUESTS: Array<{ hoursAgo: number; input: PeerRequestInput }> = [
  {
    hoursAgo: 3,
    input: {
      contact: { phone: '(773) 555-0148', byText: true, okToLeaveMessage: false, safeTimes: 'Después de las 6 pm, por texto primero' },
      name: 'Lucía',
      language: 'es',
      experiences: ['substance-use.opioids', 'recovery-pathway.medication'],
      gender: 'woman',
      modality: 'in-person',
      place: '60608',
    },
  },
  {
    hoursAgo: 20,
    input: { contact: { email: 'dre.w@example.net', okToLeaveMessage: true }, name: 'Dre', language: 'en', experiences: ['life.military-service', 'mental-health.ptsd'], modality: 'phone', place: 'Rogers Park' },
  },
  { hoursAgo: 42, input: { contact: { phone: '312 555 0177', okToLeaveMessage: true, safeTimes: 'Weekday mornings' }, experiences: ['life.homelessness'], modality: 'either' } },
];

const BIOS: Record<string, string> = {
  rosa: 'I grew up in Pilsen and spent years using opioids. Medication and a peer who never gave up on me helped me get my life back. I speak English and Spanish, and I will meet you where you are.\n\nCrecí en Pilsen y pasé años consumiendo opioides. Hoy sé que la recuperación es posible.',
  james: 'Army veteran, sober since 2014. AA and my grandmother\'s teachings got me through. If you served, or if drinking took more than it gave, I would be glad to walk with you for a while.',
};

export const seedPortal = async (ctx: DemoContext): Promise<string[]> => {
  const { services, actor, orgId } = ctx;
  await services.peerRequests.putSettings(actor, { slug: DEMO_SLUG, enabled: true, fields: ['name', 'safeTimes', 'language', 'experiences', 'gender', 'modality', 'place'], phone: '(312) 555-0150', responseDays: 2 });
  const now = Date.now();
  for (const r of REQUESTS) await services.peerRequests.recordRequest(actor, r.input, new Date(now - r.hoursAgo * 3_600_000));
  let bios = 0;
  for (const u of ctx.users.filter((x) => x.role === 'peer')) {
    const local = u.email.split('@')[0]!;
    if (!BIOS[local]) continue;
    const peer: UserActor = { kind: 'user', userId: u.id, orgId, role: 'peer', via: 'session', sourceIp: null };
    await services.peerRequests.putMyBio(peer, { bio: BIOS[local], approved: true });
    bios++;
  }
  const matched = (await services.people.listParticipants(actor, { status: 'active' }, { page: 1, pageSize: 200 })).items.find((p) => p.currentAssignment);
  const base = services.publicUrl ?? 'http://127.0.0.1:8080';
  const lines = [`  Public page: ${base}/o/${DEMO_SLUG}/find-a-peer (our peers: /o/${DEMO_SLUG}/peers), ${REQUESTS.length} requests in the intake queue, ${bios} peers' own bios`];
  if (matched) {
    const inv = await services.portal.invite(actor, matched.id, base);
    lines.push(`  Portal invitation for ${matched.displayName} (one use, until ${inv.expiresAt.slice(0, 10)}): ${inv.url}`);
  }
  return lines;
};
