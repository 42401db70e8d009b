import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The project's reference data (Open Referral HSDS examples and schemas) lives in `shared/` beside
// the repository, not in it. A clone made elsewhere (a temporary folder) finds it beside the
// repository it was cloned from; PEERBRIDGE_SHARED_DIR names it outright.
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const candidates = (): string[] => {
  const out: string[] = [];
  if (process.env['PEERBRIDGE_SHARED_DIR']) out.push(resolve(process.env['PEERBRIDGE_SHARED_DIR']));
  out.push(resolve(REPO, '../shared'));
  try {
    const origin = execFileSync('git', ['-C', REPO, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8' }).trim();
    const local = origin.startsWith('file://') ? fileURLToPath(origin) : origin;
    if (local.startsWith('/')) out.push(resolve(local, '../shared'), resolve(local, '../../shared'));
  } catch {
    // not a clone, or no origin: only the places above
  }
  return out;
};

/** The HSDS reference data folder (`shared/data/hsds`), or a clear error naming where it looked. */
export const hsdsDataDir = (): string => {
  const tried = candidates().map((c) => join(c, 'data', 'hsds'));
  const found = tried.find((d) => existsSync(d));
  if (!found) throw new Error(`HSDS reference data not found; looked in ${tried.join(', ')}. Set PEERBRIDGE_SHARED_DIR to the shared/ folder.`);
  return found;
};
