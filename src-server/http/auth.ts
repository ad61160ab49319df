import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import { hashToken } from '../admin/token-hash.js';
import { HttpError } from './errors.js';

export interface TeamRef {
  id: number;
  name: string;
}

/** Who a request acts as: the token's user, and the teams that user belongs to right now. */
export interface Principal {
  tokenId: number;
  userId: number;
  user: string;
  teams: TeamRef[];
  /** The machine a machine's own token (from `devlog login`) belongs to; null for admin-made tokens. */
  machineId: string | null;
}

const unauthorized = (message: string) => new HttpError('UNAUTHORIZED', message, undefined, { 'www-authenticate': 'Bearer realm="devlog"' });

export function bearerToken(req: IncomingMessage): string {
  const header = req.headers.authorization;
  if (!header) throw unauthorized('missing token: send "Authorization: Bearer <token>" (create one with `devlog server token create`)');
  const match = /^Bearer\s+(\S{1,256})\s*$/i.exec(header);
  if (!match) throw unauthorized('malformed Authorization header: expected "Bearer <token>"');
  return match[1]!;
}

/**
 * Resolves a bearer token to its user; unknown and revoked tokens get the same 401, except the
 * token of a revoked machine, which is told so (its owner revoked it; only they can let it in again).
 */
export async function authenticate(pool: pg.Pool, token: string): Promise<Principal> {
  const { rows } = await pool.query<{
    token_id: number;
    user_id: number;
    user_name: string;
    teams: TeamRef[];
    machine_id: string | null;
    token_revoked: boolean;
    machine_name: string | null;
    machine_revoked_at: Date | null;
  }>(
    `SELECT t.id AS token_id, u.id AS user_id, u.name AS user_name, t.machine_id, t.revoked_at IS NOT NULL AS token_revoked,
            m.name AS machine_name, m.revoked_at AS machine_revoked_at,
            coalesce((SELECT json_agg(json_build_object('id', tm.id, 'name', tm.name) ORDER BY tm.name)
                        FROM team_members mb JOIN teams tm ON tm.id = mb.team_id
                       WHERE mb.user_id = u.id), '[]'::json) AS teams
       FROM tokens t JOIN users u ON u.id = t.user_id
       LEFT JOIN machines m ON m.user_id = t.user_id AND m.id = t.machine_id
      WHERE t.token_hash = $1`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (row?.machine_revoked_at) {
    throw unauthorized(
      `this machine ("${row.machine_name ?? row.machine_id}") was revoked on ${row.machine_revoked_at.toISOString()}: ` +
        'to let it in again, run `devlog login URL` on it and approve the code from a machine still signed in',
    );
  }
  if (!row || row.token_revoked) throw unauthorized('unknown or revoked token');
  return { tokenId: row.token_id, userId: row.user_id, user: row.user_name, teams: row.teams, machineId: row.machine_id };
}

/**
 * The teams of a token's user right now, or undefined when the token was revoked. Long-lived
 * streams ask this now and then, so a revoked token loses its stream and a member removed from
 * a team stops hearing about it.
 */
export async function currentTeams(pool: pg.Pool, tokenId: number): Promise<TeamRef[] | undefined> {
  const { rows } = await pool.query<{ teams: TeamRef[] }>(
    `SELECT coalesce((SELECT json_agg(json_build_object('id', tm.id, 'name', tm.name) ORDER BY tm.name)
                        FROM team_members m JOIN teams tm ON tm.id = m.team_id
                       WHERE m.user_id = t.user_id), '[]'::json) AS teams
       FROM tokens t WHERE t.id = $1 AND t.revoked_at IS NULL`,
    [tokenId],
  );
  return rows[0]?.teams;
}

/** Records use, at most once a minute per token per process, so reads do not become writes. */
export class LastUsedTracker {
  private readonly written = new Map<number, number>();

  touch(pool: pg.Pool, tokenId: number, now = Date.now()): void {
    if (now - (this.written.get(tokenId) ?? 0) < 60_000) return;
    this.written.set(tokenId, now);
    pool.query('UPDATE tokens SET last_used_at = now() WHERE id = $1', [tokenId]).catch(() => undefined);
  }
}

/** The team a request names, which the caller must belong to (403 otherwise, existing or not). */
export function requireTeam(principal: Principal, name: string): TeamRef {
  const team = principal.teams.find((t) => t.name === name);
  if (!team) throw new HttpError('FORBIDDEN', `you are not a member of team "${name}"`, 'team');
  return team;
}
