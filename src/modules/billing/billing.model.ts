/**
 * The shapes of billing (issue 2): payers and their rules as data, coverage, the encounter as
 * billing reads it, the peer's certification, and the decision with its explanation. The rules
 * are in billing.rules.ts (a day), billing.encounter.rules.ts (a note) and billing.payer.rules.ts.
 */

export type PayerType = 'medicaid' | 'medicare' | 'grant' | 'other';
export type RoundingRule = 'cms-8-minute' | 'full-unit';
export type RoundingBasis = 'encounter' | 'day';

export type EncounterType =
  | 'individual'
  | 'group'
  | 'outreach'
  | 'accompaniment'
  | 'advocacy'
  | 'crisis-support'
  | 'family-collateral';

export type Modality = 'in-person' | 'phone' | 'video' | 'text';

/**
 * `returned` is a signed note the supervisor sent back with a comment; a signed note never
 * changes, so it stays unbillable until an addendum and a co-signature resolve it.
 */
export type EncounterStatus = 'draft' | 'signed' | 'cosigned' | 'returned';

/**
 * One modifier the payer adds when every condition given in `when` matches the encounter.
 * Rule order is the order of the modifiers in SV101 (payers often read the first modifier as
 * the pricing modifier), so the payer decides priority by ordering its rules.
 */
export interface ModifierRule {
  modifier: string;
  when: {
    encounterType?: EncounterType;
    program?: string;
    modality?: Modality;
    placeOfService?: string;
  };
}

/** The common national modifiers for H0038; a payer may replace them entirely. */
export const DEFAULT_MODIFIER_RULES: readonly ModifierRule[] = [
  { modifier: 'HQ', when: { encounterType: 'group' } },
  { modifier: 'HF', when: { program: 'substance-use' } },
  { modifier: 'HE', when: { program: 'mental-health' } },
];

/** X12 837P SV101-3 to SV101-6: four procedure modifiers at most. */
export const MAX_MODIFIERS = 4;

export interface Payer {
  id: string;
  name: string;
  type: PayerType;
  /** HCPCS code billed, 'H0038' unless the payer says otherwise. */
  serviceCode: string;
  modifierRules: readonly ModifierRule[];
  /** Minutes in one unit, 15 for H0038. */
  unitMinutes: number;
  rounding: RoundingRule;
  roundingBasis: RoundingBasis;
  /** Maximum units per participant per service date (e.g. 16), absent when unlimited. */
  dailyMaxUnits?: number;
  /** Rate per unit in integer cents: money is never a float here. */
  ratePerUnit: number;
  /** CMS place of service codes the payer pays for ('11' office, '12' home, '02'/'10' telehealth...). */
  placesOfService: readonly string[];
  modalities: readonly Modality[];
  requiresCosign: boolean;
}

/** A participant's coverage; dates are service dates (YYYY-MM-DD), both ends inclusive. */
export interface Coverage {
  payerId: string;
  memberId: string;
  startDate: string;
  endDate?: string;
}

/**
 * An organization's funding order: each entry names a payer id or a payer type; a payer ranks
 * at the first entry naming its id or its type, unlisted payers come last, ties by payer id.
 */
export type FundingOrder = readonly string[];

/**
 * Medicaid and Medicare before other insurers, grants last: SAMHSA block grant funds are the
 * payer of last resort (45 CFR 96.137).
 */
export const DEFAULT_FUNDING_ORDER: FundingOrder = ['medicaid', 'medicare', 'other', 'grant'];

export interface EncounterForBilling {
  id: string;
  participantId: string;
  peerId: string;
  type: EncounterType;
  modality: Modality;
  /** CMS place of service code. */
  placeOfService: string;
  /** Program the service belongs to ('substance-use', 'mental-health'...), drives HF/HE. */
  program?: string;
  /** ISO 8601 instant. */
  startedAt: string;
  durationMinutes: number;
  status: EncounterStatus;
  signedAt?: string;
  cosignedAt?: string;
  voided?: boolean;
}

export interface PeerCertification {
  type: string;
  issuer: string;
  number: string;
  /** Last day the certification is valid (YYYY-MM-DD, inclusive). */
  expiresOn: string;
  /**
   * From a workforce credential (issue 21), its rule set's view: the first day it is valid, the
   * last day it still bills (the end of the body's grace; grace still bills), what it becomes
   * after (`inactive` where the body keeps that state, else `lapsed`), a status recorded by hand,
   * and the rule set's name for the explanation. Absent on the older profile certifications.
   */
  issuedOn?: string;
  billableThrough?: string;
  afterGrace?: 'lapsed' | 'inactive';
  recordedStatus?: 'lapsed' | 'inactive' | null;
  name?: string;
}

/** English and Spanish text of one explanation, shown to peers, supervisors and billers. */
export interface Explanation {
  en: string;
  es: string;
}

export type NotBillableReason =
  | 'voided'
  | 'no-coverage'
  | 'modality-not-covered'
  | 'place-not-covered'
  | 'no-certification'
  | 'certification-expired'
  | 'certification-lapsed'
  | 'certification-inactive'
  | 'zero-units'
  | 'daily-cap-reached'
  | 'unsigned'
  | 'awaiting-cosign';

/** What an encounter would bill once signed or co-signed. */
export interface BillingPreview {
  payerId: string;
  memberId: string;
  code: string;
  modifiers: string[];
  units: number;
  amountCents: number;
}

/** The facts a billable line's units came from; its explanation is written from them. */
export interface UnitsBasis {
  rule: RoundingRule;
  unitMinutes: number;
  roundingBasis: RoundingBasis;
  /** This encounter's minutes. */
  minutes: number;
  /** Minutes counted that day up to and including this encounter (day basis). */
  dayMinutes: number;
  /** Units already billed that day before this encounter. */
  countedUnits: number;
  /** Units the minutes earned before any daily cap. */
  earned: number;
  /** The payer's daily maximum, set only when it reduced the units. */
  dailyMaxUnits?: number;
}

export interface Billable extends BillingPreview {
  billable: true;
  serviceDate: string;
  /** Minutes that counted toward the day (all of them; see `billEncounter`). */
  minutes: number;
  /** Set when the daily cap reduced the units: what the minutes alone would have earned. */
  unitsBeforeCap?: number;
  /** Absent only on lines exported before the basis was kept. */
  basis?: UnitsBasis;
  explanation: Explanation;
}

export interface NotBillable {
  billable: false;
  reason: NotBillableReason;
  serviceDate: string;
  /** The chosen payer, when there is one. */
  payerId?: string;
  /** Drafts and notes awaiting co-signature show what they would bill. */
  preview?: BillingPreview;
  explanation: Explanation;
}

export type BillingDecision = Billable | NotBillable;

/** A same-day encounter (same participant, same payer) that already counted toward the day. */
export interface CountedSameDay {
  encounterId: string;
  minutes: number;
  /** Units it billed, 0 when it earned none. */
  units: number;
}
