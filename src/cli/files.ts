import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { invalidField } from '../core/errors.ts';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file the CLI produces with participant data (claims as 837P or CSV, exports, reports)
 * readable by its owner only (0600). The file is created with that mode, never chmod-ed after
 * (no moment where another account can open it), as a new file beside the target that then
 * replaces it: an existing file with wider rights, or a symlink planted at the path, is replaced
 * rather than written through.
 */
export const writePrivateFile = (path: string, content: string | Uint8Array) => {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
};

/** A folder for such files, created owner-only (0700) when missing. */
export const makePrivateDir = (path: string) => mkdirSync(path, { recursive: true, mode: 0o700 });

/**
 * Refuses an output path whose folder is missing (or is not a folder) before any work is done,
 * naming the option: otherwise a report is computed and audited, then fails on write.
 */
export const checkOutPath = (path: string, option = '--out') => {
  const folder = dirname(path);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw invalidField(option, `The folder ${folder} does not exist; create it first or write elsewhere.`);
};
