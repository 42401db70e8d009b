import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { AppError, badRequest, forbidden, type FieldProblem } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import { chunked, segments837P, type Generate837PInput, type RenderingPeer, type Subscriber } from '../../interop/x12/837p.ts';
import { claimsToCsv } from '../../interop/x12/claims-csv.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { LineDecision, Lang } from './billing.decisions.ts';
import type { PayerType } from './billing.rules.ts';
import * as repo from './billing.repo.ts';
import type { BillingSettings, ClaimExportInput, ClaimExportView } from './billing.schemas.ts';
import { exclusionView, exportView } from './billing.views.ts';
import { buildClaimBatch, totalsOf, type ClaimBatch, type HeldClaim, type Exclusion } from './claims.rules.ts';

/*
 * The claims export use case (docs/ARCHITECTURE.md, "Claims export"): the range's service lines
 * billed in memory, held claims voided or replaced, the 837P or CSV written while PostgreSQL
 * stores the lines, all in one transaction.
 */

export interface ClaimExportResult {
  view: ClaimExportView;
  content: string;
}

/** What the export needs of the billing service: deciding lines with the organization's rules. */
export interface ClaimExportDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
  decideFor: (
    tx: Tx,
    orgId: string,
    lines: repo.BillingLineRow[],
    exportLines: repo.ExportLineRow[],
  ) => Promise<{ decisions: LineDecision[]; coverages: repo.CoverageRow[]; peers: Awaited<ReturnType<typeof repo.peerCertifications>>; settings: BillingSettings; timeZone: string }>;
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

