import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { AppError, badRequest, forbidden, type FieldProblem } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import { chunked, segments837P, type Generate837PInput } from '../../interop/x12/837p.ts';
import { claimsToCsv } from '../../interop/x12/claims-csv.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Lang } from './billing.decisions.ts';
import type { PayerType } from './billing.rules.ts';
import * as exportsRepo from './billing.exports.repo.ts';
import { participantNames } from './billing.lines.repo.ts';
import * as repo from './billing.repo.ts';
import type { ClaimExportInput, ClaimExportView } from './billing.schemas.ts';
import { planClaims, type DecideFor } from './billing.plan.ts';
import { exclusionView, exportView } from './billing.views.ts';

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
  decideFor: DecideFor;
}

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
      await repo.lockOrg(tx, actor.orgId!);
      const interchange = await exportsRepo.nextInterchangeControl(tx);
      const plan = await planClaims(tx, decideFor, actor.orgId!, input, `PB${interchange}`);
      const { payer, batch, excluded, heldByClaimId, subscribers, renderingPeers, renderingOfClaim, renderingAsSent, settings, timeZone } = plan;
      if (plan.missingSettings.length > 0) {
        throw new AppError(409, 'billing-settings-incomplete', 'An 837P file needs the billing identity and the payer id.', { errors: plan.missingSettings });
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
      const sent: exportsRepo.NewExportLine[] = [];
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
      await exportsRepo.insertExport(tx, {
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
      await exportsRepo.releaseClaimLines(tx, voidedClaims, by, `Its claim was voided (CLM05-3 = 8) by export ${id}.`, createdAt);
      await exportsRepo.releaseClaimLines(tx, replacedClaims, by, `Sent again on a replacement (CLM05-3 = 7) by export ${id}: a note of its claim was voided.`, createdAt);
      await exportsRepo.insertClaimVoids(tx, actor.orgId!, id, voidsSent);

      // Settled into a value at once, so a failure is never an unhandled rejection meanwhile.
      const linesStored = exportsRepo.insertExportLines(tx, id, actor.orgId!, sent).then(
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
      
      await exportsRepo.setExportContent(tx, id, content);
      
      // The answer names whose notes were left out: the audit says whose.
      const names = await participantNames(tx, excluded.map((e) => e.participantId));
      await audit.record(tx, actor, {
        action: 'claims.export',
        entityType: 'claim_export',
        entityId: id,
        details: {
          payerId: payer.id,
          from: input.from,
          to: input.to,
          format: input.format,
          lines: batch.totals.lines,
          excluded: batch.totals.excluded,
          excludedParticipantIds: [...names.keys()],
          voidedClaims: voidsSent.map((v) => v.voidedClaimId),
        },
      });
      return {
        view: exportView({ id, payerId: payer.id, payerName: payer.name, fromDate: input.from, toDate: input.to, format: input.format, fileName, totals: batch.totals, createdAt, createdBy: actor.kind === 'user' ? actor.userId : null }, excluded.map((e) => exclusionView(e, lang, names))),
        content,
      };
    }, null, db.longStatements); // a long export: its own statement timeout
  };

  return exportClaims;
};
