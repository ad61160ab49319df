import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyBatch, RetryLaterError, type NormalizedBatch, type ParserState } from '../types.js';
import { readGlobalDb } from './global-db.js';
import { cursorAdapter, cursorDbHandler } from './index.js';
import { fileContext, openReadOnly, writeKvDb } from './test-db.js';

const A = 'aaaa-composer';
const B = 'bbbb-composer';
const HOUR = 3600_000;
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

function composerA(extraHeaders: string[] = [], lastUpdatedAt = now - HOUR) {
  return {
    _v: 10,
    composerId: A,
    name: 'Find the queries',
    createdAt: now - 2 * HOUR,
    lastUpdatedAt,
    unifiedMode: 'agent',
    modelConfig: { modelName: 'default' },
    originalFileStates: { 'file:///x': { content: 'big file body' } },
    fullConversationHeadersOnly: [
      { bubbleId: 'u1', type: 1 },
      { bubbleId: 'a1', type: 2 },
      { bubbleId: 'a2', type: 2 },
      { bubbleId: 'a3', type: 2 },
      { bubbleId: 'missing', type: 2 },
      ...extraHeaders.map((bubbleId) => ({ bubbleId, type: 2 })),
    ],
  };
}

const bubbles = {
  [`bubbleId:${A}:u1`]: { bubbleId: 'u1', type: 1, text: 'Give me the queries', createdAt: iso(now - 2 * HOUR), modelInfo: { modelName: 'gpt-5' }, tokenCount: { inputTokens: 0, outputTokens: 0 } },
  // Stored as a BLOB, as some builds do.
  [`bubbleId:${A}:a1`]: Buffer.from(JSON.stringify({ bubbleId: 'a1', type: 2, text: '', thinking: { text: 'Search first.' }, createdAt: iso(now - 2 * HOUR + 1000) })),
  [`bubbleId:${A}:a2`]: {
    bubbleId: 'a2',
    type: 2,
    text: '',
    createdAt: iso(now - 2 * HOUR + 2000),
    toolFormerData: { tool: 41, name: 'grep', toolCallId: 'call_1\nfc_1', status: 'error', rawArgs: '{"pattern":"SELECT"}', result: '{"error":"boom"}' },
  },
  [`bubbleId:${A}:a3`]: { bubbleId: 'a3', type: 2, text: 'Here they are.', createdAt: iso(now - 2 * HOUR + 3000), tokenCount: { inputTokens: 1200, outputTokens: 300 } },
  // Not in the headers (rewound): not read.
  [`bubbleId:${A}:orphan`]: { bubbleId: 'orphan', type: 2, text: 'dropped' },
};

const inlineComposer = {
  composerId: B,
  name: 'Old chat',
  createdAt: now - 100 * 24 * HOUR,
  conversation: [
    { bubbleId: 'q', type: 1, text: 'hello' },
    { bubbleId: 'r', type: 2, text: 'hi there' },
  ],
};

let dir: string;
let dbFile: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-cursor-global-'));
  dbFile = path.join(dir, 'globalStorage', 'state.vscdb');
  writeKvDb(dbFile, 'cursorDiskKV', {
    [`composerData:${A}`]: composerA(),
    [`composerData:${B}`]: inlineComposer,
    'composerData:broken': '{"composerId": "broken", "name": ',
    'composerData:empty': { composerId: 'empty', fullConversationHeadersOnly: [] },
    ...bubbles,
    'messageRequestContext:aaaa-composer:u1': { unrelated: true },
  });
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function read(state: ParserState): NormalizedBatch {
  const db = openReadOnly(dbFile);
  try {
    return cursorDbHandler.readDatabase(db, fileContext(dir, 'globalStorage/state.vscdb'), state);
  } finally {
    db.close();
  }
}

function update(rows: Record<string, unknown>): void {
  const db = new Database(dbFile);
  const put = db.prepare('INSERT INTO cursorDiskKV (key, value) VALUES (?, ?)');
  for (const [key, value] of Object.entries(rows)) put.run(key, JSON.stringify(value));
  db.close();
}

