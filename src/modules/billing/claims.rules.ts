/**
 * Claim batches: from encounters and their billing decisions, the service lines a payer is
 * billed for a date range, grouped into claims, with what was left out and why. Pure.
 *
 * Here: the batch's input and `buildClaimBatch`, which groups the lines into claims, and replaces
 * or voids the claims the payer holds (CLM05-3 = 7 or 8, REF*F8) in the same pass. What a batch
 * is made of (claims, lines, exclusions, totals) is in claims.batch.rules.ts, the held claims
 * and the claim frequency code in claims.corrections.rules.ts; both are re-exported here.
 *
 * Limits from ASC X12 837P 005010X222A1: the 2400 service line loop repeats at most 50 times
 * per claim; CLM01 (patient control number) is 1 to 38 characters.
 */
import type { BillingDecision, UnitsBasis } from './billing.rules.ts';
import {
  type Claim,
  type ClaimBatch,
  type ClaimLine,
  type Exclusion,
  MAX_CLAIM_ID_LENGTH,
  MAX_LINES_PER_CLAIM,
  totalsOf,
} from './claims.batch.rules.ts';
import type { HeldClaim } from './claims.corrections.rules.ts';

export * from './claims.batch.rules.ts';
export * from './claims.corrections.rules.ts';

export interface EncounterWithBilling {
  encounterId: string;
  participantId: string;
  peerId: string;
  placeOfService: string;
  /** ISO instant, orders lines within a day. */
  startedAt: string;
  billing: BillingDecision;
}

