/**
 * Cursor agent transcripts and Cursor CLI chat stores through the collector, with real files and
 * a real store: sessions, turns, tool calls, workspace; a second collection adds nothing; a
 * transcript cut off mid-write is retried; one conversation found in a transcript and in a chat
 * store (or in Cursor's global database) is one session.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Collector } from '../../collect/collector.js';
import { useTestCollectors } from '../../testing/test-collectors.js';
import { RetryLaterError, type WholeFileHandler } from '../types.js';
import { cursorAdapter } from './index.js';
import { editorGlobalDb } from './other-copies.js';
import { writeKvDb } from './test-db.js';

const UUID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const WORKSPACE = '/Users/me/src/shop-app';
const SLUG = 'Users-me-src-shop-app';

const jsonl = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const user = (text: string) => ({ role: 'user', message: { content: [{ type: 'text', text: `<user_info>\nOS: darwin\n</user_info>\n<user_query>\n${text}\n</user_query>` }] } });
const assistant = (text: string, ...tools: { name: string; input: unknown }[]) => ({
  role: 'assistant',
  message: { content: [{ type: 'text', text }, ...tools.map((t) => ({ type: 'tool_use', ...t }))] },
});

const conversation = [
  user('make the header sticky'),
  assistant('Looking at the header first.\n\n[REDACTED]', { name: 'Read', input: { path: `${WORKSPACE}/src/Header.tsx` } }),
  assistant('[REDACTED]', { name: 'Write', input: { path: `${WORKSPACE}/src/Header.tsx`, contents: 'sticky' } }),
  assistant('The header is sticky now.'),
];

describe('Cursor agent transcripts and CLI chats', () => {
  const { tempHome, open } = useTestCollectors();

  function setup() {
    const home = tempHome();
    const cursorHome = path.join(home, '.cursor');
    const userDir = path.join(home, 'Cursor', 'User');
    const roots = [userDir, path.join(cursorHome, 'projects'), path.join(cursorHome, 'chats')];
    for (const r of roots) fs.mkdirSync(r, { recursive: true });
    const { engine, collector } = open([cursorAdapter], { cursor: roots }, { devlogHome: path.join(home, 'devlog') });
    const sessions = () => engine.db.prepare('SELECT native_id, workspace, message_count, tool_call_count, models FROM sessions').all();
    const messages = () => (engine.db.prepare('SELECT role, kind, text FROM messages ORDER BY ordinal, id').all() as { role: string; kind: string; text: string }[]).map((m) => `${m.role}${m.kind === 'message' ? '' : `/${m.kind}`}: ${m.text}`);
    const tools = () => engine.db.prepare('SELECT name, input, result FROM tool_calls ORDER BY name').all();
    const seq = () => engine.db.prepare("SELECT value FROM meta WHERE key = 'next_seq'").get();
    return { home, cursorHome, userDir, engine, collector, sessions, messages, tools, seq };
  }

  function writeTranscript(cursorHome: string, records = conversation): string {
    const file = path.join(cursorHome, 'projects', SLUG, 'agent-transcripts', UUID, `${UUID}.jsonl`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, jsonl(...records));
    return file;
  }

  /** A Cursor CLI chat store of the same conversation: hex meta, JSON message blobs, a binary tree blob. */
  function writeChatStore(cursorHome: string): void {
    const hash = createHash('md5').update(WORKSPACE).digest('hex');
    const file = path.join(cursorHome, 'chats', hash, UUID, 'store.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.exec('CREATE TABLE blobs (id TEXT PRIMARY KEY, data BLOB); CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);');
    const meta = { agentId: UUID, latestRootBlobId: 'root', name: 'Sticky header', mode: 'auto-run', createdAt: Date.parse('2026-05-01T09:00:00.000Z'), lastUsedModel: 'claude-4.5-sonnet' };
    db.prepare("INSERT INTO meta VALUES ('0', ?)").run(Buffer.from(JSON.stringify(meta)).toString('hex'));
    const blob = (value: unknown) => {
      const data = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
      db.prepare('INSERT INTO blobs VALUES (?, ?)').run(createHash('sha256').update(data).digest('hex'), data);
    };
    const cursor = { cursor: { modelName: 'claude-4.5-sonnet' } };
    blob({ role: 'system', content: 'You are a coding agent.' });
    blob({ role: 'user', content: [{ type: 'text', text: `<user_info>\nWorkspace Path: ${WORKSPACE}\n</user_info>\n<user_query>\nmake the header sticky\n</user_query>` }] });
    blob({ role: 'assistant', providerOptions: cursor, content: [{ type: 'reasoning', text: 'Read it first.' }, { type: 'text', text: 'Looking at the header first.' }, { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'Read', args: { path: `${WORKSPACE}/src/Header.tsx` } }] });
    blob({ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', toolName: 'Read', result: 'export function Header() {}' }] });
    blob({ role: 'assistant', providerOptions: cursor, content: [{ type: 'tool-call', toolCallId: 'toolu_2', toolName: 'Write', args: { contents: 'sticky', path: `${WORKSPACE}/src/Header.tsx` } }] });
    blob({ role: 'assistant', providerOptions: cursor, content: [{ type: 'text', text: 'The header is sticky now.' }] });
    db.prepare('INSERT INTO blobs VALUES (?, ?)').run('tree', Buffer.from([0x0a, 0x20, 1, 2, 3]));
    db.close();
  }

  it('reads a JSONL transcript: the typed prompt, replies without [REDACTED], tool calls, the workspace from the folder name', async () => {
    const { cursorHome, collector, sessions, messages, tools, seq } = setup();
    writeTranscript(cursorHome);
    await collector.collectOnce();
    expect(sessions()).toEqual([{ native_id: UUID, workspace: WORKSPACE, message_count: 4, tool_call_count: 2, models: '[]' }]);
    expect(messages()).toEqual(['user: make the header sticky', 'assistant: Looking at the header first.', 'assistant: ', 'assistant: The header is sticky now.']);
    expect(tools()).toEqual([
      { name: 'Read', input: JSON.stringify({ path: `${WORKSPACE}/src/Header.tsx` }), result: null },
      { name: 'Write', input: JSON.stringify({ path: `${WORKSPACE}/src/Header.tsx`, contents: 'sticky' }), result: null },
    ]);
    const before = seq();
    await collector.collectOnce();
    expect(seq()).toEqual(before);
  });

  it('is one session with one copy of each turn when the CLI chat store has the same conversation', async () => {
    const { cursorHome, collector, sessions, messages, tools, seq } = setup();
    // The transcript is read before the chat store shows up: its turns are stored, and the
    // store's copies of them land on the same rows (ids from the turns' content).
    writeTranscript(cursorHome);
    await collector.collectOnce();
    writeChatStore(cursorHome);
    await collector.collectOnce();
    expect(sessions()).toEqual([{ native_id: UUID, workspace: WORKSPACE, message_count: 5, tool_call_count: 2, models: '["claude-4.5-sonnet"]' }]);
    expect(messages()).toEqual([
      'user: make the header sticky',
      'assistant/thinking: Read it first.',
      'assistant: Looking at the header first.',
      'assistant: ',
      'assistant: The header is sticky now.',
    ]);
    // The chat store has the result the transcript lacks; reading the transcript again keeps it.
    expect(tools()).toContainEqual({ name: 'Read', input: JSON.stringify({ path: `${WORKSPACE}/src/Header.tsx` }), result: 'export function Header() {}' });
    expect(tools()).toHaveLength(2);
    const before = seq();
    await collector.collectOnce();
    expect(seq()).toEqual(before);
  });

  it('is one session when Cursor global database has the conversation too: its turns from the database, the workspace from the transcript', async () => {
    const { home, cursorHome, engine, sessions, messages } = setup();
    // The editor's database is found where Cursor keeps it on this OS, under the (test's) home folder.
    const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, APPDATA: process.env.APPDATA };
    Object.assign(process.env, { HOME: home, APPDATA: path.join(home, 'AppData', 'Roaming') });
    delete process.env.XDG_CONFIG_HOME;
    try {
      const globalDb = editorGlobalDb();
      writeKvDb(globalDb, 'cursorDiskKV', {
        [`composerData:${UUID}`]: { _v: 10, composerId: UUID, name: 'Sticky header', createdAt: 1777626000000, lastUpdatedAt: 1777626060000, fullConversationHeadersOnly: [{ bubbleId: 'b1', type: 1 }] },
        [`bubbleId:${UUID}:b1`]: { bubbleId: 'b1', type: 1, text: 'make the header sticky', createdAt: '2026-05-01T09:00:00.000Z' },
      });
      writeTranscript(cursorHome);
      const userDir = path.dirname(path.dirname(globalDb));
      const collector = engine.register(
        new Collector(engine, { adapters: [cursorAdapter], readOn: 'inline', platform: { platform: process.platform, home, env: {} }, rootOverrides: new Map([['cursor', [userDir, path.join(cursorHome, 'projects')]]]) }),
      );
      await collector.collectOnce();
      collector.dispose();
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    expect(sessions()).toEqual([{ native_id: UUID, workspace: WORKSPACE, message_count: 1, tool_call_count: 0, models: '[]' }]);
    expect(messages()).toEqual(['user: make the header sticky']);
  });

  it('retries a transcript whose last line is cut off mid-write, never importing part of it', () => {
    const rel = `${SLUG}/agent-transcripts/${UUID}/${UUID}.jsonl`;
    const handler = cursorAdapter.handlerFor(rel) as WholeFileHandler;
    const text = jsonl(...conversation);
    const file = { agent: 'cursor' as const, path: `/nowhere/${rel}`, relPath: rel, root: '/nowhere' };
    expect(() => handler.parseFile(text.slice(0, text.length - 20), file, {})).toThrow(RetryLaterError);
    expect(handler.parseFile(text, file, {}).messages).toHaveLength(4);
  });

  it('reads the plain-text transcript of older builds: turns, thinking, tool calls with their input and result', async () => {
    const { cursorHome, collector, messages, tools, sessions } = setup();
    const file = path.join(cursorHome, 'projects', SLUG, 'agent-transcripts', `${UUID}.txt`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      [
        'user:',
        '<user_query>',
        'why does the build fail?',
        '</user_query>',
        '',
        'assistant:',
        '[Thinking] Check the log first.',
        'Let me run it.',
        '[Tool call] Shell',
        `  command: npm run build`,
        `  cwd: ${WORKSPACE}`,
        '',
        '[Tool result] Shell',
        'error TS2304: Cannot find name x',
        '',
        'assistant:',
        'A missing import: fixed.',
        '',
      ].join('\n'),
    );
    await collector.collectOnce();
    expect(messages()).toEqual(['user: why does the build fail?', 'assistant/thinking: Check the log first.', 'assistant: Let me run it.', 'assistant: A missing import: fixed.']);
    expect(tools()).toEqual([{ name: 'Shell', input: JSON.stringify({ command: 'npm run build', cwd: WORKSPACE }), result: 'error TS2304: Cannot find name x' }]);
    expect(sessions()).toMatchObject([{ native_id: UUID, workspace: WORKSPACE }]);
  });

  it('updates the last turn of a plain-text transcript read while it was being written, never keeping the cut copy', async () => {
    const { cursorHome, collector, messages } = setup();
    const file = path.join(cursorHome, 'projects', SLUG, 'agent-transcripts', `${UUID}.txt`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'user:\n<user_query>\nexplain the build\n</user_query>\n\nassistant:\nThe build runs tsc');
    await collector.collectOnce();
    fs.appendFileSync(file, ' and then vite.\n');
    await collector.collectOnce();
    expect(messages()).toEqual(['user: explain the build', 'assistant: The build runs tsc and then vite.']);
  });

  it('re-derives a CLI chat store from its kept rows alone (the tables rebuilt as key/value)', () => {
    const { cursorHome } = setup();
    writeChatStore(cursorHome);
    const hash = createHash('md5').update(WORKSPACE).digest('hex');
    const relPath = `${hash}/${UUID}/store.db`;
    const file = path.join(cursorHome, 'chats', relPath);
    const handler = cursorAdapter.handlerFor(relPath);
    if (handler?.kind !== 'sqlite') throw new Error('no sqlite handler');
    const context = { agent: 'cursor' as const, path: file, relPath, root: path.join(cursorHome, 'chats') };
    const live = new Database(file, { readonly: true });
    const first = handler.readDatabase(live, context, {});
    live.close();
    expect(first.messages.length).toBeGreaterThan(0);
    const rebuilt = new Database(':memory:');
    for (const table of new Set(first.raw.map((r) => r.table!))) rebuilt.exec(`CREATE TABLE "${table}" (key TEXT PRIMARY KEY, value BLOB)`);
    for (const r of first.raw) rebuilt.prepare(`INSERT OR REPLACE INTO "${r.table}"(key, value) VALUES (?, ?)`).run(r.key, r.text);
    const again = handler.readDatabase(rebuilt, context, {});
    rebuilt.close();
    const { raw: _a, ...expected } = first;
    const { raw: _b, ...actual } = again;
    // The binary tree blob is not kept, so only its count on the session differs.
    expect({ ...actual, sessions: actual.sessions.map((s) => ({ ...s, extra: { source: s.extra!.source } })) }).toEqual({ ...expected, sessions: expected.sessions.map((s) => ({ ...s, extra: { source: s.extra!.source } })) });
  });
});
