import type { FieldProblem } from '../../core/errors.ts';
import { AppError } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import type { RenderingPeer, Subscriber } from '../../interop/x12/837p.ts';
import type { LineDecision } from './billing.decisions.ts';
import * as exportsRepo from './billing.exports.repo.ts';
import * as linesRepo from './billing.lines.repo.ts';
import * as repo from './billing.repo.ts';
import type { BillingSettings, ClaimExportInput } from './billing.schemas.ts';
import { heldReason } from './claim-readiness.rules.ts';
import { buildClaimBatch, totalsOf, type ClaimBatch, type Exclusion, type HeldClaim } from './claims.rules.ts';

/*
 * What an export of a payer and period would send, decided without writing anything: the claims
 * (with the voids and replacements of claims the payer holds), what is left out and why, and for
 * an 837P the subscribers and rendering providers. The export (billing.export.ts) writes this
 * plan; the preview (billing.preview.ts) only sums it, so both see the same notes.
 */

export type DecideFor = (
  tx: Tx,
  orgId: string,
  lines: linesRepo.BillingLineRow[],
  exportLines: exportsRepo.ExportLineRow[],
) => Promise<{ decisions: LineDecision[]; coverages: repo.CoverageRow[]; peers: Awaited<ReturnType<typeof linesRepo.peerCertifications>>; settings: BillingSettings; timeZone: string }>;

export type HeldPayerClaim = HeldClaim & { exportId: string; renderingAsSent: linesRepo.HeldClaimRow['renderingAsSent'] };

export interface ExcludedLine {
  encounterId: string;
  participantId: string;
  serviceDate: string;
  reason: string;
  explanation: { en: string; es: string };
}

export interface ClaimPlan {
  payer: repo.PayerRow;
  batch: ClaimBatch;
  /** Every excluded line with its participant, for the export record and the preview. */
  excluded: ExcludedLine[];
  heldByClaimId: Map<string, HeldPayerClaim>;
  subscribers: Map<string, Subscriber>;
  renderingPeers: Map<string, RenderingPeer>;
  renderingOfClaim: Map<string, RenderingPeer>;
  renderingAsSent: Record<string, RenderingPeer>;
  settings: BillingSettings;
  timeZone: string;
  /** What an 837P needs and the settings or payer lack (the export refuses with them; 409). */
  missingSettings: FieldProblem[];
  /** The rendering peers of the range and of the claims, with names (for the preview). */
  peerNames: Map<string, string>;
}

const GENDER: Array<[RegExp, 'F' | 'M']> = [
  [/^(f|female|woman|girl|mujer)$/i, 'F'],
  [/^(m|male|man|boy|hombre)$/i, 'M'],
];
const genderOf = (identity: string | null): 'F' | 'M' | 'U' => GENDER.find(([re]) => re.test((identity ?? '').trim()))?.[1] ?? 'U';

/** "James Running Bear" → first "James", last "Running Bear". */
const splitName = (displayName: string) => {
  const parts = displayName.trim().split(/\s+/);
  if (parts.length === 1) return { firstName: '', lastName: parts[0] ?? '' };
  return { firstName: parts[0] ?? '', lastName: parts.slice(1).join(' ') };
};

