import type { DemoContext } from '../demo-context.ts';
import { billingSettings, payerInput } from '../billing/billing.schemas.ts';
import { participantInput } from '../people/people.schemas.ts';
import { caseloadSettings, planInput } from './caseload.schemas.ts';

/**
 * Demo documentation and billing for `peerbridge demo`: a state Medicaid payer, coverages, a
 * recovery plan per matched participant and three weeks of session notes (signed, co-signed,
 * one returned, drafts), so the peer's day, the review queue and a claims export all have data.
 * Every name is invented. Uses the people the people seeder made; creates a few if there are none.
 */
const GOALS: Array<{ text: string; lifeArea: string; step: string }> = [
  { text: 'I want a place of my own where my kids can visit', lifeArea: 'housing', step: 'Fill out the housing voucher application' },
  { text: 'Stay clean one day at a time and get my driver\'s license back', lifeArea: 'recovery', step: 'Go to two meetings a week' },
  { text: 'Find a job where people respect me', lifeArea: 'work', step: 'Update my résumé with the library job coach' },
  { text: 'Sleep through the night and feel less alone', lifeArea: 'wellness', step: 'Try the Tuesday evening support group' },
];
/**
 * The kinds of session a demo note records. Each note's narrative, type, activities and place of
 * service tell one story: a billed note says what happened, where (CMS place of service: 11
 * office, 10 telehealth in the person's home, 02 telehealth elsewhere, 99 other place), and
 * names the person rather than guessing their pronouns.
 */
const SESSIONS: ReadonlyArray<{
  modality: 'in-person' | 'phone' | 'video';
  type: 'individual' | 'accompaniment';
  placeOfService: string;
  activities: Array<'shared-lived-experience' | 'recovery-planning' | 'resource-linkage' | 'skill-building' | 'advocacy'>;
  narrative: (name: string) => string;
  nextSteps: (name: string) => string;
}> = [
  {
    modality: 'in-person',
    type: 'individual',
    placeOfService: '11',
    activities: ['skill-building'],
    narrative: (n) => `Met in the drop-in room. ${n} named getting to every appointment this week as a win. We practiced what to say to the landlord, and ${n} chose to make the call on Monday.`,
    nextSteps: (n) => `${n} calls the landlord on Monday; we talk about how it went.`,
  },
  {
    modality: 'in-person',
    type: 'accompaniment',
    placeOfService: '99',
    activities: ['resource-linkage', 'advocacy'],
    narrative: (n) => `Went with ${n} to the benefits office. ${n} did the talking with the clerk and got the form accepted, said it felt good, and wants to do the next one alone.`,
    nextSteps: (n) => `${n} brings the approval letter to our next meeting.`,
  },
  {
    modality: 'phone',
    type: 'individual',
    placeOfService: '10',
    activities: ['shared-lived-experience'],
    narrative: (n) => `Phone check-in; ${n} was at home. Cravings were strong after a family argument, and ${n} called a sponsor instead of using. I shared what got me through the same thing early in my own recovery; ${n} wants to keep that plan.`,
    nextSteps: () => 'A phone check-in before the weekend.',
  },
  {
    modality: 'video',
    type: 'individual',
    placeOfService: '02',
    activities: ['recovery-planning'],
    narrative: (n) => `Video call; ${n} joined from the library. We went over the recovery plan, and ${n} picked the next step on the goal and a date to do it by.`,
    nextSteps: () => 'Look at the plan together next week.',
  },
];