export const createClaimExport = ({ db, audit, clock, decideFor }: ClaimExportDeps) => {
  const requireAdmin = (actor: Actor) => {
    if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Admins export claims.');
  };
  const failIf = (problems: FieldProblem[]) => {
    if (problems.length > 0) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, problems);
  };

  const exportClaims = async (actor: Actor, input: ClaimExportInput, lang: Lang): Promise<ClaimExportResult> => {
    requireAdmin(actor);
    failIf(input.from > input.to ? [{ field: 'body.to', message: 'The range must end on or after its start' }] : []);
    return db.tenant(actor.orgId!, async (tx) => {
      const payer = await repo.getPayer(tx, input.payerId);
      if (!payer) throw new AppError(404, 'not-found', 'Payer not found.', { errors: [{ field: 'body.payerId', message: 'No such payer' }] });
      await repo.lockOrg(tx, actor.orgId!);
      const rows = await repo.claimLinesInRange(tx, input.from, input.to);
      // One read gave each line with its active export line, or the claim it was released from.
      const lines: repo.BillingLineRow[] = rows;
      const everExported = new Set<string>();
      const released = new Set<string>();
      const originalClaim = new Map<string, string>();
      const onClaims: string[] = [];
      for (const r of rows) if (r.exported) onClaims.push(r.lineId);
      for (const l of onClaims) everExported.add(l);
      const active = new Set(onClaims);
      const releasedFrom = new Map<string, { exportId: string; claimId: string }>();
      for (const v of await repo.voidedLinesInRange(tx, input.from, input.to)) {
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
      const held = new Map<string, HeldClaim & { exportId: string; renderingAsSent: repo.HeldClaimRow['renderingAsSent'] }>();
      for (const r of await repo.heldClaims(tx, payer.id, input.from, input.to, [...releasedFrom.values()])) {
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
      const exportLines = (await repo.exportLinesOf(tx, onClaims.filter((l) => active.has(l)))).filter((l) => l.voidedAt === null);
      const { decisions, coverages, peers: rangePeers, settings, timeZone } = await decideFor(tx, actor.orgId!, lines, exportLines);

      if (input.format === '837p') {
        const missing: FieldProblem[] = [];
        if (!settings.billingProvider) missing.push({ field: 'settings.billingProvider', message: 'Record the billing provider (name, NPI, EIN, address, taxonomy) in the billing settings' });
        if (!settings.submitter) missing.push({ field: 'settings.submitter', message: 'Record the submitter (name, id, contact) in the billing settings' });
        if (!payer.x12PayerId) missing.push({ field: 'payer.x12PayerId', message: 'Record the payer id for X12 claims on the payer' });
        if (missing.length > 0) throw new AppError(409, 'billing-settings-incomplete', 'An 837P file needs the billing identity and the payer id.', { errors: missing });
      }

      const interchange = await repo.nextInterchangeControl(tx);
      let batch: ClaimBatch = buildClaimBatch({
        payerId: payer.id,
        from: input.from,
        to: input.to,
        batchId: `PB${interchange}`,
        encounters: decisions,
        alreadyExported: everExported,
        releasedForResubmission: released,
        originalClaimOf: originalClaim,
        heldClaims: [...held.values()],
      });

      // The 837P needs a birth date and a diagnosis for each subscriber: claims without them
      // are left out (and listed), never sent with invented data.
      const extraExcluded: Exclusion[] = [];
      const subscribers = new Map<string, Subscriber>();
      const renderingPeers = new Map<string, RenderingPeer>();
      const renderingOfClaim = new Map<string, RenderingPeer>();
      const renderingAsSent: Record<string, RenderingPeer> = {};
      if (input.format === '837p') {
        const coverageOf = new Map<string, repo.CoverageRow>();
        for (const c of coverages) if (c.payerId === payer.id && !coverageOf.has(`${c.participantId}|${c.memberId}`)) coverageOf.set(`${c.participantId}|${c.memberId}`, c);
        const people = new Map((await repo.participantsForClaims(tx, [...new Set(batch.claims.map((c) => c.participantId))])).map((p) => [p.id, p]));
        const keep = batch.claims.filter((claim) => {
          const p = people.get(claim.participantId);
          const coverage = coverageOf.get(`${claim.participantId}|${claim.memberId}`);
          const diagnoses = coverage?.diagnosisCodes.length ? coverage.diagnosisCodes : settings.defaultDiagnosisCode ? [settings.defaultDiagnosisCode] : [];
          const reason = !p?.birthDate ? 'missing-birth-date' : diagnoses.length === 0 ? 'missing-diagnosis' : null;
          if (reason !== null || !p) {
            for (const l of claim.lines) {
              extraExcluded.push({
                encounterId: l.encounterId,
                serviceDate: l.serviceDate,
                reason: reason as Exclusion['reason'],
                explanation:
                  reason === 'missing-birth-date'
                    ? { en: "The participant's birth date is not recorded; a claim needs it.", es: 'No consta la fecha de nacimiento del participante; la reclamación la necesita.' }
                    : { en: 'No diagnosis code on the coverage and no default in the billing settings.', es: 'No hay código de diagnóstico en la cobertura ni uno predeterminado en la configuración de facturación.' },
              });
            }
            return false;
          }
          const address = coverage?.subscriberAddress ?? settings.billingProvider!.address;
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
        // 2310B: the peer's NPI when the profile has one (NM108 XX, NM109), else the name alone.
        // A void claim's peer may have no line in this range.
        const known = new Set(rangePeers.map((p) => p.id));
        const others = [...new Set(batch.claims.map((c) => c.peerId))].filter((id) => !known.has(id));
        const peers = others.length === 0 ? rangePeers : [...rangePeers, ...(await repo.peerCertifications(tx, others))];
        for (const peer of peers) renderingPeers.set(peer.id, { ...splitName(peer.displayName), ...(peer.npi ? { npi: peer.npi } : {}) });
        // A void repeats the rendering provider its claim went out with, when that was kept (0022).
        for (const claim of batch.claims) {
          const asSent = claim.voidsClaimId === undefined ? null : heldByClaimId.get(claim.voidsClaimId)?.renderingAsSent;
          if (asSent) renderingOfClaim.set(claim.claimId, asSent);
          else if (claim.voidsClaimId === undefined) renderingAsSent[claim.claimId] = renderingPeers.get(claim.peerId)!;
        }
      }

      if (batch.claims.length === 0) {
        throw new AppError(400, 'nothing-to-export', `No billable encounters for ${payer.name} from ${input.from} to ${input.to}${batch.excluded.length > 0 ? ` (${batch.excluded.length} excluded)` : ''}. Nothing was exported.`, {
          errors: [{ field: 'body.from', message: 'No billable encounters in this range' }],
        });
      }

      const createdAt = clock();
      const id = randomUUID();
      const slug = payer.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'payer';
      const fileName = `claims-${slug}-${input.from}-${input.to}-${interchange}.${input.format === '837p' ? 'x12' : 'csv'}`;
      const excludedIds = new Set(batch.excluded.map((e) => e.encounterId));
      const byLine = new Map<string, LineDecision>();
      if (excludedIds.size > 0) for (const d of decisions) if (excludedIds.has(d.encounterId)) byLine.set(d.encounterId, d);
      const excluded = batch.excluded.map((e) => {
        const d = byLine.get(e.encounterId);
        return { encounterId: d?.line.encounterId ?? e.encounterId, participantId: d?.line.participantId ?? '', serviceDate: e.serviceDate, reason: e.reason, explanation: e.explanation };
      });
      const sent: repo.NewExportLine[] = [];
      // What this file tells the payer about claims it holds: the void claims it carries, and
      // the claims replaced (their lines still on them leave them now).
      const voidsSent: Array<{ claimId: string; voidedExportId: string; voidedClaimId: string }> = [];
      const voidedClaims: Array<{ exportId: string; claimId: string }> = [];
      const replacedClaims: Array<{ exportId: string; claimId: string }> = [];
      for (const claim of batch.claims) {
        if (claim.voidsClaimId !== undefined) {
          const original = heldByClaimId.get(claim.voidsClaimId)!;
          voidsSent.push({ claimId: claim.claimId, voidedExportId: original.exportId, voidedClaimId: original.claimId });
          voidedClaims.push({ exportId: original.exportId, claimId: original.claimId });
          // The lines of a void are not billed: they are not recorded as sent.
          continue;
        }
        const replaced = claim.replacesClaimId === undefined ? undefined : heldByClaimId.get(claim.replacesClaimId);
        if (replaced !== undefined) replacedClaims.push({ exportId: replaced.exportId, claimId: replaced.claimId });
        for (const l of claim.lines) {
          const basis = l.basis;
          sent.push({
            lineId: l.encounterId,
            serviceDate: l.serviceDate,
            units: l.units,
            chargeCents: l.chargeCents,
            claimId: claim.claimId,
            memberId: claim.memberId,
            code: l.code,
            modifiers: l.modifiers,
            minutes: basis?.minutes ?? null,
            dayMinutes: basis?.dayMinutes ?? null,
            countedUnits: basis?.countedUnits ?? null,
            unitsEarned: basis?.earned ?? null,
            cappedAt: basis?.dailyMaxUnits ?? null,
            resubmission: l.resubmission,
          });
        }
      }

      // The export row first (its file follows), then its lines: PostgreSQL stores the lines
      // while this process writes the file, and the file is stored last. One transaction, so a
      // file that cannot be written leaves nothing behind.
      await repo.insertExport(tx, {
        id,
        orgId: actor.orgId!,
        payerId: payer.id,
        fromDate: input.from,
        toDate: input.to,
        format: input.format,
        interchangeControl: interchange,
        fileName,
        content: '',
        totals: batch.totals,
        excluded,
        createdBy: actor.kind === 'user' ? actor.userId : null,
        createdAt,
        // Every line of this export was decided with the payer's rounding as it is now.
        rounding: payer.rounding,
        unitMinutes: payer.unitMinutes,
        roundingBasis: payer.roundingBasis,
        renderingAsSent: input.format === '837p' ? renderingAsSent : null,
      });
      
      // Before this export's lines go in (a line is on one active claim): lines still on a claim
      // voided or replaced now leave it, and the voids are recorded, so none is sent twice.
      const by = actor.kind === 'user' ? actor.userId : null;
      await repo.releaseClaimLines(tx, voidedClaims, by, `Its claim was voided (CLM05-3 = 8) by export ${id}.`, createdAt);
      await repo.releaseClaimLines(tx, replacedClaims, by, `Sent again on a replacement (CLM05-3 = 7) by export ${id}: a note of its claim was voided.`, createdAt);
      await repo.insertClaimVoids(tx, actor.orgId!, id, voidsSent);

      // Settled into a value at once, so a failure is never an unhandled rejection meanwhile.
      const linesStored = repo.insertExportLines(tx, id, actor.orgId!, sent).then(
        () => null,
        (e: unknown) => e,
      );
      let content: string;
      try {
        if (input.format === '837p') {
          const gen: Generate837PInput = {
            batch,
            submitter: settings.submitter!,
            receiver: { name: payer.x12ReceiverName ?? payer.name, id: payer.x12ReceiverId ?? payer.x12PayerId! },
            billingProvider: { ...settings.billingProvider!, address: { ...settings.billingProvider!.address, line2: settings.billingProvider!.address.line2 ?? undefined } as never },
            payer: { name: payer.name, payerId: payer.x12PayerId!, type: payer.type as PayerType, ...(payer.claimFilingIndicator ? { claimFilingIndicator: payer.claimFilingIndicator } : {}) },
            subscribers,
            renderingPeers,
            renderingOfClaim,
            control: { interchange, group: interchange, firstTransactionSet: 1 },
            createdAt,
            timeZone,
            reference: `PB${interchange}-`,
            lineBreak: '\n',
          };
          const parts: string[] = [];
          for (const part of chunked(segments837P(gen), 1 << 20)) {
            parts.push(part);
            // Let the event loop send the lines' statement and read its answer meanwhile.
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
          content = parts.join('');
        } else {
          content = claimsToCsv(batch);
        }
      } catch (e) {
        await linesStored;
        if (e instanceof RangeError) throw new AppError(409, 'claim-file-invalid', `The claim file could not be written: ${e.message}`);
        throw e;
      }
      
      const failed = await linesStored;
      if (failed !== null) throw failed;
      
      await repo.setExportContent(tx, id, content);
      
      await audit.record(tx, actor, {
        action: 'claims.export',
        entityType: 'claim_export',
        entityId: id,
        details: { payerId: payer.id, from: input.from, to: input.to, format: input.format, lines: batch.totals.lines, excluded: batch.totals.excluded, voidedClaims: voidsSent.map((v) => v.voidedClaimId) },
      });
      return {
        view: exportView({ id, payerId: payer.id, payerName: payer.name, fromDate: input.from, toDate: input.to, format: input.format, fileName, totals: batch.totals, createdAt, createdBy: actor.kind === 'user' ? actor.userId : null }, excluded.map((e) => exclusionView(e, lang))),
        content,
      };
    }, null, db.longStatements); // a long export: its own statement timeout
  };

  return exportClaims;
};
