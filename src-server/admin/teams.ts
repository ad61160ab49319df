import type pg from 'pg';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { checkName, isUniqueViolation } from './names.js';
import { findUser } from './users.js';

export interface TeamRow {
  id: number;
  name: string;
}

export async function addTeam(pool: pg.Pool, name: string): Promise<TeamRow> {
  checkName('team', name);
  try {
    const { rows } = await pool.query<TeamRow>('INSERT INTO teams (name) VALUES ($1) RETURNING id, name', [name]);
    return rows[0]!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DevlogError(ErrorCodes.Conflict, `team "${name}" already exists`);
    throw err;
  }
}

export async function findTeam(pool: pg.Pool, name: string): Promise<TeamRow> {
  const { rows } = await pool.query<TeamRow>('SELECT id, name FROM teams WHERE name = $1', [name]);
  if (!rows[0]) throw new DevlogError(ErrorCodes.NotFound, `no team "${name}" (add it with \`devlog server team add ${name}\`)`);
  return rows[0];
}

/** Adds USER to TEAM; adding a member twice is harmless. Returns false when they already were one. */
export async function addTeamMember(pool: pg.Pool, teamName: string, userName: string): Promise<boolean> {
  const team = await findTeam(pool, teamName);
  const user = await findUser(pool, userName);
  const { rowCount } = await pool.query('INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [team.id, user.id]);
  return rowCount === 1;
}
