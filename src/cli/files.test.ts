import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePrivateDir, writePrivateFile } from './files.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('files the CLI writes with participant data', () => {
  it('are created readable by their owner only, also when a wider file or a symlink was at the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-files-'));
    const fresh = join(dir, 'claims.x12');
    writePrivateFile(fresh, 'ISA*00~');
    expect(modeOf(fresh)).toBe(0o600);
    expect(readFileSync(fresh, 'utf8')).toBe('ISA*00~');

    const wide = join(dir, 'claims.csv');
    writeFileSync(wide, 'old', { mode: 0o644 });
    writePrivateFile(wide, 'new');
    expect(modeOf(wide)).toBe(0o600);
    expect(readFileSync(wide, 'utf8')).toBe('new');

    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, 'untouched', { mode: 0o644 });
    const link = join(dir, 'link.csv');
    symlinkSync(target, link);
    writePrivateFile(link, 'data');
    expect(readFileSync(target, 'utf8')).toBe('untouched');
    expect(modeOf(link)).toBe(0o600);

    const sub = join(dir, 'export');
    makePrivateDir(sub);
    expect(modeOf(sub)).toBe(0o700);
  });
});
