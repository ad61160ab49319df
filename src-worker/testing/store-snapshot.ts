import crypto from 'node:crypto';
import { openReadableDb } from '../store/database.js';

/**
 * A digest of everything collected in a store (not sequence numbers or timestamps of our own),
 * so two stores can be compared for "same rows, no duplicates, nothing lost".
 */
export function storeDigest(dbPath: string): { counts: Record<string, number>; digest: Record<string, string> } {
  const db = openReadableDb(dbPath);
  try {
    const tables: Record<string, string> = {
      sessions:
        'SELECT id, workspace, agent_title, first_prompt, started_at, ended_at, models, message_count, tool_call_count, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, reasoning_tokens FROM sessions ORDER BY id',
      messages: 'SELECT id, session_id, hash FROM messages ORDER BY id',
      tool_calls: 'SELECT id, session_id, hash FROM tool_calls ORDER BY id',
      usage: 'SELECT key, session_id, input, output, cache_read, cache_creation, reasoning FROM usage ORDER BY key',
      problems: 'SELECT path, place, reason FROM problems ORDER BY path, place, reason',
    };
    const counts: Record<string, number> = {};
    const digest: Record<string, string> = {};
    for (const [name, sql] of Object.entries(tables)) {
      const h = crypto.createHash('sha256');
      let n = 0;
      for (const row of db.prepare(sql).iterate()) {
        h.update(JSON.stringify(row));
        n++;
      }
      counts[name] = n;
      digest[name] = h.digest('hex');
    }
    return { counts, digest };
  } finally {
    db.close();
  }
}
