import { canonicalJson, hmacHex } from '../../core/crypto.ts';

/**
 * The audit trail's hash chain (HIPAA 45 CFR 164.312(b) audit controls; tamper evidence).
 * Each organization's events form one chain; events of no organization use the nil chain.
 * hash_n = HMAC(auditKey, hash_{n-1} + "\n" + canonical(event_n)); hash_0's predecessor is "".
 * Changing, removing or reordering any event breaks every later link, and without the instance
 * secret nobody can recompute a chain that verifies.
 */
export const NIL_CHAIN = '00000000-0000-0000-0000-000000000000';

/**
 * What became of the recorded action: it went through, or it was refused (a denied attempt to
 * read or change a record, 45 CFR 164.312(b); FHIR AuditEvent.outcome).
 */
export const AUDIT_OUTCOMES = ['success', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface ChainedFields {
  id: string;
  chainId: string;
  chainSeq: number;
  orgId: string | null;
  occurredAt: Date;
  actorKind: string;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  sourceIp: string | null;
  details: Record<string, unknown>;
  outcome: string;
}

export const eventHash = (key: Buffer, prevHash: string, e: ChainedFields): string =>
  hmacHex(
    key,
    `${prevHash}\n${canonicalJson({
      id: e.id,
      chainId: e.chainId,
      chainSeq: e.chainSeq,
      orgId: e.orgId,
      occurredAt: e.occurredAt.toISOString(),
      actorKind: e.actorKind,
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      sourceIp: e.sourceIp,
      details: e.details,
      // Covered only when not 'success': the events stored before outcomes were kept (0026) hash
      // as they did, and turning a denied event into a success, or back, breaks its link.
      ...(e.outcome !== 'success' ? { outcome: e.outcome } : {}),
    })}`,
  );

export interface StoredEvent extends ChainedFields {
  seq: number;
  prevHash: string;
  hash: string;
}

export type ChainBreak = { seq: number; id: string; chainId: string; problem: string };

/**
 * Checks events fed in chain order (per chain) and keeps the first break. `finish` compares the
 * recorded last links with what was seen, so deleting the newest events is caught too.
 */
export const createChainVerifier = (key: Buffer) => {
  const last = new Map<string, { seq: number; hash: string }>();
  let checked = 0;
  return {
    get checked() {
      return checked;
    },
    add(e: StoredEvent): ChainBreak | null {
      const prev = last.get(e.chainId) ?? { seq: 0, hash: '' };
      const fail = (problem: string) => ({ seq: e.seq, id: e.id, chainId: e.chainId, problem });
      if (e.chainSeq !== prev.seq + 1) return fail(`expected link ${prev.seq + 1} of its chain, found ${e.chainSeq}`);
      if (e.prevHash !== prev.hash) return fail('its link to the previous event does not match');
      if (eventHash(key, e.prevHash, e) !== e.hash) return fail('its content does not match its hash');
      last.set(e.chainId, { seq: e.chainSeq, hash: e.hash });
      checked++;
      return null;
    },
    finish(heads: Map<string, { lastSeq: number; lastHash: string }>): ChainBreak | null {
      for (const [chainId, head] of heads) {
        const seen = last.get(chainId) ?? { seq: 0, hash: '' };
        if (seen.seq !== head.lastSeq || seen.hash !== head.lastHash) {
          return { seq: -1, id: '', chainId, problem: `the chain ends at link ${seen.seq} but ${head.lastSeq} were recorded (events removed)` };
        }
      }
      return null;
    },
  };
};
