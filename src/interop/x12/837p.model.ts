/**
 * What the 837P writer (837p.ts) is given: the parties of the 005010X222A1 interchange
 * (submitter 1000A, receiver 1000B, billing provider 2000A/2010AA, subscriber 2000B/2010BA,
 * payer 2010BB, rendering peer 2310B), each field's comment naming the element it fills, and
 * the writer's input as a whole.
 */
import type { ClaimBatch } from '../../modules/billing/claims.rules.ts';
import type { PayerType } from '../../modules/billing/billing.rules.ts';
import type { X12Separators } from './837p.syntax.ts';

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
