/**
 * ASC X12 837P (Health Care Claim: Professional) 005010X222A1 writer for peer support claims.
 * Pure and streaming: `segments837P` is a generator of segment text (the envelope's segments one
 * by one, each claim's segments together), so 100,000 encounters can be written to a file chunk
 * by chunk without building one giant string.
 *
 * Structure written (loop names from the 005010X222A1 implementation guide):
 *   ISA GS
 *   per transaction set (at most 5,000 CLM, the guide's recommended limit, section 1.4.3):
 *     ST BHT
 *     1000A submitter NM1*41 PER; 1000B receiver NM1*40
 *     2000A billing provider HL (HL*n**20*1) PRV*BI*PXC; 2010AA NM1*85 N3 N4 REF*EI
 *     2000B subscriber HL (HL*n*parent*22*0: the participant is the subscriber, so no 2000C)
 *       SBR; 2010BA NM1*IL N3 N4 DMG; 2010BB NM1*PR
 *       2300 CLM (REF*F8 on a replacement or a void) HI; 2310B NM1*82 PRV*PE*PXC*175T00000X
 *         2400 LX SV1 DTP*472 REF*6R
 *     SE (segment count from ST to SE inclusive)
 *   GE IEA
 *
 * Files: the writer's input (837p.model.ts), X12 syntax and element formats (837p.syntax.ts),
 * the 2300 claim loop with 2310B and 2400 (837p.claim.ts); here the envelope (ISA GS ST BHT ...
 * SE GE IEA), the 1000A/1000B loops, 2000A with 2010AA, 2000B with 2010BA/2010BB, and the
 * streaming helpers. The exports that moved are re-exported, so importers of 837p.ts find them
 * as before.
 */
import type { Claim } from '../../modules/billing/claims.rules.ts';
import type { PayerType } from '../../modules/billing/billing.rules.ts';
import type { Address, Generate837PInput, RenderingPeer, Subscriber } from './837p.model.ts';
import { CheckedIds, claimSegments } from './837p.claim.ts';
import { DEFAULT_SEPARATORS, SegmentWriter, compactDate, digits, type X12Separators } from './837p.syntax.ts';

export * from './837p.model.ts';
export { DEFAULT_SEPARATORS, formatAmount, type X12Separators } from './837p.syntax.ts';

/** The rendering provider (2310B) of a claim: the one given for the claim itself, else its peer's. */
const renderingOf = (input: Pick<Generate837PInput, 'renderingPeers' | 'renderingOfClaim'>, claim: Pick<Claim, 'claimId' | 'peerId'>): RenderingPeer | undefined =>
  input.renderingOfClaim?.get(claim.claimId) ?? input.renderingPeers.get(claim.peerId);

/** Recommended maximum CLM segments in one ST-SE (005010X222A1 section 1.4.3). */
export const MAX_CLAIMS_PER_TRANSACTION = 5000;

const CLAIM_FILING_BY_PAYER_TYPE: Record<PayerType, string> = {
  medicaid: 'MC',
  medicare: 'MB',
  grant: '11',
  other: 'CI',
};

function localStamp(at: Date, timeZone: string): { ccyymmdd: string; hhmm: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { ccyymmdd: `${part('year')}${part('month')}${part('day')}`, hhmm: `${part('hour')}${part('minute')}` };
}

function controlNumber(value: number, name: string): string {
  if (!Number.isSafeInteger(value) || value < 1 || value > 999_999_999) {
    throw new RangeError(`${name} control number must be 1 to 999999999 (got ${value})`);
  }
  return String(value);
}

function validateSeparators(s: X12Separators): void {
  const all = [s.element, s.component, s.segment, s.repetition];
  if (all.some((c) => c.length !== 1 || /[A-Za-z0-9 ]/.test(c))) {
    throw new RangeError('separators must be single characters that are not letters, digits or space');
  }
  if (new Set(all).size !== all.length) throw new RangeError('separators must all differ');
}

