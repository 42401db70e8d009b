/**
 * Billing rules for peer support services: units, payer choice and whether an encounter (a
 * session note) is billable. Pure functions: no I/O, no clock; the caller passes the service date.
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
  Billable,
  BillingDecision,
  BillingPreview,
  CountedSameDay,
  EncounterForBilling,
  Explanation,
  Modality,
  NotBillable,
  PeerCertification,
  RoundingRule,
  UnitsBasis,
} from './billing.model.ts';
import {
  assertDate,
  assertWholeMinutes,
  modifiersFor,
  type PayerChoice,
  unitsFor,
} from './billing.payer.rules.ts';

export * from './billing.model.ts';
export * from './billing.payer.rules.ts';

/** Whether a certification lets a note of `serviceDate` bill. */
export const certificationInForce = (c: PeerCertification, serviceDate: string) =>
  !c.recordedStatus && (c.issuedOn === undefined || serviceDate >= c.issuedOn) && serviceDate <= (c.billableThrough ?? c.expiresOn);

// ---------------------------------------------------------------------------------------------
// Explanations (English and Spanish)

const en = {
  minutes: (m: number) => `${m} ${m === 1 ? 'minute' : 'minutes'}`,
  units: (u: number) => `${u} ${u === 1 ? 'unit' : 'units'}`,
  rule: (rule: RoundingRule, unitMinutes: number) =>
    rule === 'cms-8-minute'
      ? unitMinutes === 15
        ? 'under the 8-minute rule'
        : `under the more-than-half rule for ${unitMinutes}-minute units`
      : `counting only complete ${unitMinutes}-minute units`,
};
const es = {
  minutes: (m: number) => `${m} ${m === 1 ? 'minuto' : 'minutos'}`,
  units: (u: number) => `${u} ${u === 1 ? 'unidad' : 'unidades'}`,
  rule: (rule: RoundingRule, unitMinutes: number) =>
    rule === 'cms-8-minute'
      ? unitMinutes === 15
        ? 'según la regla de 8 minutos'
        : `según la regla de más de la mitad para unidades de ${unitMinutes} minutos`
      : `contando solo unidades completas de ${unitMinutes} minutos`,
};

const MODALITY_ES: Record<Modality, string> = {
  'in-person': 'presenciales',
  phone: 'por teléfono',
  video: 'por video',
  text: 'por mensaje de texto',
};

function explain(enText: string, esText: string): Explanation {
  return { en: enText, es: esText };
}

/** "38 minutes: 3 units under the 8-minute rule" (encounter) or the day's running total (day). */
function unitsExplanation(b: UnitsBasis): Explanation {
  const { rule, unitMinutes, minutes, earned } = b;
  if (b.roundingBasis === 'encounter') {
    return explain(
      `${en.minutes(minutes)}: ${en.units(earned)} ${en.rule(rule, unitMinutes)}`,
      `${es.minutes(minutes)}: ${es.units(earned)} ${es.rule(rule, unitMinutes)}`,
    );
  }
  const dayUnits = unitsFor(b.dayMinutes, rule, unitMinutes);
  return explain(
    `${en.minutes(minutes)} (${en.minutes(b.dayMinutes)} that day): ${en.units(dayUnits)} for the day ${en.rule(rule, unitMinutes)}, ` +
      `${en.units(b.countedUnits)} already on earlier notes, ${en.units(earned)} on this one`,
    `${es.minutes(minutes)} (${es.minutes(b.dayMinutes)} ese día): ${es.units(dayUnits)} en el día ${es.rule(rule, unitMinutes)}, ` +
      `${es.units(b.countedUnits)} ya en notas anteriores, ${es.units(earned)} en esta`,
  );
}

function capExplanation(units: number, cap: number, countedUnits: number): Explanation {
  return explain(
    `; reduced to ${en.units(units)} by the daily maximum of ${en.units(cap)} (${en.units(countedUnits)} already billed)`,
    `; reducidas a ${es.units(units)} por el máximo diario de ${es.units(cap)} (${es.units(countedUnits)} ya facturadas)`,
  );
}

// ---------------------------------------------------------------------------------------------
// Billing one encounter

export interface BillEncounterInput {
  encounter: EncounterForBilling;
  /** Service date in the organization's time zone (see `serviceDateOf`). */
  serviceDate: string;
  /** From `choosePayer`; undefined when no coverage is in force on the service date. */
  choice: PayerChoice | undefined;
  /** The rendering peer's certifications. */
  certifications: readonly PeerCertification[];
  /**
   * The participant's other encounters on the same service date with the same payer that
   * already counted toward the day, in billing order (see `billDay`).
   */
  countedSameDay: readonly CountedSameDay[];
  /** The organization's own co-signature policy for this note (all notes, new peers...). */
  organizationRequiresCosign?: boolean;
}

