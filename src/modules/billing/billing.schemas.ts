import { z } from 'zod';
import { patchOf } from '../people/people.schemas.ts';
import { DEFAULT_FUNDING_ORDER, DEFAULT_MODIFIER_RULES } from './billing.rules.ts';
import { isValidNpi } from './npi.rules.ts';

/**
 * The contracts of the billing module: payers, coverages, the organization's billing identity
 * and funding order, and claim exports. Money is integer cents everywhere (`ratePerUnit: 1750`
 * is $17.50 a unit).
 */

export const PAYER_TYPES = ['medicaid', 'medicare', 'grant', 'other'] as const;
export const ROUNDING_RULES = ['cms-8-minute', 'full-unit'] as const;
export const ROUNDING_BASES = ['encounter', 'day'] as const;
const MODALITY_NAMES = ['in-person', 'phone', 'video', 'text'] as const;
const ENCOUNTER_TYPE_NAMES = ['individual', 'group', 'outreach', 'accompaniment', 'advocacy', 'crisis-support', 'family-collateral'] as const;

/** Places of service a new payer pays for unless told otherwise (CMS POS codes). */
export const DEFAULT_PLACES_OF_SERVICE = ['02', '04', '10', '11', '12', '15', '53', '57', '99'];

const posCode = z.string().regex(/^\d{2}$/, 'Use a two-digit CMS place of service code');
/** X12 identifiers must not contain the separators * : ~ ^ (no escape exists in X12). */
const x12Id = z.string().trim().min(1).max(80).regex(/^[^*:~^\r\n]+$/, 'Must not contain * : ~ ^');

export const modifierRule = z.object({
  modifier: z.string().regex(/^[A-Z0-9]{2}$/, 'A modifier is two letters or digits, e.g. HQ'),
  when: z.object({
    encounterType: z.enum(ENCOUNTER_TYPE_NAMES).optional(),
    program: z.string().min(1).max(50).optional(),
    modality: z.enum(MODALITY_NAMES).optional(),
    placeOfService: posCode.optional(),
  }),
});

