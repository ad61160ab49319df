import crypto from 'node:crypto';

/** Tokens look like `dvl_<43 base64url chars>`: 256 random bits, recognisable in a leak scan. */
export const TOKEN_PREFIX = 'dvl_';

export function newToken(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
}

/** Only this digest is stored. A fast hash is right here: the input is 256 random bits, not a password. */
export function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token, 'utf8').digest();
}
