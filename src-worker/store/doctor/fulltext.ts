import type { ReadableDb, WritableDb } from '../database.js';
import { check, MAX_EXAMPLES, type DoctorCheck } from './check.js';

const INDEXES = {
  messages: { id: 'messages-index', title: 'search index: messages', fts: 'messages_fts', table: 'messages' },
  tool_calls: { id: 'tool-calls-index', title: 'search index: tool calls', fts: 'tool_calls_fts', table: 'tool_calls' },
} as const;

export type IndexedTable = keyof typeof INDEXES;

/**
 * The FTS5 index against its content table: rows the index does not know, index entries whose
 * row is gone (both from the index's per-row table, so they can be named), and FTS5's own
 * integrity-check, which compares every token with the rows. That last one is a write statement
 * for SQLite, so it runs only with the store's writer (not beside a running engine).
 */
export function checkFulltext(db: ReadableDb, which: IndexedTable, writable: boolean): DoctorCheck {
  const { id, title, fts, table } = INDEXES[which];
  const missing = db.prepare(`SELECT rowid FROM ${table} WHERE rowid NOT IN (SELECT id FROM ${fts}_docsize) ORDER BY rowid`).pluck().all() as number[];
  const extra = db.prepare(`SELECT id FROM ${fts}_docsize WHERE id NOT IN (SELECT rowid FROM ${table}) ORDER BY id`).pluck().all() as number[];
  const examples = [
    ...missing.slice(0, MAX_EXAMPLES).map((r) => `${table} rowid ${r} is not in the index`),
    ...extra.slice(0, MAX_EXAMPLES).map((r) => `index entry ${r} has no ${table} row`),
  ];
  let integrity: string | undefined;
  if (writable) {
    try {
      (db as WritableDb).prepare(`INSERT INTO ${fts}(${fts}, rank) VALUES ('integrity-check', 1)`).run();
    } catch (err) {
      integrity = (err as Error).message;
      examples.unshift(`FTS5 integrity-check: ${integrity}`);
    }
  }
  const found = missing.length + extra.length + (integrity && missing.length + extra.length === 0 ? 1 : 0);
  const parts = [missing.length && `${missing.length} rows not indexed`, extra.length && `${extra.length} index entries without a row`, integrity && 'index content disagrees with the rows'];
  return check(id, title, found, parts.filter(Boolean).join(', '), examples, writable ? undefined : 'token-level check skipped: the running engine owns the store');
}

/** Rebuilds the index from its content table (FTS5 'rebuild'): the repair for any finding above. */
export function rebuildFulltext(db: WritableDb, which: IndexedTable): void {
  const { fts } = INDEXES[which];
  db.prepare(`INSERT INTO ${fts}(${fts}) VALUES ('rebuild')`).run();
}
