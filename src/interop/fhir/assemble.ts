/**
 * A person's whole record as FHIR resources, for one reader (pure: records in, resources out).
 * What goes in is decided here and in part2.ts; the mappers only translate.
 */
import type { Consent, Resource } from '@medplum/fhirtypes';
import { PART2_LABELS } from './codes.ts';
import type { InstrumentDefinition } from '../../modules/outcomes/instrument.rules.ts';
import { toObservations, toQuestionnaireResponse } from './assessment.ts';
import { episodeAt, toCareTeam, toEpisodeOfCare, toWaitlistEpisode } from './care.ts';
import { toCarePlan, toGoal } from './careplan.ts';
import { toMatchConsent, toPart2Consent, toSharingConsent } from './consent.ts';
import { toEncounter } from './encounter.ts';
import type { AssessmentRecord, AssignmentRecord, EncounterRecord, OrgRecord, ParticipantRecord, PeerRecord, PlanRecord, Reader, ReferralRecord } from './model.ts';
import { goalIsPart2, goalLeaves, part2ConsentLeaves, referralPart2Leaves } from './part2.ts';
import { toPatient } from './patient.ts';
import { toServiceRequest, toTask } from './referral.ts';
import { toOrganization, toPractitioner, toPractitionerRole } from './workforce.ts';

export interface PersonRecords {
  org: OrgRecord;
  participant: ParticipantRecord;
  peers: PeerRecord[];
  assignments: AssignmentRecord[];
  encounters: EncounterRecord[];
  plan: PlanRecord | null;
  referrals: ReferralRecord[];
  assessments: Array<AssessmentRecord & { recordedByPeerId: string | null }>;
  /** Instrument versions by `code@version`. */
  instruments: ReadonlyMap<string, InstrumentDefinition>;
  /** Consents received with a FHIR Patient at intake, as stored (ids and patient ours). */
  intakeConsents: Array<{ id: string; resource: Record<string, unknown>; part2: boolean }>;
}

export interface Assembled {
  resources: Resource[];
  /** What stayed out because 42 CFR Part 2 forbids it for this reader (for the audit trail, never the bundle). */
  withheld: { goals: number; part2Consents: number };
}

export const assembleEverything = (r: PersonRecords, reader: Reader, today: string): Assembled => {
  const orgId = r.org.id;
  const peerById = new Map(r.peers.map((p) => [p.id, p]));
  const current = r.assignments.find((a) => a.status === 'active') ?? null;
  const out: Resource[] = [toPatient(r.participant, orgId, current?.peerId ?? null), toOrganization(r.org)];
  for (const p of r.peers) out.push(toPractitioner(p), toPractitionerRole(p, orgId));
  out.push(...(r.assignments.length > 0 ? r.assignments.map((a) => toEpisodeOfCare(a, orgId)) : [toWaitlistEpisode(r.participant, orgId)]));
  out.push(toCareTeam(r.participant.id, orgId, r.assignments, peerById));
  out.push(...r.assignments.map((a) => toMatchConsent(a, orgId)));
  for (const e of r.encounters) out.push(toEncounter(e, { orgId, episodeId: episodeAt(r.assignments, e.startedAt), reader }));

  let withheldGoals = 0;
  if (r.plan) {
    const goals = r.plan.goals.filter((g) => goalLeaves(g, reader));
    withheldGoals = r.plan.goals.length - goals.length;
    const anyPart2 = goals.some(goalIsPart2);
    out.push(toCarePlan(r.plan, goals, orgId, anyPart2), ...goals.map((g) => toGoal(g, r.participant.id, goalIsPart2(g))));
  }

  let withheldConsents = 0;
  for (const ref of r.referrals) {
    const part2 = referralPart2Leaves(ref, reader, today);
    out.push(toServiceRequest(ref, orgId, part2), toTask(ref, orgId, part2));
    if (ref.sharingConsent?.given) out.push(toSharingConsent(ref, orgId));
    if (ref.part2Consent) {
      if (part2ConsentLeaves(ref.part2Consent, reader, today)) out.push(toPart2Consent(ref.part2Consent, orgId, today));
      else withheldConsents++;
    }
  }

  for (const c of r.intakeConsents) {
    const consent = c.resource as unknown as Consent;
    if (!c.part2 || part2ConsentLeaves({ revokedAt: consent.status === 'active' ? null : new Date(0), expiresOn: consent.provision?.period?.end?.slice(0, 10) ?? '9999-12-31' }, reader, today)) {
      out.push(c.part2 ? { ...consent, meta: { ...consent.meta, security: PART2_LABELS.map((x) => ({ ...x })) } } : consent);
    } else withheldConsents++;
  }

  for (const a of r.assessments) {
    const def = r.instruments.get(`${a.instrument}@${a.version}`);
    out.push(toQuestionnaireResponse(a, def, a.recordedByPeerId), ...toObservations(a, def));
  }
  return { resources: out, withheld: { goals: withheldGoals, part2Consents: withheldConsents } };
};
