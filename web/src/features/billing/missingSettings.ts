// What an 837P file needs and lacks (billing.plan.ts's missingSettings: the billing identity, the
// submitter, the payer's X12 id), each mapped to its words (billing.claims.missing.*); used by the
// preview (PreviewResult.tsx) and by the export's refusal (ClaimsPage.tsx).
export const MISSING: Record<string, string> = { 'settings.billingProvider': 'provider', 'settings.submitter': 'submitter', 'payer.x12PayerId': 'payerId' };
