import crypto from 'node:crypto';
import fs from 'node:fs';

/** How many leading bytes identify a file's content (Vector and Fluent Bit use the same idea). */
export const FINGERPRINT_BYTES = 256;

/**
 * `<length>:<hash>` of the first bytes. The length is kept because a young file is shorter
 * than FINGERPRINT_BYTES: later checks hash the same number of bytes, so growth is not a change.
 */
export function fingerprint(fd: number, size: number, length = Math.min(size, FINGERPRINT_BYTES)): string {
  const buf = Buffer.alloc(length);
  const bytesRead = length > 0 ? fs.readSync(fd, buf, 0, length, 0) : 0;
  return `${bytesRead}:${crypto.createHash('sha1').update(buf.subarray(0, bytesRead)).digest('base64url')}`;
}

/** True if the stored fingerprint no longer matches the file's first bytes (replaced or rewritten). */
export function fingerprintChanged(fd: number, size: number, stored: string | null): boolean {
  if (!stored) return false;
  const length = Number(stored.split(':')[0]);
  if (!Number.isFinite(length) || size < length) return true;
  return fingerprint(fd, size, length) !== stored;
}