describe('Cursor global database', () => {
  it('reads composers with their bubbles, tools and tokens', () => {
    const batch = read({});
    expect(batch.sessions.map((s) => s.nativeId).sort()).toEqual([A, B]);
    expect(batch.sessions.find((s) => s.nativeId === A)).toEqual({
      nativeId: A,
      workspace: undefined,
      title: 'Find the queries',
      startedAt: iso(now - 2 * HOUR),
      endedAt: iso(now - HOUR),
      models: ['gpt-5'],
      extra: { source: 'composer', unifiedMode: 'agent' },
    });
    const messagesA = batch.messages.filter((m) => m.sessionNativeId === A);
    expect(messagesA.map((m) => [m.id, m.role, m.kind, m.ordinal, m.model, m.text])).toEqual([
      [`${A}:u1`, 'user', undefined, 1, undefined, 'Give me the queries'],
      [`${A}:a1:thinking`, 'assistant', 'thinking', 2, 'gpt-5', 'Search first.'],
      [`${A}:a2`, 'assistant', undefined, 5, 'gpt-5', ''],
      [`${A}:a3`, 'assistant', undefined, 7, 'gpt-5', 'Here they are.'],
    ]);
    expect(batch.toolCalls).toEqual([
      { id: 'call_1\nfc_1', sessionNativeId: A, messageId: `${A}:a2`, name: 'grep', input: { pattern: 'SELECT' }, result: '{"error":"boom"}', isError: true, time: iso(now - 2 * HOUR + 2000) },
    ]);
    expect(batch.usage).toEqual([
      { key: `${A}:a3`, sessionNativeId: A, messageId: `${A}:a3`, time: iso(now - 2 * HOUR + 3000), model: 'gpt-5', input: 1200, output: 300, cacheRead: 0, cacheCreation: 0, reasoning: 0, onConflict: 'replace' },
    ]);
    expect(batch.messages.filter((m) => m.sessionNativeId === B).map((m) => [m.id, m.role, m.text])).toEqual([
      [`${B}:q`, 'user', 'hello'],
      [`${B}:r`, 'assistant', 'hi there'],
    ]);
    expect(batch.problems).toEqual([{ reason: expect.stringMatching(/^composerData:broken: invalid JSON/) }]);
    expect(batch.raw.some((r) => r.text.includes('big file body'))).toBe(false);
  });

  it('reports a bubble that is not JSON, naming its key, and keeps the others', () => {
    const db = new Database(dbFile);
    db.prepare('INSERT INTO cursorDiskKV (key, value) VALUES (?, ?)').run(`bubbleId:${A}:a3`, Buffer.from('{"type": 2, "te'));
    db.close();
    const batch = read({});
    expect(batch.problems.map((p) => p.reason)).toContainEqual(expect.stringMatching(new RegExp(`^bubbleId:${A}:a3: invalid JSON`)));
    expect(batch.messages.map((m) => m.id)).toContain(`${A}:u1`);
  });

  it('skips unchanged composers on the next read and re-reads changed ones', () => {
    const state: ParserState = {};
    const first = read(state);
    expect(first.messages.length).toBeGreaterThan(0);

    const again = read(state);
    expect(again.messages).toEqual([]);
    expect(again.problems).toEqual([]); // the broken composer is reported once, not on every read

    update({ [`composerData:${A}`]: composerA(['a4'], now), [`bubbleId:${A}:a4`]: { bubbleId: 'a4', type: 2, text: 'One more thing.' } });
    const changed = read(state);
    expect(changed.sessions.map((s) => s.nativeId)).toEqual([A]);
    expect(changed.messages.map((m) => m.id)).toContain(`${A}:a4`);

    // A restart loses the state: everything is read again, with the same ids.
    const restarted = read({});
    expect(restarted.messages.map((m) => m.id).sort()).toEqual([...first.messages.map((m) => m.id), `${A}:a4`].sort());
  });

  it('notices a same-length rewrite of a recently active composer by its lastUpdatedAt', () => {
    const state: ParserState = {};
    read(state);
    update({ [`composerData:${A}`]: composerA([], now - HOUR + 1) });
    expect(read(state).sessions.map((s) => s.nativeId)).toEqual([A]);
  });

  it('does not look inside composers idle for long whose size did not change (the trade-off for big DBs)', () => {
    const state: ParserState = {};
    const readAt = (time: number): NormalizedBatch => {
      const db = openReadOnly(dbFile);
      try {
        const batch = emptyBatch();
        readGlobalDb(db, { ...state }, batch, time);
        return batch;
      } finally {
        db.close();
      }
    };
    const db = openReadOnly(dbFile);
    readGlobalDb(db, state, emptyBatch(), now);
    db.close();
    update({ [`composerData:${A}`]: composerA([], now - HOUR + 1) });
    expect(readAt(now + 30 * 24 * HOUR).messages).toEqual([]);
    expect(readAt(now).sessions.map((s) => s.nativeId)).toEqual([A]);
  });

  it('spreads a read bigger than its budget over several calls, flagging state.incomplete', () => {
    const state: ParserState = {};
    const sessions: string[] = [];
    const db = openReadOnly(dbFile);
    try {
      let calls = 0;
      do {
        const batch = emptyBatch();
        readGlobalDb(db, state, batch, now, 1);
        sessions.push(...batch.sessions.map((s) => s.nativeId));
        calls++;
      } while (state.incomplete && calls < 10);
      expect(calls).toBe(4); // one composer per call: A, B, broken, empty
      expect(state.incomplete).toBeUndefined();
      expect(sessions).toEqual([A, B]);
    } finally {
      db.close();
    }
  });

  it('turns a locked database into RetryLaterError', () => {
    const writer = new Database(dbFile);
    writer.pragma('locking_mode = EXCLUSIVE');
    writer.exec('BEGIN EXCLUSIVE');
    const reader = new Database(dbFile, { readonly: true, timeout: 0 });
    try {
      expect(() => cursorDbHandler.readDatabase(reader, fileContext(dir, 'globalStorage/state.vscdb'), {})).toThrow(RetryLaterError);
    } finally {
      reader.close();
      writer.exec('ROLLBACK');
      writer.close();
    }
  });
});

