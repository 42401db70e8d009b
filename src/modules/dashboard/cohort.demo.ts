import type { DemoContext } from '../demo-context.ts';
import { participantInput, peerInput } from '../people/people.schemas.ts';

/**
 * Demo for the director's dashboard (issue 20): a year's program is more than the dozen people on
 * today's caseloads. Two more peers have worked with a cohort of 30 people over the past ten months:
 * monthly sessions, the BARC-10 and PHQ-9 at the start, at about six months and lately, most of
 * them improving; a third of them finished and were discharged. With these, the report's counts
 * and outcome change clear the small-cell threshold (k = 11) and the charts have figures, as a
 * real agency's would. Each match carries the reasons the matcher would have given, and after
 * the first meetings the participant's rating and whether they kept meeting, so Match quality
 * shows how matches on shared experience, language, distance and availability turned out.
 * Every name and answer is invented.
 */
const DAY_MS = 86_400_000;
const GIVEN = ['Ana', 'Bill', 'Carmen', 'Dwayne', 'Elena', 'Frank', 'Gloria', 'Hector', 'Irene', 'Jamal', 'Keisha', 'Leo', 'Marta', 'Nate', 'Olga',
  'Pedro', 'Quinn', 'Rita', 'Sam', 'Tina', 'Umar', 'Vera', 'Walt', 'Ximena', 'Yusuf', 'Zoe', 'Alma', 'Brent', 'Cora', 'Dario'];
const FAMILY = ['Reyes', 'Carter', 'Soto', 'Mills', 'Ruiz', 'Brennan', 'Ortiz', 'Hayes', 'Lopez', 'Young'];

const answers = (prefix: string, items: number, min: number, max: number, total: number, random: () => number, fixed: Record<string, number> = {}) => {
  const values = Array.from({ length: items }, () => min);
  let left = Math.max(0, Math.min(total - min * items, (max - min) * items));
  while (left > 0) {
    const i = Math.floor(random() * items);
    if (values[i]! < max) {
      values[i]! += 1;
      left -= 1;
    }
  }
  return { ...Object.fromEntries(values.map((v, i) => [`${prefix}.${i + 1}`, v])), ...fixed };
};

/** The reasons a match of the cohort was made on, as the matcher words them (matching.reasons.rules.ts). */
const reasonsOf = (i: number, bilingualPeer: boolean) => [
  i % 2 === 0
    ? { code: 'experience:substance-use', label: 'Both have lived experience of recovery from substance use' }
    : { code: 'experience:mental-health', label: 'Both have lived experience of mental health recovery' },
  ...(i % 3 === 0 && bilingualPeer ? [{ code: 'language:es', label: 'Speaks Spanish' }] : []),
  ...(i % 4 !== 0 ? [{ code: 'distance', label: `${2 + (i % 6)} miles away` }] : []),
  ...(i % 5 < 2 ? [{ code: 'availability:tue-evening', label: 'Both free on Tuesday evenings' }] : []),
];

/**
 * After the first meetings: a rating from 1 to 5 and whether they kept meeting. Matches in the
 * person's own language rate higher; one in six stopped coming (deterministic, so the demo's
 * Match quality reads the same every time).
 */
const qualityOf = (i: number, inTheirLanguage: boolean) => ({
  rating: Math.max(1, Math.min(5, 3 + (inTheirLanguage ? 1 : 0) + (i % 5 === 4 ? -1 : i % 2 === 0 ? 1 : 0))),
  keptMeeting: i % 6 !== 5,
});

