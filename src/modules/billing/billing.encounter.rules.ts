/**
 * Whether one encounter (a session note) bills, and why (issue 2): the checks in the order a
 * person must fix them (voided, coverage, modality and place of service the payer pays for, the
 * rendering peer's certification or workforce credential on the service date (issue 21), units
 * and the payer's daily maximum, then signature and co-signature), and the preview a draft shows.
 * Pure: no I/O, no clock; the caller passes the service date.
 *
 * Sources: HCPCS H0038 "Self-help/peer services, per 15 minutes"; units by the "8-minute rule"
 * (CMS Pub. 100-04, Chapter 5, §20.2) or full units, per-day totals and daily caps as State
 * Medicaid rules differ, all data on the payer (billing.payer.rules.ts). The wording is in
 * billing.explain.rules.ts; a participant's whole day is billed by `billDay` (billing.rules.ts).
 */
import type {
  BillingDecision,
  BillingPreview,
  CountedSameDay,
  EncounterForBilling,
  Explanation,
  Modality,
  PeerCertification,
  UnitsBasis,
} from './billing.model.ts';
import {
  assertDate,
  assertWholeMinutes,
  modifiersFor,
  type PayerChoice,
  unitsFor,
} from './billing.payer.rules.ts';
import { capExplanation, en, es, explain, sayDay, unitsExplanation } from './billing.explain.rules.ts';

/** Whether a certification lets a note of `serviceDate` bill. */
export const certificationInForce = (c: PeerCertification, serviceDate: string) =>
  !c.recordedStatus && (c.issuedOn === undefined || serviceDate >= c.issuedOn) && serviceDate <= (c.billableThrough ?? c.expiresOn);

const MODALITY_ES: Record<Modality, string> = {
  'in-person': 'presenciales',
  phone: 'por teléfono',
  video: 'por video',
  text: 'por mensaje de texto',
};

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
        `No coverage in force on ${sayDay(serviceDate, 'en')}.`,
        `Sin cobertura vigente el ${sayDay(serviceDate, 'es')}.`,
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
            ? { en: `was not yet issued (issued ${sayDay(latest.issuedOn, 'en')})`, es: `aún no se había emitido (emitida el ${sayDay(latest.issuedOn, 'es')})` }
            : latest.billableThrough && latest.billableThrough !== latest.expiresOn
              ? {
                  en: `expired on ${sayDay(latest.expiresOn, 'en')} and its grace ended on ${sayDay(latest.billableThrough, 'en')}`,
                  es: `venció el ${sayDay(latest.expiresOn, 'es')} y su periodo de gracia terminó el ${sayDay(latest.billableThrough, 'es')}`,
                }
              : { en: `expired on ${sayDay(latest.expiresOn, 'en')}`, es: `venció el ${sayDay(latest.expiresOn, 'es')}` };
      return {
        billable: false,
        reason: state === 'inactive' ? 'certification-inactive' : 'certification-lapsed',
        serviceDate,
        payerId,
        explanation: explain(
          `The rendering peer's ${name} ${why.en}: ${state} on ${sayDay(serviceDate, 'en')}.`,
          `La credencial ${name} del par que prestó el servicio ${why.es}: ${state === 'inactive' ? 'inactiva' : 'vencida'} el ${sayDay(serviceDate, 'es')}.`,
        ),
      };
    }
    return {
      billable: false,
      reason: 'certification-expired',
      serviceDate,
      payerId,
      explanation: explain(
        `The rendering peer's certification expired on ${sayDay(latest.expiresOn, 'en')}, before ${sayDay(serviceDate, 'en')}.`,
        `La certificación del par que prestó el servicio venció el ${sayDay(latest.expiresOn, 'es')}, antes del ${sayDay(serviceDate, 'es')}.`,
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
