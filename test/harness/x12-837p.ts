import { createRequire } from 'node:module';
import type * as NodeX12 from 'node-x12';
import type { X12Interchange, X12Segment } from 'node-x12';
import { isValidNpi } from '../../src/modules/billing/npi.rules.ts';

/*
 * The ASC X12 005010X222A1 (837 Professional) implementation guide's rules for the loops and
 * segments Peerbridge sends, as a table, checked on a file parsed by node-x12 (a parser
 * independent of our writer). `check837P` answers every violation found, named by loop, segment
 * and element ("2010BA N4 N403: required"); a valid file answers [].
 *
 * What the table holds, per segment of a loop: the elements the guide requires, their code
 * values, and the formats of dates, times, amounts and identifiers. Structure is checked in code:
 * the loop order, required segments per loop, HL numbering and parent links, LX numbering, the
 * claim total against its lines, and the SE/GE/IEA counts and control numbers.
 */

const require = createRequire(import.meta.url);
const { X12Parser } = require('node-x12') as typeof NodeX12;

type Check = (value: string, components: string[]) => string | null;

const required: Check = (v) => (v === '' ? 'required' : null);
const is = (...codes: string[]): Check => (v) => (codes.includes(v) ? null : `must be ${codes.join(' or ')}, is "${v}"`);
const optionalIs = (...codes: string[]): Check => (v) => (v === '' || codes.includes(v) ? null : `must be empty or ${codes.join(' or ')}, is "${v}"`);
const pattern = (re: RegExp, what: string): Check => (v) => (re.test(v) ? null : `must be ${what}, is "${v}"`);
const maxLength = (n: number): Check => (v) => (v.length > 0 && v.length <= n ? null : `must be 1 to ${n} characters, is "${v}"`);
const date8 = pattern(/^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/, 'a date CCYYMMDD');
const time4 = pattern(/^([01]\d|2[0-3])[0-5]\d(\d{2})?$/, 'a time HHMM');
const amount = pattern(/^-?\d+(\.\d{1,2})?$/, 'an amount (at most 2 decimals)');
const npi: Check = (v) => (/^\d{10}$/.test(v) && isValidNpi(v) ? null : `must be a 10-digit NPI with a valid check digit, is "${v}"`);
const zip = (digits: '5or9' | '9'): Check => pattern(digits === '9' ? /^\d{9}$/ : /^(\d{5}|\d{9})$/, digits === '9' ? 'a 9-digit ZIP code' : 'a 5- or 9-digit ZIP code');
const state = pattern(/^[A-Z]{2}$/, 'a two-letter state code');
/** A composite: each component checked (1-based), the rest free. */
const composite = (parts: Record<number, Check>): Check => (_v, c) => {
  for (const [i, check] of Object.entries(parts)) {
    const problem = check(c[Number(i) - 1] ?? '', []);
    if (problem) return `component ${i} ${problem}`;
  }
  return null;
};

/** SBR09 claim filing indicator codes (005010X222A1, 2000B SBR09). */
const FILING = ['11', '12', '13', '14', '15', '16', '17', 'AM', 'BL', 'CH', 'CI', 'DS', 'FI', 'HM', 'LM', 'MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ'];

interface SegmentRule {
  /** The loop (or envelope part) the segment belongs to. */
  loop: string;
  tag: string;
  /** Element 1's value when the guide tells segments of one loop apart by it (NM101, REF01). */
  qualifier?: string;
  elements: Record<number, Check>;
}

