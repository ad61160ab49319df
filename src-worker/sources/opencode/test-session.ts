/**
 * Test helpers: one OpenCode session written the two ways OpenCode stores it, a SQLite database
 * with its schema (session.sql.ts) and the JSON files of older releases (storage/...).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const SESSION_ID = 'ses_5a1b2c3d4e5fAbCdEfGhIjKlMn';
export const WORKSPACE = '/home/u/src/shop';
const T0 = Date.parse('2026-03-02T10:00:00.000Z');

export const session = { id: SESSION_ID, projectID: 'a1b2c3d4e5f6', directory: WORKSPACE, title: 'Fix the flaky test', version: '1.0.120', time: { created: T0, updated: T0 + 60_000 } };

export interface TestMessage {
  id: string;
  info: Record<string, unknown>;
  parts: { id: string; [k: string]: unknown }[];
}

export const messages: TestMessage[] = [
  {
    id: 'msg_001',
    info: { role: 'user', time: { created: T0 + 1_000 }, agent: 'build', model: { providerID: 'anthropic', modelID: 'claude-sonnet-4' } },
    parts: [
      { id: 'prt_001a', type: 'text', text: 'why is test_login flaky?' },
      { id: 'prt_001b', type: 'text', text: 'Called the Read tool with {"filePath":"a.py"}', synthetic: true },
    ],
  },
  {
    id: 'msg_002',
    info: {
      role: 'assistant',
      time: { created: T0 + 2_000, completed: T0 + 9_000 },
      parentID: 'msg_001',
      modelID: 'claude-sonnet-4',
      providerID: 'anthropic',
      mode: 'build',
      agent: 'build',
      path: { cwd: WORKSPACE, root: WORKSPACE },
      cost: 0.0123,
      tokens: { input: 1200, output: 300, reasoning: 50, cache: { read: 8000, write: 400 } },
    },
    parts: [
      { id: 'prt_002a', type: 'step-start' },
      { id: 'prt_002b', type: 'reasoning', text: 'Look at the fixture first.', time: { start: T0 + 2_500, end: T0 + 3_000 } },
      { id: 'prt_002c', type: 'tool', callID: 'toolu_01', tool: 'read', state: { status: 'completed', input: { filePath: 'tests/test_login.py' }, output: 'def test_login(): ...', title: 'tests/test_login.py', metadata: {}, time: { start: T0 + 3_000, end: T0 + 3_100 } } },
      { id: 'prt_002d', type: 'tool', callID: 'toolu_02', tool: 'bash', state: { status: 'error', input: { command: 'pytest -x' }, error: 'exit status 1', time: { start: T0 + 4_000, end: T0 + 6_000 } } },
      { id: 'prt_002e', type: 'text', text: 'The test shares a clock with another test.' },
      { id: 'prt_002f', type: 'step-finish', reason: 'stop', cost: 0.0123, tokens: { input: 1200, output: 300, reasoning: 50, cache: { read: 8000, write: 400 } } },
    ],
  },
];

const SCHEMA = `
  CREATE TABLE project (id TEXT PRIMARY KEY, worktree TEXT NOT NULL, time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL);
  CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE, workspace_id TEXT, parent_id TEXT,
    slug TEXT NOT NULL, directory TEXT NOT NULL, path TEXT, title TEXT NOT NULL, version TEXT NOT NULL, share_url TEXT, cost REAL NOT NULL DEFAULT 0,
    tokens_input INTEGER NOT NULL DEFAULT 0, tokens_output INTEGER NOT NULL DEFAULT 0, time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL,
    time_compacting INTEGER, time_archived INTEGER);
  CREATE INDEX session_parent_idx ON session(parent_id);
  CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE, time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL);
  CREATE INDEX message_session_time_created_id_idx ON message(session_id, time_created, id);
  CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT NOT NULL REFERENCES message(id) ON DELETE CASCADE, session_id TEXT NOT NULL, time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL);
  CREATE INDEX part_message_id_id_idx ON part(message_id, id);
  CREATE INDEX part_session_idx ON part(session_id);
`;

/** Writes the session into `<root>/opencode.db` as OpenCode does (WAL, JSON in `data` without ids). */
export function writeDatabase(root: string, list: TestMessage[] = messages, now = T0 + 60_000): string {
  fs.mkdirSync(root, { recursive: true });
  const file = path.join(root, 'opencode.db');
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'session'").get()) db.exec(SCHEMA);
    db.prepare('INSERT OR IGNORE INTO project VALUES (?, ?, ?, ?)').run(session.projectID, WORKSPACE, T0, T0);
    db.prepare(
      `INSERT INTO session (id, project_id, slug, directory, title, version, time_created, time_updated) VALUES (?, ?, 'fix-flaky', ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET time_updated = excluded.time_updated`,
    ).run(SESSION_ID, session.projectID, WORKSPACE, session.title, session.version, session.time.created, now);
    for (const m of list) {
      const created = (m.info.time as { created: number }).created;
      db.prepare('INSERT OR REPLACE INTO message VALUES (?, ?, ?, ?, ?)').run(m.id, SESSION_ID, created, now, JSON.stringify(m.info));
      for (const { id, ...data } of m.parts) db.prepare('INSERT OR REPLACE INTO part VALUES (?, ?, ?, ?, ?, ?)').run(id, m.id, SESSION_ID, created, now, JSON.stringify(data));
    }
  } finally {
    db.close();
  }
  return file;
}