export const seedOutcomesCohort = async (ctx: DemoContext): Promise<string[]> => {
  const { actor, random } = ctx;
  const now = Date.now();
  // Every step made at the time it would have happened (a match ten months ago, a session a month
  // later, the discharge), through the services on a clock set back (DemoContext.servicesAt).
  let clock = now;
  const { people, caseload, outcomes, matching } = ctx.servicesAt(() => new Date(clock));
  /** Set the clock to an instant (ISO) plus `minutes`: a note is signed after its session. */
  const setClock = (iso: string, minutes = 0) => (clock = Date.parse(iso) + minutes * 60_000);
  const at = (daysAgo: number, hour = 10) => {
    const d = new Date(now - daysAgo * DAY_MS);
    d.setUTCHours(hour + 5, 0, 0, 0);
    return d.toISOString();
  };
  const peers = [];
  setClock(at(330));
  for (const displayName of ['Alicia Moreno', 'Derek Okafor']) {
    peers.push(await people.createPeer(actor, peerInput.parse({ displayName, maxCaseload: 25, languages: displayName.startsWith('Alicia') ? ['en', 'es'] : ['en'] })));
  }
  let sessions = 0;
  let assessments = 0;
  let discharged = 0;
  for (let i = 0; i < GIVEN.length; i++) {
    const peer = peers[i % 2]!;
    const start = 300 - i * 6;
    setClock(at(start + 1));
    const p = await people.createParticipant(
      actor,
      participantInput.parse({ givenName: GIVEN[i]!, familyName: FAMILY[i % FAMILY.length]!, birthDate: `${1960 + ((i * 7) % 40)}-0${1 + (i % 9)}-1${i % 9}`, languages: i % 3 === 0 ? ['es'] : ['en'] }),
    );
    const bilingualPeer = i % 2 === 0; // Alicia speaks Spanish too
    const matchReasons = reasonsOf(i, bilingualPeer);
    setClock(at(start));
    const assignment = await people.assign(actor, p.id, { peerId: peer.id, consent: { given: true, method: 'verbal' }, matchReasons });
    // Every third person finished about a month ago; the others are still coming.
    const ends = i % 3 === 2 ? 25 + (i % 5) : null;
    // Monthly sessions; those still coming were also seen in the last few days.
    const days = [];
    for (let d = start - 1; d >= (ends ?? 0) + 8; d -= 28) days.push(d);
    if (ends === null) days.push(1 + (i % 5));
    for (const d of days) {
      setClock(at(d), 90);
      const e = await caseload.createEncounter(
        actor,
        {
          participantId: p.id,
          peerId: peer.id,
          type: 'individual',
          modality: i % 4 === 0 ? 'phone' : 'in-person',
          startedAt: at(d),
          durationMinutes: [30, 45, 60][i % 3]!,
          placeOfService: i % 4 === 0 ? '02' : '11',
          program: i % 2 === 0 ? 'substance-use' : 'mental-health',
          activities: ['shared-lived-experience'],
          narrative: 'Talked through the week and the next step the participant chose.',
          goalIds: [],
          nextSteps: 'Check in next month.',
        },
        'en',
      );
      await caseload.signEncounter(actor, e.id, 'en');
      sessions++;
    }
    // Baseline, a reassessment inside its window (most of them), and a recent one.
    const worse = i % 7 === 3;
    // (every fourth is late, after the window closed: a missed follow-up).
    const points = [start - 3, start - 3 - 180 - (i % 4 === 1 ? 40 : 0), Math.max((ends ?? 0) + 3, 10)].filter((d, n, all) => d >= 3 && (n === 0 || d < all[n - 1]!));
    for (const [step, daysAgo] of points.entries()) {
      setClock(at(daysAgo, 11), 30);
      const barc = worse ? 36 - step * 3 : Math.min(58, 29 + step * 8 + Math.floor(random() * 6));
      const phq = worse ? 10 + step * 3 : Math.max(1, 16 - step * 5 - Math.floor(random() * 3));
      await outcomes.recordAssessment(actor, p.id, { instrument: 'barc-10', answers: answers('barc10', 10, 1, 6, barc, random), administeredAt: at(daysAgo, 11), mode: 'peer-administered' });
      await outcomes.recordAssessment(actor, p.id, { instrument: 'phq-9', answers: answers('phq9', 8, 0, 3, phq, random, { 'phq9.9': 0 }), administeredAt: at(daysAgo, 11), mode: step === 0 ? 'peer-administered' : 'phone' });
      assessments += 2;
    }
    // After the first meetings (three weeks in), the person's rating of the match.
    setClock(at(start - 21));
    await matching.recordQuality(actor, assignment.id, qualityOf(i, matchReasons.some((r) => r.code === 'language:es')));
    if (ends !== null) {
      setClock(at(ends));
      await people.endAssignment(actor, assignment.id, { endedBy: 'program', reason: 'Completed the program goals.', returnToWaitlist: false });
      discharged++;
    }
  }
  return [`  Program history: 2 more peers and ${GIVEN.length} people over the past ten months (${sessions} signed sessions, ${assessments} assessments, ${discharged} discharged; each match's first-meetings rating under Match quality)`];
};