/** The implementation guide's element rules for every segment Peerbridge sends. */
export const RULES_222A1: readonly SegmentRule[] = [
  {
    loop: 'ISA',
    tag: 'ISA',
    elements: {
      1: is('00'),
      3: is('00'),
      5: is('01', '14', '20', '27', '28', '29', '30', '33', 'ZZ'),
      6: pattern(/^.{15}$/, '15 characters (padded)'),
      7: is('01', '14', '20', '27', '28', '29', '30', '33', 'ZZ'),
      8: pattern(/^.{15}$/, '15 characters (padded)'),
      9: pattern(/^\d{6}$/, 'a date YYMMDD'),
      10: pattern(/^\d{4}$/, 'a time HHMM'),
      12: is('00501'),
      // node-x12 gives ISA13 without its leading zeros; the fixed-length ISA is checked on the text.
      13: pattern(/^\d{1,9}$/, 'digits'),
      14: is('0', '1'),
      15: is('P', 'T'),
      16: pattern(/^.$/, 'one character'),
    },
  },
  { loop: 'GS', tag: 'GS', elements: { 1: is('HC'), 2: required, 3: required, 4: date8, 5: time4, 6: pattern(/^\d{1,9}$/, '1 to 9 digits'), 7: is('X'), 8: is('005010X222A1') } },
  { loop: 'ST', tag: 'ST', elements: { 1: is('837'), 2: pattern(/^\d{4,9}$/, '4 to 9 digits'), 3: is('005010X222A1') } },
  { loop: 'HEADER', tag: 'BHT', elements: { 1: is('0019'), 2: is('00', '18'), 3: maxLength(50), 4: date8, 5: time4, 6: is('31', 'CH', 'RP') } },
  { loop: '1000A', tag: 'NM1', qualifier: '41', elements: { 2: is('1', '2'), 3: maxLength(60), 8: is('46'), 9: maxLength(80) } },
  { loop: '1000A', tag: 'PER', elements: { 1: is('IC'), 3: is('EM', 'FX', 'TE'), 4: required } },
  { loop: '1000B', tag: 'NM1', qualifier: '40', elements: { 2: is('2'), 3: maxLength(60), 8: is('46'), 9: maxLength(80) } },
  { loop: '2000A', tag: 'HL', elements: { 1: required, 2: is(''), 3: is('20'), 4: is('1') } },
  { loop: '2000A', tag: 'PRV', elements: { 1: is('BI'), 2: is('PXC'), 3: pattern(/^[0-9A-Z]{9}X$/, 'a 10-character provider taxonomy code') } },
  { loop: '2010AA', tag: 'NM1', qualifier: '85', elements: { 2: is('1', '2'), 3: maxLength(60), 8: is('XX'), 9: npi } },
  { loop: '2010AA', tag: 'N3', elements: { 1: maxLength(55) } },
  // The billing provider's ZIP code must have 9 digits (2010AA N403 note).
  { loop: '2010AA', tag: 'N4', elements: { 1: maxLength(30), 2: state, 3: zip('9') } },
  { loop: '2010AA', tag: 'REF', qualifier: 'EI', elements: { 2: pattern(/^\d{9}$/, 'an EIN of 9 digits, no hyphen') } },
  { loop: '2000B', tag: 'HL', elements: { 1: required, 2: required, 3: is('22'), 4: is('0') } },
  // SBR02 = 18 (self): the subscriber is the patient, so no 2000C loop follows (HL04 = 0).
  { loop: '2000B', tag: 'SBR', elements: { 1: is('P', 'S', 'T', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'U'), 2: is('18'), 9: is(...FILING) } },
  { loop: '2010BA', tag: 'NM1', qualifier: 'IL', elements: { 2: is('1', '2'), 3: maxLength(60), 8: is('MI'), 9: maxLength(80) } },
  // N3, N4 and DMG are required when the subscriber is the patient (2010BA situational rules).
  { loop: '2010BA', tag: 'N3', elements: { 1: maxLength(55) } },
  { loop: '2010BA', tag: 'N4', elements: { 1: maxLength(30), 2: state, 3: zip('5or9') } },
  { loop: '2010BA', tag: 'DMG', elements: { 1: is('D8'), 2: date8, 3: is('F', 'M', 'U') } },
  { loop: '2010BB', tag: 'NM1', qualifier: 'PR', elements: { 2: is('2'), 3: maxLength(60), 8: is('PI', 'XV'), 9: maxLength(80) } },
  {
    loop: '2300',
    tag: 'CLM',
    elements: {
      1: maxLength(38),
      2: amount,
      5: composite({ 1: pattern(/^\d{2}$/, 'a two-digit place of service'), 2: is('B'), 3: is('1', '7', '8') }),
      6: is('Y', 'N'),
      7: is('A', 'B', 'C'),
      8: is('N', 'W', 'Y'),
      9: is('I', 'Y'),
    },
  },
  { loop: '2300', tag: 'REF', qualifier: 'F8', elements: { 2: maxLength(50) } },
  // HI01 is the principal diagnosis (ABK); HI02 to HI12 other diagnoses (ABF).
  {
    loop: '2300',
    tag: 'HI',
    elements: {
      1: composite({ 1: is('ABK'), 2: pattern(/^[A-Z][0-9][0-9A-Z]{1,5}$/, 'an ICD-10-CM code without the dot') }),
      ...Object.fromEntries(
        Array.from({ length: 11 }, (_, i) => [i + 2, (v: string, c: string[]) => (v === '' ? null : composite({ 1: is('ABF'), 2: pattern(/^[A-Z][0-9][0-9A-Z]{1,5}$/, 'an ICD-10-CM code') })(v, c))]),
      ),
    },
  },
  // NM108/NM109 only together, and then an NPI (2310B).
  { loop: '2310B', tag: 'NM1', qualifier: '82', elements: { 2: is('1', '2'), 3: maxLength(60), 8: optionalIs('XX'), 9: (v, c) => (v === '' ? null : npi(v, c)) } },
  { loop: '2310B', tag: 'PRV', elements: { 1: is('PE'), 2: is('PXC'), 3: pattern(/^[0-9A-Z]{9}X$/, 'a 10-character provider taxonomy code') } },
  { loop: '2400', tag: 'LX', elements: { 1: pattern(/^[1-9]\d{0,5}$/, 'a line number') } },
  {
    loop: '2400',
    tag: 'SV1',
    elements: {
      1: composite({ 1: is('HC'), 2: pattern(/^[A-Z0-9]{5}$/, 'a HCPCS code') }),
      2: amount,
      3: is('MJ', 'UN'),
      4: pattern(/^\d+(\.\d+)?$/, 'a quantity'),
      7: composite({ 1: pattern(/^([1-9]|1[0-2])$/, 'a diagnosis pointer 1 to 12') }),
    },
  },
  { loop: '2400', tag: 'DTP', qualifier: '472', elements: { 2: is('D8', 'RD8'), 3: required } },
  { loop: '2400', tag: 'REF', qualifier: '6R', elements: { 2: maxLength(50) } },
];

