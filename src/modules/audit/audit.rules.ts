import { canonicalJson, hmacHex } from '../../core/crypto.ts';
import { DAY_MINUTES, localToUtcMinute, referenceWeekStart, zoneWeek } from '../matching/timezone.ts';

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
  /** 1 for events stored before 0030; 2 (microsecond time) for every event written since. */
  hashVersion: number;
  /**
   * The time as PostgreSQL stores it, to the microsecond (`2026-12-06T05:20:00.123456Z`); read
   * from the database when verifying. Absent: taken from `occurredAt`.
   */
  occurredAtUs?: string;
}

/**
 * The instant a `from` or `to` of the trail's list stands for. A bare date is the organization's
 * day (its "to March 1" includes that evening, when the UTC day is already March 2): from its first
 * instant through its last millisecond, a DST change that day included. A date-time keeps its offset.
 */
export const listBound = (value: string, side: 'from' | 'to', timeZone: string): Date => {
  if (value.length !== 10) return new Date(value);
  const week = referenceWeekStart(value);
  const zw = zoneWeek(timeZone, week);
  const midnight = (Date.parse(`${value}T00:00:00Z`) - week) / 60_000; // local minute of the reference week
  return side === 'from'
    ? new Date(week + localToUtcMinute(zw, midnight) * 60_000)
    : new Date(week + localToUtcMinute(zw, midnight + DAY_MINUTES) * 60_000 - 1);
};

/** An instant to the microsecond, in the form `occurredAtUs` uses (a Date carries milliseconds). */
export const microsecondIso = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export const eventHash = (key: Buffer, prevHash: string, e: ChainedFields): string =>
  hmacHex(
    key,
    `${prevHash}\n${canonicalJson({
      id: e.id,
      chainId: e.chainId,
      chainSeq: e.chainSeq,
      orgId: e.orgId,
      // Version 2 hashes the time as stored, to the microsecond, and says it is version 2.
      occurredAt: e.hashVersion >= 2 ? (e.occurredAtUs ?? microsecondIso(e.occurredAt)) : e.occurredAt.toISOString(),
      ...(e.hashVersion >= 2 ? { v: e.hashVersion } : {}),
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
 * A signed head checkpoint (issue 18): where one chain stood at a moment, signed with a key
 * derived from the instance secret. The operator keeps these outside the database (their log
 * system, another host): someone with the database alone can delete the newest events and roll
 * the chain head back so the chain still verifies, but cannot make it reach a checkpointed head
 * again, nor sign a checkpoint of their own.
 */
export interface HeadCheckpoint {
  type: 'peerbridge-audit-checkpoint';
  chainId: string;
  orgId: string | null;
  eventCount: number;
  headHash: string;
  at: string;
  mac: string;
}

const checkpointKey = (auditKey: Buffer) => Buffer.from(hmacHex(auditKey, 'peerbridge audit head checkpoint v1'), 'hex');
const checkpointText = (c: Omit<HeadCheckpoint, 'mac' | 'type'>) =>
  canonicalJson({ chainId: c.chainId, orgId: c.orgId, eventCount: c.eventCount, headHash: c.headHash, at: c.at });

export const signCheckpoint = (auditKey: Buffer, c: { chainId: string; orgId: string | null; eventCount: number; headHash: string; at: Date }): HeadCheckpoint => {
  const body = { chainId: c.chainId, orgId: c.orgId, eventCount: c.eventCount, headHash: c.headHash, at: c.at.toISOString() };
  return { type: 'peerbridge-audit-checkpoint', ...body, mac: hmacHex(checkpointKey(auditKey), checkpointText(body)) };
};

export const checkpointSignatureOk = (auditKey: Buffer, c: HeadCheckpoint): boolean =>
  typeof c.mac === 'string' && hmacHex(checkpointKey(auditKey), checkpointText(c)) === c.mac;

/**
 * Checks events fed in chain order (per chain) and keeps the first break. `finish` compares the
 * recorded last links with what was seen, so deleting the newest events is caught too, and each
 * checkpoint with the chain: it must still have the checkpoint's event count, its event at that
 * position hashing to the checkpointed head (caught even when the heads were rolled back too).
 */
export const createChainVerifier = (key: Buffer, checkpoints: readonly HeadCheckpoint[] = []) => {
  const last = new Map<string, { seq: number; hash: string }>();
  // chain -> position -> the heads checkpointed there (several checkpoints may name one position)
  const wanted = new Map<string, Map<number, HeadCheckpoint[]>>();
  for (const c of checkpoints) {
    const at = wanted.get(c.chainId) ?? new Map<number, HeadCheckpoint[]>();
    at.set(c.eventCount, [...(at.get(c.eventCount) ?? []), c]);
    wanted.set(c.chainId, at);
  }
  const met = new Set<HeadCheckpoint>();
  let mismatch: ChainBreak | null = null;
  let checked = 0;
  const chainName = (c: HeadCheckpoint) => (c.orgId ? `organization ${c.orgId}` : 'the chain of events of no organization');
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
      for (const c of wanted.get(e.chainId)?.get(e.chainSeq) ?? []) {
        if (c.headHash === e.hash) met.add(c);
        else mismatch ??= fail(`${chainName(c)}: event ${e.chainSeq} is not the head checkpointed at ${c.at} (events replaced)`);
      }
      last.set(e.chainId, { seq: e.chainSeq, hash: e.hash });
      checked++;
      return null;
    },
    finish(heads: Map<string, { lastSeq: number; lastHash: string }>): ChainBreak | null {
      if (mismatch) return mismatch;
      for (const c of checkpoints) {
        if (met.has(c)) continue;
        const seen = last.get(c.chainId)?.seq ?? 0;
        return {
          seq: -1,
          id: '',
          chainId: c.chainId,
          problem: `${chainName(c)}: the chain ends at link ${seen}, but a checkpoint signed at ${c.at} recorded ${c.eventCount} events (events removed and the head rolled back)`,
        };
      }
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

/**
 * Reads a file of checkpoints (one JSON object a line, as `peerbridge audit checkpoint` appends
 * them; blank lines and other log lines without the checkpoint type are skipped). A line of the
 * checkpoint type that does not parse, or whose signature fails, is a problem: a forged or edited
 * checkpoint must not pass silently.
 */
export const parseCheckpoints = (auditKey: Buffer, text: string): { checkpoints: HeadCheckpoint[]; problems: string[] } => {
  const checkpoints: HeadCheckpoint[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const at = line.indexOf('{');
    if (at < 0 || !line.includes('peerbridge-audit-checkpoint')) return;
    try {
      const c = JSON.parse(line.slice(at)) as HeadCheckpoint;
      if (c.type !== 'peerbridge-audit-checkpoint') return;
      if (!Number.isInteger(c.eventCount) || typeof c.chainId !== 'string' || !checkpointSignatureOk(auditKey, c)) problems.push(`line ${i + 1}: the checkpoint's signature does not match (edited, or signed with another secret)`);
      else checkpoints.push(c);
    } catch {
      problems.push(`line ${i + 1}: not a readable checkpoint`);
    }
  });
  return { checkpoints, problems };
};
