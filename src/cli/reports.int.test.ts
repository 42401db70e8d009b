import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUPRT_COLUMNS } from '../modules/outcomes/suprt.export.ts';

/**
 * `peerbridge reports program|suprt` run for real (issue 20): fresh processes against a demo
 * agency in an embedded database, as a grant manager would run them. Each command is a process
 * that opens the database: slow on a loaded machine.
 */
const onPostgres = process.env.PEERBRIDGE_TEST_DB === 'postgres';
const dir = mkdtempSync(join(tmpdir(), 'pb-reports-'));
const out = mkdtempSync(join(tmpdir(), 'pb-reports-out-'));
const env = { ...process.env, PEERBRIDGE_DATA_DIR: dir, PEERBRIDGE_SHARED_DIR: process.env.PEERBRIDGE_SHARED_DIR ?? '/work/shared' };
delete (env as Record<string, string | undefined>).DATABASE_URL;
const cli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/peerbridge.js', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end('');
  });
let org = '';

describe.skipIf(onPostgres)('reports from the command line', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    const demo = await cli(['demo']);
    expect(demo.code, demo.stderr).toBe(0);
    org = /organization ([0-9a-f-]{36})/.exec(demo.stdout)![1]!;
  }, 300_000);

  it('writes the program report as JSON, CSV by program and PDF, owner-only, small cells suppressed', async () => {
    const json = await cli(['reports', 'program', '--org', org, '--from', '2026-01-01', '--to', '2026-12-31', '--out', join(out, 'report.json')]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ organization: 'Riverside Peer Recovery Center', suppression: { applied: true, k: 11, ruleVersion: expect.any(String) } });
    expect(report.totals.served).toBeGreaterThanOrEqual(11);
    expect(statSync(join(out, 'report.json')).mode & 0o777).toBe(0o600);

    const csv = await cli(['reports', 'program', '--org', org, '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'program', '--format', 'csv', '--out', join(out, 'report.csv')]);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = readFileSync(join(out, 'report.csv'), 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^# Riverside Peer Recovery Center; 2026-01-01 to 2026-12-31; suppression k=11/);
    expect(lines.map((l) => l.split(',')[0])).toEqual(expect.arrayContaining(['group', 'mental-health', 'substance-use', 'Total']));

    const pdf = await cli(['reports', 'program', '--org', org, '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'pdf', '--lang', 'es', '--out', join(out, 'report.pdf')]);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(readFileSync(join(out, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('writes the SUPRT-style client-level CSV, one row per point with its window', async () => {
    const res = await cli(['reports', 'suprt', '--org', org, '--out', join(out, 'suprt.csv')]);
    expect(res.code, res.stderr).toBe(0);
    const { rows } = JSON.parse(res.stdout) as { rows: number };
    const lines = readFileSync(join(out, 'suprt.csv'), 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe(SUPRT_COLUMNS.join(','));
    expect(lines).toHaveLength(rows + 1);
    expect(lines.slice(1).some((l) => /,baseline,0,(barc-10|phq-9),\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},completed,/.test(l))).toBe(true);
  });

  it('refuses a missing folder, a bad date and an unknown grouping before any work, naming the option', async () => {
    const missing = await cli(['reports', 'suprt', '--org', org, '--out', join(out, 'no-such-folder', 'suprt.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--out');
    expect(missing.stderr).not.toMatch(/ENOENT|at .*\.ts:/);
    const date = await cli(['reports', 'program', '--org', org, '--from', '2026-13-01', '--to', '2026-12-31', '--out', join(out, 'x.json')]);
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--from|query\.from|from/);
    const by = await cli(['reports', 'program', '--org', org, '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'zodiac', '--out', join(out, 'x.json')]);
    expect(by.code).toBe(2);
    expect(by.stderr).toContain('--by');
  });
});
