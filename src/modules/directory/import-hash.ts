import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileSet } from '../../interop/hsds/read-hsds3-csv.ts';

/**
 * Bump when reading or normalizing changes what the same files give and the readers' sources do
 * not show it (a bundled build): imports recorded under another version are never taken as unchanged.
 */
export const IMPORTER_VERSION = 'hsds-import-2026-12';

/**
 * The importer as this process runs it: the version and the sources of the readers and the
 * normalizer (src/interop/hsds), so an upgrade that reads the same files otherwise re-reads them.
 */
let fingerprint: string | undefined;
const importerFingerprint = (): string =>
  (fingerprint ??= (() => {
    const h = createHash('sha256').update(IMPORTER_VERSION);
    try {
      const dir = fileURLToPath(new URL('../../interop/hsds/', import.meta.url));
      for (const name of readdirSync(dir).filter((n) => /\.[jt]s$/.test(n) && !n.includes('.test.') && !n.includes('.fixture.')).sort()) {
        h.update(`\u0000${name}\u0000`).update(readFileSync(join(dir, name)));
      }
    } catch {
      // sources not beside the code (a bundled build): the version alone
    }
    return h.digest('hex');
  })());

/**
 * What an import reads, as one hash (0042): the files as given (names and bytes, in name order)
 * and everything else that changes what they write. Hashing 100 MB takes about as long as
 * decoding it as text, and it is all an unchanged re-import reads.
 */
export const importContentHash = (files: FileSet, o: { source: string; strict: boolean; defaultTimeZone: string }): string => {
  const h = createHash('sha256');
  h.update(JSON.stringify([importerFingerprint(), o.source, o.strict, o.defaultTimeZone]));
  for (const name of Object.keys(files).sort()) {
    const contents = files[name]!;
    h.update(`\u0000${name}\u0000${typeof contents === 'string' ? 's' : 'b'}${contents.length}\u0000`);
    h.update(contents);
  }
  return h.digest('hex');
};