/** POST /api/v1/payers (admins). */
export const payerInput = z.object({
  name: z.string().trim().min(1).max(200),
  type: z.enum(PAYER_TYPES),
  /** HCPCS code billed. */
  serviceCode: z.string().regex(/^[A-Z0-9]{5}$/, 'A HCPCS code such as H0038').default('H0038'),
  unitMinutes: z.number().int().min(1).max(240).default(15),
  rounding: z.enum(ROUNDING_RULES).default('cms-8-minute'),
  roundingBasis: z.enum(ROUNDING_BASES).default('encounter'),
  /** Maximum units per participant per service date; null: no cap. */
  dailyMaxUnits: z.number().int().min(1).max(1000).nullable().default(null),
  /** Integer cents per unit. */
  ratePerUnit: z.number().int().min(0).max(10_000_000),
  placesOfService: z.array(posCode).min(1).max(100).default(DEFAULT_PLACES_OF_SERVICE),
  modalities: z.array(z.enum(MODALITY_NAMES)).min(1).max(4).default([...MODALITY_NAMES]),
  requiresCosign: z.boolean().default(false),
  /** In SV101 order; default HQ for groups, HF substance-use program, HE mental-health program. */
  modifierRules: z.array(modifierRule).max(20).default(DEFAULT_MODIFIER_RULES.map((r) => ({ modifier: r.modifier, when: { ...r.when } }))),
  /** 2010BB NM109 payer id for X12 claims. */
  x12PayerId: x12Id.nullable().default(null),
  /** ISA08/GS03 and 1000B: the receiver (payer or clearinghouse); defaults to x12PayerId. */
  x12ReceiverId: x12Id.max(15).nullable().default(null),
  x12ReceiverName: z.string().trim().max(60).nullable().default(null),
  /** SBR09; by default MC Medicaid, MB Medicare, 11 grants, CI other. */
  claimFilingIndicator: z.string().regex(/^[A-Z0-9]{1,2}$/).nullable().default(null),
  /** The payer requires the rendering provider's NPI (2310B): a claim whose peer has none is held. */
  requiresRenderingNpi: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type PayerInput = z.infer<typeof payerInput>;
export const payerPatch = patchOf(payerInput);
export type PayerPatch = z.infer<typeof payerPatch>;

export const payerView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(PAYER_TYPES),
    serviceCode: z.string(),
    unitMinutes: z.number().int(),
    rounding: z.enum(ROUNDING_RULES),
    roundingBasis: z.enum(ROUNDING_BASES),
    dailyMaxUnits: z.number().int().nullable(),
    ratePerUnit: z.number().int(),
    placesOfService: z.array(z.string()),
    modalities: z.array(z.string()),
    requiresCosign: z.boolean(),
    modifierRules: z.array(modifierRule),
    x12PayerId: z.string().nullable(),
    x12ReceiverId: z.string().nullable(),
    x12ReceiverName: z.string().nullable(),
    claimFilingIndicator: z.string().nullable(),
    requiresRenderingNpi: z.boolean(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Payer' });
export type PayerView = z.infer<typeof payerView>;

export const address = z.object({
  line1: z.string().trim().min(1).max(55),
  line2: z.string().trim().max(55).nullable().optional(),
  city: z.string().trim().min(1).max(30),
  state: z.string().regex(/^[A-Z]{2}$/, 'Two capital letters, e.g. IL'),
  postalCode: z.string().regex(/^\d{5}(-?\d{4})?$/, '5 or 9 digits'),
});

/** ICD-10-CM code, with or without the dot (F19.20, Z7189). */
export const diagnosisCode = z.string().trim().toUpperCase().regex(/^[A-Z]\d[0-9A-Z](\.?[0-9A-Z]{1,4})?$/, 'An ICD-10-CM code such as F19.20');

/** POST /api/v1/participants/{id}/coverages. Dates inclusive; endDate null: open-ended. */
export const coverageInput = z.object({
  payerId: z.uuid(),
  memberId: x12Id,
  startDate: z.iso.date(),
  endDate: z.iso.date().nullable().optional(),
  /** The participant's diagnoses for claims (principal first); else the organization's default. */
  diagnosisCodes: z.array(diagnosisCode).max(12).default([]),
  /** Subscriber address for the 837P (2010BA N3/N4); else the billing provider's. */
  subscriberAddress: address.nullable().optional(),
});
export type CoverageInput = z.infer<typeof coverageInput>;

/**
 * PATCH of a coverage: end it (or reopen it with `endDate: null`), correct the member id, dates,
 * diagnoses or address. The payer stays (another payer is another coverage). Lines already sent
 * on a claim keep what they were sent with; only later billing uses the change.
 */
export const coveragePatch = z.object({
  memberId: x12Id.optional(),
  startDate: z.iso.date().optional(),
  endDate: z.iso.date().nullable().optional(),
  diagnosisCodes: z.array(diagnosisCode).max(12).optional(),
  subscriberAddress: address.nullable().optional(),
})
  // Unknown fields are refused rather than dropped: a client sending payerId learns it stays.
  .strict();
export type CoveragePatch = z.infer<typeof coveragePatch>;

export const coverageView = z
  .object({
    id: z.uuid(),
    participantId: z.uuid(),
    payerId: z.uuid(),
    payerName: z.string(),
    memberId: z.string(),
    startDate: z.string(),
    endDate: z.string().nullable(),
    diagnosisCodes: z.array(z.string()),
    subscriberAddress: address.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Coverage' });
export type CoverageView = z.infer<typeof coverageView>;

/** A note on a claim of a payer the participant's coverages no longer pick for its date. */
export const claimToCorrect = z
  .object({
    encounterId: z.uuid(),
    serviceDate: z.string(),
    exportId: z.uuid(),
    claimId: z.string().nullable().describe('CLM01 of the claim it is on'),
    sentToPayerId: z.uuid(),
    sentToPayerName: z.string(),
    nowPayerId: z.uuid().nullable().describe('the payer the coverages pick now for that date; null when none covers it'),
    nowPayerName: z.string().nullable(),
  })
  .meta({ id: 'ClaimToCorrect' });
export type ClaimToCorrect = z.infer<typeof claimToCorrect>;

/**
 * The answer to recording or changing a coverage: the coverage, and the notes already on a claim
 * that the coverages now bill elsewhere (or not at all). Release each for resubmission to move it;
 * the next export to the payer holding it then replaces or voids that claim.
 */
export const coverageChange = coverageView.extend({ claimsToCorrect: z.array(claimToCorrect) }).meta({ id: 'CoverageChange' });
export type CoverageChange = z.infer<typeof coverageChange>;

/**
 * GET/PUT /api/v1/billing/settings (organizations.settings.billing; PUT by admins). The billing
 * provider and submitter are needed for 837P exports; `fundingOrder` lists payer ids or types,
 * first billed first (default Medicaid, Medicare, other, grants: grants are the payer of last resort).
 */
export const billingSettings = z
  .object({
    fundingOrder: z.array(z.string().min(1).max(100)).max(50).default([...DEFAULT_FUNDING_ORDER]),
    billingProvider: z
      .object({
        name: z.string().trim().min(1).max(60),
        npi: z.string().regex(/^\d{10}$/, 'An NPI is 10 digits').refine(isValidNpi, 'This NPI fails its check digit (CMS Luhn rule)'),
        taxId: z.string().regex(/^\d{2}-?\d{7}$/, 'An EIN is 9 digits'),
        /** Billing provider taxonomy (PRV03), e.g. 251S00000X community/behavioral health agency. */
        taxonomy: z.string().regex(/^[0-9A-Z]{9}X$/, 'A taxonomy code such as 251S00000X'),
        /** 837P 2010AA needs a 9-digit ZIP. */
        address: address.extend({ postalCode: z.string().regex(/^\d{5}-?\d{4}$/, 'The billing provider needs a 9-digit ZIP') }),
      })
      .nullable()
      .default(null),
    submitter: z
      .object({
        name: z.string().trim().min(1).max(60),
        /** ETIN assigned by the receiver; also ISA06/GS02 (at most 15 characters). */
        id: x12Id.max(15),
        contactName: z.string().trim().min(1).max(60),
        phone: z.string().regex(/^\d{3}-?\d{3}-?\d{4}$/, '10 digits'),
      })
      .nullable()
      .default(null),
    /** Used when a participant's coverage lists no diagnosis. */
    defaultDiagnosisCode: diagnosisCode.nullable().default(null),
  })
  .meta({ id: 'BillingSettings' });
export type BillingSettings = z.infer<typeof billingSettings>;

/** POST /api/v1/claims/exports (admins). */
export const claimExportInput = z.object({
  payerId: z.uuid(),
  from: z.iso.date(),
  to: z.iso.date(),
  format: z.enum(['837p', 'csv']),
});
export type ClaimExportInput = z.infer<typeof claimExportInput>;

export const exclusionView = z.object({
  encounterId: z.uuid(),
  participantId: z.uuid(),
  participantName: z.string().describe("the participant's given and family name, for the admin who fixes their coverage"),
  serviceDate: z.string(),
  reason: z.string(),
  explanation: z.string(),
});

export const claimExportView = z
  .object({
    id: z.uuid(),
    payerId: z.uuid(),
    payerName: z.string(),
    from: z.string(),
    to: z.string(),
    format: z.enum(['837p', 'csv']),
    fileName: z.string(),
    /** GET this (same authentication) for the file. */
    downloadUrl: z.string(),
    /** What the file bills (original and replacement claims); `voids`, apart, what its void claims (CLM05-3 = 8) cancel. */
    totals: z.object({
      claims: z.number().int(),
      lines: z.number().int(),
      units: z.number().int(),
      chargeCents: z.number().int(),
      excluded: z.number().int(),
      voids: z.object({ claims: z.number().int(), lines: z.number().int(), units: z.number().int(), chargeCents: z.number().int() }),
    }),
    /** Encounters left out and why, in the caller's language (GET one export; lists leave it empty). */
    excluded: z.array(exclusionView),
    createdAt: z.string(),
    createdBy: z.uuid().nullable(),
  })
  .meta({ id: 'ClaimExport' });
export type ClaimExportView = z.infer<typeof claimExportView>;

/** GET /api/v1/billing/preview (admins): what an export would bill, without exporting. */
export const claimPreviewQuery = z.object({
  payerId: z.uuid(),
  from: z.iso.date(),
  to: z.iso.date(),
  format: z.enum(['837p', 'csv']).default('837p'),
});
export type ClaimPreviewQuery = z.infer<typeof claimPreviewQuery>;

const billedSum = { claims: z.number().int(), lines: z.number().int(), units: z.number().int(), chargeCents: z.number().int() };

export const claimPreviewView = z
  .object({
    payerId: z.uuid(),
    payerName: z.string(),
    from: z.string(),
    to: z.string(),
    format: z.enum(['837p', 'csv']),
    /** The same totals an export of this payer, period and format would have now. */
    totals: claimExportView.shape.totals,
    /** Billed claims (voids apart) by participant, largest charge first. */
    byParticipant: z.array(z.object({ participantId: z.uuid(), name: z.string(), ...billedSum })),
    /** Billed claims (voids apart) by rendering peer, largest charge first. */
    byPeer: z.array(z.object({ peerId: z.uuid(), name: z.string(), ...billedSum })),
    /** Lines an export would leave out, and why (held claims included), in the caller's language. */
    excluded: z.array(exclusionView),
    /** What an 837P export needs and the settings or payer lack: the export would be refused (409). */
    missingSettings: z.array(z.object({ field: z.string(), message: z.string() })),
  })
  .meta({ id: 'ClaimPreview' });
export type ClaimPreviewView = z.infer<typeof claimPreviewView>;
