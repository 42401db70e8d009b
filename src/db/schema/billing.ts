import { boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Mirrors src/db/migrations/0004_billing.sql, 0009_billing_export_lines.sql and 0016_billing_void_claims.sql.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface ModifierRuleJson {
  modifier: string;
  when: { encounterType?: string; program?: string; modality?: string; placeOfService?: string };
}
export interface AddressJson {
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  postalCode: string;
}

export const payers = pgTable('payers', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  serviceCode: text('service_code').notNull(),
  unitMinutes: integer('unit_minutes').notNull(),
  rounding: text('rounding').notNull(),
  roundingBasis: text('rounding_basis').notNull(),
  dailyMaxUnits: integer('daily_max_units'),
  ratePerUnit: integer('rate_per_unit').notNull(),
  placesOfService: text('places_of_service').array().notNull(),
  modalities: text('modalities').array().notNull(),
  requiresCosign: boolean('requires_cosign').notNull(),
  modifierRules: jsonb('modifier_rules').$type<ModifierRuleJson[]>().notNull(),
  x12PayerId: text('x12_payer_id'),
  x12ReceiverId: text('x12_receiver_id'),
  x12ReceiverName: text('x12_receiver_name'),
  claimFilingIndicator: text('claim_filing_indicator'),
  /** 0037: claims need the rendering peer's NPI (2310B NM109); without one the claim is held. */
  requiresRenderingNpi: boolean('requires_rendering_npi').notNull().default(false),
  active: boolean('active').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const coverages = pgTable('coverages', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  participantId: uuid('participant_id').notNull(),
  payerId: uuid('payer_id').notNull(),
  memberId: text('member_id').notNull(),
  startDate: date('start_date', { mode: 'string' }).notNull(),
  endDate: date('end_date', { mode: 'string' }),
  diagnosisCodes: text('diagnosis_codes').array().notNull(),
  subscriberAddress: jsonb('subscriber_address').$type<AddressJson | null>(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export interface ExclusionJson {
  encounterId: string;
  participantId: string;
  serviceDate: string;
  reason: string;
  explanation: { en: string; es: string };
}

export const claimExports = pgTable('claim_exports', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  payerId: uuid('payer_id').notNull(),
  fromDate: date('from_date', { mode: 'string' }).notNull(),
  toDate: date('to_date', { mode: 'string' }).notNull(),
  format: text('format').notNull(),
  interchangeControl: integer('interchange_control').notNull(),
  fileName: text('file_name').notNull(),
  content: text('content').notNull(),
  // `voids` since 0016 (absent on earlier exports): the void claims (CLM05-3 = 8) the file carried.
  totals: jsonb('totals').$type<{ claims: number; lines: number; units: number; chargeCents: number; excluded: number; voids?: { claims: number; lines: number; units: number; chargeCents: number } }>().notNull(),
  excluded: jsonb('excluded').$type<ExclusionJson[]>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  // 0009: the payer's rounding the export's lines were decided with.
  rounding: text('rounding'),
  unitMinutes: integer('unit_minutes'),
  roundingBasis: text('rounding_basis'),
  // 0022: per claim id (CLM01) of an 837P export, the rendering provider (2310B) it was sent with.
  renderingAsSent: jsonb('rendering_as_sent').$type<Record<string, { firstName: string; lastName: string; npi?: string }>>(),
});

export const claimExportLines = pgTable(
  'claim_export_lines',
  {
    exportId: uuid('export_id').notNull(),
    orgId: uuid('org_id').notNull(),
    lineId: uuid('line_id').notNull(),
    serviceDate: date('service_date', { mode: 'string' }).notNull(),
    units: integer('units').notNull(),
    chargeCents: integer('charge_cents').notNull(),
    // 0009_billing_export_lines.sql: the decision as typed columns and the facts of its units.
    claimId: text('claim_id'),
    memberId: text('member_id').notNull(),
    code: text('code').notNull(),
    modifiers: text('modifiers').array().notNull(),
    minutes: integer('minutes'),
    dayMinutes: integer('day_minutes'),
    countedUnits: integer('counted_units'),
    unitsEarned: integer('units_earned'),
    cappedAt: integer('capped_at'),
    explanation: jsonb('explanation').$type<{ en: string; es: string }>(),
    resubmission: boolean('resubmission').notNull(),
    voidedAt: ts('voided_at'),
    voidedBy: uuid('voided_by'),
    voidReason: text('void_reason'),
  },
  (t) => [primaryKey({ columns: [t.lineId, t.exportId] })],
);

// 0016_billing_void_claims.sql: one row per void claim sent (CLM05-3 = 8, REF*F8 the claim voided).
export const claimVoids = pgTable(
  'claim_voids',
  {
    orgId: uuid('org_id').notNull(),
    exportId: uuid('export_id').notNull(),
    claimId: text('claim_id').notNull(),
    voidedExportId: uuid('voided_export_id').notNull(),
    voidedClaimId: text('voided_claim_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.voidedExportId, t.voidedClaimId] })],
);
