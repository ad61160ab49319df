import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadSqlite } from '../../native.js';
import { querySessions } from '../../query/sessions.js';
import { rec, TestStore } from '../../query/test-store.js';
import { useTempHome } from '../../testing/temp-home.js';
import { openReadableDb, openWritableDb, type WritableDb } from '../database.js';
import { checkFulltextIntegrity, countMatches } from '../testing/fulltext-integrity.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from './index.js';
import { oldStores, searchable, type OldStore } from './testing/old-stores.js';
import { schemaText } from './testing/schema-text.js';

type Rows = Record<string, Array<Record<string, unknown>>>;

type Columns = Record<string, string[]>;

function columnsOf(db: BetterSqlite3.Database, tables: string[]): Columns {
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]).filter((c) => c !== 'rowid')]));
}

/**
 * Every row of every table the old store has (not the FTS tables), rowids included where the
 * index needs them; only the old store's columns (columns a later step adds are checked by the
 * schema snapshot and by their own defaults, not here).
 */
function allRows(db: BetterSqlite3.Database, tables: string[], columnsByTable: Columns = columnsOf(db, tables)): Rows {
  const rows: Rows = {};
  for (const table of tables) {
    const columns = columnsByTable[table]!;
    const rowid = table === 'messages' || table === 'tool_calls' ? 'rowid AS rowid_, ' : '';
    rows[table] = db.prepare(`SELECT ${rowid}${columns.join(', ')} FROM ${table} ORDER BY ${columns[0]}`).all() as Array<Record<string, unknown>>;
  }
  return rows;
}

function plainTables(db: BetterSqlite3.Database): string[] {
  const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string; sql: string }>;
  const virtual = tables.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
  return tables.filter((t) => !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`))).map((t) => t.name);
}

function freshSchema(): string {
  const db = new (loadSqlite())(':memory:') as unknown as WritableDb;
  try {
    migrate(db);
    return schemaText(db);
  } finally {
    db.close();
  }
}

/** What the upgrade may change: counts an earlier writer left on the wrong session, each recount a new seq. */
function expectedAfterUpgrade(old: OldStore, before: Rows): Rows {
  if (!old.movedWithoutCounts || !before.sessions?.length) return before;
  let next = Number(before.meta!.find((m) => m.key === 'next_seq')!.value);
  const recount: Record<string, { message_count: number; tool_call_count: number }> = {
    'claude-code:s1': { message_count: 1, tool_call_count: 1 },
    'claude-code:s2': { message_count: 2, tool_call_count: 0 },
  };
  const sessions = before.sessions.map((s) => (recount[s.id as string] ? { ...s, ...recount[s.id as string], seq: next++ } : s));
  const meta = before.meta!.map((m) => (m.key === 'next_seq' ? { ...m, value: String(next) } : m));
  return { ...before, sessions, meta };
}

describe('upgrading a store from every earlier schema version', () => {
  const tempHome = useTempHome();
  const latestSchema = freshSchema();

  it('covers every version below the current one', () => {
    const versions = new Set(oldStores().map((s) => (s.migrations.length ? s.migrations[s.migrations.length - 1]!.version : 0)));
    // Every step below the current one, and no number skipped.
    expect([...versions].sort((a, b) => a - b)).toEqual([0, ...MIGRATIONS.map((m) => m.version).filter((v) => v < SCHEMA_VERSION)]);
    expect(MIGRATIONS[MIGRATIONS.length - 1]!.version).toBe(SCHEMA_VERSION);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  for (const old of oldStores()) {
    it(`keeps every row, search and the index whole from ${old.label}`, () => {
      const home = tempHome();
      const file = path.join(home, 'devlog.db');
      const db = openWritableDb(file);
      migrate(db, old.migrations);
      old.fill(db);
      const tables = plainTables(db);
      const oldColumns = columnsOf(db, tables);
      const before = allRows(db, tables, oldColumns);
      if (old.brokenIndex) expect(() => checkFulltextIntegrity(db), 'the fixture reproduces the broken index').toThrow(/integrity-check failed/);

      expect(migrate(db)).toBe(SCHEMA_VERSION);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(schemaText(db)).toBe(latestSchema);
      const after = allRows(db, tables, oldColumns);
      // Settings a later step adds (e.g. 0005's stats_day_zone) are checked by that step's own tests.
      const oldKeys = new Set((before.meta ?? []).map((m) => m.key));
      if (after.meta) after.meta = after.meta.filter((m) => oldKeys.has(m.key));
      expect(after).toEqual(expectedAfterUpgrade(old, before));
      checkFulltextIntegrity(db);
      if (before.messages?.length) {
        for (const { word, table } of searchable(old)) expect(countMatches(db, table, word), word).toBe(1);
      }
      db.close();

      const reader = openReadableDb(file);
      try {
        if (before.messages?.length) {
          for (const { word, session } of searchable(old)) {
            expect(querySessions(reader, { search: word }).sessions.map((s) => s.id), word).toEqual([session]);
          }
        }
      } finally {
        reader.close();
      }

      // The engine opens the upgraded store and goes on collecting into it.
      const store = new TestStore(home);
      try {
        store.commit('codex', 'rollout-c1.jsonl', { messages: [rec.message('c1', 'm3', 2, { role: 'user', text: 'one more jackal question' })] });
        store.commit('claude-code', 's1.jsonl', { messages: [rec.message('s1', 'u1', 0, { role: 'user', text: 'the aardvark parser fails on every input' })] });
        const edb = store.engine.db;
        expect(querySessions(store.reader(), { search: 'jackal' }).sessions.map((s) => s.id)).toEqual(['codex:c1']);
        checkFulltextIntegrity(edb);
        const wrongCounts = edb
          .prepare(
            `SELECT id FROM sessions s WHERE message_count <> (SELECT count(*) FROM messages WHERE session_id = s.id)
               OR tool_call_count <> (SELECT count(*) FROM tool_calls WHERE session_id = s.id)`,
          )
          .all();
        expect(wrongCounts).toEqual([]);
      } finally {
        store.dispose(false);
      }
    });
  }
});
