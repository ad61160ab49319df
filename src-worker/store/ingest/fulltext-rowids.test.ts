import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { rec, TestStore } from '../../query/test-store.js';
import { checkFulltextIntegrity, countMatches } from '../testing/fulltext-integrity.js';
import { copyRowByRow } from '../testing/copy-row-by-row.js';

/**
 * The FTS indexes point at rows by rowid. Machine sync will delete rows, so rowids must be part
 * of the rows (an explicit INTEGER PRIMARY KEY) and new rows must be indexed by exactly their
 * own rowids, never by "above the old maximum".
 */
describe('full-text rowids after deletes', () => {
  const stores: TestStore[] = [];
  afterEach(() => stores.splice(0).forEach((s) => s.dispose()));

  const fill = () => {
    const store = new TestStore();
    stores.push(store);
    store.commit('codex', 'r.jsonl', {
      messages: ['alpha', 'bravo', 'charlie', 'delta'].map((w, i) => rec.message('s', `m${i}`, i, { role: 'user', text: `word ${w}` })),
      toolCalls: ['echo', 'foxtrot', 'golf'].map((w, i) => rec.toolCall('s', `t${i}`, { name: 'shell', input: { command: `say ${w}` } })),
    });
    return store;
  };
  const messageFor = (db: BetterSqlite3.Database, word: string) =>
    db.prepare('SELECT m.id FROM messages_fts f JOIN messages m ON m.rowid = f.rowid WHERE messages_fts MATCH ?').pluck().all(word);
  const toolCallFor = (db: BetterSqlite3.Database, word: string) =>
    db.prepare('SELECT t.id FROM tool_calls_fts f JOIN tool_calls t ON t.rowid = f.rowid WHERE tool_calls_fts MATCH ?').pluck().all(word);

  it('declares an explicit INTEGER PRIMARY KEY on every table the index points into', () => {
    const db = fill().engine.db;
    for (const table of ['messages', 'tool_calls']) {
      const pk = db.prepare(`SELECT name, type FROM pragma_table_info(?) WHERE pk > 0`).all(table);
      expect(pk, table).toEqual([{ name: 'rowid', type: 'INTEGER' }]);
    }
  });

  it('finds the right rows after deleted rows and a copy of the store made row by row', () => {
    const store = fill();
    const db = store.engine.db;
    // What a synced delete from another machine will do.
    db.prepare("DELETE FROM messages WHERE id IN ('codex:m1', 'codex:m3')").run();
    db.prepare("DELETE FROM tool_calls WHERE id = 'codex:t1'").run();
    store.commit('codex', 'r.jsonl', { messages: [rec.message('s', 'm4', 4, { role: 'user', text: 'word hotel' })] });

    const copy = copyRowByRow(db, path.join(store.home, 'copy.db'));
    try {
      for (const target of [db, copy]) {
        expect(messageFor(target, 'charlie')).toEqual(['codex:m2']);
        expect(messageFor(target, 'hotel')).toEqual(['codex:m4']);
        expect(messageFor(target, 'delta')).toEqual([]);
        expect(toolCallFor(target, 'golf')).toEqual(['codex:t2']);
        expect(toolCallFor(target, 'foxtrot')).toEqual([]);
        checkFulltextIntegrity(target);
      }
    } finally {
      copy.close();
    }
  });

  it('indexes a new row whose rowid is not above the old maximum (a delete in the same transaction)', () => {
    const store = fill();
    const db = store.engine.db;
    // A sync import deletes the newest message and writes new ones in one transaction.
    db.transaction(() => {
      db.prepare("DELETE FROM messages WHERE id = 'codex:m3'").run();
      store.commit('codex', 'r.jsonl', { messages: [rec.message('s', 'm5', 5, { role: 'user', text: 'word india' })] });
    })();
    expect(messageFor(db, 'india')).toEqual(['codex:m5']);
    expect(countMatches(db, 'messages_fts', 'delta')).toBe(0);
    checkFulltextIntegrity(db);
  });
});