/** Segments each loop must have (005010X222A1 usage "Required" for the loops we send). */
const REQUIRED_IN_LOOP: Record<string, string[]> = {
  '2000A': ['HL', 'NM1*85', 'N3', 'N4', 'REF*EI'],
  '2000B': ['HL', 'SBR', 'NM1*IL', 'N3', 'N4', 'DMG', 'NM1*PR'],
  '2300': ['CLM', 'HI', 'LX'],
  '2400': ['LX', 'SV1', 'DTP*472'],
};

/** Which loop a segment opens or belongs to, given the loop it follows. */
const loopOf = (seg: X12Segment, current: string): string => {
  const q = seg.elements[0]?.value ?? '';
  switch (seg.tag) {
    case 'BHT':
      return 'HEADER';
    case 'HL':
      return seg.elements[2]?.value === '20' ? '2000A' : '2000B';
    case 'NM1':
      return ({ '41': '1000A', '40': '1000B', '85': '2010AA', IL: '2010BA', PR: '2010BB', '82': '2310B' } as Record<string, string>)[q] ?? `unknown NM1 ${q}`;
    case 'CLM':
      return '2300';
    case 'LX':
      return '2400';
    case 'HI':
      return '2300';
    case 'REF':
      return q === 'F8' ? '2300' : current;
    default:
      return current;
  }
};