export const planClaims = async (tx: Tx, decideFor: DecideFor, orgId: string, input: ClaimExportInput, batchId: string): Promise<ClaimPlan> => {
  const payer = await repo.getPayer(tx, input.payerId);
  if (!payer) throw new AppError(404, 'not-found', 'Payer not found.', { errors: [{ field: 'body.payerId', message: 'No such payer' }] });
  const rows = await linesRepo.claimLinesInRange(tx, input.from, input.to);
  // One read gave each line with its active export line, or the claim it was released from.
  const lines: linesRepo.BillingLineRow[] = rows;
  const everExported = new Set<string>();
  const released = new Set<string>();
  const originalClaim = new Map<string, string>();
  const onClaims: string[] = [];
  for (const r of rows) if (r.exported) onClaims.push(r.lineId);
  for (const l of onClaims) everExported.add(l);
  const active = new Set(onClaims);
  const releasedFrom = new Map<string, { exportId: string; claimId: string }>();
  for (const v of await linesRepo.voidedLinesInRange(tx, input.from, input.to)) {
    if (active.has(v.lineId)) continue;
    everExported.add(v.lineId);
    released.add(v.lineId);
    if (v.claimId === '') continue;
    originalClaim.set(v.lineId, v.claimId);
    releasedFrom.set(`${v.exportId}|${v.claimId}`, { exportId: v.exportId, claimId: v.claimId });
  }
  // Claims the payer holds that this export may correct: those with a line of a note voided
  // without resubmission, each voided (CLM05-3 = 8) or replaced by the rest of its lines
  // (CLM05-3 = 7), and those lines of the range were released from for resubmission, each
  // replaced. A replacement goes out only when it carries every line of its claim that still
  // stands (`buildClaimBatch`); else the claim is voided. The active lines of these claims in
  // the range are taken off them here, in memory, to be billed again; they leave their claim
  // in the database only if it is replaced or voided.
  const held = new Map<string, HeldPayerClaim>();
  for (const r of await linesRepo.heldClaims(tx, payer.id, input.from, input.to, [...releasedFrom.values()])) {
    const key = `${r.exportId}|${r.claimId}`;
    let claim = held.get(key);
    if (claim === undefined) {
      claim = {
        exportId: r.exportId,
        claimId: r.claimId,
        participantId: r.participantId,
        memberId: r.memberId,
        peerId: r.peerId,
        placeOfService: r.placeOfService,
        noteVoided: r.noteVoided,
        renderingAsSent: r.renderingAsSent,
        lines: [],
      };
      held.set(key, claim);
    }
    (claim.lines as HeldClaim['lines'][number][]).push({
      encounterId: r.lineId,
      serviceDate: r.serviceDate,
      startedAt: r.startedAt,
      code: r.code,
      modifiers: r.modifiers,
      units: r.units,
      chargeCents: r.chargeCents,
      placeOfService: r.placeOfService,
      stands: r.stands,
    });
    if (r.active && active.has(r.lineId)) {
      active.delete(r.lineId);
      released.add(r.lineId);
      originalClaim.set(r.lineId, r.claimId);
    }
  }
  const heldByClaimId = new Map([...held.values()].map((c) => [c.claimId, c]));
  // The claim-level place and peer of a void are its first line's, as when it was grouped.
  for (const claim of held.values()) {
    const first = [...claim.lines].sort((a, b) => (a.serviceDate < b.serviceDate ? -1 : a.serviceDate > b.serviceDate ? 1 : Date.parse(a.startedAt) - Date.parse(b.startedAt)))[0]!;
    claim.placeOfService = first.placeOfService;
  }
  const exportLines = (await exportsRepo.exportLinesOf(tx, onClaims.filter((l) => active.has(l)))).filter((l) => l.voidedAt === null);
  const { decisions, coverages, peers: rangePeers, settings, timeZone } = await decideFor(tx, orgId, lines, exportLines);

  const missing: FieldProblem[] = [];
  if (input.format === '837p') {
    if (!settings.billingProvider) missing.push({ field: 'settings.billingProvider', message: 'Record the billing provider (name, NPI, EIN, address, taxonomy) in the billing settings' });
    if (!settings.submitter) missing.push({ field: 'settings.submitter', message: 'Record the submitter (name, id, contact) in the billing settings' });
    if (!payer.x12PayerId) missing.push({ field: 'payer.x12PayerId', message: 'Record the payer id for X12 claims on the payer' });
  }

  let batch: ClaimBatch = buildClaimBatch({
    payerId: payer.id,
    from: input.from,
    to: input.to,
    batchId,
    encounters: decisions,
    alreadyExported: everExported,
    releasedForResubmission: released,
    originalClaimOf: originalClaim,
    heldClaims: [...held.values()],
  });

  // 2310B: the peer's NPI when the profile has one (NM108 XX, NM109), else the name alone.
  // A void claim's peer may have no line in this range.
  const known = new Set(rangePeers.map((p) => p.id));
  const others = [...new Set(batch.claims.map((c) => c.peerId))].filter((id) => !known.has(id));
  const peers = others.length === 0 ? rangePeers : [...rangePeers, ...(await linesRepo.peerCertifications(tx, others))];
  const peerOf = new Map(peers.map((p) => [p.id, p]));
  const peerNames = new Map(peers.map((p) => [p.id, p.displayName]));

  // The 837P needs, for each claim, facts no one may invent (claim-readiness.rules.ts): a claim
  // without them is held, its lines listed with the reason, never sent with made-up data.
  const extraExcluded: Exclusion[] = [];
  const subscribers = new Map<string, Subscriber>();
  const renderingPeers = new Map<string, RenderingPeer>();
  const renderingOfClaim = new Map<string, RenderingPeer>();
  const renderingAsSent: Record<string, RenderingPeer> = {};
  if (input.format === '837p') {
    const coverageOf = new Map<string, repo.CoverageRow>();
    for (const c of coverages) if (c.payerId === payer.id && !coverageOf.has(`${c.participantId}|${c.memberId}`)) coverageOf.set(`${c.participantId}|${c.memberId}`, c);
    const people = new Map((await linesRepo.participantsForClaims(tx, [...new Set(batch.claims.map((c) => c.participantId))])).map((p) => [p.id, p]));
    const keep = batch.claims.filter((claim) => {
      const p = people.get(claim.participantId);
      const coverage = coverageOf.get(`${claim.participantId}|${claim.memberId}`);
      const diagnoses = coverage?.diagnosisCodes.length ? coverage.diagnosisCodes : settings.defaultDiagnosisCode ? [settings.defaultDiagnosisCode] : [];
      const address = coverage?.subscriberAddress ?? null;
      const peer = peerOf.get(claim.peerId);
      const held = heldReason({
        birthDate: p?.birthDate,
        diagnosisCodes: diagnoses,
        hasSubscriberAddress: address !== null,
        isVoid: claim.voidsClaimId !== undefined,
        payerRequiresRenderingNpi: payer.requiresRenderingNpi,
        peer: { displayName: peer?.displayName ?? '', npi: peer?.npi },
      });
      if (held !== null || !p || address === null) {
        for (const l of claim.lines) {
          extraExcluded.push({ encounterId: l.encounterId, serviceDate: l.serviceDate, reason: held!.reason, explanation: held!.explanation });
        }
        return false;
      }
      subscribers.set(claim.participantId, {
        firstName: p.givenName,
        lastName: p.familyName,
        birthDate: p.birthDate!,
        gender: genderOf(p.genderIdentity),
        address: { line1: address.line1, ...(address.line2 ? { line2: address.line2 } : {}), city: address.city, state: address.state, postalCode: address.postalCode.replace('-', '') },
        diagnosisCodes: diagnoses,
      });
      return true;
    });
    if (keep.length !== batch.claims.length) {
      batch = { ...batch, claims: keep, excluded: [...batch.excluded, ...extraExcluded], totals: totalsOf(keep, batch.excluded.length + extraExcluded.length) };
    }
    for (const peer of peers) renderingPeers.set(peer.id, { ...splitName(peer.displayName), ...(peer.npi ? { npi: peer.npi } : {}) });
    // A void repeats the rendering provider its claim went out with, when that was kept (0022).
    for (const claim of batch.claims) {
      const asSent = claim.voidsClaimId === undefined ? null : heldByClaimId.get(claim.voidsClaimId)?.renderingAsSent;
      if (asSent) renderingOfClaim.set(claim.claimId, asSent);
      else if (claim.voidsClaimId === undefined) renderingAsSent[claim.claimId] = renderingPeers.get(claim.peerId)!;
    }
  }

  const excludedIds = new Set(batch.excluded.map((e) => e.encounterId));
  const byLine = new Map<string, LineDecision>();
  if (excludedIds.size > 0) for (const d of decisions) if (excludedIds.has(d.encounterId)) byLine.set(d.encounterId, d);
  const excluded = batch.excluded.map((e) => {
    const d = byLine.get(e.encounterId);
    return { encounterId: d?.line.encounterId ?? e.encounterId, participantId: d?.line.participantId ?? '', serviceDate: e.serviceDate, reason: e.reason, explanation: e.explanation };
  });
  return { payer, batch, excluded, heldByClaimId, subscribers, renderingPeers, renderingOfClaim, renderingAsSent, settings, timeZone, missingSettings: missing, peerNames };
};
