import { api } from '../../app/api';

/** The billing module's contracts as the web app sees them (src/modules/billing/billing.schemas.ts). */

export const PAYER_TYPES = ['medicaid', 'medicare', 'grant', 'other'] as const;
export type PayerType = (typeof PAYER_TYPES)[number];
export const ROUNDING_RULES = ['cms-8-minute', 'full-unit'] as const;
export const ROUNDING_BASES = ['encounter', 'day'] as const;
export const PAYER_MODALITIES = ['in-person', 'phone', 'video', 'text'] as const;

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ModifierRule {
  modifier: string;
  when: { encounterType?: string; program?: string; modality?: string; placeOfService?: string };
}

/** `Payer` in the OpenAPI document; money in integer cents. */
export interface Payer {
  id: string;
  name: string;
  type: PayerType;
  serviceCode: string;
  unitMinutes: number;
  rounding: (typeof ROUNDING_RULES)[number];
  roundingBasis: (typeof ROUNDING_BASES)[number];
  dailyMaxUnits: number | null;
  ratePerUnit: number;
  placesOfService: string[];
  modalities: string[];
  requiresCosign: boolean;
  modifierRules: ModifierRule[];
  x12PayerId: string | null;
  x12ReceiverId: string | null;
  x12ReceiverName: string | null;
  claimFilingIndicator: string | null;
  requiresRenderingNpi: boolean;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export type PayerInput = Pick<
  Payer,
  | 'name'
  | 'type'
  | 'serviceCode'
  | 'unitMinutes'
  | 'rounding'
  | 'roundingBasis'
  | 'dailyMaxUnits'
  | 'ratePerUnit'
  | 'placesOfService'
  | 'modalities'
  | 'requiresCosign'
  | 'x12PayerId'
  | 'requiresRenderingNpi'
  | 'active'
>;

export interface Coverage {
  id: string;
  participantId: string;
  payerId: string;
  payerName: string;
  memberId: string;
  startDate: string;
  endDate: string | null;
  diagnosisCodes: string[];
  subscriberAddress: unknown;
  createdAt: string;
}

/** A note on a claim of a payer the coverages no longer pick for its date (`ClaimToCorrect`). */
export interface ClaimToCorrect {
  encounterId: string;
  serviceDate: string;
  exportId: string;
  claimId: string | null;
  sentToPayerId: string;
  sentToPayerName: string;
  nowPayerId: string | null;
  nowPayerName: string | null;
}

/** The answer to recording or changing a coverage (`CoverageChange`). */
export type CoverageChange = Coverage & { claimsToCorrect: ClaimToCorrect[] };

export interface CoverageInput {
  payerId: string;
  memberId: string;
  startDate: string;
  endDate: string | null;
  diagnosisCodes: string[];
}

export interface Exclusion {
  encounterId: string;
  participantId: string;
  /** '' for a participant no longer on file. */
  participantName: string;
  serviceDate: string;
  reason: string;
  explanation: string;
}

export interface ClaimExport {
  id: string;
  payerId: string;
  payerName: string;
  from: string;
  to: string;
  format: '837p' | 'csv';
  fileName: string;
  downloadUrl: string;
  totals: {
    claims: number;
    lines: number;
    units: number;
    chargeCents: number;
    excluded: number;
    /** Void claims (CLM05-3 = 8) of the file: earlier claims it cancels at the payer. */
    voids: { claims: number; lines: number; units: number; chargeCents: number };
  };
  excluded: Exclusion[];
  createdAt: string;
  createdBy: string | null;
}

const enc = encodeURIComponent;

export const billingKeys = {
  payers: ['billing', 'payers'] as const,
  coverages: (participantId: string) => ['billing', 'coverages', participantId] as const,
  exports: ['billing', 'exports'] as const,
  export: (id: string) => ['billing', 'export', id] as const,
};

export const listPayers = () => api<Paged<Payer>>('/payers', { query: { page: 1, pageSize: 200 } });
export const createPayer = (input: PayerInput) => api<Payer>('/payers', { method: 'POST', body: input });
export const updatePayer = (id: string, patch: Partial<PayerInput>) => api<Payer>(`/payers/${enc(id)}`, { method: 'PATCH', body: patch });

export const listCoverages = (participantId: string) =>
  api<{ items: Coverage[] }>(`/participants/${enc(participantId)}/coverages`).then((r) => r.items);
export const addCoverage = (participantId: string, input: CoverageInput) =>
  api<CoverageChange>(`/participants/${enc(participantId)}/coverages`, { method: 'POST', body: input });
/** Ends (or reopens, with null) a coverage; the payer stays. */
export const updateCoverage = (participantId: string, coverageId: string, patch: { endDate?: string | null; memberId?: string; diagnosisCodes?: string[] }) =>
  api<CoverageChange>(`/participants/${enc(participantId)}/coverages/${enc(coverageId)}`, { method: 'PATCH', body: patch });

export const listExports = () => api<Paged<ClaimExport>>('/claims/exports', { query: { page: 1, pageSize: 50 } });
export const getExport = (id: string) => api<ClaimExport>(`/claims/exports/${enc(id)}`);
/** `ClaimPreview`: what an export would bill now, by participant and peer; exports nothing. */
export interface ClaimPreview {
  payerId: string;
  payerName: string;
  from: string;
  to: string;
  format: '837p' | 'csv';
  totals: ClaimExport['totals'];
  byParticipant: Array<{ participantId: string; name: string; claims: number; lines: number; units: number; chargeCents: number }>;
  byPeer: Array<{ peerId: string; name: string; claims: number; lines: number; units: number; chargeCents: number }>;
  excluded: Exclusion[];
  missingSettings: Array<{ field: string; message: string }>;
}

export const previewClaims = (input: { payerId: string; from: string; to: string; format: '837p' | 'csv' }) =>
  api<ClaimPreview>('/billing/preview', { query: input });
export const createExport = (input: { payerId: string; from: string; to: string; format: '837p' | 'csv' }) =>
  api<ClaimExport>('/claims/exports', { method: 'POST', body: input });

/** Dollars typed by a person ("17.50") to integer cents, or null when it is not an amount. */
export function centsOf(text: string): number | null {
  const v = text.trim().replace(/^\$/, '');
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return null;
  const [whole, frac = ''] = v.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export const dollarsOf = (cents: number): string => (cents / 100).toFixed(2);

export interface PostalAddress {
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  postalCode: string;
}

/** `BillingSettings`: who bills (837P loop 2010AA), who submits (1000A), the funding order. */
export interface BillingSettings {
  fundingOrder: string[];
  billingProvider: { name: string; npi: string; taxId: string; taxonomy: string; address: PostalAddress } | null;
  submitter: { name: string; id: string; contactName: string; phone: string } | null;
  defaultDiagnosisCode: string | null;
}

export const billingSettingsKey = ['billing', 'settings'] as const;
export const getBillingSettings = () => api<BillingSettings>('/billing/settings');
export const putBillingSettings = (s: BillingSettings) => api<BillingSettings>('/billing/settings', { method: 'PUT', body: s });
