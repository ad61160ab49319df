import crypto from 'node:crypto';
import fs from 'node:fs';

/**
 * The per-install secret that guards the headless UI. Made once, stored owner-only, reused so
 * a bookmarked URL keeps working across restarts.
 */
export function loadOrCreateToken(file: string): string {
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(existing)) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, token + '\n', { mode: 0o600 });
  return token;
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