export const seedCaseload = async (ctx: DemoContext): Promise<string[]> => {
  const { services, actor, random } = ctx;
  const { people, billing, caseload } = services;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  // The people seeder's matched participants; or a small caseload of our own.
  let matched = (await people.listParticipants(actor, { status: 'active' }, { page: 1, pageSize: 200 })).items.filter((p) => p.currentAssignment);
  if (matched.length === 0) {
    const peerUser = ctx.users.find((u) => u.role === 'peer');
    const peer = await people.createPeer(actor, {
      displayName: peerUser?.displayName ?? 'Demo Peer',
      userId: peerUser?.id ?? null,
      languages: ['en'],
      livedExperience: [],
      specialties: [],
      raceEthnicity: [],
      modalities: ['in-person', 'phone'],
      availability: [],
      timeZone: 'America/Chicago',
      maxCaseload: 12,
      acceptingNew: true,
      certifications: [{ type: 'CPRS', issuer: 'Illinois Certification Board', number: 'IL-CPRS-0001', expiresOn: '2027-12-31' }],
    });
    for (const [givenName, familyName, birthDate] of [['Marisol', 'Vega', '1988-03-11'], ['Terrence', 'Hill', '1979-07-30'], ['Kim', 'Nguyen', '1995-12-02']] as const) {
      const p = await people.createParticipant(actor, participantInput.parse({ givenName, familyName, birthDate }));
      await people.assign(actor, p.id, { peerId: peer.id, consent: { given: true, method: 'verbal' } });
    }
    matched = (await people.listParticipants(actor, { status: 'active' }, { page: 1, pageSize: 200 })).items.filter((p) => p.currentAssignment);
  }

  const medicaid = await billing.createPayer(
    actor,
    payerInput.parse({ name: 'Illinois Medicaid', type: 'medicaid', ratePerUnit: 1812, dailyMaxUnits: 16, x12PayerId: 'IL-MCD', x12ReceiverId: 'ILMEDICAID', claimFilingIndicator: 'MC' }),
  );
  await billing.putSettings(
    actor,
    billingSettings.parse({
      billingProvider: {
        name: 'Riverside Peer Recovery Center',
        npi: '1234567893',
        taxId: '36-1234567',
        taxonomy: '251S00000X',
        address: { line1: '1200 W Cermak Rd', city: 'Chicago', state: 'IL', postalCode: '60608-1234' },
      },
      submitter: { name: 'Riverside Peer Recovery Center', id: 'RPRC001', contactName: 'Dana Whitfield', phone: '312-555-0100' },
      defaultDiagnosisCode: 'F19.20',
    }),
  );
  // The agency's policy: a supervisor co-signs a note before it bills a payer. The last weeks'
  // Medicaid notes are then in the supervisor's review queue, and the claims page says which
  // notes wait for a co-signature.
  await caseload.putSettings(actor, caseloadSettings.parse({ cosign: { billing: true } }));

  const today = new Date();
  const dayAt = (daysAgo: number, hour: number) => {
    const d = new Date(today.getTime() - daysAgo * 86_400_000);
    d.setUTCHours(hour + 5, Math.floor(random() * 4) * 15, 0, 0); // Chicago business hours
    return d;
  };
  const iso = (d: Date) => d.toISOString();
  // Plans and notes written, signed and reviewed when they would have been (a note just after its
  // session, a co-signature the next day), through the caseload service on a clock set back.
  let clock = today.getTime();
  const { caseload: then } = ctx.servicesAt(() => new Date(clock));
  const setClock = (d: Date) => (clock = Math.min(d.getTime(), today.getTime() - 60_000));

  let signed = 0;
  let drafts = 0;
  let waiting = 0;
  let coveragesMade = 0;
  for (const [index, participant] of matched.entries()) {
    // Most participants have Medicaid; one does not, so the export shows an exclusion.
    if (index !== matched.length - 1 || matched.length === 1) {
      // The participant's home address goes on the claim (2010BA); one has none on file, so the
      // claims page shows a claim held with its reason.
      const home = index === matched.length - 2 ? null : { line1: `${1200 + index * 14} W Madison St`, city: 'Chicago', state: 'IL', postalCode: '60607' };
      await billing.addCoverage(actor, participant.id, { payerId: medicaid.id, memberId: `IL${String(100_000_000 + index * 7_919).slice(0, 9)}`, startDate: '2025-01-01', diagnosisCodes: [], subscriberAddress: home });
      coveragesMade++;
    }
    const goal = GOALS[index % GOALS.length]!;
    setClock(dayAt(21, 12));
    const plan = await then.putPlan(
      actor,
      participant.id,
      planInput.parse({
        goals: [{ text: goal.text, lifeArea: goal.lifeArea, steps: [{ text: goal.step, targetDate: iso(dayAt(-21, 12)).slice(0, 10), status: 'in-progress' }] }],
        strengths: ['shows up', 'honest about what is hard', 'funny'].slice(0, 2 + (index % 2)),
        supports: [{ name: 'Sister', kind: 'person' }, { name: 'Tuesday recovery group', kind: 'community' }],
        reviewEveryDays: 90,
        agreement: { method: 'verbal', agreedOn: iso(dayAt(21, 12)).slice(0, 10) },
      }),
    );
    const peerId = participant.currentAssignment!.peerId;
    const name = participant.preferredName ?? participant.displayName.split(' ')[0]!;
    // Weekly sessions for three weeks, the last one with a follow-up date.
    for (const [n, daysAgo] of [20, 13, 6, 1].entries()) {
      // In person twice as often as by phone or video.
      const session = pick([SESSIONS[0]!, SESSIONS[0]!, SESSIONS[1]!, SESSIONS[2]!, SESSIONS[3]!]);
      const startedAt = dayAt(daysAgo, 9 + Math.floor(random() * 7));
      const followUpOn = n === 3 ? iso(new Date(today.getTime() + (index % 3 === 0 ? -1 : index % 3) * 86_400_000)).slice(0, 10) : null;
      const durationMinutes = pick([20, 30, 30, 38, 45, 60]);
      setClock(new Date(startedAt.getTime() + (durationMinutes + 15) * 60_000));
      const e = await then.createEncounter(
        actor,
        {
          participantId: participant.id,
          peerId,
          type: session.type,
          modality: session.modality,
          startedAt: iso(startedAt),
          durationMinutes,
          placeOfService: session.placeOfService,
          program: index % 2 === 0 ? 'substance-use' : 'mental-health',
          activities: session.activities,
          goalIds: [plan.goals[0]!.id],
          narrative: session.narrative(name),
          nextSteps: session.nextSteps(name),
          followUpOn: followUpOn !== null && followUpOn >= iso(startedAt).slice(0, 10) ? followUpOn : null,
        },
        'en',
      );
      // The latest session of every third participant is still a draft.
      if (n === 3 && index % 3 === 1) {
        drafts++;
        continue;
      }
      const view = await then.signEncounter(actor, e.id, 'en');
      signed++;
      // The oldest note was co-signed, the newest of the first participant returned (each the
      // morning after); the rest wait.
      setClock(dayAt(daysAgo - 1, 9));
      if (n === 0) await then.cosignEncounter(actor, e.id, { comment: 'Good strengths-based note.' }, 'en');
      else if (n === 3 && index === 0) await then.returnEncounter(actor, e.id, { comment: 'Please add what the participant said about it, in their own words.' }, 'en');
      else if (view.cosignRequired) waiting++;
    }
  }
  return [
    `  Billing: payer "Illinois Medicaid" (${medicaid.id}), ${coveragesMade} coverages; ${matched.length} recovery plans; ${signed} signed notes and ${drafts} ${drafts === 1 ? 'draft' : 'drafts'} over three weeks; ${waiting} Medicaid notes wait in the supervisor's review queue (the agency co-signs before billing)`,
    `  Try: npx peerbridge claims export --payer ${medicaid.id} --from ${iso(dayAt(28, 12)).slice(0, 10)} --to ${iso(today).slice(0, 10)} --format 837p --out claims.x12`,
  ];
};
