/**
 * How a billing decision is worded (issue 2), in English and Spanish for peers, supervisors and
 * billers: the units under the payer's rounding rule ("38 minutes: 3 units under the 8-minute
 * rule", CMS Pub. 100-04 ch. 5 §20.2, or complete units only) and the payer's daily maximum.
 * `billEncounter` (billing.encounter.rules.ts) words its decisions with these; an exported line
 * (claim_export_lines) keeps only the facts its units came from, so `exportedDecision` writes
 * the same text again from them. Pure.
 */
import type { Billable, Explanation, RoundingRule, UnitsBasis } from './billing.model.ts';
import { unitsFor } from './billing.payer.rules.ts';

// ---------------------------------------------------------------------------------------------
// Explanations (English and Spanish)

/** Counted words and the rounding rule, shared by `billEncounter`'s texts and the ones below. */
export const en = {
  minutes: (m: number) => `${m} ${m === 1 ? 'minute' : 'minutes'}`,
  units: (u: number) => `${u} ${u === 1 ? 'unit' : 'units'}`,
  rule: (rule: RoundingRule, unitMinutes: number) =>
    rule === 'cms-8-minute'
      ? unitMinutes === 15
        ? 'under the 8-minute rule'
        : `under the more-than-half rule for ${unitMinutes}-minute units`
      : `counting only complete ${unitMinutes}-minute units`,
};
export const es = {
  minutes: (m: number) => `${m} ${m === 1 ? 'minuto' : 'minutos'}`,
  units: (u: number) => `${u} ${u === 1 ? 'unidad' : 'unidades'}`,
  rule: (rule: RoundingRule, unitMinutes: number) =>
    rule === 'cms-8-minute'
      ? unitMinutes === 15
        ? 'según la regla de 8 minutos'
        : `según la regla de más de la mitad para unidades de ${unitMinutes} minutos`
      : `contando solo unidades completas de ${unitMinutes} minutos`,
};

const DAY_FORMATS = {
  en: new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }),
  es: new Intl.DateTimeFormat('es-US', { dateStyle: 'long', timeZone: 'UTC' }),
};

/**
 * A calendar day (YYYY-MM-DD) as a peer reads it in a sentence of `lang`: "November 2, 2026", "2 de
 * noviembre de 2026". The day itself wherever the reader is (formatted in UTC, as the web app
 * formats calendar days).
 */
export const sayDay = (isoDay: string, lang: keyof Explanation): string => {
  const d = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDay : DAY_FORMATS[lang].format(d);
};

export function explain(enText: string, esText: string): Explanation {
  return { en: enText, es: esText };
}

/** "38 minutes: 3 units under the 8-minute rule" (encounter) or the day's running total (day). */
export function unitsExplanation(b: UnitsBasis): Explanation {
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

export function capExplanation(units: number, cap: number, countedUnits: number): Explanation {
  return explain(
    `; reduced to ${en.units(units)} by the daily maximum of ${en.units(cap)} (${en.units(countedUnits)} already billed)`,
    `; reducidas a ${es.units(units)} por el máximo diario de ${es.units(cap)} (${es.units(countedUnits)} ya facturadas)`,
  );
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
