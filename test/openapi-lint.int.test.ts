import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness/app.ts';

// Our OpenAPI document checked by a third-party validator: Redocly's CLI with its built-in
// `recommended` rules (issue 19). It runs offline: the document is a local file and telemetry and
// the update check are off.
const REDOCLY = resolve(dirname(fileURLToPath(import.meta.url)), '../node_modules/@redocly/cli/bin/cli.js');

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

/**
 * Warnings left on purpose, each with why:
 * - `operation-4xx-response` on the health probes: /healthz and /readyz answer 200 or 503 and
 *   nothing else (no input, no credentials, no rate limit), so no 4XX is documented for them.
 */
const ACCEPTED_WARNINGS = new Set(['operation-4xx-response #/paths/~1healthz/get/responses', 'operation-4xx-response #/paths/~1readyz/get/responses']);

let t: TestApp;
let doc: {
  servers?: Array<{ url: string }>;
  info: { license?: { name: string } };
  paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { content?: Record<string, unknown> }> }>>;
};
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.app.inject('/api/v1/openapi.json')).json();
  dir = mkdtempSync(join(tmpdir(), 'pb-openapi-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('our OpenAPI document', () => {
  it("passes Redocly's recommended rules with 0 errors, and only the warnings accepted above", async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const run = promisify(execFile);
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    // Exit 1 when there are errors: the report is on stdout either way.
    const out = await run(process.execPath, [REDOCLY, 'lint', file, '--format=json', '--extends=recommended'], { cwd: dir, env, maxBuffer: 64 << 20 }).catch(
      (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
    );
    const report = JSON.parse(out.stdout) as { totals: { errors: number; warnings: number }; problems: LintProblem[] };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
    const warnings = report.problems.filter((p) => p.severity === 'warn').map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
    expect(warnings.filter((w) => !ACCEPTED_WARNINGS.has(w))).toEqual([]);
  });

  it('names its servers and license, and every operation has a unique operationId', () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.info.license?.name).toBe('AGPL-3.0-only');
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every error as application/problem+json, and downloads with their real media types', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400) expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
        }
      }
    }
    const file = doc.paths['/api/v1/claims/exports/{id}/file']!['get']!.responses['200']!;
    expect(Object.keys(file.content ?? {}).sort()).toEqual(['application/edi-x12', 'text/csv']);
  });
});
