import type { UserActor } from '../../core/actor.ts';
import type { DemoContext } from '../demo-context.ts';
import { addDays, addYears } from './credential.rules.ts';

/**
 * Demo workforce for `peerbridge demo` (issue 21): a team with credentials at different stages
 * (Rosa's Michigan CPSS due in 25 days and an IC&RC credential beside it, James's Georgia CPS in
 * its grace, Tasha's Pennsylvania CPS lapsed, Connecticut and Ohio credentials in force), CE
 * records, supervision this month for some and not others, and a few wellbeing check-ins (James
 * shares a band and asks for a check-in). Every record is invented.
 */
export const seedWorkforce = async (ctx: DemoContext): Promise<string[]> => {
  const { services, orgId } = ctx;
  const peerIds = ctx.shared.peerIds as Map<string, string> | undefined;
  if (!peerIds) return [];
  const today = new Date().toISOString().slice(0, 10);
  const asUser = (local: string): UserActor | null => {
    const u = ctx.users.find((x) => x.email.startsWith(`${local}@`));
    return u ? { kind: 'user', userId: u.id, orgId, role: u.role, via: 'session', sourceIp: null } : null;
  };
  const supervisor = asUser('supervisor')!;
  const credential = async (name: string, type: string, number: string, expiresOn: string, years: number, verified: boolean) => {
    const peerId = peerIds.get(name);
    if (!peerId) return null;
    const issuedOn = addDays(addYears(expiresOn, -years), 1);
    return services.credentials.createCredential(supervisor, peerId, {
      type,
      number,
      issuedOn,
      expiresOn,
      ...(verified ? { verification: { how: 'Checked the issuing body’s online registry' } } : {}),
    });
  };
  const rosaExpiry = addDays(today, 25);
  await credential('Rosa Delgado', 'mi-cpss', 'MI-CPSS-20417', rosaExpiry, 2, true);
  await credential('Rosa Delgado', 'icrc-pr', 'PR-88213', addDays(today, 400), 2, false);
  const jamesExpiry = `${Number(today.slice(0, 4)) - (today.slice(5) > '01-20' ? 0 : 1)}-12-31`;
  // James's Georgia CPS expired on 31 December; in January he is in grace (free to 15 Jan, late fee to 31 Jan).
  await credential('James Running Bear', 'ga-cps', 'GA-CPS-5120', jamesExpiry <= today ? jamesExpiry : addDays(today, -10), 1, true);
  await credential('Tasha Brooks', 'pa-cps', 'PA-CPS-33190', addDays(today, -40), 2, true);
  const others = [...peerIds.keys()].filter((n) => !['Rosa Delgado', 'James Running Bear', 'Tasha Brooks'].includes(n));
  if (others[0]) await credential(others[0], 'ct-rss', 'CT-RSS-7001', addDays(today, 700), 3, true);
  if (others[1]) await credential(others[1], 'oh-prs', 'OH-PRS-4410', addDays(today, 62), 2, false);

  const rosa = peerIds.get('Rosa Delgado');
  let ce = 0;
  if (rosa) {
    const courses: Array<[number, string, string, number, string[], 'in-person' | 'live-online' | 'conference']> = [
      [300, 'Ethics and boundaries in peer support', 'Michigan Peer Training Institute', 6, ['ethics', 'boundaries'], 'in-person'],
      [240, 'Trauma-informed peer support', 'Regional CMH', 4, ['trauma-informed'], 'live-online'],
      [150, 'Motivational interviewing for peers', 'State conference', 8, ['coaching'], 'conference'],
      [90, 'Confidentiality and 42 CFR Part 2', 'Riverside Recovery Center', 3, ['confidentiality'], 'live-online'],
      [30, 'Whole health and wellness', 'Regional CMH', 5, ['health-and-wellness'], 'in-person'],
    ];
    for (const [daysAgo, title, provider, hours, topics, format] of courses) {
      await services.credentials.createCe(supervisor, rosa, { title, provider, completedOn: addDays(today, -daysAgo), hours, unit: 'hours', topics: topics as never, format });
      ce++;
    }
  }
  const james = peerIds.get('James Running Bear');
  if (james) {
    await services.credentials.createCe(supervisor, james, { title: 'Whole Health Action Management', provider: 'GMHCN', completedOn: addDays(today, -20), hours: 6, unit: 'hours', topics: [], format: 'in-person' });
    ce++;
  }

  let sessions = 0;
  const month = today.slice(0, 8);
  for (const [name, minutes, topics] of [
    ['Rosa Delgado', 60, ['secondary-trauma', 'boundaries']],
    ['James Running Bear', 30, ['relapse-prevention', 'self-care']],
  ] as const) {
    const peerId = peerIds.get(name);
    if (!peerId) continue;
    await services.supervision.create(supervisor, { peerId, heldOn: `${month}01` <= today ? `${month}01` : today, minutes, kind: 'individual', topics: [...topics], notes: 'Talked through a hard week and what helps.', followUps: [{ text: 'Check in after the team meeting', dueOn: null }] });
    await services.supervision.create(supervisor, { peerId, heldOn: addDays(today, -35), minutes: 60, kind: 'group', topics: ['ethics'] });
    sessions += 2;
  }

  let checkIns = 0;
  const rosaUser = asUser('rosa');
  const jamesUser = asUser('james');
  if (rosaUser) {
    await services.wellbeing.checkIn(rosaUser, { instrument: 'pulse', answers: { '1': 4 } });
    checkIns++;
  }
  if (jamesUser) {
    await services.wellbeing.checkIn(jamesUser, { instrument: 'pulse', answers: { '1': 2 } });
    await services.wellbeing.setSharing(jamesUser, { shareBand: true, askCheckin: true });
    checkIns++;
  }
  await services.reminders.nightly(today);
  return [`Workforce: credentials at different stages for the team, ${ce} CE records, ${sessions} supervision sessions, ${checkIns} wellbeing check-ins (private to each peer).`];
};
