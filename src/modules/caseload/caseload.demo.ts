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
const NARRATIVES = [
  'We met at the coffee shop near the clinic. He talked about the week and named getting to every appointment as a win. We practiced what to say to the landlord; he chose to call on Monday.',
  'Phone check-in. She shared that cravings were strong after a family argument and that she called her sponsor instead of using. We talked about what helped and she wants to keep that plan.',
  'Drove to the benefits office together. They handled the conversation with the clerk on their own and got the form accepted. They said they felt proud and want to do the next one alone.',
  'Group on building a support network. Spoke up about reconnecting with an old friend and offered encouragement to a newer member.',
];

const PLACES: Record<string, string> = { 'in-person': '11', phone: '02', video: '02', text: '02' };

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
    // Weekly sessions for three weeks, the last one with a follow-up date.
    for (const [n, daysAgo] of [20, 13, 6, 1].entries()) {
      const modality = pick(['in-person', 'in-person', 'phone', 'video'] as const);
      const startedAt = dayAt(daysAgo, 9 + Math.floor(random() * 7));
      const followUpOn = n === 3 ? iso(new Date(today.getTime() + (index % 3 === 0 ? -1 : index % 3) * 86_400_000)).slice(0, 10) : null;
      const durationMinutes = pick([20, 30, 30, 38, 45, 60]);
      setClock(new Date(startedAt.getTime() + (durationMinutes + 15) * 60_000));
      const e = await then.createEncounter(
        actor,
        {
          participantId: participant.id,
          peerId,
          type: n === 2 && modality === 'in-person' ? 'accompaniment' : 'individual',
          modality,
          startedAt: iso(startedAt),
          durationMinutes,
          placeOfService: PLACES[modality]!,
          program: index % 2 === 0 ? 'substance-use' : 'mental-health',
          activities: [pick(['shared-lived-experience', 'recovery-planning', 'resource-linkage', 'skill-building'] as const)],
          goalIds: [plan.goals[0]!.id],
          narrative: pick(NARRATIVES),
          nextSteps: 'Check in next week about the application.',
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
      else if (n === 3 && index === 0) await then.returnEncounter(actor, e.id, { comment: 'Please add the next step the participant chose.' }, 'en');
      else if (view.cosignRequired) waiting++;
    }
  }
  return [
    `  Billing: payer "Illinois Medicaid" (${medicaid.id}), ${coveragesMade} coverages; ${matched.length} recovery plans; ${signed} signed notes and ${drafts} ${drafts === 1 ? 'draft' : 'drafts'} over three weeks; ${waiting} Medicaid notes wait in the supervisor's review queue (the agency co-signs before billing)`,
    `  Try: npx peerbridge claims export --payer ${medicaid.id} --from ${iso(dayAt(28, 12)).slice(0, 10)} --to ${iso(today).slice(0, 10)} --format 837p --out claims.x12`,
  ];
};
