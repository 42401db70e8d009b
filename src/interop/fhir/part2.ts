/**
 * When 42 CFR Part 2 lets a record leave in a FHIR export, and how it is labelled. Pure.
 *
 * Part 2 covers, in Peerbridge: a recovery-plan goal in a substance-use life area, a referral
 * that shared Part 2 items (`part2`), and the Part 2 consent itself (naming a person as a Part 2
 * patient is Part 2 information). The rules, as the referrals module applies them to a receiver:
 * - The person may always have their own records (42 CFR 2.23): every Part 2 resource is in their
 *   bundle, labelled, with the redisclosure notice.
 * - Anyone else (a staff export leaves the program, 42 CFR 2.31/2.33) gets a Part 2 referral and
 *   its consent only while that written consent is in force (neither revoked nor expired), and
 *   then labelled with the notice. Without it the referral still travels, with nothing of Part 2:
 *   no labels, no consent, no hint (a label alone would tell that the person is a Part 2 patient,
 *   as `referrals.common.ts` keeps a withheld item from hinting at it to a food pantry).
 * - A substance-use goal has no consent that covers an export, so only the person's bundle has it.
 */
import { isPart2Goal, part2ConsentInForce } from '../../modules/referrals/referrals.rules.ts';
import type { Part2ConsentRecord, PlanGoal, Reader, ReferralRecord } from './model.ts';

export const goalLeaves = (goal: Pick<PlanGoal, 'lifeArea'>, reader: Reader) => reader === 'person' || !isPart2Goal(goal);

export const goalIsPart2 = (goal: Pick<PlanGoal, 'lifeArea'>) => isPart2Goal(goal);

/** Whether the referral's Part 2 side (labels, its Part 2 consent) goes into this reader's export. */
export const referralPart2Leaves = (r: Pick<ReferralRecord, 'part2' | 'part2Consent'>, reader: Reader, today: string) =>
  r.part2 && (reader === 'person' || part2ConsentInForce(r.part2Consent, today));

/** Whether a Part 2 consent record goes into this reader's export. */
export const part2ConsentLeaves = (c: Pick<Part2ConsentRecord, 'expiresOn' | 'revokedAt'>, reader: Reader, today: string) =>
  reader === 'person' || part2ConsentInForce(c, today);
