import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, signIn, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import type { ImportRun, ImportRunDetail } from './directory.schemas.ts';

// Issue 19: the import history. A 211 export is imported each night from the command line; the
// operator sees on the import page when each run was, what it changed and how many problems it
// had, and the row report of each source's latest run (0051 keeps that one).
let t: TestApp;
let admin: TestUser;
let peer: TestUser;
const system = systemActor('test');
let operator: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createOrgWithUser(t, 'admin', 'History Agency');
  peer = await addUser(t, admin.orgId, 'peer');
  const op = await createOrgWithUser(t, 'admin', 'Instance operators');
  await t.services.identity.setInstanceOperator(system, { email: op.email }, true);
  operator = await signIn(t.app, op.email);
});
afterAll(() => t?.close());

const asOperator = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: operator.cookie, 'x-csrf-token': operator.csrf }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const asUser = (user: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: user.auth } });

const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** A feed with a warning (a phone of a service not in the file: an error) and a service renamed on demand. */
const feed = (serviceName: string) => ({
  'organizations.csv': `id,name,description\n${U(1)},Harbor Org,An organization\n`,
  'services.csv': `id,organization_id,name,description,status\n${U(11)},${U(1)},${serviceName},Food,active\n`,
  'phones.csv': `id,service_id,number\n${U(21)},${U(11)},(312) 555-0101\n${U(22)},${U(99)},(312) 555-0199\n`,
});

describe('the import history', () => {
  it('lists runs newest first, from the page or the command line, with what each changed; the latest run of each source keeps its report', async () => {
    const first = await asOperator('POST', '/api/v1/directory/imports?source=nightly-211', { files: feed('Harbor Pantry') });
    expect(first.statusCode).toBe(200);
    // The next night, from the command line: the same files (nothing changes), then a renamed service.
    const same = await t.services.directory.importDirectory(systemActor('cli'), { files: feed('Harbor Pantry') }, { source: 'nightly-211' });
    expect(same.sourceUnchanged).toBe(true);
    const renamed = await t.services.directory.importDirectory(systemActor('cli'), { files: feed('Harbor Food Pantry') }, { source: 'nightly-211' });
    // Another source's run keeps its own report.
    const other = await t.services.directory.importDirectory(systemActor('cli'), { files: { 'services.csv': `id,name,description,status\n${U(31)},Crisis Line,Calls,active\n` } }, { source: 'county-crisis' });

    const res = await asOperator('GET', '/api/v1/directory/imports');
    expect(res.statusCode).toBe(200);
    const runs = (res.json() as { runs: ImportRun[] }).runs;
    expect(runs.map((r) => r.id)).toEqual([other.importId, renamed.importId, same.importId, first.json().importId]);
    const [crisis, night3, night2, night1] = runs as [ImportRun, ImportRun, ImportRun, ImportRun];
    expect(night1).toMatchObject({ source: 'nightly-211', format: first.json().format, ranFrom: 'web', errors: 1, reportKept: false });
    expect(night1.counts['service']).toEqual({ inserted: 1, updated: 0, unchanged: 0, removed: 0 });
    expect(night2).toMatchObject({ ranFrom: 'cli', errors: 1, reportKept: false });
    expect(night2.counts['service']).toEqual({ inserted: 0, updated: 0, unchanged: 1, removed: 0 });
    expect(night3).toMatchObject({ ranFrom: 'cli', reportKept: true });
    expect(night3.counts['service']).toEqual({ inserted: 0, updated: 1, unchanged: 0, removed: 0 });
    expect(crisis).toMatchObject({ source: 'county-crisis', reportKept: true });
    expect(Date.parse(night3.finishedAt)).toBeGreaterThanOrEqual(Date.parse(night3.startedAt));

    // The latest run of the source, with its report: the phone of a service not in the file.
    const detail = (await asOperator('GET', `/api/v1/directory/imports/${renamed.importId}`)).json() as ImportRunDetail;
    expect(detail.report).toEqual(renamed.report);
    expect(detail.report).toContainEqual(expect.objectContaining({ file: 'phones.csv', line: 3, field: 'service_id', severity: 'error', note: expect.objectContaining({ code: 'rowSkipped' }) }));
    // An earlier run keeps its counts only.
    expect(((await asOperator('GET', `/api/v1/directory/imports/${same.importId}`)).json() as ImportRunDetail).report).toBeNull();
    expect(((await asOperator('GET', '/api/v1/directory/imports?limit=2')).json() as { runs: ImportRun[] }).runs).toHaveLength(2);
  });

  it('is for instance operators only, and names what it cannot find or read', async () => {
    expect((await asUser(admin, '/api/v1/directory/imports')).statusCode).toBe(403);
    expect((await asUser(peer, '/api/v1/directory/imports')).statusCode).toBe(403);
    const missing = await asOperator('GET', `/api/v1/directory/imports/${U(404)}`);
    expect(missing.statusCode).toBe(404);
    expect(problemOf(missing).code).toBe('not-found');
    const bad = await asOperator('GET', '/api/v1/directory/imports?limit=0');
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors!.map((e) => e.field)).toEqual(['query.limit']);
  });
});
