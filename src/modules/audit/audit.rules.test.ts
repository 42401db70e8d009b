import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { canonicalJson, hmacHex } from '../../core/crypto.ts';
import { checkpointSignatureOk, createChainVerifier, eventHash, listBound, microsecondIso, signCheckpoint, type StoredEvent } from './audit.rules.ts';

const key = Buffer.alloc(32, 7);
const chainA = randomUUID();

const buildChain = (n: number, chainId = chainA, outcomeOf = (_i: number) => 'success', hashVersion = 1): StoredEvent[] => {
  const out: StoredEvent[] = [];
  let prev = '';
  for (let i = 1; i <= n; i++) {
    const e = {
      id: randomUUID(), chainId, chainSeq: i, orgId: chainId, occurredAt: new Date(1_700_000_000_000 + i * 1000),
      actorKind: 'user', actorId: randomUUID(), action: 'participant.read', entityType: 'participant',
      entityId: randomUUID(), sourceIp: '127.0.0.1', details: { fields: ['a', 'b'], n: i }, outcome: outcomeOf(i), hashVersion,
    };
    const hash = eventHash(key, prev, e);
    out.push({ ...e, seq: i, prevHash: prev, hash });
    prev = hash;
  }
  return out;
};

const verify = (events: StoredEvent[], heads = new Map<string, { lastSeq: number; lastHash: string }>()) => {
  const v = createChainVerifier(key);
  for (const e of events) {
    const broken = v.add(e);
    if (broken) return broken;
  }
  return v.finish(heads);
};

describe('audit hash chain', () => {
  it('an untouched chain verifies', () => {
    const events = buildChain(20);
    const last = events.at(-1)!;
    expect(verify(events, new Map([[chainA, { lastSeq: 20, lastHash: last.hash }]]))).toBeNull();
  });

  it('a changed detail is caught at that event', () => {
    const events = buildChain(10);
    events[4] = { ...events[4]!, details: { fields: ['a'], n: 5 } };
    expect(verify(events)).toMatchObject({ seq: 5, problem: 'its content does not match its hash' });
  });

  it('a removed event is caught at the next one', () => {
    const events = buildChain(10);
    events.splice(3, 1);
    expect(verify(events)?.seq).toBe(5);
  });

  it('removing the newest events is caught against the recorded head', () => {
    const events = buildChain(10);
    const head = { lastSeq: 10, lastHash: events[9]!.hash };
    expect(verify(events.slice(0, 8), new Map([[chainA, head]]))?.problem).toMatch(/events removed/);
  });

  it('a rehashed forgery fails without the key', () => {
    const events = buildChain(3);
    const forged = { ...events[1]!, action: 'user.read' };
    forged.hash = eventHash(Buffer.alloc(32, 9), forged.prevHash, forged);
    expect(verify([events[0]!, forged])?.seq).toBe(2);
  });

  it('a success hashes as events did before outcomes were kept (0026), so stored chains still verify', () => {
    const [e] = buildChain(1);
    const { seq: _s, prevHash: _p, hash, outcome: _o, hashVersion: _v, ...before } = e!;
    const json = canonicalJson({ ...before, occurredAt: before.occurredAt.toISOString() });
    expect(hash).toBe(hmacHex(key, `\n${json}`));
  });

  it('a denied event verifies, and turning it into a success (or a success into a denial) is caught', () => {
    const events = buildChain(4, chainA, (i) => (i === 2 ? 'denied' : 'success'));
    expect(verify(events)).toBeNull();
    expect(verify(events.map((e, i) => (i === 1 ? { ...e, outcome: 'success' } : e)))).toMatchObject({ seq: 2, problem: 'its content does not match its hash' });
    expect(verify(events.map((e, i) => (i === 2 ? { ...e, outcome: 'denied' } : e)))).toMatchObject({ seq: 3, problem: 'its content does not match its hash' });
  });

  it('chains of different organizations interleave freely', () => {
    const a = buildChain(3);
    const b = buildChain(3, randomUUID());
    expect(verify([a[0]!, b[0]!, b[1]!, a[1]!, a[2]!, b[2]!])).toBeNull();
  });
});

