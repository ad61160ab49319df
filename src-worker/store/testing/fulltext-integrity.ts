import type BetterSqlite3 from 'better-sqlite3';

/**
 * Runs FTS5's own integrity-check on both indexes: it throws ("database disk image is
 * malformed") when the index and the rows it points at disagree (a row indexed twice, a stale
 * entry, a row missing). The `rank = 1` form also compares against the content tables.
 */
export function checkFulltextIntegrity(db: BetterSqlite3.Database): void {
  for (const table of ['messages_fts', 'tool_calls_fts']) {
    try {
      db.prepare(`INSERT INTO ${table}(${table}, rank) VALUES ('integrity-check', 1)`).run();
    } catch (err) {
      throw new Error(`${table}: FTS5 integrity-check failed: ${(err as Error).message}`);
    }
  }
}

/** How many rows of an FTS table match a query. */
export function countMatches(db: BetterSqlite3.Database, table: 'messages_fts' | 'tool_calls_fts', match: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`).get(match) as { n: number }).n;
}
