import type { ReadableDb, WritableDb } from '../database.js';
import type { SeqAllocator } from '../seq.js';
import { check, MAX_EXAMPLES, type DoctorCheck } from './check.js';

const TABLES = [
  { table: 'messages', key: 'id' },
  { table: 'tool_calls', key: 'id' },
  { table: 'usage', key: 'key' },
] as const;

function orphanSql(table: string, key: string): string {
  return `SELECT ${key} AS k, session_id FROM ${table} WHERE session_id NOT IN (SELECT id FROM sessions)`;
}

/** Messages, tool calls and usage rows whose session row is missing (hidden from every view). */
export function checkOrphans(db: ReadableDb): DoctorCheck {
  let found = 0;
  const examples: string[] = [];
  const counts: string[] = [];
  for (const { table, key } of TABLES) {
    const rows = db.prepare(`${orphanSql(table, key)} LIMIT ${MAX_EXAMPLES}`).all() as { k: string; session_id: string }[];
    const n = db.prepare(`SELECT count(*) FROM (${orphanSql(table, key)})`).pluck().get() as number;
    found += n;
    if (n) counts.push(`${n} ${table.replace('_', ' ')}`);
    for (const r of rows) examples.push(`${table} ${r.k} → missing session ${r.session_id}`);
  }
  return check('orphans', 'rows without a session', found, `${counts.join(', ')} without their session`, examples);
}

/**
 * Re-attaches orphans: their session row is created again (agent and native id from the id),
 * so nothing is deleted; the counters repair then fills its counts. Returns the sessions created.
 */
export function reattachOrphans(db: WritableDb, seq: SeqAllocator, machineId: string): string[] {
  const ids = new Set<string>();
  for (const { table, key } of TABLES) {
    for (const r of db.prepare(orphanSql(table, key)).all() as { session_id: string }[]) ids.add(r.session_id);
  }
  const insert = db.prepare(`INSERT OR IGNORE INTO sessions(id, agent, native_id, origin_machine, models, seq) VALUES (?, ?, ?, ?, '[]', ?)`);
  const created: string[] = [];
  for (const id of ids) {
    const colon = id.indexOf(':');
    if (insert.run(id, colon > 0 ? id.slice(0, colon) : 'unknown', colon > 0 ? id.slice(colon + 1) : id, machineId, seq.take()).changes) created.push(id);
  }
  return created;
}

/** Drops sessions recreated for orphans whose rows a re-derivation has since given back to their real session. */
export function dropEmptySessions(db: WritableDb, ids: readonly string[]): number {
  const drop = db.prepare(
    `DELETE FROM sessions WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM messages WHERE session_id = ?1)
       AND NOT EXISTS (SELECT 1 FROM tool_calls WHERE session_id = ?1) AND NOT EXISTS (SELECT 1 FROM usage WHERE session_id = ?1)`,
  );
  return ids.reduce((n, id) => n + drop.run(id).changes, 0);
}