export interface ClaimBatchInput {
  payerId: string;
  /** Service date range, both ends inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Prefix of claim ids (CLM01); claim n is `${batchId}-${n}`. */
  batchId: string;
  encounters: readonly EncounterWithBilling[];
  /** Encounters already sent on an earlier claim. */
  alreadyExported: ReadonlySet<string>;
  /**
   * Exported encounters whose earlier claim was voided and which may be resubmitted; any other
   * exported encounter is never exported twice.
   */
  releasedForResubmission?: ReadonlySet<string>;
  /**
   * For released encounters, the claim id (CLM01) they were sent on: they go out on a
   * replacement claim of their own naming it (CLM05-3 = 7, REF*F8), never mixed with new lines,
   * when that claim is among `heldClaims` and the replacement carries every line of it that
   * still stands; otherwise that claim is voided and they go out on new claims.
   */
  originalClaimOf?: ReadonlyMap<string, string>;
  /**
   * Claims the payer still holds, as they were sent, that this batch may correct: those one of
   * whose notes was voided without resubmission (`noteVoided`), and those `originalClaimOf`
   * names. A replacement (CLM05-3 = 7) takes the place of the payer's whole claim, so one goes
   * out only when it carries every line of the claim that still stands; a claim that cannot be
   * replaced so, and has a voided note or lines billed again here, goes out as a void claim
   * (CLM05-3 = 8, REF*F8 its claim id) repeating its lines and charges. A line of a held claim
   * whose decision bills it now to another payer does not stand on it.
   */
  heldClaims?: readonly HeldClaim[];
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Build the claim batch for one payer and a service date range.
 *
 * Which encounters are considered: those whose service date is in the range and whose billing
 * names this payer, plus those with no coverage at all on their date (listed as excluded so
 * the agency sees revenue it could recover by recording coverage). Encounters billed to
 * another payer belong to that payer's batch and are not listed.
 *
 * Grouping: one claim per participant, member id, rendering peer and place of service (CLM05
 * is claim-level) and, for resubmitted encounters, the claim they replace; split every 50 lines. Lines are ordered by service date, start time and
 * encounter id; claims by participant, member id, peer, place of service and first line, so the
 * same input always yields the same claim ids.
 */
export function buildClaimBatch(input: ClaimBatchInput): ClaimBatch {
  const { payerId, from, to } = input;
  if (from > to) throw new RangeError(`from (${from}) is after to (${to})`);
  const released = input.releasedForResubmission ?? new Set<string>();
  const excluded: Exclusion[] = [];

  interface Pending {
    encounter: EncounterWithBilling;
    startedAtMs: number;
    serviceDate: string;
    code: string;
    modifiers: string[];
    units: number;
    chargeCents: number;
    memberId: string;
    basis: UnitsBasis | undefined;
  }
  interface Group {
    key: string;
    participantId: string;
    memberId: string;
    peerId: string;
    placeOfService: string;
    replaces: string | undefined;
    pending: Pending[];
  }
  const byParticipant = new Map<string, Group[]>();
  const allGroups: Group[] = [];
  const groupOf = (groups: Group[], participantId: string, memberId: string, peerId: string, placeOfService: string, replaces: string | undefined): Group => {
    let group = groups.find((g) => g.memberId === memberId && g.peerId === peerId && g.placeOfService === placeOfService && g.replaces === replaces);
    if (group === undefined) {
      group = {
        key: `${participantId}\u0000${memberId}\u0000${peerId}\u0000${placeOfService}\u0000${replaces ?? ''}`,
        participantId,
        memberId,
        peerId,
        placeOfService,
        replaces,
        pending: [],
      };
      groups.push(group);
      allGroups.push(group);
    }
    return group;
  };

  for (const encounter of input.encounters) {
    const billing = encounter.billing;
    const serviceDate = billing.serviceDate;
    if (serviceDate < from || serviceDate > to) continue;
    const billedPayer = billing.payerId;
    const noCoverage = !billing.billable && billing.reason === 'no-coverage';
    if (billedPayer !== payerId && !noCoverage) continue;

    if (!billing.billable) {
      excluded.push({ encounterId: encounter.encounterId, serviceDate, reason: billing.reason, explanation: billing.explanation });
      continue;
    }
    if (input.alreadyExported.has(encounter.encounterId) && !released.has(encounter.encounterId)) {
      excluded.push({
        encounterId: encounter.encounterId,
        serviceDate,
        reason: 'already-exported',
        explanation: {
          en: 'Already sent on an earlier claim; an encounter is exported once unless that claim was voided.',
          es: 'Ya se envió en una reclamación anterior; un encuentro se exporta una sola vez salvo que esa reclamación se anule.',
        },
      });
      continue;
    }
    const replaces = released.has(encounter.encounterId) ? input.originalClaimOf?.get(encounter.encounterId) : undefined;
    // Claims of one participant are few: a short list per participant finds the claim's group
    // without building a composite string key for every line.
    let groups = byParticipant.get(encounter.participantId);
    if (groups === undefined) {
      groups = [];
      byParticipant.set(encounter.participantId, groups);
    }
    const list = groupOf(groups, encounter.participantId, billing.memberId, encounter.peerId, encounter.placeOfService, replaces).pending;
    list.push({
      encounter,
      startedAtMs: Date.parse(encounter.startedAt),
      serviceDate,
      code: billing.code,
      modifiers: billing.modifiers,
      units: billing.units,
      chargeCents: billing.amountCents,
      memberId: billing.memberId,
      basis: billing.basis,
    });
  }

  // A replacement (CLM05-3 = 7) takes the place of the payer's whole claim: a line of it that
  // still stands but is not on the replacement (its date outside this range, not billable now,
  // or on another claim of this batch) would be dropped by the payer. Such a claim is not
  // replaced but voided whole (below), and the lines meant for its replacement go out on new
  // original claims, as those of a voided claim do; the lines left out are billed when their
  // date is. A claim the payer is not known to hold (`heldClaims`) is not replaced either.
  //
  // A line of a held claim that is billed now to another payer (the participant's coverage on its
  // date was corrected) must leave this payer's claim, or both payers would hold it: it no longer
  // stands there, and a claim carrying one is replaced without it or voided, whether or not any
  // other line of it is billed here.
  const held = new Map<string, HeldClaim>();
  for (const c of input.heldClaims ?? []) if (!held.has(c.claimId)) held.set(c.claimId, c);
  const heldLines = new Set<string>();
  for (const c of held.values()) for (const l of c.lines) heldLines.add(l.encounterId);
  const billedElsewhere = new Set<string>();
  for (const e of input.encounters) {
    const b = e.billing;
    if (b.billable && b.payerId !== payerId && heldLines.has(e.encounterId) && b.serviceDate >= from && b.serviceDate <= to) billedElsewhere.add(e.encounterId);
  }
  const replacing = new Map<string, Group[]>();
  for (const g of allGroups) {
    if (g.replaces === undefined) continue;
    const list = replacing.get(g.replaces);
    if (list === undefined) replacing.set(g.replaces, [g]);
    else list.push(g);
  }
  const rebilled = new Set<string>();
  for (const [claimId, groups] of replacing) {
    const original = held.get(claimId);
    const standing = original === undefined ? undefined : new Set(original.lines.filter((l) => l.stands && !billedElsewhere.has(l.encounterId)).map((l) => l.encounterId));
    const carried = groups.length === 1 ? groups[0]!.pending : [];
    const complete = standing !== undefined && carried.length === standing.size && carried.every((p) => standing.has(p.encounter.encounterId));
    if (complete) continue;
    if (original !== undefined) rebilled.add(claimId);
    for (const g of groups) {
      allGroups.splice(allGroups.indexOf(g), 1);
      const siblings = byParticipant.get(g.participantId)!;
      siblings.splice(siblings.indexOf(g), 1);
      groupOf(siblings, g.participantId, g.memberId, g.peerId, g.placeOfService, undefined).pending.push(...g.pending);
    }
  }

  for (const c of held.values()) {
    if (!replacing.has(c.claimId) && c.lines.some((l) => billedElsewhere.has(l.encounterId))) rebilled.add(c.claimId);
  }

  allGroups.sort((a, b) => compareStrings(a.key, b.key));
  const claims: Claim[] = [];
  for (const group of allGroups) {
    const pending = group.pending;
    pending.sort(
      (a, b) =>
        compareStrings(a.serviceDate, b.serviceDate) ||
        a.startedAtMs - b.startedAtMs ||
        compareStrings(a.encounter.encounterId, b.encounter.encounterId),
    );
    for (let start = 0; start < pending.length; start += MAX_LINES_PER_CLAIM) {
      const chunk = pending.slice(start, start + MAX_LINES_PER_CLAIM);
      const first = chunk[0];
      if (first === undefined) continue;
      const claimId = `${input.batchId}-${claims.length + 1}`;
      if (claimId.length > MAX_CLAIM_ID_LENGTH) {
        throw new RangeError(`claim id ${claimId} is longer than ${MAX_CLAIM_ID_LENGTH} characters (CLM01)`);
      }
      const lines = chunk.map(
        (p, i): ClaimLine => ({
          lineNumber: i + 1,
          encounterId: p.encounter.encounterId,
          serviceDate: p.serviceDate,
          code: p.code,
          modifiers: p.modifiers,
          units: p.units,
          chargeCents: p.chargeCents,
          placeOfService: p.encounter.placeOfService,
          resubmission: input.alreadyExported.has(p.encounter.encounterId),
          ...(p.basis === undefined ? {} : { basis: p.basis }),
        }),
      );
      const total = lines.reduce((sum, l) => sum + l.chargeCents, 0);
      claims.push({
        claimId,
        participantId: first.encounter.participantId,
        memberId: first.memberId,
        peerId: first.encounter.peerId,
        placeOfService: first.encounter.placeOfService,
        lines,
        totalChargeCents: total,
        ...(group.replaces !== undefined ? { replacesClaimId: group.replaces } : {}),
      });
    }
  }

  // Void claims, after the batch's own claims. A claim with a replacement in this batch is not
  // voided: the replacement (CLM05-3 = 7) carries every line that still stands and so already
  // takes the voided one off the payer's claim. That is the usual 837P correction of a claim some
  // of whose lines should not have been billed; voiding it and billing the rest again as a new
  // original would also be valid but sends two claims for one correction and makes the payer
  // recoup and pay again what was right. A claim whose lines are all voided, or that no complete
  // replacement can take the place of (above), is voided whole: the payer voids whole claims, so
  // the void repeats every line and charge of the claim as it was sent. A claim only named by
  // released lines none of which is billed here stays as it is.
  const replaced = new Set<string>();
  for (const c of claims) if (c.replacesClaimId !== undefined) replaced.add(c.replacesClaimId);
  const toVoid = [...held.values()].filter((c) => c.noteVoided || rebilled.has(c.claimId)).sort((a, b) => compareStrings(a.claimId, b.claimId));
  for (const original of toVoid) {
    if (replaced.has(original.claimId) || original.lines.length === 0) continue;
    const claimId = `${input.batchId}-${claims.length + 1}`;
    if (claimId.length > MAX_CLAIM_ID_LENGTH) {
      throw new RangeError(`claim id ${claimId} is longer than ${MAX_CLAIM_ID_LENGTH} characters (CLM01)`);
    }
    const ordered = [...original.lines].sort(
      (a, b) =>
        compareStrings(a.serviceDate, b.serviceDate) ||
        Date.parse(a.startedAt) - Date.parse(b.startedAt) ||
        compareStrings(a.encounterId, b.encounterId),
    );
    const lines = ordered.map(
      (l, i): ClaimLine => ({
        lineNumber: i + 1,
        encounterId: l.encounterId,
        serviceDate: l.serviceDate,
        code: l.code,
        modifiers: l.modifiers,
        units: l.units,
        chargeCents: l.chargeCents,
        placeOfService: l.placeOfService,
        resubmission: false,
      }),
    );
    claims.push({
      claimId,
      participantId: original.participantId,
      memberId: original.memberId,
      peerId: original.peerId,
      placeOfService: original.placeOfService,
      lines,
      totalChargeCents: lines.reduce((sum, l) => sum + l.chargeCents, 0),
      voidsClaimId: original.claimId,
    });
  }

  excluded.sort((a, b) => compareStrings(a.serviceDate, b.serviceDate) || compareStrings(a.encounterId, b.encounterId));
  return {
    payerId,
    from,
    to,
    claims,
    excluded,
    totals: totalsOf(claims, excluded.length),
  };
}
