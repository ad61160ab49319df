import zlib from 'node:zlib';
import type { WritableDb } from '../../database.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../index.js';
import { shippedMigration0002Fulltext } from './shipped-0002.js';

/**
 * Stores as earlier builds left them, for the upgrade test: each made with the migrations of
 * its time and filled with plain SQL the way that build's writer wrote (sequence numbers from
 * meta.next_seq; full-text indexing by insert triggers, by the writer, or both).
 */
export interface OldStore {
  label: string;
  migrations: Migration[];
  fill(db: WritableDb): void;
  /** True when that build left the full-text index broken (the upgrade must repair it). */
  brokenIndex: boolean;
  /** True when that build's writer moved a repeated message to the fork, leaving counts wrong (before schema 3). */
  movedWithoutCounts: boolean;
}

/** How a build's writer indexed the rows it inserted. */
type Indexing = 'none' | 'triggers' | 'writer';

const T0 = '2026-03-01T09:00:00.000Z';
const T1 = '2026-03-01T09:05:00.000Z';
const T2 = '2026-03-02T14:00:00.000Z';

/** One commit of an old writer. */
class OldWriter {
  constructor(
    private readonly db: WritableDb,
    private readonly indexing: Indexing,
  ) {}

  private seq(): number {
    const next = Number((this.db.prepare(`SELECT value FROM meta WHERE key = 'next_seq'`).pluck().get() as string | undefined) ?? '1');
    this.db.prepare(`INSERT INTO meta(key, value) VALUES ('next_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(String(next + 1));
    return next;
  }

  commit(write: () => void): void {
    this.db.transaction(() => {
      const max = (table: string) => this.db.prepare(`SELECT coalesce(max(rowid), 0) FROM ${table}`).pluck().get() as number;
      const from = { messages: max('messages'), toolCalls: max('tool_calls') };
      write();
      if (this.indexing !== 'writer') return;
      // The writer of commit b5cc498: everything above the old maximum, once per commit.
      this.db.prepare('INSERT INTO messages_fts(rowid, text) SELECT rowid, text FROM messages WHERE rowid > ?').run(from.messages);
      this.db.prepare('INSERT INTO tool_calls_fts(rowid, name, input, result) SELECT rowid, name, input, result FROM tool_calls WHERE rowid > ?').run(from.toolCalls);
    })();
  }

  file(id: number, agent: string, path: string): void {
    this.db
      .prepare(`INSERT INTO files(id, agent, path, size, offset, line_no, records, updated_at) VALUES (?, ?, ?, 900, 900, 6, 6, ?)`)
      .run(id, agent, path, T2);
  }

  session(id: string, fields: { workspace: string; title: string; messages: number; toolCalls: number; input: number; output: number }): void {
    const [agent, native] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
    this.db
      .prepare(
        `INSERT INTO sessions(id, agent, native_id, origin_machine, workspace, agent_title, first_prompt, git_branch, started_at, ended_at, models,
           message_count, tool_call_count, input_tokens, output_tokens, hash, seq)
         VALUES (?, ?, ?, 'machine-1', ?, ?, ?, 'main', ?, ?, '["claude-sonnet-4-5"]', ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, agent, native, fields.workspace, fields.title, fields.title, T0, T1, fields.messages, fields.toolCalls, fields.input, fields.output, `h-${id}`, this.seq());
  }

  message(id: string, sessionId: string, fileId: number, ordinal: number, role: string, text: string): void {
    this.db
      .prepare(
        `INSERT INTO messages(id, session_id, parent_id, role, kind, time, model, text, content, ordinal, file_id, line, hash, seq)
         VALUES (?, ?, NULL, ?, 'message', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, sessionId, role, T0, role === 'assistant' ? 'claude-sonnet-4-5' : null, text, JSON.stringify([{ type: 'text', text }]), ordinal, fileId, ordinal + 1, `h-${id}`, this.seq());
  }

  /** The old writer's update of a message id seen again in another session: moved, counts left behind. */
  moveMessage(id: string, sessionId: string, fileId: number): void {
    this.db.prepare('UPDATE messages SET session_id = ?, file_id = ?, hash = ?, seq = ? WHERE id = ?').run(sessionId, fileId, `h2-${id}`, this.seq(), id);
  }

  toolCall(id: string, sessionId: string, messageId: string, name: string, input: object, result: string | null): void {
    this.db
      .prepare(
        `INSERT INTO tool_calls(id, session_id, message_id, name, input, result, is_error, time, result_time, hash, seq)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
      )
      .run(id, sessionId, messageId, name, JSON.stringify(input), result, T0, result === null ? null : T1, `h-${id}`, this.seq());
  }

  usage(key: string, sessionId: string, messageId: string, input: number, output: number): void {
    this.db
      .prepare(
        `INSERT INTO usage(key, session_id, message_id, time, model, input, output, cache_read, cache_creation, reasoning, seq)
         VALUES (?, ?, ?, ?, 'claude-sonnet-4-5', ?, ?, 7, 3, 0, ?)`,
      )
      .run(key, sessionId, messageId, T0, input, output, this.seq());
  }

  raw(fileId: number, lines: string[]): void {
    const text = lines.join('\n');
    this.db
      .prepare(`INSERT INTO raw_records(file_id, hash, offset, end_offset, first_line, line_count, data) VALUES (?, ?, 0, ?, 1, ?, ?)`)
      .run(fileId, `raw-${fileId}-${lines.length}`, Buffer.byteLength(text), lines.length, zlib.deflateRawSync(text));
  }

  problem(fileId: number, agent: string, path: string, line: number, reason: string): void {
    this.db
      .prepare(`INSERT INTO problems(file_id, agent, path, line, offset, reason, at, place) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)`)
      .run(fileId, agent, path, line, reason, T2, `${line}:`);
  }

  sessionMeta(sessionId: string): void {
    this.db
      .prepare(`INSERT INTO session_meta(session_id, title, tags, starred, version, updated_at, updated_by, seq) VALUES (?, 'My wombat hunt', '["bug"]', 1, 1, ?, 'machine-1', ?)`)
      .run(sessionId, T2, this.seq());
  }
}

const CLAUDE_FILE = '/home/u/.claude/projects/-home-u-app/s1.jsonl';
const FORK_FILE = '/home/u/.claude/projects/-home-u-app/s2.jsonl';
const CODEX_FILE = '/home/u/.codex/sessions/2026/03/02/rollout-c1.jsonl';

/**
 * A Claude Code session, then its fork repeating the first prompt's uuid: writers before schema 3
 * moved it to the fork and left the counts behind; later ones keep it where it was.
 */
function writeClaudeSessions(w: OldWriter, movedWithoutCounts: boolean): void {
  w.commit(() => {
    w.file(1, 'claude-code', CLAUDE_FILE);
    w.session('claude-code:s1', { workspace: '/home/u/app', title: 'Fix the aardvark parser', messages: 2, toolCalls: 1, input: 100, output: 20 });
    w.message('claude-code:u1', 'claude-code:s1', 1, 0, 'user', 'the aardvark parser fails on every input');
    w.message('claude-code:a1', 'claude-code:s1', 1, 1, 'assistant', 'looking at the bison tokenizer first');
    w.toolCall('claude-code:toolu_1', 'claude-code:s1', 'claude-code:a1', 'Bash', { command: 'grep -rn ferret src' }, 'src/ferret.ts:3: gazelle');
    w.usage('claude-code:msg_1:req_1', 'claude-code:s1', 'claude-code:a1', 100, 20);
    w.raw(1, ['{"type":"user","uuid":"u1"}', '{"type":"assistant","uuid":"a1"}']);
    w.problem(1, 'claude-code', CLAUDE_FILE, 3, 'line 3: not JSON');
    w.sessionMeta('claude-code:s1');
  });
  w.commit(() => {
    w.file(2, 'claude-code', FORK_FILE);
    w.session('claude-code:s2', { workspace: '/home/u/app', title: 'Fix the aardvark parser', messages: 1, toolCalls: 0, input: 0, output: 0 });
    if (movedWithoutCounts) w.moveMessage('claude-code:u1', 'claude-code:s2', 2);
    w.message('claude-code:u2', 'claude-code:s2', 2, 1, 'user', 'continue with the caribou fix');
    w.raw(2, ['{"type":"user","uuid":"u1","sessionId":"s2"}', '{"type":"user","uuid":"u2","sessionId":"s2"}']);
  });
}

function writeCodexSession(w: OldWriter): void {
  w.commit(() => {
    w.file(3, 'codex', CODEX_FILE);
    w.session('codex:c1', { workspace: '/home/u/api', title: 'Rename dingo', messages: 2, toolCalls: 1, input: 0, output: 0 });
    w.message('codex:m1', 'codex:c1', 3, 0, 'user', 'rename dingo to emu in the café module');
    w.message('codex:m2', 'codex:c1', 3, 1, 'assistant', 'renamed; the iguana tests pass');
    w.toolCall('codex:call_1', 'codex:c1', 'codex:m2', 'shell', { command: 'ls hedgehog' }, null);
    w.raw(3, ['{"type":"session_meta"}', '{"type":"response_item"}']);
  });
}

/** Every earlier schema version, version 2 in both forms that shipped. */
export function oldStores(): OldStore[] {
  const stores: OldStore[] = [{ label: 'version 0 (an empty file)', migrations: [], fill: () => {}, brokenIndex: false, movedWithoutCounts: false }];
  // Versions as the list has them: a branch may add a later number before an earlier one lands.
  for (const version of MIGRATIONS.map((m) => m.version).filter((v) => v < SCHEMA_VERSION)) {
    const migrations = MIGRATIONS.filter((m) => m.version <= version);
    const indexing: Indexing = version === 1 ? 'none' : 'writer';
    const movedWithoutCounts = version < 3;
    stores.push({
      label: `version ${version} (${migrations[migrations.length - 1]!.name})`,
      migrations,
      fill(db) {
        writeClaudeSessions(new OldWriter(db, indexing), movedWithoutCounts);
        writeCodexSession(new OldWriter(db, indexing));
      },
      brokenIndex: false,
      movedWithoutCounts,
    });
    if (version !== 2) continue;
    stores.push({
      label: 'version 2 as first shipped (ead296e: insert triggers), then written by the build after it (b5cc498)',
      migrations: [MIGRATIONS[0]!, { version: 2, name: 'fulltext', up: shippedMigration0002Fulltext }],
      fill(db) {
        writeClaudeSessions(new OldWriter(db, 'triggers'), true);
        // The next build indexed from the writer, and the triggers still fired: every row twice.
        writeCodexSession(new OldWriter(db, 'writer'));
      },
      brokenIndex: true,
      movedWithoutCounts: true,
    });
  }
  return stores;
}

/** Unique words of the fixture rows and the session each belongs to once upgraded. */
export const searchable = (old: OldStore): Array<{ word: string; table: 'messages_fts' | 'tool_calls_fts'; session: string }> => [
  { word: 'aardvark', table: 'messages_fts', session: old.movedWithoutCounts ? 'claude-code:s2' : 'claude-code:s1' },
  { word: 'bison', table: 'messages_fts', session: 'claude-code:s1' },
  { word: 'caribou', table: 'messages_fts', session: 'claude-code:s2' },
  { word: 'dingo', table: 'messages_fts', session: 'codex:c1' },
  { word: 'cafe', table: 'messages_fts', session: 'codex:c1' },
  { word: 'iguana', table: 'messages_fts', session: 'codex:c1' },
  { word: 'ferret', table: 'tool_calls_fts', session: 'claude-code:s1' },
  { word: 'gazelle', table: 'tool_calls_fts', session: 'claude-code:s1' },
  { word: 'hedgehog', table: 'tool_calls_fts', session: 'codex:c1' },
];
