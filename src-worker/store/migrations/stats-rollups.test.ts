/** Migration 0004 on a store that already holds rows: the rollups are built for them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PriceTable } from '../../query/prices.js';
import { getStats } from '../../query/stats.js';
import { currentTimeZone } from '../../query/time-zone.js';
import { openReadableDb, openWritableDb } from '../database.js';
import { MIGRATIONS, migrate } from './index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-rollup-migration-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0004 (stats rollups)', () => {
  it('builds the rollups from rows written before it, so every source answers the same', () => {
    const file = path.join(dir, 'devlog.db');
    const db = openWritableDb(file);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
    db.exec(`
      INSERT INTO sessions(id, agent, native_id, origin_machine, workspace, models, seq) VALUES
        ('claude-code:a', 'claude-code', 'a', 'm', '/w/a', '[]', 1), ('codex:b', 'codex', 'b', 'm', NULL, '[]', 2);
      INSERT INTO messages(id, session_id, role, time, model, ordinal, hash, seq) VALUES
        ('claude-code:m1', 'claude-code:a', 'user', '2026-01-01T23:50:00.000Z', NULL, 1, '', 3),
        ('claude-code:m2', 'claude-code:a', 'assistant', '2026-01-02T00:10:00.000Z', 'claude-sonnet-4-5', 2, '', 4),
        ('codex:m3', 'codex:b', 'user', NULL, NULL, 1, '', 5);
      INSERT INTO tool_calls(id, session_id, message_id, name, time, hash, seq) VALUES ('claude-code:t1', 'claude-code:a', 'claude-code:m2', 'Bash', '2026-01-02T00:11:00.000Z', '', 6);
      INSERT INTO usage(key, session_id, message_id, time, model, input, output, cache_read, cache_creation, reasoning, seq) VALUES
        ('claude-code:u1', 'claude-code:a', 'claude-code:m2', '2026-01-02T00:10:00.000Z', 'claude-sonnet-4-5', 10, 20, 300, 40, 0, 7),
        ('codex:u2', 'codex:b', NULL, '2026-02-01T12:00:00.000Z', 'gpt-5', 5, 6, 0, 0, 1, 8);
    `);
    migrate(db);
    db.close();

    const reader = openReadableDb(file);
    try {
      const prices = new PriceTable();
      const stats = (source: 'raw' | 'buckets' | 'days', timeZone: string) => getStats(reader, { by: 'day', timeZone }, prices, { source });
      const utc = stats('raw', 'UTC');
      expect(utc.groups.map((g) => [g.key, g.sessions, g.messages, g.toolCalls, g.tokens.input])).toEqual([
        ['(none)', 1, 1, 0, 0],
        ['2026-01-01', 1, 1, 0, 0],
        ['2026-01-02', 1, 1, 1, 10],
        ['2026-02-01', 1, 0, 0, 5],
      ]);
      for (const zone of ['UTC', 'Asia/Kolkata', 'America/Los_Angeles']) expect(stats('buckets', zone)).toEqual(stats('raw', zone));
      expect(stats('days', currentTimeZone())).toEqual(stats('raw', currentTimeZone()));
    } finally {
      reader.close();
    }
  });
});
