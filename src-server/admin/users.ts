import type pg from 'pg';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { checkName, isUniqueViolation } from './names.js';

export interface UserRow {
  id: number;
  name: string;
}

export async function addUser(pool: pg.Pool, name: string): Promise<UserRow> {
  checkName('user', name);
  try {
    const { rows } = await pool.query<UserRow>('INSERT INTO users (name) VALUES ($1) RETURNING id, name', [name]);
    return rows[0]!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DevlogError(ErrorCodes.Conflict, `user "${name}" already exists`);
    throw err;
  }
}

export async function findUser(pool: pg.Pool, name: string): Promise<UserRow> {
  const { rows } = await pool.query<UserRow>('SELECT id, name FROM users WHERE name = $1', [name]);
  if (!rows[0]) throw new DevlogError(ErrorCodes.NotFound, `no user "${name}" (add it with \`devlog server user add ${name}\`)`);
  return rows[0];
}

export interface UserListing {
  id: number;
  name: string;
  createdAt: string;
  /** Tokens not revoked, and the user's machines not revoked. */
  tokens: number;
  machines: number;
  teams: string[];
}

export async function listUsers(pool: pg.Pool): Promise<UserListing[]> {
  const { rows } = await pool.query<{ id: number; name: string; created_at: Date; tokens: number; machines: number; teams: string[] }>(
    `SELECT u.id, u.name, u.created_at,
            (SELECT count(*)::int FROM tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS tokens,
            (SELECT count(*)::int FROM machines m WHERE m.user_id = u.id AND m.revoked_at IS NULL) AS machines,
            coalesce((SELECT array_agg(tm.name ORDER BY tm.name) FROM team_members mb JOIN teams tm ON tm.id = mb.team_id WHERE mb.user_id = u.id), '{}') AS teams
       FROM users u ORDER BY u.name`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString(), tokens: r.tokens, machines: r.machines, teams: r.teams }));
}
