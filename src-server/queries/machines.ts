import type pg from 'pg';
import type { MachineInfo } from '../../src-shared/sync-wire.js';
import { CHANGES_CHANNEL, encodeMembershipNotice } from '../db/listener.js';
import { inTransaction } from '../db/pool.js';

export interface MachineRow {
  id: string;
  name: string | null;
  first_seen: Date;
  last_sync_at: Date | null;
  revoked_at: Date | null;
}

export const MACHINE_COLUMNS = 'id, name, first_seen, last_sync_at, revoked_at';

export function machineInfo(row: MachineRow, currentMachine: string | null): MachineInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.first_seen.toISOString(),
    lastSyncAt: row.last_sync_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    current: row.id === currentMachine,
  };
}

/** The user's machines, oldest first: those that joined by login and those that exported. */
export async function listMachines(pool: pg.Pool, userId: number, currentMachine: string | null): Promise<MachineInfo[]> {
  const { rows } = await pool.query<MachineRow>(`SELECT ${MACHINE_COLUMNS} FROM machines WHERE user_id = $1 ORDER BY first_seen, id`, [userId]);
  return rows.map((row) => machineInfo(row, currentMachine));
}

/**
 * Cuts a machine off: it is marked revoked, every token it was given is revoked (its next request
 * gets 401 saying so), its batches are refused, and its open streams end at once. Undefined when
 * the user has no such machine. Revoking twice keeps the first time.
 */
export async function revokeMachine(pool: pg.Pool, userId: number, machineId: string, currentMachine: string | null) {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<MachineRow>(
      `UPDATE machines SET revoked_at = coalesce(revoked_at, now()) WHERE user_id = $1 AND id = $2 RETURNING ${MACHINE_COLUMNS}`,
      [userId, machineId],
    );
    if (!rows[0]) return undefined;
    const { rowCount } = await client.query('UPDATE tokens SET revoked_at = now() WHERE user_id = $1 AND machine_id = $2 AND revoked_at IS NULL', [userId, machineId]);
    // Open streams of the user re-check their token now (on commit), not at the next heartbeat.
    if (rowCount) await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, encodeMembershipNotice(userId)]);
    return { machine: machineInfo(rows[0], currentMachine), tokensRevoked: rowCount ?? 0 };
  });
}

/** When a machine id was revoked for this user, or undefined (unknown machines are fine: they are new). */
export async function machineRevokedAt(pool: pg.Pool, userId: number, machineId: string): Promise<Date | undefined> {
  const { rows } = await pool.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM machines WHERE user_id = $1 AND id = $2', [userId, machineId]);
  return rows[0]?.revoked_at ?? undefined;
}

/** Notes a pull (changes read for a machine), at most once a minute per machine and process. */
export class MachineSyncTracker {
  private readonly written = new Map<string, number>();

  touch(pool: pg.Pool, userId: number, machineId: string, now = Date.now()): void {
    const key = `${userId}\u0000${machineId}`;
    if (now - (this.written.get(key) ?? 0) < 60_000) return;
    this.written.set(key, now);
    if (this.written.size > 10_000) this.written.delete(this.written.keys().next().value!);
    pool.query('UPDATE machines SET last_sync_at = now(), last_seen = now() WHERE user_id = $1 AND id = $2', [userId, machineId]).catch(() => undefined);
  }
}
