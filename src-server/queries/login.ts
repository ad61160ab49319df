import crypto from 'node:crypto';
import type pg from 'pg';
import {
  formatLoginCode,
  LOGIN_CODE_ALPHABET,
  LOGIN_CODE_LENGTH,
  normalizeLoginCode,
  type LoginPollResult,
  type LoginStart,
  type LoginStarted,
  type MachineInfo,
} from '../../src-shared/sync-wire.js';
import { isUniqueViolation } from '../admin/names.js';
import { hashToken, newToken } from '../admin/token-hash.js';
import { inTransaction } from '../db/pool.js';
import { machineInfo, MACHINE_COLUMNS, type MachineRow } from './machines.js';

/** A code is good for 10 minutes: long enough to walk to the other machine, short for guessing. */
export const LOGIN_TTL_SECONDS = 600;
export const LOGIN_POLL_SECONDS = 2;
const CODE_PATTERN = new RegExp(`^[${LOGIN_CODE_ALPHABET}]{${LOGIN_CODE_LENGTH}}$`);

/** 8 characters of an alphabet without 0/O, 1/I: 40 random bits, easy to read out and type. */
function newCode(): string {
  let code = '';
  for (let i = 0; i < LOGIN_CODE_LENGTH; i++) code += LOGIN_CODE_ALPHABET[crypto.randomInt(LOGIN_CODE_ALPHABET.length)];
  return code;
}

/** Only digests are stored: a database leak does not hand out pending sign-ins. */
const digest = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest();

export async function startLogin(pool: pg.Pool, request: LoginStart): Promise<LoginStarted> {
  // Requests a day past their expiry say nothing any more.
  await pool.query(`DELETE FROM login_requests WHERE expires_at < now() - interval '1 day'`);
  for (let attempt = 0; ; attempt++) {
    const code = newCode();
    const pollSecret = `dvp_${crypto.randomBytes(32).toString('base64url')}`;
    try {
      const { rows } = await pool.query<{ expires_at: Date }>(
        `INSERT INTO login_requests (code_hash, poll_hash, machine_id, machine_name, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING expires_at`,
        [digest(code), digest(pollSecret), request.machineId, request.machineName, LOGIN_TTL_SECONDS],
      );
      return { code: formatLoginCode(code), pollSecret, expiresAt: rows[0]!.expires_at.toISOString(), intervalSeconds: LOGIN_POLL_SECONDS };
    } catch (err) {
      // Two pending requests drew the same code (1 in 2^40): draw again.
      if (isUniqueViolation(err) && attempt < 5) continue;
      throw err;
    }
  }
}

interface RequestRow {
  id: number;
  machine_id: string;
  machine_name: string;
  expires_at: Date;
  approved_at: Date | null;
  user_id: number | null;
  token_id: number | null;
  expired: boolean;
}

const REQUEST_COLUMNS = 'id, machine_id, machine_name, expires_at, approved_at, user_id, token_id, expires_at < now() AS expired';

/**
 * The new machine asks whether its request was approved. Approved: its token is made now (only
 * its hash is stored) and handed out this once. Undefined: no such request, or already collected.
 */
export async function pollLogin(pool: pg.Pool, pollSecret: string): Promise<LoginPollResult | undefined> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM login_requests WHERE poll_hash = $1 FOR UPDATE`, [digest(pollSecret)]);
    const row = rows[0];
    if (!row || row.token_id !== null) return undefined;
    if (row.expired) return { status: 'expired' };
    if (row.approved_at === null || row.user_id === null) return { status: 'pending', expiresAt: row.expires_at.toISOString() };
    const token = newToken();
    const { rows: made } = await client.query<{ id: number; user_name: string }>(
      `INSERT INTO tokens (user_id, label, token_hash, machine_id) VALUES ($1, $2, $3, $4)
       RETURNING id, (SELECT name FROM users WHERE id = $1) AS user_name`,
      [row.user_id, `machine ${row.machine_name}`.slice(0, 200), hashToken(token), row.machine_id],
    );
    await client.query('UPDATE login_requests SET token_id = $2 WHERE id = $1', [row.id, made[0]!.id]);
    return { status: 'approved', user: made[0]!.user_name, token, machineId: row.machine_id, machineName: row.machine_name };
  });
}

export type ApproveOutcome = { kind: 'approved'; machine: MachineInfo } | { kind: 'unknown' } | { kind: 'expired' } | { kind: 'used' };

/**
 * A signed-in machine of `userId` approves the request showing `code`: the new machine becomes
 * one of the user's machines (a revoked one with the same id is let in again) and has another
 * 10 minutes to collect its token.
 */
export async function approveLogin(pool: pg.Pool, userId: number, currentMachine: string | null, code: string): Promise<ApproveOutcome> {
  const normalized = normalizeLoginCode(code);
  if (!CODE_PATTERN.test(normalized)) return { kind: 'unknown' };
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM login_requests WHERE code_hash = $1 FOR UPDATE`, [digest(normalized)]);
    const row = rows[0];
    if (!row) return { kind: 'unknown' };
    if (row.approved_at !== null) return { kind: 'used' };
    if (row.expired) return { kind: 'expired' };
    await client.query(`UPDATE login_requests SET approved_at = now(), user_id = $2, expires_at = now() + make_interval(secs => $3) WHERE id = $1`, [
      row.id,
      userId,
      LOGIN_TTL_SECONDS,
    ]);
    const { rows: machines } = await client.query<MachineRow>(
      `INSERT INTO machines AS m (user_id, id, name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, id) DO UPDATE SET name = excluded.name, revoked_at = NULL, last_seen = now()
       RETURNING ${MACHINE_COLUMNS}`,
      [userId, row.machine_id, row.machine_name],
    );
    return { kind: 'approved', machine: machineInfo(machines[0]!, currentMachine) };
  });
}