const values = (seg: X12Segment) => seg.elements.map((e) => e.value ?? '');

/** Every violation of the table and the structural rules in an 837P interchange. */
export function check837P(edi: string): string[] {
  const problems: string[] = [];
  let parsed: ReturnType<InstanceType<typeof X12Parser>['parse']>;
  try {
    // Strict: node-x12 itself refuses a file whose SE01, GE01, IEA01 or control numbers are wrong.
    parsed = new X12Parser(true).parse(edi);
  } catch (e) {
    return [`node-x12: ${(e as Error).message}`];
  }
  if (!('functionalGroups' in parsed)) return ['not one interchange'];
  const interchange = parsed as X12Interchange;
  const componentSep = interchange.header.elements[15]?.value ?? ':';
  const ruleFor = (loop: string, seg: X12Segment) =>
    RULES_222A1.find((r) => r.loop === loop && r.tag === seg.tag && (r.qualifier === undefined || r.qualifier === (seg.elements[0]?.value ?? '')));
  const checkSegment = (loop: string, seg: X12Segment, where: string) => {
    const rule = ruleFor(loop, seg);
    if (!rule) {
      problems.push(`${where} ${loop} ${seg.tag}${seg.elements[0] ? `*${seg.elements[0].value}` : ''}: not a segment this loop may hold`);
      return;
    }
    const els = values(seg);
    for (const [n, check] of Object.entries(rule.elements)) {
      const v = els[Number(n) - 1] ?? '';
      const problem = check(v, v.split(componentSep));
      if (problem) problems.push(`${where} ${loop} ${seg.tag}${String(n).padStart(2, '0')}: ${problem}`);
    }
  };

  checkSegment('ISA', interchange.header, 'ISA');
  // The ISA has a fixed length: 106 characters, its elements padded (ISA13 is 9 digits).
  if (!/^ISA(.)00\1.{10}\1(?:00)\1.{10}\1.{2}\1.{15}\1.{2}\1.{15}\1\d{6}\1\d{4}\1.\1\d{5}\1\d{9}\1[01]\1[PT]\1.(.)/.test(edi.slice(0, 106))) problems.push('ISA: not the fixed-length 106-character header');
  const isa13 = interchange.header.elements[12]?.value ?? '';
  if (interchange.trailer.elements[0]?.value !== String(interchange.functionalGroups.length)) problems.push('IEA01: must count the functional groups');
  if (interchange.trailer.elements[1]?.value !== isa13) problems.push('IEA02: must equal ISA13');

  interchange.functionalGroups.forEach((group, g) => {
    checkSegment('GS', group.header, `GS#${g + 1}`);
    if (group.trailer.elements[0]?.value !== String(group.transactions.length)) problems.push(`GE#${g + 1} GE01: must count the transaction sets`);
    if (group.trailer.elements[1]?.value !== group.header.elements[5]?.value) problems.push(`GE#${g + 1} GE02: must equal GS06`);

    group.transactions.forEach((tx, t) => {
      const where = `ST#${t + 1}`;
      checkSegment('ST', tx.header, where);
      // SE01 counts every segment from ST to SE, both included.
      if (tx.trailer.elements[0]?.value !== String(tx.segments.length + 2)) problems.push(`${where} SE01: is ${tx.trailer.elements[0]?.value}, the set has ${tx.segments.length + 2} segments`);
      if (tx.trailer.elements[1]?.value !== tx.header.elements[1]?.value) problems.push(`${where} SE02: must equal ST02`);

      let loop = 'ST';
      const hlIds = new Map<string, string>();
      let expectedHl = 1;
      let lastBillingHl: string | null = null;
      const billingHasChild = new Map<string, boolean>();
      // The segments seen in the current instance of each loop, for its required segments.
      const seen: Record<string, Set<string>> = {};
      const open = (l: string) => {
        seen[l] = new Set();
      };
      const close = (l: string) => {
        const s = seen[l];
        if (!s) return;
        for (const need of REQUIRED_IN_LOOP[l] ?? []) if (!s.has(need)) problems.push(`${where} ${l}: missing ${need}`);
        delete seen[l];
      };
      let claim: { total: string; lines: string[]; frequency: string; hasF8: boolean; lx: number } | null = null;
      const closeClaim = () => {
        if (!claim) return;
        const cents = (a: string) => Math.round(Number(a) * 100);
        if (cents(claim.total) !== claim.lines.reduce((a, l) => a + cents(l), 0)) problems.push(`${where} 2300 CLM02: ${claim.total} is not the sum of its lines (SV102)`);
        if ((claim.frequency === '7' || claim.frequency === '8') && !claim.hasF8) problems.push(`${where} 2300 REF*F8: required on a replacement or void (CLM05-3 ${claim.frequency})`);
        claim = null;
      };

      for (const seg of tx.segments) {
        const next = loopOf(seg, loop);
        const els = values(seg);
        if (seg.tag === 'HL') {
          close('2400');
          close('2300');
          closeClaim();
          close('2000B');
          if (els[2] === '20') close('2000A');
          if (els[0] !== String(expectedHl)) problems.push(`${where} HL01: is ${els[0]}, expected ${expectedHl} (numbered from 1 in order)`);
          expectedHl++;
          hlIds.set(els[0]!, els[2]!);
          if (els[2] === '20') {
            lastBillingHl = els[0]!;
            billingHasChild.set(els[0]!, false);
          } else if (els[2] === '22') {
            if (els[1] !== lastBillingHl || hlIds.get(els[1]!) !== '20') problems.push(`${where} HL*${els[0]} HL02: must name the billing provider HL above it (${lastBillingHl})`);
            else billingHasChild.set(lastBillingHl, true);
          }
          open(next);
        } else if (seg.tag === 'CLM') {
          close('2400');
          close('2300');
          closeClaim();
          if (!seen['2000B']) problems.push(`${where} 2300 CLM: outside a subscriber loop`);
          open('2300');
          claim = { total: els[1] ?? '', lines: [], frequency: (els[4] ?? '').split(componentSep)[2] ?? '', hasF8: false, lx: 0 };
        } else if (seg.tag === 'LX') {
          close('2400');
          if (!claim) problems.push(`${where} 2400 LX: outside a claim`);
          else {
            claim.lx++;
            if (els[0] !== String(claim.lx)) problems.push(`${where} 2400 LX01: is ${els[0]}, expected ${claim.lx}`);
          }
          seen['2300']?.add('LX');
          open('2400');
        }
        if (seg.tag === 'SV1' && claim) claim.lines.push(els[1] ?? '');
        if (seg.tag === 'REF' && els[0] === 'F8' && claim) claim.hasF8 = true;
        loop = next;
        checkSegment(loop, seg, where);
        // Record the segment in the loop that must hold it (a 2010 loop belongs to its 2000 loop).
        const owner = loop === '2010AA' || loop === 'HEADER' ? '2000A' : loop === '2010BA' || loop === '2010BB' ? '2000B' : loop === '2310B' ? '2300' : loop;
        const key = seg.tag === 'NM1' || (seg.tag === 'REF' && els[0] === 'EI') || seg.tag === 'DTP' ? `${seg.tag}*${els[0]}` : seg.tag;
        seen[owner]?.add(key);
      }
      close('2400');
      close('2300');
      closeClaim();
      close('2000B');
      close('2000A');
      for (const [id, hasChild] of billingHasChild) if (!hasChild) problems.push(`${where} HL*${id}: a billing provider with no subscriber`);
    });
  });
  return problems;
}
