import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Lang } from './billing.decisions.ts';
import { planClaims, type DecideFor } from './billing.plan.ts';
import * as linesRepo from './billing.lines.repo.ts';
import type { ClaimPreviewQuery, ClaimPreviewView } from './billing.schemas.ts';
import { exclusionView } from './billing.views.ts';
import type { Claim } from './claims.rules.ts';

/*
 * The billing preview (issue 19): the totals an export of a payer and period would have now, by
 * participant and by peer, with what it would leave out and why. It runs the export's own plan
 * (billing.plan.ts) and writes nothing but its audit event: no export, no interchange number, no
 * note taken off the next export.
 */

export interface ClaimPreviewDeps {
  db: Database;
  audit: AuditService;
  decideFor: DecideFor;
}

type Sum = { claims: number; lines: number; units: number; chargeCents: number };
const zero = (): Sum => ({ claims: 0, lines: 0, units: 0, chargeCents: 0 });
const add = (s: Sum, claim: Claim) => {
  s.claims++;
  s.lines += claim.lines.length;
  for (const l of claim.lines) s.units += l.units;
  s.chargeCents += claim.totalChargeCents;
};
const byCharge = <T extends Sum & { name: string }>(rows: T[]) => rows.sort((a, b) => b.chargeCents - a.chargeCents || a.name.localeCompare(b.name));

export const createClaimPreview = ({ db, audit, decideFor }: ClaimPreviewDeps) => async (actor: Actor, q: ClaimPreviewQuery, lang: Lang): Promise<ClaimPreviewView> => {
  if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Admins preview and export claims.');
  if (q.from > q.to) throw badRequest('Check query.to.', [{ field: 'query.to', message: 'The range must end on or after its start' }]);
  return db.tenant(actor.orgId!, async (tx) => {
    const plan = await planClaims(tx, decideFor, actor.orgId!, q, 'PREVIEW');
    // Voids repeat claims sent before: they cancel, they bill nothing, so they are not summed here.
    const billed = plan.batch.claims.filter((c) => c.voidsClaimId === undefined);
    const names = await linesRepo.participantNames(tx, [...billed.map((c) => c.participantId), ...plan.excluded.map((e) => e.participantId)]);
    const byParticipant = new Map<string, Sum>();
    const byPeer = new Map<string, Sum>();
    for (const claim of billed) {
      if (!byParticipant.has(claim.participantId)) byParticipant.set(claim.participantId, zero());
      if (!byPeer.has(claim.peerId)) byPeer.set(claim.peerId, zero());
      add(byParticipant.get(claim.participantId)!, claim);
      add(byPeer.get(claim.peerId)!, claim);
    }
    const participantIds = [...byParticipant.keys()];
    // Whose records the preview showed: those billed, and (by name) those whose notes it leaves out.
    await audit.record(tx, actor, {
      action: 'claims.preview',
      entityType: 'payer',
      entityId: plan.payer.id,
      details: { from: q.from, to: q.to, format: q.format, lines: plan.batch.totals.lines, excluded: plan.batch.totals.excluded, participantIds: [...names.keys()] },
    });
    return {
      payerId: plan.payer.id,
      payerName: plan.payer.name,
      from: q.from,
      to: q.to,
      format: q.format,
      totals: plan.batch.totals,
      byParticipant: byCharge(
        participantIds.map((id) => ({ participantId: id, name: names.get(id) ?? '', ...byParticipant.get(id)! })),
      ),
      byPeer: byCharge([...byPeer].map(([id, s]) => ({ peerId: id, name: plan.peerNames.get(id) ?? '', ...s }))),
      excluded: plan.excluded.map((e) => exclusionView(e, lang, names)),
      missingSettings: plan.missingSettings,
    };
  });
};
