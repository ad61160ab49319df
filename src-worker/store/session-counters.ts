import type { ReadableDb, WritableDb } from './database.js';
import type { SeqAllocator } from './seq.js';

/** A session whose stored counters disagree with its rows. */
export interface CounterDrift {
  id: string;
  stored: SessionCounters;
  actual: SessionCounters;
}

export interface SessionCounters {
  messages: number;
  toolCalls: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  reasoning: number;
}

const DRIFT_SQL = `
  WITH m AS (SELECT session_id, count(*) AS n FROM messages GROUP BY session_id),
       t AS (SELECT session_id, count(*) AS n FROM tool_calls GROUP BY session_id),
       u AS (SELECT session_id, sum(input) AS i, sum(output) AS o, sum(cache_read) AS cr, sum(cache_creation) AS cc, sum(reasoning) AS r
             FROM usage GROUP BY session_id)
  SELECT s.id,
         s.message_count AS sm, s.tool_call_count AS st, s.input_tokens AS si, s.output_tokens AS so,
         s.cache_read_tokens AS scr, s.cache_creation_tokens AS scc, s.reasoning_tokens AS sr,
         coalesce(m.n, 0) AS am, coalesce(t.n, 0) AS at, coalesce(u.i, 0) AS ai, coalesce(u.o, 0) AS ao,
         coalesce(u.cr, 0) AS acr, coalesce(u.cc, 0) AS acc, coalesce(u.r, 0) AS ar
  FROM sessions s
  LEFT JOIN m ON m.session_id = s.id LEFT JOIN t ON t.session_id = s.id LEFT JOIN u ON u.session_id = s.id
  WHERE (s.message_count <> coalesce(m.n, 0) OR s.tool_call_count <> coalesce(t.n, 0) OR s.input_tokens <> coalesce(u.i, 0)
     OR s.output_tokens <> coalesce(u.o, 0) OR s.cache_read_tokens <> coalesce(u.cr, 0) OR s.cache_creation_tokens <> coalesce(u.cc, 0)
     OR s.reasoning_tokens <> coalesce(u.r, 0))`;

type DriftRow = Record<'sm' | 'st' | 'si' | 'so' | 'scr' | 'scc' | 'sr' | 'am' | 'at' | 'ai' | 'ao' | 'acr' | 'acc' | 'ar', number> & { id: string };

/**
 * Sessions whose message/tool-call counts or token totals differ from their rows (all sessions,
 * or only `ids`). The ingest keeps these incrementally; this is the check and the repair.
 */
export function findCounterDrift(db: ReadableDb, ids?: readonly string[]): CounterDrift[] {
  const sql = ids ? `${DRIFT_SQL} AND s.id IN (SELECT value FROM json_each(?))` : DRIFT_SQL;
  const rows = (ids ? db.prepare(sql).all(JSON.stringify(ids)) : db.prepare(sql).all()) as DriftRow[];
  return rows.map((r) => ({
    id: r.id,
    stored: { messages: r.sm, toolCalls: r.st, input: r.si, output: r.so, cacheRead: r.scr, cacheCreation: r.scc, reasoning: r.sr },
    actual: { messages: r.am, toolCalls: r.at, input: r.ai, output: r.ao, cacheRead: r.acr, cacheCreation: r.acc, reasoning: r.ar },
  }));
}

/** Sets drifted counters to what the rows say; each fixed session takes a new seq. Returns how many. */
export function fixCounterDrift(db: WritableDb, seq: SeqAllocator, ids?: readonly string[]): number {
  const update = db.prepare(
    `UPDATE sessions SET message_count = @messages, tool_call_count = @toolCalls, input_tokens = @input, output_tokens = @output,
       cache_read_tokens = @cacheRead, cache_creation_tokens = @cacheCreation, reasoning_tokens = @reasoning, seq = @seq WHERE id = @id`,
  );
  const drift = findCounterDrift(db, ids);
  for (const d of drift) update.run({ id: d.id, ...d.actual, seq: seq.take() });
  return drift.length;
}
