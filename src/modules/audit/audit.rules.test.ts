import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { canonicalJson, hmacHex } from '../../core/crypto.ts';
import { createChainVerifier, eventHash, type StoredEvent } from './audit.rules.ts';

const key = Buffer.alloc(32, 7);
const chainA = randomUUID();

const buildChain = (n: number, chainId = chainA, outcomeOf = (_i: number) => 'success'): StoredEvent[] => {
  const out: StoredEvent[] = [];
  let prev = '';
  for (let i = 1; i <= n; i++) {
    const e = {
      id: randomUUID(), chainId, chainSeq: i, orgId: chainId, occurredAt: new Date(1_700_000_000_000 + i * 1000),
      actorKind: 'user', actorId: randomUUID(), action: 'participant.read', entityType: 'participant',
      entityId: randomUUID(), sourceIp: '127.0.0.1', details: { fields: ['a', 'b'], n: i }, outcome: outcomeOf(i),
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
    const { seq: _s, prevHash: _p, hash, outcome: _o, ...before } = e!;
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
