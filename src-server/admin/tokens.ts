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

/** A token as the admin sees it: never the secret (only its hash is stored anyway). */
export interface TokenListing {
  id: number;
  user: string;
  label: string | null;
  /** The machine a `devlog login` token belongs to; null for tokens made here. */
  machine: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function listTokens(pool: pg.Pool, userName?: string): Promise<TokenListing[]> {
  const user = userName === undefined ? undefined : await findUser(pool, userName);
  const { rows } = await pool.query<{ id: number; user_name: string; label: string | null; machine: string | null; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }>(
    `SELECT t.id, u.name AS user_name, t.label, coalesce(m.name, t.machine_id) AS machine, t.created_at, t.last_used_at, t.revoked_at
       FROM tokens t JOIN users u ON u.id = t.user_id
       LEFT JOIN machines m ON m.user_id = t.user_id AND m.id = t.machine_id
      WHERE $1::int IS NULL OR t.user_id = $1
      ORDER BY t.id`,
    [user?.id ?? null],
  );
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return rows.map((r) => ({ id: r.id, user: r.user_name, label: r.label, machine: r.machine, createdAt: r.created_at.toISOString(), lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at) }));
}
