import crypto from 'node:crypto';

/** Content hash used to tell a real change (new seq, re-export) from a re-read of the same data. */
export function contentHash(...parts: unknown[]): string {
  const h = crypto.createHash('sha1');
  for (const part of parts) {
    h.update(part === undefined || part === null ? '\u0000' : typeof part === 'string' ? part : JSON.stringify(part));
    h.update('\u0001');
  }
  return h.digest('base64url');
}
