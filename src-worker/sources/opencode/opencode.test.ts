/**
 * OpenCode through the collector, with real files and a real store: the SQLite database of newer
 * releases and the JSON files of older ones give the same session, messages, tool calls and usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTestCollectors } from '../../testing/test-collectors.js';
import { emptyBatch, RetryLaterError, type FileContext, type WholeFileHandler } from '../types.js';
import { readOpencodeDb } from './database.js';
import { opencodeAdapter, opencodeHandlerFor, opencodeRoots } from './index.js';
import { addSessionMessages, messages, SESSION_ID, WORKSPACE, writeDatabase, writeJsonStorage, type TestMessage } from './test-session.js';

describe('OpenCode', () => {
  const { tempHome, open } = useTestCollectors();

  function collectorFor(root: string) {
    const { engine, collector } = open([opencodeAdapter], { opencode: [root] });
    const rows = () => ({
      sessions: engine.db.prepare('SELECT native_id, workspace, agent_title, started_at, ended_at, models, message_count, tool_call_count, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, reasoning_tokens, extra FROM sessions').all(),
      messages: engine.db.prepare("SELECT replace(id, 'opencode:', '') AS id, role, kind, text, time, model, is_meta FROM messages ORDER BY ordinal").all(),
      toolCalls: engine.db.prepare("SELECT replace(id, 'opencode:', '') AS id, name, input, result, is_error, time, result_time FROM tool_calls ORDER BY id").all(),
      usage: engine.db.prepare('SELECT key, model, input, output, cache_read, cache_creation, reasoning, time FROM usage').all(),
      seq: engine.db.prepare("SELECT value FROM meta WHERE key = 'next_seq'").get(),
    });
    return { engine, collector, rows };
  }

  it('reads a session from the database: messages with their text, thinking, tool calls, usage and the cost of each response', async () => {
    const root = path.join(tempHome(), 'opencode');
    writeDatabase(root);
    const { engine, collector, rows } = collectorFor(root);
    await collector.collectOnce();
    const got = rows();
    expect(got.sessions).toEqual([
      {
        native_id: SESSION_ID,
        workspace: WORKSPACE,
        agent_title: 'Fix the flaky test',
        started_at: '2026-03-02T10:00:00.000Z',
        ended_at: '2026-03-02T10:01:00.000Z',
        models: '["claude-sonnet-4"]',
        message_count: 3,
        tool_call_count: 2,
        input_tokens: 1200,
        output_tokens: 350,
        cache_read_tokens: 8000,
        cache_creation_tokens: 400,
        reasoning_tokens: 50,
        extra: JSON.stringify({ opencodeVersion: '1.0.120', projectId: 'a1b2c3d4e5f6' }),
      },
    ]);
    expect(got.messages).toEqual([
      { id: 'msg_001', role: 'user', kind: 'message', text: 'why is test_login flaky?', time: '2026-03-02T10:00:01.000Z', model: null, is_meta: 0 },
      { id: 'prt_002b', role: 'assistant', kind: 'thinking', text: 'Look at the fixture first.', time: '2026-03-02T10:00:02.500Z', model: 'claude-sonnet-4', is_meta: 0 },
      { id: 'msg_002', role: 'assistant', kind: 'message', text: 'The test shares a clock with another test.', time: '2026-03-02T10:00:02.000Z', model: 'claude-sonnet-4', is_meta: 0 },
    ]);
    expect(got.toolCalls).toEqual([
      { id: 'toolu_01', name: 'read', input: '{"filePath":"tests/test_login.py"}', result: 'def test_login(): ...', is_error: 0, time: '2026-03-02T10:00:03.000Z', result_time: '2026-03-02T10:00:03.100Z' },
      { id: 'toolu_02', name: 'bash', input: '{"command":"pytest -x"}', result: 'exit status 1', is_error: 1, time: '2026-03-02T10:00:04.000Z', result_time: '2026-03-02T10:00:06.000Z' },
    ]);
    const reply = engine.db.prepare("SELECT content FROM messages WHERE id = 'opencode:msg_002'").get() as { content: string };
    expect(JSON.parse(reply.content)).toEqual({ costUsd: 0.0123 });
    expect(got.usage).toEqual([{ key: 'opencode:msg_002', model: 'claude-sonnet-4', input: 1200, output: 350, cache_read: 8000, cache_creation: 400, reasoning: 50, time: '2026-03-02T10:00:09.000Z' }]);
  });

  it('adds nothing on a second collection, and reads a message added to the database later', async () => {
    const root = path.join(tempHome(), 'opencode');
    writeDatabase(root);
    const { collector, rows } = collectorFor(root);
    await collector.collectOnce();
    const first = rows();
    await collector.collectOnce();
    expect(rows()).toEqual(first);

    const later: TestMessage = { id: 'msg_003', info: { role: 'user', time: { created: Date.parse('2026-03-02T10:05:00.000Z') }, agent: 'build' }, parts: [{ id: 'prt_003a', type: 'text', text: 'and the other test?' }] };
    writeDatabase(root, [...messages, later], Date.parse('2026-03-02T10:05:01.000Z'));
    await collector.collectOnce();
    expect(rows().messages.map((m) => (m as { text: string }).text)).toContain('and the other test?');
  });

  it('gives the same rows from the JSON files of older releases', async () => {
    const dbRoot = path.join(tempHome(), 'opencode');
    writeDatabase(dbRoot);
    const fromDb = collectorFor(dbRoot);
    await fromDb.collector.collectOnce();
    const jsonRoot = path.join(tempHome(), 'opencode');
    writeJsonStorage(jsonRoot);
    const fromJson = collectorFor(jsonRoot);
    await fromJson.collector.collectOnce();
    const { seq: _a, sessions: dbSessions, ...dbRows } = fromDb.rows();
    const { seq: _b, sessions: jsonSessions, ...jsonRows } = fromJson.rows();
    expect(jsonRows).toEqual(dbRows);
    // The JSON session file has no running totals: its end is the file's own `time.updated`.
    expect(jsonSessions).toEqual(dbSessions);
  });

  it('re-derives the same rows from the kept raw rows alone (the tables rebuilt as key/value)', () => {
    const root = path.join(tempHome(), 'opencode');
    const file = writeDatabase(root);
    const context: FileContext = { agent: 'opencode', path: file, relPath: 'opencode.db', root };
    const live = emptyBatch();
    const db = new Database(file, { readonly: true });
    readOpencodeDb(db, context, {}, live);
    db.close();
    const rebuilt = new Database(':memory:');
    for (const table of new Set(live.raw.map((r) => r.table!))) rebuilt.exec(`CREATE TABLE "${table}" (key TEXT PRIMARY KEY, value BLOB)`);
    for (const r of live.raw) rebuilt.prepare(`INSERT OR REPLACE INTO "${r.table}"(key, value) VALUES (?, ?)`).run(r.key, r.text);
    const again = emptyBatch();
    readOpencodeDb(rebuilt, context, {}, again);
    expect({ ...again, raw: [] }).toEqual({ ...live, raw: [] });
  });

  it('re-reads only the messages of a session that changed since its last read, each with all its parts', () => {
    const root = path.join(tempHome(), 'opencode');
    const file = writeDatabase(root);
    // Each row last written when it was created, as OpenCode leaves finished messages.
    const setup = new Database(file);
    setup.exec('UPDATE message SET time_updated = time_created; UPDATE part SET time_updated = time_created;');
    setup.close();
    const context: FileContext = { agent: 'opencode', path: file, relPath: 'opencode.db', root };
    const state = {};
    const read = () => {
      const batch = emptyBatch();
      const db = new Database(file, { readonly: true });
      readOpencodeDb(db, context, state, batch);
      db.close();
      return batch;
    };
    expect(read().messages.map((m) => m.id)).toEqual(['msg_001', 'prt_002b', 'msg_002']);
    expect(read().messages).toEqual([]);
    // The reply's text part grows (OpenCode streaming it) and the session is touched.
    const later = Date.parse('2026-03-02T10:02:00.000Z');
    const writer = new Database(file);
    writer.prepare("UPDATE part SET data = json_set(data, '$.text', 'The test shares a clock with another test. Fixed.'), time_updated = ? WHERE id = 'prt_002e'").run(later);
    writer.prepare('UPDATE session SET time_updated = ?').run(later);
    writer.close();
    const again = read();
    expect(again.messages.map((m) => [m.id, m.text])).toEqual([
      ['prt_002b', 'Look at the fixture first.'],
      ['msg_002', 'The test shares a clock with another test. Fixed.'],
    ]);
    expect(again.toolCalls.map((c) => c.id)).toEqual(['toolu_01', 'toolu_02']);
  });

  it('reads a session of the newest builds from session_message alone, and re-derives it from the kept rows', async () => {
    const root = path.join(tempHome(), 'opencode');
    // The older tables still hold the backfilled session: the newer table wins, nothing is doubled.
    const file = writeDatabase(root);
    addSessionMessages(file);
    const { engine, collector, rows } = collectorFor(root);
    await collector.collectOnce();
    const got = rows();
    expect(got.messages).toEqual([
      { id: 'msg_001', role: 'user', kind: 'message', text: 'why is test_login flaky?', time: '2026-03-02T10:00:01.000Z', model: null, is_meta: 0 },
      { id: 'prt_002b', role: 'assistant', kind: 'thinking', text: 'Look at the fixture first.', time: '2026-03-02T10:00:02.000Z', model: 'claude-sonnet-4', is_meta: 0 },
      { id: 'msg_002', role: 'assistant', kind: 'message', text: 'The test shares a clock with another test.', time: '2026-03-02T10:00:02.000Z', model: 'claude-sonnet-4', is_meta: 0 },
      { id: 'msg_003', role: 'user', kind: 'command', text: '!pytest -x', time: '2026-03-02T10:00:10.000Z', model: null, is_meta: 0 },
    ]);
    expect(got.toolCalls).toEqual([
      { id: 'sh_1', name: 'shell', input: '{"command":"pytest -x"}', result: '1 failed', is_error: 0, time: '2026-03-02T10:00:10.000Z', result_time: '2026-03-02T10:00:12.000Z' },
      { id: 'toolu_01', name: 'read', input: '{"filePath":"tests/test_login.py"}', result: 'def test_login(): ...', is_error: 0, time: '2026-03-02T10:00:03.000Z', result_time: '2026-03-02T10:00:03.100Z' },
    ]);
    expect(got.usage).toEqual([{ key: 'opencode:msg_002', model: 'claude-sonnet-4', input: 1200, output: 350, cache_read: 8000, cache_creation: 400, reasoning: 50, time: '2026-03-02T10:00:09.000Z' }]);
    expect(engine.db.prepare("SELECT content FROM messages WHERE id = 'opencode:msg_002'").pluck().get()).toBe(JSON.stringify({ costUsd: 0.0123 }));

    const context: FileContext = { agent: 'opencode', path: file, relPath: 'opencode.db', root };
    const live = emptyBatch();
    const db = new Database(file, { readonly: true });
    readOpencodeDb(db, context, {}, live);
    db.close();
    const rebuilt = new Database(':memory:');
    for (const table of new Set(live.raw.map((r) => r.table!))) rebuilt.exec(`CREATE TABLE "${table}" (key TEXT PRIMARY KEY, value BLOB)`);
    for (const r of live.raw) rebuilt.prepare(`INSERT OR REPLACE INTO "${r.table}"(key, value) VALUES (?, ?)`).run(r.key, r.text);
    const again = emptyBatch();
    readOpencodeDb(rebuilt, context, {}, again);
    expect({ ...again, raw: [] }).toEqual({ ...live, raw: [] });
  });

  it('retries a message file cut off mid-write instead of importing part of it', () => {
    const root = path.join(tempHome(), 'opencode');
    writeJsonStorage(root);
    const rel = `storage/message/${SESSION_ID}/msg_002.json`;
    const handler = opencodeHandlerFor(rel) as WholeFileHandler;
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const context: FileContext = { agent: 'opencode', path: path.join(root, rel), relPath: rel, root };
    expect(() => handler.parseFile(text.slice(0, text.length / 2), context, {})).toThrow(RetryLaterError);
    expect(handler.parseFile(text, context, {}).messages.map((m) => m.id)).toEqual(['prt_002b', 'msg_002']);
  });

  it('looks in the XDG data folder on every OS', () => {
    expect(opencodeRoots({ platform: 'linux', home: '/home/u', env: {} })).toEqual(['/home/u/.local/share/opencode']);
    expect(opencodeRoots({ platform: 'linux', home: '/home/u', env: { XDG_DATA_HOME: '/data' } })).toEqual([path.join('/data', 'opencode')]);
    expect(opencodeRoots({ platform: 'darwin', home: '/Users/u', env: {} })).toEqual(['/Users/u/.local/share/opencode']);
    expect(opencodeRoots({ platform: 'win32', home: 'C:\\Users\\u', env: { USERPROFILE: 'C:\\Users\\u', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' } })).toEqual([
      path.join('C:\\Users\\u', '.local', 'share', 'opencode'),
    ]);
    const kind = (rel: string) => opencodeHandlerFor(rel)?.kind;
    expect([kind('opencode.db'), kind('opencode-dev.db'), kind('opencode.db-wal'), kind('storage/session/p1/ses_1.json'), kind('storage/part/msg_1/prt_1.json'), kind('storage/todo/ses_1.json'), kind('auth.json')]).toEqual([
      'sqlite', 'sqlite', undefined, 'whole', 'whole', undefined, undefined,
    ]);
  });
});
