import type { DemoContext } from '../demo-context.ts';

/**
 * Demo outcomes for `peerbridge demo`: each matched participant answered the BARC-10 and the
 * PHQ-9 at intake and then about every two months, most of them improving as people in peer
 * support often do (not all: one gets worse for a while), and one answered a PHQ-9 today with
 * item 9 at 1, so a same-day safety follow-up is open on the peer's and supervisor's day.
 * The substance-use program has its own assessment schedule. Every answer is invented.
 */
const DAY_MS = 86_400_000;

/** Spread `total` over `items` answers between min and max, as evenly as the seeded random allows. */
const answersFor = (prefix: string, items: number, min: number, max: number, total: number, random: () => number) => {
  const values = Array.from({ length: items }, () => min);
  let left = Math.max(0, Math.min(total - min * items, (max - min) * items));
  while (left > 0) {
    const i = Math.floor(random() * items);
    if (values[i]! < max) {
      values[i]! += 1;
      left -= 1;
    }
  }
  return Object.fromEntries(values.map((v, i) => [`${prefix}.${i + 1}`, v]));
};

export const seedOutcomes = async (ctx: DemoContext): Promise<string[]> => {
  const { services, actor, random } = ctx;
  const matched = (await services.people.listParticipants(actor, { status: 'active' }, { page: 1, pageSize: 200 })).items.filter((p) => p.currentAssignment);
  const now = Date.now();
  let count = 0;
  for (const [n, p] of matched.entries()) {
    const worsening = n === 2;
    const points = [150, 95, 40, 7];
    for (const [step, daysAgo] of points.entries()) {
      const at = new Date(now - daysAgo * DAY_MS - Math.floor(random() * 3) * DAY_MS).toISOString();
      // Recovery capital grows from the low 30s toward and past the cut-off of 47; PHQ-9 falls.
      const barc = worsening ? 38 - step * 2 : Math.min(58, 30 + step * 6 + Math.floor(random() * 5));
      const phq = worsening ? 9 + step * 2 : Math.max(2, 17 - step * 4 - Math.floor(random() * 3));
      await services.outcomes.recordAssessment(actor, p.id, { instrument: 'barc-10', answers: answersFor('barc10', 10, 1, 6, barc, random), administeredAt: at, mode: 'peer-administered' });
      const phqAnswers = answersFor('phq9', 8, 0, 3, phq, random);
      await services.outcomes.recordAssessment(actor, p.id, { instrument: 'phq-9', answers: { ...phqAnswers, 'phq9.9': 0 }, administeredAt: at, mode: step === 0 ? 'peer-administered' : 'phone' });
      count += 2;
    }
  }
  const lines = [`Outcomes: ${count} assessments (BARC-10 and PHQ-9 over five months) for ${matched.length} participants.`];
  // The substance-use program keeps its own schedule (the mental-health program follows SUPRT):
  // both measures at intake, at 180 and at 365 days, BARC-10 at discharge.
  await services.assessmentSchedules.put(actor, 'substance-use', {
    intake: { instruments: ['barc-10', 'phq-9'], windowDays: 14 },
    fixed: [
      { day: 180, instruments: ['barc-10', 'phq-9'], windowBefore: 30, windowAfter: 30 },
      { day: 365, instruments: ['barc-10', 'phq-9'], windowBefore: 30, windowAfter: 30 },
    ],
    discharge: { instruments: ['barc-10'], windowDays: 30 },
    suprt: false,
  });
  lines.push('Schedules: substance-use gives its measures at intake, at 180 and 365 days, and at discharge; everyone else follows SUPRT.');
  const atRisk = matched[0];
  if (atRisk) {
    const answers = { ...answersFor('phq9', 8, 0, 3, 6, random), 'phq9.9': 1 };
    await services.outcomes.recordAssessment(actor, atRisk.id, { instrument: 'phq-9', answers, administeredAt: new Date(now - 60 * 60_000).toISOString(), mode: 'self' });
    lines.push(`Safety: a same-day follow-up is open for ${atRisk.displayName} (PHQ-9 item 9 answered today).`);
  }
  return lines;
};