function pad(value: string, length: number): string {
  return value.padEnd(length, ' ').slice(0, length);
}

/**
 * Segments of the 837P interchange for the batch, each with its terminator (and line break).
 * Throws on the first `next()` when the batch is empty or a subscriber, diagnosis or rendering
 * peer is missing; a malformed identifier (a separator inside a member id...) throws when its
 * segment is reached, so a caller streaming to a file must discard the file on error.
 */
export function* segments837P(input: Generate837PInput): Generator<string, void, undefined> {
  const sep = input.separators ?? DEFAULT_SEPARATORS;
  validateSeparators(sep);
  const w = new SegmentWriter(sep, input.lineBreak ?? '');
  const { batch, submitter, receiver, billingProvider: bp, payer } = input;
  if (batch.claims.length === 0) throw new RangeError('the claim batch has no claims to export');
  const maxClaims = input.maxClaimsPerTransaction ?? MAX_CLAIMS_PER_TRANSACTION;
  if (!Number.isSafeInteger(maxClaims) || maxClaims < 1) throw new RangeError('maxClaimsPerTransaction must be 1 or more');

  // Check every lookup up front (fail before writing anything).
  for (const claim of batch.claims) {
    const subscriber = input.subscribers.get(claim.participantId);
    if (subscriber === undefined) throw new RangeError(`no subscriber data for participant ${claim.participantId}`);
    if (subscriber.diagnosisCodes.length === 0) {
      throw new RangeError(`participant ${claim.participantId} has no diagnosis code; a claim needs one (HI)`);
    }
    if (renderingOf(input, claim) === undefined) throw new RangeError(`no rendering provider data for peer ${claim.peerId}`);
    if (claim.lines.length === 0 || claim.lines.length > 50) {
      throw new RangeError(`claim ${claim.claimId} must have 1 to 50 service lines`);
    }
  }

  const isa13 = controlNumber(input.control.interchange, 'interchange');
  const gs06 = controlNumber(input.control.group, 'group');
  controlNumber(input.control.firstTransactionSet, 'transaction set');
  const { ccyymmdd, hhmm } = localStamp(input.createdAt, input.timeZone);
  const senderId = w.id(submitter.id, 'submitter id');
  const receiverId = w.id(receiver.id, 'receiver id');
  if (senderId.length > 15 || receiverId.length > 15) throw new RangeError('ISA sender and receiver ids are at most 15 characters');
  const npi = digits(bp.npi, 'billing provider NPI', [10]);
  const ein = digits(bp.taxId, 'billing provider tax id', [9]);
  const bpZip = digits(bp.address.postalCode, 'billing provider postal code', [9]);
  const filing = payer.claimFilingIndicator ?? CLAIM_FILING_BY_PAYER_TYPE[payer.type];
  const ids = new CheckedIds(w);

  // ISA is fixed width (ISA06/ISA08 15 characters, ISA13 9 digits); ISA16 is the component separator.
  yield w.segment(
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    'ZZ',
    pad(senderId, 15),
    'ZZ',
    pad(receiverId, 15),
    ccyymmdd.slice(2),
    hhmm,
    sep.repetition,
    '00501',
    isa13.padStart(9, '0'),
    '0',
    input.usage ?? 'P',
    sep.component,
  );
  yield w.segment('GS', 'HC', senderId, receiverId, ccyymmdd, hhmm, gs06, 'X', '005010X222A1');

  let transactionSets = 0;
  for (let start = 0; start < batch.claims.length; start += maxClaims) {
    const claims = batch.claims.slice(start, start + maxClaims);
    const st02 = String(input.control.firstTransactionSet + transactionSets).padStart(4, '0');
    if (st02.length > 9) throw new RangeError('transaction set control number exceeds 9 digits');
    transactionSets++;
    let count = 0;
    const seg = (tag: string, ...elements: string[]): string => {
      count++;
      return w.segment(tag, ...elements);
    };

    yield seg('ST', '837', st02, '005010X222A1');
    // BHT02 00 original; BHT06 CH chargeable.
    yield seg('BHT', '0019', '00', w.text(`${input.reference}${st02}`, 50), ccyymmdd, hhmm, 'CH');
    // 1000A submitter and 1000B receiver; NM102 2 = non-person entity, NM108 46 = ETIN.
    yield seg('NM1', '41', '2', w.text(submitter.name, 60), '', '', '', '', '46', senderId);
    yield seg('PER', 'IC', w.text(submitter.contactName, 60), 'TE', digits(submitter.phone, 'submitter phone', [10]));
    yield seg('NM1', '40', '2', w.text(receiver.name, 60), '', '', '', '', '46', receiverId);

    // 2000A billing provider, HL04 1: it has subordinate subscriber loops.
    let hl = 1;
    const billingHl = hl;
    yield seg('HL', String(billingHl), '', '20', '1');
    yield seg('PRV', 'BI', 'PXC', w.id(bp.taxonomy, 'billing provider taxonomy'));
    yield seg('NM1', '85', '2', w.text(bp.name, 60), '', '', '', '', 'XX', npi);
    yield* addressSegments(w, bp.address, seg, bpZip);
    yield seg('REF', 'EI', ein);

    let currentSubscriberKey: string | undefined;
    for (const claim of claims) {
      const subscriber = input.subscribers.get(claim.participantId) as Subscriber;
      const subscriberKey = `${claim.participantId}\u0000${claim.memberId}`;
      if (subscriberKey !== currentSubscriberKey) {
        currentSubscriberKey = subscriberKey;
        hl++;
        // 2000B: HL04 0 because the participant is the subscriber (no 2000C patient loop).
        yield seg('HL', String(hl), String(billingHl), '22', '0');
        // SBR01 P primary, SBR02 18 self.
        yield seg('SBR', 'P', '18', '', '', '', '', '', '', filing);
        yield seg(
          'NM1',
          'IL',
          '1',
          w.text(subscriber.lastName, 60),
          w.text(subscriber.firstName, 35),
          '',
          '',
          '',
          'MI',
          w.id(claim.memberId, 'member id'),
        );
        yield* addressSegments(w, subscriber.address, seg);
        yield seg('DMG', 'D8', compactDate(subscriber.birthDate), subscriber.gender);
        yield seg('NM1', 'PR', '2', w.text(payer.name, 60), '', '', '', '', 'PI', w.id(payer.payerId, 'payer id'));
      }
      const written = claimSegments(w, ids, claim, subscriber, renderingOf(input, claim)!);
      count += written.count;
      yield written.text;
    }
    count++;
    yield w.segment('SE', String(count), st02);
  }
  yield w.segment('GE', String(transactionSets), gs06);
  yield w.segment('IEA', '1', isa13.padStart(9, '0'));
}

function* addressSegments(
  w: SegmentWriter,
  address: Address,
  seg: (tag: string, ...elements: string[]) => string,
  postalCode?: string,
): Generator<string> {
  yield seg('N3', w.text(address.line1, 55), address.line2 === undefined ? '' : w.text(address.line2, 55));
  yield seg(
    'N4',
    w.text(address.city, 30),
    w.id(address.state, 'state'),
    postalCode ?? digits(address.postalCode, 'postal code', [5, 9]),
  );
}

/** Segments joined into chunks of about `chunkSize` characters, for efficient file writes. */
export function* chunked(segments: Iterable<string>, chunkSize = 64 * 1024): Generator<string, void, undefined> {
  let buffer: string[] = [];
  let size = 0;
  for (const segment of segments) {
    buffer.push(segment);
    size += segment.length;
    if (size >= chunkSize) {
      yield buffer.join('');
      buffer = [];
      size = 0;
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}

/** The whole interchange as one string; for small batches and tests. */
export function render837P(input: Generate837PInput): string {
  let out = '';
  for (const segment of segments837P(input)) out += segment;
  return out;
}
