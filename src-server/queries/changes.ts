import type pg from 'pg';
import type { Change, ChangesPage } from '../../src-shared/sync-wire.js';

export type FeedScope = { kind: 'user'; userId: number } | { kind: 'team'; teamId: number };

/**
 * One page of the changes feed after `since`. Read in one REPEATABLE READ snapshot, so the
 * returned cursor (the scope's highest seq when the page is not full) never passes a row the
 * page did not consider. Rows sent by `machine` are skipped but still move the cursor.
 */
export async function readChanges(pool: pg.Pool, scope: FeedScope, since: string, limit: number, machine: string | undefined): Promise<ChangesPage> {
  const scopeSql = scope.kind === 'user' ? 'r.user_id = $1' : 'r.team_id = $1';
  const scopeId = scope.kind === 'user' ? scope.userId : scope.teamId;
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<Change>(
      `SELECT r.seq::text AS seq, r.kind, r.id, u.name AS owner, t.name AS team, r.source_machine AS machine, r.data AS record
         FROM records r JOIN users u ON u.id = r.user_id LEFT JOIN teams t ON t.id = r.team_id
        WHERE ${scopeSql} AND r.seq > $2::bigint AND ($3::text IS NULL OR r.source_machine <> $3)
        ORDER BY r.seq
        LIMIT $4`,
      [scopeId, since, machine ?? null, limit + 1],
    );
    let cursor: string;
    const hasMore = rows.length > limit;
    if (hasMore) {
      rows.length = limit;
      cursor = rows[limit - 1]!.seq;
    } else {
      const top = await client.query<{ max: string | null }>(`SELECT max(r.seq)::text AS max FROM records r WHERE ${scopeSql}`, [scopeId]);
      const max = top.rows[0]?.max ?? '0';
      cursor = BigInt(max) > BigInt(since) ? max : since;
    }
    await client.query('COMMIT');
    return { changes: rows, cursor, hasMore };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