/**
 * Decide whether one encounter is billable, and for how much.
 *
 * Checks run in this order, so the reason shown is the one a person must fix first:
 * voided, no coverage on the date, modality, place of service, the peer's certification on the
 * date, then units (zero units, daily cap), and last the signature, so that a draft still
 * previews what it would bill once signed.
 *
 * Day basis: the units for the day are computed on the day's total minutes; this encounter
 * receives what the running total earns beyond the units already billed:
 * `max(0, units(countedMinutes + own) - countedUnits)`. Applied in billing order this bills the
 * day exactly `min(dailyMax, units(total minutes))`, never more, whatever the order.
 *
 * Daily cap: an encounter that would cross the cap is reduced to the units that remain
 * (billable, explained); once nothing remains it is `daily-cap-reached`.
 */
export function billEncounter(input: BillEncounterInput): BillingDecision {
  const { encounter, serviceDate, choice, certifications, countedSameDay } = input;
  assertDate(serviceDate, 'serviceDate');
  assertWholeMinutes(encounter.durationMinutes, 'durationMinutes');
  const minutes = encounter.durationMinutes;

  if (encounter.voided === true) {
    return {
      billable: false,
      reason: 'voided',
      serviceDate,
      explanation: explain('This note was voided and is not billed.', 'Esta nota fue anulada y no se factura.'),
    };
  }
  if (choice === undefined) {
    return {
      billable: false,
      reason: 'no-coverage',
      serviceDate,
      explanation: explain(
        `No coverage in force on ${serviceDate}.`,
        `Sin cobertura vigente el ${serviceDate}.`,
      ),
    };
  }
  const { payer, coverage } = choice;
  const payerId = payer.id;
  if (!payer.modalities.includes(encounter.modality)) {
    return {
      billable: false,
      reason: 'modality-not-covered',
      serviceDate,
      payerId,
      explanation: explain(
        `${payer.name} does not pay for ${encounter.modality} sessions.`,
        `${payer.name} no paga sesiones ${MODALITY_ES[encounter.modality]}.`,
      ),
    };
  }
  if (!payer.placesOfService.includes(encounter.placeOfService)) {
    return {
      billable: false,
      reason: 'place-not-covered',
      serviceDate,
      payerId,
      explanation: explain(
        `${payer.name} does not pay for place of service ${encounter.placeOfService}.`,
        `${payer.name} no paga el lugar de servicio ${encounter.placeOfService}.`,
      ),
    };
  }
  if (certifications.length === 0) {
    return {
      billable: false,
      reason: 'no-certification',
      serviceDate,
      payerId,
      explanation: explain(
        'The rendering peer has no certification on file.',
        'El par que prestó el servicio no tiene certificación registrada.',
      ),
    };
  }
  // A lapsed certification stops billing until renewed: any certification in force on the
  // service date is enough. A workforce credential is in force through its body's grace (the
  // peer may still renew); after it, it is inactive or lapsed by its rule set (issue 21).
  if (!certifications.some((c) => certificationInForce(c, serviceDate))) {
    const latest = certifications.reduce((a, b) => (b.expiresOn > a.expiresOn ? b : a));
    if (latest.afterGrace || latest.recordedStatus) {
      const state = latest.recordedStatus ?? (latest.issuedOn !== undefined && serviceDate < latest.issuedOn ? 'inactive' : latest.afterGrace!);
      const name = latest.name ?? latest.type;
      const why =
        latest.recordedStatus
          ? { en: `is recorded as ${state}`, es: `está registrada como ${state === 'inactive' ? 'inactiva' : 'vencida'}` }
          : latest.issuedOn !== undefined && serviceDate < latest.issuedOn
            ? { en: `was not yet issued (issued ${latest.issuedOn})`, es: `aún no se había emitido (emitida el ${latest.issuedOn})` }
            : latest.billableThrough && latest.billableThrough !== latest.expiresOn
              ? { en: `expired on ${latest.expiresOn} and its grace ended on ${latest.billableThrough}`, es: `venció el ${latest.expiresOn} y su periodo de gracia terminó el ${latest.billableThrough}` }
              : { en: `expired on ${latest.expiresOn}`, es: `venció el ${latest.expiresOn}` };
      return {
        billable: false,
        reason: state === 'inactive' ? 'certification-inactive' : 'certification-lapsed',
        serviceDate,
        payerId,
        explanation: explain(
          `The rendering peer's ${name} ${why.en}: ${state} on ${serviceDate}.`,
          `La credencial ${name} del par que prestó el servicio ${why.es}: ${state === 'inactive' ? 'inactiva' : 'vencida'} el ${serviceDate}.`,
        ),
      };
    }
    return {
      billable: false,
      reason: 'certification-expired',
      serviceDate,
      payerId,
      explanation: explain(
        `The rendering peer's certification expired on ${latest.expiresOn}, before ${serviceDate}.`,
        `La certificación del par que prestó el servicio venció el ${latest.expiresOn}, antes del ${serviceDate}.`,
      ),
    };
  }

  const rule = payer.rounding;
  const unitMinutes = payer.unitMinutes;
  let countedMinutes = 0;
  let countedUnits = 0;
  for (const other of countedSameDay) {
    countedMinutes += other.minutes;
    countedUnits += other.units;
  }

  const basis: UnitsBasis = {
    rule,
    unitMinutes,
    roundingBasis: payer.roundingBasis,
    minutes,
    dayMinutes: countedMinutes + minutes,
    countedUnits,
    earned: 0,
  };
  basis.earned =
    payer.roundingBasis === 'encounter'
      ? unitsFor(minutes, rule, unitMinutes)
      : Math.max(0, unitsFor(basis.dayMinutes, rule, unitMinutes) - countedUnits);
  const earned = basis.earned;
  const unitsText = unitsExplanation(basis);

  if (earned === 0) {
    return {
      billable: false,
      reason: 'zero-units',
      serviceDate,
      payerId,
      explanation: explain(`${unitsText.en}.`, `${unitsText.es}.`),
    };
  }

  let units = earned;
  let capText: Explanation | undefined;
  if (payer.dailyMaxUnits !== undefined) {
    const cap = payer.dailyMaxUnits;
    const remaining = Math.max(0, cap - countedUnits);
    if (remaining === 0) {
      return {
        billable: false,
        reason: 'daily-cap-reached',
        serviceDate,
        payerId,
        explanation: explain(
          `${unitsText.en}; the daily maximum of ${en.units(cap)} was already billed on ${serviceDate}.`,
          `${unitsText.es}; el máximo diario de ${es.units(cap)} ya se facturó el ${serviceDate}.`,
        ),
      };
    }
    if (earned > remaining) {
      units = remaining;
      basis.dailyMaxUnits = cap;
      capText = capExplanation(units, cap, countedUnits);
    }
  }

  const amountCents = units * payer.ratePerUnit;
  if (!Number.isSafeInteger(amountCents)) throw new RangeError('ratePerUnit must be whole cents');
  const preview: BillingPreview = {
    payerId,
    memberId: coverage.memberId,
    code: payer.serviceCode,
    modifiers: modifiersFor(encounter, payer.modifierRules),
    units,
    amountCents,
  };
  const detailEn = unitsText.en + (capText?.en ?? '');
  const detailEs = unitsText.es + (capText?.es ?? '');

  if (encounter.status === 'draft') {
    return {
      billable: false,
      reason: 'unsigned',
      serviceDate,
      payerId,
      preview,
      explanation: explain(
        `Would bill ${en.units(units)} once signed (${detailEn}).`,
        `Se facturarían ${es.units(units)} una vez firmada (${detailEs}).`,
      ),
    };
  }
  const cosignRequired = payer.requiresCosign || input.organizationRequiresCosign === true;
  if (encounter.status === 'returned' || (cosignRequired && encounter.status !== 'cosigned')) {
    const returned = encounter.status === 'returned';
    return {
      billable: false,
      reason: 'awaiting-cosign',
      serviceDate,
      payerId,
      preview,
      explanation: explain(
        `${returned ? 'Returned by the supervisor; w' : 'W'}ould bill ${en.units(units)} once co-signed (${detailEn}).`,
        `${returned ? 'Devuelta por el supervisor; s' : 'S'}e facturarían ${es.units(units)} una vez cofirmada (${detailEs}).`,
      ),
    };
  }

  return {
    billable: true,
    ...preview,
    serviceDate,
    minutes,
    ...(capText === undefined ? {} : { unitsBeforeCap: earned }),
    basis,
    explanation: explain(`${detailEn}.`, `${detailEs}.`),
  };
}

