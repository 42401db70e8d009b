/**
 * What a note bills as, before whether it bills (billing.encounter.rules.ts): units under the payer's
 * rounding rule (CMS 8-minute rule or full units), the service date in the agency's zone, the
 * coverage in force and the payer chosen by funding order, and the procedure modifiers.
 */
import {
  type Coverage,
  type EncounterForBilling,
  type FundingOrder,
  MAX_MODIFIERS,
  type ModifierRule,
  type Payer,
  type RoundingRule,
} from './billing.model.ts';

// ---------------------------------------------------------------------------------------------
// Units

export function assertWholeMinutes(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number of minutes, 0 or more (got ${value})`);
  }
}

/**
 * Units earned by `minutes` of service.
 *
 * - `cms-8-minute`: a unit is billed once more than half of it is provided (Pub. 100-04 ch. 5
 *   §20.2). For 15-minute units: under 8 → 0, 8-22 → 1, 23-37 → 2, 38-52 → 3, 53-67 → 4, i.e.
 *   floor((m + 7) / 15). Generalized to a unit of u minutes with threshold t = floor(u/2) + 1:
 *   floor((m + u - t) / u).
 * - `full-unit`: only complete units, floor(m / u).
 */
export function unitsFor(minutes: number, rule: RoundingRule, unitMinutes: number): number {
  assertWholeMinutes(minutes, 'minutes');
  if (!Number.isSafeInteger(unitMinutes) || unitMinutes < 1) {
    throw new RangeError(`unitMinutes must be a whole number of minutes, 1 or more (got ${unitMinutes})`);
  }
  if (rule === 'full-unit') return Math.floor(minutes / unitMinutes);
  const threshold = Math.floor(unitMinutes / 2) + 1;
  return Math.floor((minutes + unitMinutes - threshold) / unitMinutes);
}

// ---------------------------------------------------------------------------------------------
// Dates

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The service date (YYYY-MM-DD) of an instant in the organization's IANA time zone: a session
 * at 23:30 in Detroit is billed on that Detroit date, not on the UTC date.
 */
export function serviceDateOf(startedAt: string, timeZone: string): string {
  const instant = new Date(startedAt);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`startedAt is not a date: ${startedAt}`);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function assertDate(value: string, name: string): void {
  if (!DATE.test(value)) throw new RangeError(`${name} must be a date YYYY-MM-DD (got ${value})`);
}

/** Whether the coverage is in force on the service date (both ends inclusive). */
export function coverageInForce(coverage: Coverage, serviceDate: string): boolean {
  // ISO dates compare correctly as strings.
  return coverage.startDate <= serviceDate && (coverage.endDate === undefined || serviceDate <= coverage.endDate);
}

// ---------------------------------------------------------------------------------------------
// Payer choice

export interface PayerChoice {
  payer: Payer;
  coverage: Coverage;
}

function fundingRank(payer: Payer, fundingOrder: FundingOrder): number {
  const index = fundingOrder.findIndex((entry) => entry === payer.id || entry === payer.type);
  return index === -1 ? fundingOrder.length : index;
}

/**
 * The payer to bill: among the participant's coverages in force on the service date (whose
 * payer is known), the first by the organization's funding order; ties go to the lowest payer
 * id so the choice never depends on input order. Undefined when nothing covers that date.
 */
export function choosePayer(
  coverages: readonly Coverage[],
  payersById: ReadonlyMap<string, Payer>,
  fundingOrder: FundingOrder,
  serviceDate: string,
): PayerChoice | undefined {
  assertDate(serviceDate, 'serviceDate');
  let best: (PayerChoice & { rank: number }) | undefined;
  for (const coverage of coverages) {
    if (!coverageInForce(coverage, serviceDate)) continue;
    const payer = payersById.get(coverage.payerId);
    if (payer === undefined) continue;
    const rank = fundingRank(payer, fundingOrder);
    if (
      best === undefined ||
      rank < best.rank ||
      (rank === best.rank && payer.id < best.payer.id) ||
      (rank === best.rank && payer.id === best.payer.id && coverage.startDate > best.coverage.startDate)
    ) {
      best = { payer, coverage, rank };
    }
  }
  return best === undefined ? undefined : { payer: best.payer, coverage: best.coverage };
}

// ---------------------------------------------------------------------------------------------
// Modifiers

/** Modifiers for the encounter, in the payer's rule order, without repeats, at most 4. */
export function modifiersFor(encounter: EncounterForBilling, rules: readonly ModifierRule[]): string[] {
  const modifiers: string[] = [];
  for (const rule of rules) {
    const { when } = rule;
    if (when.encounterType !== undefined && when.encounterType !== encounter.type) continue;
    if (when.program !== undefined && when.program !== encounter.program) continue;
    if (when.modality !== undefined && when.modality !== encounter.modality) continue;
    if (when.placeOfService !== undefined && when.placeOfService !== encounter.placeOfService) continue;
    if (!modifiers.includes(rule.modifier)) modifiers.push(rule.modifier);
    if (modifiers.length === MAX_MODIFIERS) break;
  }
  return modifiers;
}
