import { createHash } from 'node:crypto';
import type { FileSet } from '../../interop/hsds/read-hsds3-csv.ts';

/**
 * Bump when reading or normalizing changes what the same files give (a new normalization, a new
 * warning): imports recorded under another version are never taken as unchanged.
 */
export const IMPORTER_VERSION = 'hsds-import-2026-12';

/**
 * What an import reads, as one hash (0042): the files as given (names and bytes, in name order)
 * and everything else that changes what they write. Hashing 100 MB takes about as long as
 * decoding it as text, and it is all an unchanged re-import reads.
 */
export const importContentHash = (files: FileSet, o: { source: string; strict: boolean; defaultTimeZone: string }): string => {
  const h = createHash('sha256');
  h.update(JSON.stringify([IMPORTER_VERSION, o.source, o.strict, o.defaultTimeZone]));
  for (const name of Object.keys(files).sort()) {
    const contents = files[name]!;
    h.update(`\u0000${name}\u0000${typeof contents === 'string' ? 's' : 'b'}${contents.length}\u0000`);
    h.update(contents);
  }
  return h.digest('hex');
};