describe('version 2: the time to the microsecond (issue 18)', () => {
  it('a change below the millisecond breaks a version 2 link; version 1 events still verify as they were', () => {
    const v2 = buildChain(3, chainA, () => 'success', 2);
    expect(verify(v2)).toBeNull();
    // As PostgreSQL would return the stored time, to the microsecond.
    const stored = v2.map((e) => ({ ...e, occurredAtUs: microsecondIso(e.occurredAt) }));
    expect(verify(stored)).toBeNull();
    const nudged = stored.map((e, i) => (i === 1 ? { ...e, occurredAtUs: e.occurredAtUs.replace(/000Z$/, '417Z') } : e));
    expect(verify(nudged)).toMatchObject({ seq: 2, problem: 'its content does not match its hash' });
    // Passing a version 2 event off as version 1 breaks it too.
    expect(verify(stored.map((e, i) => (i === 2 ? { ...e, hashVersion: 1 } : e)))).toMatchObject({ seq: 3 });
    expect(verify(buildChain(3))).toBeNull();
  });
});

describe('signed head checkpoints (issue 18)', () => {
  const events = buildChain(5);
  const at = new Date('2026-12-06T05:00:00Z');
  const cp = signCheckpoint(key, { chainId: chainA, orgId: chainA, eventCount: 5, headHash: events[4]!.hash, at });

  it('a checkpoint verifies with the key and fails when any of its figures changes', () => {
    expect(checkpointSignatureOk(key, cp)).toBe(true);
    expect(checkpointSignatureOk(key, { ...cp, eventCount: 4 })).toBe(false);
    expect(checkpointSignatureOk(Buffer.alloc(32, 8), cp)).toBe(false);
  });

  it('the verifier fails when the chain no longer reaches a checkpointed head, naming the chain', () => {
    const v = createChainVerifier(key, [cp]);
    for (const e of events.slice(0, 3)) expect(v.add(e)).toBeNull();
    // The head rolled back to link 3 with the events: the recorded heads agree, the checkpoint does not.
    expect(v.finish(new Map([[chainA, { lastSeq: 3, lastHash: events[2]!.hash }]]))).toMatchObject({ chainId: chainA, problem: expect.stringContaining('checkpoint') });
    const whole = createChainVerifier(key, [cp]);
    for (const e of events) whole.add(e);
    expect(whole.finish(new Map([[chainA, { lastSeq: 5, lastHash: events[4]!.hash }]]))).toBeNull();
  });
});


describe("the list's from and to", () => {
  const bounds = (day: string, zone: string) => [listBound(day, 'from', zone).toISOString(), listBound(day, 'to', zone).toISOString()];

  it("read a bare date as the organization's day, not the UTC day", () => {
    expect(bounds('2026-03-01', 'America/New_York')).toEqual(['2026-03-01T05:00:00.000Z', '2026-03-02T04:59:59.999Z']);
    expect(bounds('2026-12-06', 'Pacific/Auckland')).toEqual(['2026-12-05T11:00:00.000Z', '2026-12-06T10:59:59.999Z']);
    expect(bounds('2026-03-02', 'Asia/Kolkata')).toEqual(['2026-03-01T18:30:00.000Z', '2026-03-02T18:29:59.999Z']);
    expect(bounds('2026-03-01', 'UTC')).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-01T23:59:59.999Z']);
  });

  it('keep a day whole across a DST change, also one that skips midnight', () => {
    // Sundays, the last day of their reference week: 23 and 25 hours in New York.
    expect(bounds('2026-03-08', 'America/New_York')).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T03:59:59.999Z']);
    expect(bounds('2026-11-01', 'America/New_York')).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T04:59:59.999Z']);
    // Santiago's clocks go from 00:00 to 01:00 on September 6, 2026: the day starts at 01:00.
    expect(bounds('2026-09-06', 'America/Santiago')).toEqual(['2026-09-06T04:00:00.000Z', '2026-09-07T02:59:59.999Z']);
  });

  it('keep a date-time as it is', () => {
    expect(listBound('2026-03-01T22:30:00-05:00', 'to', 'Asia/Tokyo').toISOString()).toBe('2026-03-02T03:30:00.000Z');
    expect(listBound('2026-03-01T00:00:00Z', 'from', 'America/New_York').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});
