import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Tx } from '../../db/client.ts';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { parseCheckpoints } from './audit.rules.ts';

/**
 * Issue 18: a database superuser could delete an organization's newest audit events and roll its
 * chain head back, and `audit verify` passed. Signed head checkpoints kept outside the database
 * catch it; the time of new events is hashed to the microsecond.
 */
let t: TestApp;
let admin: TestUser;
let bystander: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'Checkpoint Agency');
  bystander = await createOrgWithUser(t, 'admin', 'Bystander Agency');
});
afterAll(() => t?.close());

/** What a superuser can do on the database host: switch the append-only triggers off for a moment. */
const asSuperuser = <T>(fn: (tx: Tx) => Promise<T>) =>
  t.database.db.owner(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    return fn(tx);
  });

const headOf = async (orgId: string) =>
  (await t.database.db.owner(async (tx) => rowsOf<{ last_seq: string; last_hash: string }>(await tx.execute(sql`select last_seq::text, last_hash from audit_chain_heads where chain_id = ${orgId}::uuid`))))[0]!;

describe('audit head checkpoints', () => {
  it('truncating a chain and rolling its head back passes a plain verify, and fails verify with checkpoints, naming the organization', async () => {
    for (let i = 0; i < 3; i++) await addUser(t, admin.orgId, 'peer');
    const checkpoints = await t.services.audit.checkpoints();
    const mine = checkpoints.find((c) => c.orgId === admin.orgId)!;
    expect(mine.eventCount).toBeGreaterThan(3);
    // The checkpoint as the operator keeps it: JSON lines, here inside another log's lines.
    const file = ['2026-12-06T05:00:00Z cron: audit checkpoint', ...checkpoints.map((c) => `peerbridge: ${JSON.stringify(c)}`)].join('\n');
    const kept = parseCheckpoints(t.services.keys.audit, file);
    expect(kept.problems).toEqual([]);
    expect(kept.checkpoints).toHaveLength(checkpoints.length);
    for (let i = 0; i < 2; i++) await addUser(t, bystander.orgId, 'peer');
    expect((await t.services.audit.verify(kept.checkpoints)).ok).toBe(true);

    // The superuser deletes the organization's last two checkpointed events and rolls the head back.
    const keep = mine.eventCount - 2;
    await asSuperuser(async (tx) => {
      const [kept] = rowsOf<{ hash: string }>(await tx.execute(sql`select hash from audit_events where chain_id = ${admin.orgId}::uuid and chain_seq = ${keep}`));
      await tx.execute(sql`delete from audit_events where chain_id = ${admin.orgId}::uuid and chain_seq > ${keep}`);
      await tx.execute(sql`update audit_chain_heads set last_seq = ${keep}, last_hash = ${kept!.hash} where chain_id = ${admin.orgId}::uuid`);
    });
    expect(Number((await headOf(admin.orgId)).last_seq)).toBe(keep);
    // Without checkpoints the removal cannot be seen: the chain and its head agree.
    expect((await t.services.audit.verify()).ok).toBe(true);
    const r = await t.services.audit.verify(kept.checkpoints);
    expect(r.ok).toBe(false);
    expect(r.first).toMatchObject({ chainId: admin.orgId });
    expect(r.first!.problem).toContain(`organization ${admin.orgId}`);
    expect(r.first!.problem).toContain(`recorded ${mine.eventCount} events`);
  });

  it('a forged or edited checkpoint is refused, not ignored', () => {
    const line = JSON.stringify({ type: 'peerbridge-audit-checkpoint', chainId: admin.orgId, orgId: admin.orgId, eventCount: 1, headHash: 'x', at: new Date().toISOString(), mac: '00' });
    expect(parseCheckpoints(t.services.keys.audit, line).problems).toEqual([expect.stringContaining('signature does not match')]);
  });

  it("admins read their organization's signed head by the API; other roles cannot", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-checkpoint', headers: { authorization: bystander.auth } });
    expect(res.statusCode).toBe(200);
    const cp = res.json();
    const head = await headOf(bystander.orgId);
    expect(cp).toMatchObject({ type: 'peerbridge-audit-checkpoint', orgId: bystander.orgId, eventCount: Number(head.last_seq), headHash: head.last_hash });
    expect(parseCheckpoints(t.services.keys.audit, JSON.stringify(cp))).toEqual({ checkpoints: [cp], problems: [] });
    const peer = await addUser(t, bystander.orgId, 'peer');
    expect(problemOf(await t.app.inject({ method: 'GET', url: '/api/v1/audit-checkpoint', headers: { authorization: peer.auth } })).status).toBe(403);
  });
});

describe('the time of an event, to the microsecond', () => {
  it('moving a new event by one microsecond breaks verification', async () => {
    const fresh = await createOrgWithUser(t, 'admin', 'Microsecond Agency');
    const [event] = await t.database.db.owner(async (tx) =>
      rowsOf<{ id: string; hash_version: number }>(await tx.execute(sql`select id, hash_version from audit_events where chain_id = ${fresh.orgId}::uuid order by chain_seq desc limit 1`)),
    );
    expect(event!.hash_version).toBe(2);
    const before = await t.services.audit.verify();
    await asSuperuser((tx) => tx.execute(sql`update audit_events set occurred_at = occurred_at + interval '1 microsecond' where id = ${event!.id}::uuid`));
    const after = await t.services.audit.verify();
    expect(before.ok).toBe(true);
    expect(after.ok).toBe(false);
    expect(after.first).toMatchObject({ id: event!.id, problem: 'its content does not match its hash' });
  });
});
