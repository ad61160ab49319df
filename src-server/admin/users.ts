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
