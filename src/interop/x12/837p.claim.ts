/**
 * The 2300 claim loop of the 837P (005010X222A1): CLM, REF*F8 on a replacement or a void, HI,
 * the 2310B rendering provider (NM1*82 PRV*PE) and the 2400 service lines (LX SV1 DTP*472
 * REF*6R). The hot path of a large file (four segments per service line), written by 837p.ts for
 * each claim.
 */
import { claimFrequency, priorClaimOf, type Claim } from '../../modules/billing/claims.rules.ts';
import { PEER_SPECIALIST_TAXONOMY, type RenderingPeer, type Subscriber } from './837p.model.ts';
import { compactDate, digits, formatAmount, type SegmentWriter } from './837p.syntax.ts';

/**
 * Identifiers that repeat on every line (codes, modifiers, places of service) are checked once
 * per interchange, not once per segment.
 */
export class CheckedIds {
  private readonly seen = new Set<string>();
  private readonly w: SegmentWriter;
  constructor(w: SegmentWriter) {
    this.w = w;
  }
  id(value: string, name: string): string {
    if (this.seen.has(value)) return value;
    this.w.id(value, name);
    this.seen.add(value);
    return value;
  }
}

/**
 * The 2300 claim loop with its 2310B rendering provider and 2400 service lines, as one string
 * with its segment count. Service lines are written directly as text (four segments each, a
 * 100,000-line file has 400,000 of them), with the same rules as `SegmentWriter.segment`.
 */
export function claimSegments(w: SegmentWriter, ids: CheckedIds, claim: Claim, subscriber: Subscriber, peer: RenderingPeer): { text: string; count: number } {
  const c = w.sep.component;
  const e = w.sep.element;
  const t = w.terminator;
  let count = 0;
  const seg = (tag: string, ...elements: string[]): string => {
    count++;
    return w.segment(tag, ...elements);
  };
  let total = 0;
  for (const line of claim.lines) total += line.chargeCents;
  // CLM05: place of service : B (facility code qualifier for professional) : claim frequency,
  // 1 original, 7 replacement of a prior claim or 8 void of one (a void repeats the prior claim's
  // lines and charges). CLM06 Y signature on file, CLM07 A assigned, CLM08 Y benefits assigned,
  // CLM09 release.
  const prior = priorClaimOf(claim);
  const claimPlace = ids.id(claim.placeOfService, 'place of service');
  let out = seg(
    'CLM',
    w.id(claim.claimId, 'claim id'),
    formatAmount(total),
    '',
    '',
    [claimPlace, 'B', claimFrequency(claim)].join(c),
    'Y',
    'A',
    'Y',
    subscriber.releaseOfInformation ?? 'Y',
  );
  // 2300 REF*F8 (payer claim control number), required with frequency 7 or 8: the claim replaced
  // or voided. We send the CLM01 it went out on, the reference we hold until 835 remittances are
  // read.
  if (prior !== undefined) out += seg('REF', 'F8', w.id(prior, 'original claim reference'));
  // HI: ABK principal ICD-10-CM, ABF other diagnoses (up to 12); codes are sent without the dot.
  const codes = subscriber.diagnosisCodes.slice(0, 12).map((code, i) =>
    [i === 0 ? 'ABK' : 'ABF', ids.id(code.replace('.', '').toUpperCase(), 'diagnosis code')].join(c),
  );
  out += seg('HI', ...codes);
  const peerNpi = peer.npi === undefined ? undefined : digits(peer.npi, 'rendering peer NPI', [10]);
  out += seg(
    'NM1',
    '82',
    '1',
    w.text(peer.lastName, 60),
    w.text(peer.firstName, 35),
    '',
    '',
    '',
    peerNpi === undefined ? '' : 'XX',
    peerNpi ?? '',
  );
  out += seg('PRV', 'PE', 'PXC', ids.id(peer.taxonomy ?? PEER_SPECIALIST_TAXONOMY, 'rendering taxonomy'));
  for (const line of claim.lines) {
    let procedure = `HC${c}${ids.id(line.code, 'procedure code')}`;
    const modifiers = line.modifiers.length > 4 ? line.modifiers.slice(0, 4) : line.modifiers;
    for (const m of modifiers) procedure += c + ids.id(m, 'modifier');
    // SV103 UN units; SV105 only when the line's place differs from CLM05; SV107 points to HI 1.
    const place = line.placeOfService === claim.placeOfService ? '' : ids.id(line.placeOfService, 'place of service');
    out +=
      `LX${e}${line.lineNumber}${t}` +
      `SV1${e}${procedure}${e}${formatAmount(line.chargeCents)}${e}UN${e}${line.units}${e}${place}${e}${e}1${t}` +
      `DTP${e}472${e}D8${e}${compactDate(line.serviceDate)}${t}`;
    count += 3;
    // REF*6R line item control number: lets an 835 remittance be matched back to the encounter.
    if (line.encounterId.length <= 50) {
      out += `REF${e}6R${e}${w.id(line.encounterId, 'encounter id')}${t}`;
      count++;
    }
  }
  return { text: out, count };
}
