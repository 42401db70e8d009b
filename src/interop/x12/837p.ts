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
 */
import { claimFrequency, priorClaimOf, type Claim, type ClaimBatch } from '../../modules/billing/claims.rules.ts';
import type { PayerType } from '../../modules/billing/billing.rules.ts';

export interface X12Separators {
  element: string;
  component: string;
  segment: string;
  repetition: string;
}

export const DEFAULT_SEPARATORS: X12Separators = { element: '*', component: ':', segment: '~', repetition: '^' };

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  /** Two-letter state code. */
  state: string;
  /** 5 or 9 digits; the billing provider's must be 9 (2010AA N403). */
  postalCode: string;
}

export interface Organization {
  name: string;
  npi: string;
  /** Employer identification number, 9 digits (a dash is removed). */
  taxId: string;
  taxonomy: string;
  address: Address;
}

export interface Submitter {
  name: string;
  /** Submitter id assigned by the receiver (1000A NM109), also the ISA06/GS02 sender id. */
  id: string;
  contactName: string;
  phone: string;
}

export interface Receiver {
  name: string;
  /** Receiver id (1000B NM109), also ISA08/GS03. */
  id: string;
}

export interface PayerParty {
  name: string;
  /** Payer id (2010BB NM109). */
  payerId: string;
  type: PayerType;
  /** SBR09 claim filing indicator; defaults by payer type (MC Medicaid, MB Medicare Part B, 11 grants, CI other). */
  claimFilingIndicator?: string;
}

export interface Subscriber {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'F' | 'M' | 'U';
  address: Address;
  /**
   * ICD-10-CM codes from the participant's record, principal first (at most 12). Peer
   * services still need a diagnosis on a professional claim; it is never guessed here.
   */
  diagnosisCodes: readonly string[];
  /**
   * CLM09 release of information: 'Y' signed statement on file, or 'I' informed consent for
   * conditions regulated by federal statute (e.g. 42 CFR Part 2 substance use records).
   */
  releaseOfInformation?: 'Y' | 'I';
}

export interface RenderingPeer {
  firstName: string;
  lastName: string;
  /** Many peers have no NPI: then 2310B NM108/NM109 are omitted, as the guide allows. */
  npi?: string;
  /** Peer specialist taxonomy. */
  taxonomy?: string;
}

export const PEER_SPECIALIST_TAXONOMY = '175T00000X';

/** The rendering provider (2310B) of a claim: the one given for the claim itself, else its peer's. */
const renderingOf = (input: Pick<Generate837PInput, 'renderingPeers' | 'renderingOfClaim'>, claim: Pick<Claim, 'claimId' | 'peerId'>): RenderingPeer | undefined =>
  input.renderingOfClaim?.get(claim.claimId) ?? input.renderingPeers.get(claim.peerId);

export interface Generate837PInput {
  batch: ClaimBatch;
  submitter: Submitter;
  receiver: Receiver;
  billingProvider: Organization;
  payer: PayerParty;
  subscribers: ReadonlyMap<string, Subscriber>;
  renderingPeers: ReadonlyMap<string, RenderingPeer>;
  /**
   * By claim id (CLM01) in this batch, a rendering provider that takes the place of the peer's:
   * a void claim repeats the one its claim was sent with, whatever the profile says now.
   */
  renderingOfClaim?: ReadonlyMap<string, RenderingPeer>;
  control: {
    /** ISA13, 1 to 999999999. */
    interchange: number;
    /** GS06, 1 to 999999999. */
    group: number;
    /** ST02 of the first transaction set; later ones count up from it. */
    firstTransactionSet: number;
  };
  /** Creation time and the organization's time zone (ISA09/10, GS04/05, BHT04/05). */
  createdAt: Date;
  timeZone: string;
  /** BHT03 originator reference; the transaction set number is appended. */
  reference: string;
  usage?: 'P' | 'T';
  separators?: X12Separators;
  /** Written after each segment terminator (e.g. '\n' for readable files). Default none. */
  lineBreak?: string;
  maxClaimsPerTransaction?: number;
}

/** Recommended maximum CLM segments in one ST-SE (005010X222A1 section 1.4.3). */
export const MAX_CLAIMS_PER_TRANSACTION = 5000;

const CLAIM_FILING_BY_PAYER_TYPE: Record<PayerType, string> = {
  medicaid: 'MC',
  medicare: 'MB',
  grant: '11',
  other: 'CI',
};

/** Cents as an X12 decimal (R type): no float, trailing zeros after the point suppressed. */
export function formatAmount(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be whole cents (got ${cents})`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  if (fraction === 0) return `${sign}${whole}`;
  const digits = String(fraction).padStart(2, '0').replace(/0$/, '');
  return `${sign}${whole}.${digits}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function compactDate(isoDate: string): string {
  if (!ISO_DATE.test(isoDate)) throw new RangeError(`not a date YYYY-MM-DD: ${isoDate}`);
  return isoDate.slice(0, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);
}

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

/**
 * Writer of one envelope's segments. Free text (names, addresses) is upper-cased and any
 * separator character is replaced by a space, since X12 has no escape; identifiers (NPI,
 * member ids, codes) must not contain separators and are rejected if they do.
 */
class SegmentWriter {
  readonly sep: X12Separators;
  readonly terminator: string;
  private readonly forbidden: RegExp;
  constructor(sep: X12Separators, lineBreak: string) {
    this.sep = sep;
    this.terminator = sep.segment + lineBreak;
    const escaped = [sep.element, sep.component, sep.segment, sep.repetition]
      .map((c) => c.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&'))
      .join('');
    this.forbidden = new RegExp(`[${escaped}\\r\\n\\u0000-\\u001f]`, 'g');
  }
  text(value: string, max: number): string {
    return value.replace(this.forbidden, ' ').replace(/\s+/g, ' ').trim().toUpperCase().slice(0, max);
  }
  id(value: string, name: string): string {
    this.forbidden.lastIndex = 0;
    if (value.length === 0 || this.forbidden.test(value)) {
      this.forbidden.lastIndex = 0;
      throw new RangeError(`${name} is empty or contains an X12 separator: ${JSON.stringify(value)}`);
    }
    return value;
  }
  /** A segment from its elements; trailing empty elements are dropped, as X12 requires. */
  segment(tag: string, ...elements: string[]): string {
    let end = elements.length;
    while (end > 0 && elements[end - 1] === '') end--;
    return tag + (end > 0 ? this.sep.element + elements.slice(0, end).join(this.sep.element) : '') + this.terminator;
  }
}

function pad(value: string, length: number): string {
  return value.padEnd(length, ' ').slice(0, length);
}

function digits(value: string, name: string, lengths: readonly number[]): string {
  const clean = value.replace(/[-\s]/g, '');
  if (!/^\d+$/.test(clean) || !lengths.includes(clean.length)) {
    throw new RangeError(`${name} must be ${lengths.join(' or ')} digits (got ${value})`);
  }
  return clean;
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

/**
 * Identifiers that repeat on every line (codes, modifiers, places of service) are checked once
 * per interchange, not once per segment.
 */
class CheckedIds {
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
function claimSegments(w: SegmentWriter, ids: CheckedIds, claim: Claim, subscriber: Subscriber, peer: RenderingPeer): { text: string; count: number } {
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
