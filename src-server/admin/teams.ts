import type pg from 'pg';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { CHANGES_CHANNEL, encodeMembershipNotice } from '../db/listener.js';
import { inTransaction } from '../db/pool.js';
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
  // Their open streams start announcing the team's changes without waiting for a heartbeat.
  if (rowCount === 1) await pool.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, encodeMembershipNotice(user.id)]);
  return rowCount === 1;
}

/**
 * Removes USER from TEAM: from now on they no longer read what is shared with it, and their open
 * streams (on every server process) stop announcing its changes at once. False when they were no member.
 */
export async function removeTeamMember(pool: pg.Pool, teamName: string, userName: string): Promise<boolean> {
  const team = await findTeam(pool, teamName);
  const user = await findUser(pool, userName);
  return inTransaction(pool, async (client) => {
    const { rowCount } = await client.query('DELETE FROM team_members WHERE team_id = $1 AND user_id = $2', [team.id, user.id]);
    if (rowCount === 1) await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, encodeMembershipNotice(user.id)]);
    return rowCount === 1;
  });
}

export interface TeamMemberListing {
  user: string;
  addedAt: string;
}

export async function listTeamMembers(pool: pg.Pool, teamName: string): Promise<TeamMemberListing[]> {
  const team = await findTeam(pool, teamName);
  const { rows } = await pool.query<{ user_name: string; added_at: Date }>(
    'SELECT u.name AS user_name, m.added_at FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 ORDER BY u.name',
    [team.id],
  );
  return rows.map((r) => ({ user: r.user_name, addedAt: r.added_at.toISOString() }));
}

export async function listTeams(pool: pg.Pool): Promise<{ name: string; members: number; createdAt: string }[]> {
  const { rows } = await pool.query<{ name: string; members: number; created_at: Date }>(
    'SELECT t.name, (SELECT count(*)::int FROM team_members m WHERE m.team_id = t.id) AS members, t.created_at FROM teams t ORDER BY t.name',
  );
  return rows.map((r) => ({ name: r.name, members: r.members, createdAt: r.created_at.toISOString() }));
}
