/**
 * Billing rules for peer support services: whether an encounter (a session note) is billable,
 * and why. Pure functions: no I/O, no clock; the caller passes the service date.
 *
 * Here: a participant's day (`billDay`), its notes billed in order so the day's units and the
 * payer's daily cap come out the same whatever the order. One note's checks and units are in
 * billing.encounter.rules.ts, the English and Spanish wording and exported lines as decisions in
 * billing.explain.rules.ts, units, service date, payer and modifiers in billing.payer.rules.ts,
 * the shapes in billing.model.ts; what they offer callers is re-exported here, so importers use
 * this file.
 *
 * Sources:
 * - HCPCS H0038 "Self-help/peer services, per 15 minutes"; modifiers HQ (group setting),
 *   HF (substance abuse program), HE (mental health program).
 * - The "8-minute rule": CMS Medicare Claims Processing Manual (Pub. 100-04), Chapter 5,
 *   section 20.2, "Reporting of Service Units With HCPCS": a 15-minute unit is billed when
 *   at least 8 minutes (more than half the unit) are provided.
 * - ASC X12 837P 005010X222A1: SV101 carries at most 4 procedure modifiers (SV101-3..6).
 * - State Medicaid rules differ (full units only, per-day totals, daily caps), so every such
 *   rule is data on the payer, never a constant here.
 */
import type {
  BillingDecision,
  CountedSameDay,
  EncounterForBilling,
  NotBillable,
  PeerCertification,
} from './billing.model.ts';
import type { PayerChoice } from './billing.payer.rules.ts';
import { billEncounter } from './billing.encounter.rules.ts';

export * from './billing.model.ts';
export * from './billing.payer.rules.ts';
export * from './billing.encounter.rules.ts';
// Named, not `export *`: the wording helpers stay inside the billing rules.
export { explainBillable, exportedDecision, type ExportedLine } from './billing.explain.rules.ts';

// ---------------------------------------------------------------------------------------------
// Billing a participant's day

export interface BillDayInput {
  /** Encounters of one participant on one service date (any order). */
  encounters: readonly EncounterForBilling[];
  serviceDate: string;
  choice: PayerChoice | undefined;
  /** Certifications by peer id. */
  certificationsByPeer: ReadonlyMap<string, readonly PeerCertification[]>;
  /**
   * Same-day encounters whose billing is already fixed (exported on an earlier claim); they
   * count first, and their units are never recomputed.
   */
  alreadyCounted?: readonly CountedSameDay[];
  organizationRequiresCosign?: (encounter: EncounterForBilling) => boolean;
}

/** Billing order within a day: start time, then encounter id, so the result is deterministic. */
export function compareForBilling(a: EncounterForBilling, b: EncounterForBilling): number {
  const at = a.startedAt === b.startedAt ? 0 : Date.parse(a.startedAt);
  const bt = a.startedAt === b.startedAt ? 0 : Date.parse(b.startedAt);
  if (at !== bt) return at - bt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Bill all of a participant's encounters of one service date with one payer.
 *
 * Encounters are taken in billing order (start time, then id), after `alreadyCounted`. Each
 * is decided by `billEncounter` with the encounters before it that counted: billable ones,
 * and signed ones that earned zero units or hit the cap (their minutes still count toward the
 * day's total on a day basis). Unsigned notes, voided notes and notes a payer rule excludes
 * do not count, so a draft's preview never takes units from a signed note.
 *
 * On a day basis this distributes the day's units as marginal units of the running total:
 * the encounter that carries the running total over a unit threshold gets that unit. The sum
 * of units equals `min(dailyMax, unitsFor(total counted minutes))`.
 *
 * Returns decisions keyed by encounter id, in billing order.
 */
export function billDay(input: BillDayInput): Map<string, BillingDecision> {
  const counted: CountedSameDay[] = [...(input.alreadyCounted ?? [])];
  const decisions = new Map<string, BillingDecision>();
  const ordered = input.encounters.length === 1 ? input.encounters : [...input.encounters].sort(compareForBilling);
  for (const encounter of ordered) {
    const decision = billEncounter({
      encounter,
      serviceDate: input.serviceDate,
      choice: input.choice,
      certifications: input.certificationsByPeer.get(encounter.peerId) ?? [],
      countedSameDay: counted,
      organizationRequiresCosign: input.organizationRequiresCosign?.(encounter) ?? false,
    });
    decisions.set(encounter.id, decision);
    if (decision.billable) {
      counted.push({ encounterId: encounter.id, minutes: encounter.durationMinutes, units: decision.units });
    } else if (decision.reason === 'zero-units' || decision.reason === 'daily-cap-reached') {
      // These passed every eligibility check and are signed or will be: only count signed ones.
      if (encounter.status !== 'draft' && encounter.status !== 'returned' && countsAsSigned(encounter, input, decision)) {
        counted.push({ encounterId: encounter.id, minutes: encounter.durationMinutes, units: 0 });
      }
    }
  }
  return decisions;
}

/**
 * A zero-unit or capped note counts toward the day only if it would otherwise be billable,
 * i.e. its co-signature is not still awaited.
 */
function countsAsSigned(encounter: EncounterForBilling, input: BillDayInput, decision: NotBillable): boolean {
  if (input.choice === undefined || decision.payerId === undefined) return false;
  const cosignRequired =
    input.choice.payer.requiresCosign || (input.organizationRequiresCosign?.(encounter) ?? false);
  return !cosignRequired || encounter.status === 'cosigned';
}
