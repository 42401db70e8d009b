import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The audit trail page (web, AuditPage) names each event in the reader's language; an action
// without a label shows as its code ("wellbeing.team_read"), which a director cannot read. Every
// action the server records is found here in the source (`action: 'x.y'` of audit.record and of
// audit.refusals), so a new one without a label fails this test, not the director's review.
const root = fileURLToPath(new URL('../../..', import.meta.url));

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });

const recordedActions = (): string[] => {
  const found = new Set<string>();
  for (const file of sourceFiles(join(root, 'src'))) {
    // An audit action has a dot ("participant.read"); the note review's own actions do not.
    for (const m of readFileSync(file, 'utf8').matchAll(/\baction: '([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(m[1]!);
  }
  return [...found].sort();
};

describe('audit trail labels of the server\'s actions', () => {
  it('every action the server records has a label in English and in Spanish', () => {
    const actions = recordedActions();
    expect(actions.length).toBeGreaterThan(150);
    for (const lang of ['en', 'es']) {
      const labels = (JSON.parse(readFileSync(join(root, `web/src/app/i18n/${lang}.json`), 'utf8')) as { audit: { actions: Record<string, string> } }).audit.actions;
      const missing = actions.filter((a) => typeof labels[a.replace(/\./g, '_')] !== 'string');
      expect(missing, `${lang}: actions shown as their code on the audit trail`).toEqual([]);
    }
  });
});
