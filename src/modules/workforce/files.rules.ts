import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { FieldProblem } from '../../core/errors.ts';

/**
 * Evidence files (a credential's proof, a CE certificate): PDF or an image, read from the bytes
 * (never the name or the declared type), at most 2 MB. Stored in the database with their hash.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const ALLOWED_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

export interface CheckedFile {
  name: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  content: Uint8Array;
}

/** The file, or the problem naming `field` (its `.content`). */
export const checkFile = async (file: { name: string; content: string }, field: string): Promise<CheckedFile | FieldProblem> => {
  const bytes = Buffer.from(file.content, 'base64');
  if (bytes.length === 0) return { field: `${field}.content`, message: 'The file is empty' };
  if (bytes.length > MAX_FILE_BYTES) return { field: `${field}.content`, message: `The file is over the size limit (2 MB): ${bytes.length} bytes` };
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !(ALLOWED_MEDIA_TYPES as readonly string[]).includes(type.mime)) {
    return { field: `${field}.content`, message: `Send a PDF or an image (PNG, JPEG, WebP, GIF); this file is ${type?.mime ?? 'not a recognised type'}` };
  }
  return { name: file.name, mediaType: type.mime, sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), content: new Uint8Array(bytes) };
};

export const isProblem = (x: CheckedFile | FieldProblem): x is FieldProblem => 'field' in x;