/** Writes the session as the JSON files of older releases under `<root>/storage`. */
export function writeJsonStorage(root: string, list: TestMessage[] = messages): void {
  const put = (rel: string, value: unknown) => {
    const file = path.join(root, 'storage', ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value, null, 2));
  };
  put(`project/${session.projectID}.json`, { id: session.projectID, worktree: WORKSPACE, time: { created: T0 } });
  put(`session/${session.projectID}/${SESSION_ID}.json`, session);
  for (const m of list) {
    put(`message/${SESSION_ID}/${m.id}.json`, { id: m.id, sessionID: SESSION_ID, ...m.info });
    for (const part of m.parts) put(`part/${m.id}/${part.id}.json`, { ...part, sessionID: SESSION_ID, messageID: m.id });
  }
}

/** The newest builds' table: the same conversation as one `session_message` row per message. */
export function addSessionMessages(file: string): void {
  const T = Date.parse('2026-03-02T10:00:00.000Z');
  const db = new Database(file);
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS session_message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, type TEXT NOT NULL, seq INTEGER NOT NULL,
      time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL)`);
    const insert = db.prepare('INSERT OR REPLACE INTO session_message VALUES (?, ?, ?, ?, ?, ?, ?)');
    const rows: [string, string, number, unknown][] = [
      ['msg_001', 'user', 1_000, { text: 'why is test_login flaky?', files: [], agents: [], references: [], time: { created: T + 1_000 } }],
      [
        'msg_002',
        'assistant',
        2_000,
        {
          agent: 'build',
          model: { id: 'claude-sonnet-4', providerID: 'anthropic' },
          content: [
            { type: 'reasoning', id: 'prt_002b', text: 'Look at the fixture first.' },
            { type: 'tool', id: 'toolu_01', name: 'read', state: { status: 'completed', input: { filePath: 'tests/test_login.py' }, content: [{ type: 'text', text: 'def test_login(): ...' }], structured: {}, result: 'def test_login(): ...' }, time: { created: T + 3_000, completed: T + 3_100 } },
            { type: 'text', id: 'prt_002e', text: 'The test shares a clock with another test.' },
          ],
          cost: 0.0123,
          tokens: { input: 1200, output: 300, reasoning: 50, cache: { read: 8000, write: 400 } },
          time: { created: T + 2_000, completed: T + 9_000 },
        },
      ],
      ['msg_003', 'shell', 10_000, { callID: 'sh_1', command: 'pytest -x', output: '1 failed', time: { created: T + 10_000, completed: T + 12_000 } }],
    ];
    rows.forEach(([id, type, at, data], seq) => insert.run(id, SESSION_ID, type, seq, T + at, T + at, JSON.stringify(data)));
  } finally {
    db.close();
  }
}