describe('cursorAdapter', () => {
  it('claims the global and workspace databases only', () => {
    expect(cursorAdapter.handlerFor('globalStorage/state.vscdb')).toBe(cursorDbHandler);
    expect(cursorAdapter.handlerFor('workspaceStorage/abc123/state.vscdb')).toBe(cursorDbHandler);
    expect(cursorAdapter.handlerFor('globalStorage/state.vscdb-wal')).toBeUndefined();
    expect(cursorAdapter.handlerFor('globalStorage/state.vscdb.backup')).toBeUndefined();
    expect(cursorAdapter.handlerFor('workspaceStorage/abc/chatSessions/x.json')).toBeUndefined();
    expect(cursorDbHandler.companions).toEqual(['-wal', '-journal']);
  });

  it('looks in the Cursor user dir, then in ~/.cursor for agent transcripts and CLI chats, on each OS', () => {
    expect(cursorAdapter.defaultRoots({ platform: 'darwin', home: '/Users/me', env: {} })).toEqual([
      '/Users/me/Library/Application Support/Cursor/User',
      '/Users/me/.cursor/projects',
      '/Users/me/.cursor/chats',
    ]);
    expect(cursorAdapter.defaultRoots({ platform: 'linux', home: '/home/me', env: {} })).toEqual(['/home/me/.config/Cursor/User', '/home/me/.cursor/projects', '/home/me/.cursor/chats']);
    expect(cursorAdapter.defaultRoots({ platform: 'win32', home: 'C:\\Users\\me', env: { USERPROFILE: 'C:\\Users\\me', APPDATA: 'C:\\Users\\me\\AppData\\Roaming' } })).toEqual([
      path.join('C:\\Users\\me\\AppData\\Roaming', 'Cursor', 'User'),
      path.join('C:\\Users\\me', '.cursor', 'projects'),
      path.join('C:\\Users\\me', '.cursor', 'chats'),
    ]);
  });

  it('claims agent transcripts and CLI chat stores by their place under ~/.cursor', () => {
    const uuid = '123f1cae-0c8d-4041-905b-ac6e2e32d6e4';
    const kind = (rel: string) => cursorAdapter.handlerFor(rel)?.kind;
    expect(kind(`Users-me-app/agent-transcripts/${uuid}.txt`)).toBe('whole');
    expect(kind(`Users-me-app/agent-transcripts/${uuid}/${uuid}.jsonl`)).toBe('whole');
    expect(kind(`Users-me-app/agent-transcripts/${uuid}/other.jsonl`)).toBeUndefined();
    expect(kind(`Users-me-app/agent-tools/${uuid}.txt`)).toBeUndefined();
    expect(kind(`e4e90b7bcae743c9a1a1a045a49e1b1d/${uuid}/store.db`)).toBe('sqlite');
    expect(kind(`e4e90b7bcae743c9a1a1a045a49e1b1d/${uuid}/store.db-wal`)).toBeUndefined();
  });
});