/**
 * The explanation of a billable line from its units and the facts they came from; the same
 * text `billEncounter` gave when it decided (exported lines store only the facts).
 */
export function explainBillable(units: number, basis: UnitsBasis): Explanation {
  const unitsText = unitsExplanation(basis);
  const capText = basis.dailyMaxUnits === undefined ? undefined : capExplanation(units, basis.dailyMaxUnits, basis.countedUnits);
  return explain(`${unitsText.en}${capText?.en ?? ''}.`, `${unitsText.es}${capText?.es ?? ''}.`);
}

/** What an exported line was sent with (claim_export_lines), as a decision again. */
export interface ExportedLine {
  payerId: string;
  serviceDate: string;
  memberId: string;
  code: string;
  modifiers: string[];
  units: number;
  chargeCents: number;
  /** Absent for lines exported before the basis was kept: then `explanation` is the stored one. */
  basis?: UnitsBasis;
  explanation?: Explanation;
  minutes: number;
}

/** The billable decision an exported line was sent with; its units are never recomputed. */
export function exportedDecision(line: ExportedLine): Billable {
  const basis = line.basis;
  return {
    billable: true,
    payerId: line.payerId,
    memberId: line.memberId,
    code: line.code,
    modifiers: line.modifiers,
    units: line.units,
    amountCents: line.chargeCents,
    serviceDate: line.serviceDate,
    minutes: basis?.minutes ?? line.minutes,
    ...(basis !== undefined && basis.earned > line.units ? { unitsBeforeCap: basis.earned } : {}),
    ...(basis === undefined ? {} : { basis }),
    explanation: basis !== undefined ? explainBillable(line.units, basis) : (line.explanation ?? explain('', '')),
  };
}

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
