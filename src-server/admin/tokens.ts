import type pg from 'pg';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { hashToken, newToken } from './token-hash.js';
import { findUser } from './users.js';

export interface CreatedToken {
  id: number;
  user: string;
  label: string | null;
  /** The secret itself: shown once, never stored. */
  token: string;
}

export async function createToken(pool: pg.Pool, userName: string, label?: string): Promise<CreatedToken> {
  const user = await findUser(pool, userName);
  if (label !== undefined && (label.length > 200 || label.includes('\0'))) throw new DevlogError(ErrorCodes.BadRequest, 'a label is at most 200 characters');
  const token = newToken();
  const { rows } = await pool.query<{ id: number }>('INSERT INTO tokens (user_id, label, token_hash) VALUES ($1, $2, $3) RETURNING id', [
    user.id,
    label ?? null,
    hashToken(token),
  ]);
  return { id: rows[0]!.id, user: user.name, label: label ?? null, token };
}

/** Revokes token ID at once (its next request gets 401); revoking twice is harmless and returns false. */
export async function revokeToken(pool: pg.Pool, id: number): Promise<boolean> {
  const { rows } = await pool.query<{ was_revoked: boolean }>(
    `WITH old AS (SELECT id, revoked_at IS NOT NULL AS was_revoked FROM tokens WHERE id = $1)
     UPDATE tokens t SET revoked_at = coalesce(t.revoked_at, now()) FROM old WHERE t.id = old.id RETURNING old.was_revoked`,
    [id],
  );
  if (!rows[0]) throw new DevlogError(ErrorCodes.NotFound, `no token with id ${id}`);
  return !rows[0].was_revoked;
}
