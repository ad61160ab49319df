/**
 * The contract every agent adapter implements. An adapter knows where its agent's files are,
 * which files are its own, and how to turn their content into normalized records. It never
 * touches the store: the collector writes what it returns, with the cursor, in one transaction.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { AgentId } from '../../src-shared/domain.js';
import type { PackedChunk } from '../store/ingest/raw-store.js';
import type { DriftCount } from './drift.js';

export interface PlatformInfo {
  platform: NodeJS.Platform;
  /** The user's home directory. */
  home: string;
  env: NodeJS.ProcessEnv;
}

/** Where a file is and which collector row it has. */
export interface FileContext {
  agent: AgentId;
  /** Absolute path of the file. */
  path: string;
  /** Path relative to the root it was found under, always with '/' separators. */
  relPath: string;
  /** Absolute path of that root. */
  root: string;
}

/**
 * Adapter-owned state persisted with the cursor (JSON), e.g. Codex's session id and cwd from the
 * first line, needed to parse lines appended later after a restart. Reset when the file is re-read
 * from the start (truncated or replaced).
 */
export type ParserState = Record<string, unknown>;

/** One complete line of an append-only file (without its '\n'). */
export interface RawLine {
  text: string;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** 1-based line number. */
  line: number;
}

// ---- Normalized records (what parsers return). Ids are the agent's own, unprefixed: the
// ---- collector namespaces them by agent ("claude-code:<id>") before writing.

export interface SessionRecord {
  /** The agent's own session id (Claude sessionId, Codex thread id, Copilot sessionId, ...). */
  nativeId: string;
  /** The parent session, for subagent sessions stored as their own session (optional). */
  parentNativeId?: string;
  workspace?: string;
  /** The agent's own title or summary of the session, if it writes one. */
  title?: string;
  gitBranch?: string;
  /** ISO-8601 UTC. The collector keeps the earliest startedAt and the latest endedAt it sees. */
  startedAt?: string;
  endedAt?: string;
  /** Models used; merged into the session's set. */
  models?: string[];
  /** Small agent-specific facts worth keeping (CLI version, originator, ...). JSON-serializable. */
  extra?: Record<string, unknown>;
}

export type MessageRole = 'user' | 'assistant' | 'system' | 'tool';

export interface MessageRecord {
  /** Stable and unique within the agent: re-parsing the same input must give the same id. */
  id: string;
  sessionNativeId: string;
  parentId?: string;
  role: MessageRole;
  /**
   * What kind of entry: 'message' (default), 'thinking', 'compact_summary', 'summary', 'meta'
   * (injected text the human did not type), 'event', ... Free-form but keep to these where they fit.
   */
  kind?: string;
  time?: string;
  model?: string;
  /** Plain text for reading and full-text search (text blocks joined; no base64, no signatures). */
  text: string;
  /** Structured content blocks, trimmed of huge payloads (images become a placeholder). */
  content?: unknown;
  isSidechain?: boolean;
  /** True for text the human did not type (system reminders, command wrappers, environment context). */
  isMeta?: boolean;
  /** Sort key within the session (byte offset, array index, ...); ties break on time. */
  ordinal: number;
  /** 1-based line in the source file, when it has lines. */
  line?: number;
}

/**
 * A tool call, or part of one: calls and their results often arrive in different records, so
 * every field but the ids is optional and the collector merges parts with the same id.
 */
export interface ToolCallRecord {
  id: string;
  sessionNativeId: string;
  /** The message that made the call. */
  messageId?: string;
  name?: string;
  /** The call's input as the agent wrote it (object or string). */
  input?: unknown;
  /** The result as text (the collector truncates very large results). */
  result?: string;
  isError?: boolean;
  time?: string;
  resultTime?: string;
}

export type UsageConflictRule = 'keep-first' | 'replace' | 'max-per-field';

/** Token usage of one billed model response. */
export interface UsageRecord {
  /**
   * Deduplication key, unique within the agent (Claude: `${message.id}:${requestId}`, Codex: the
   * token_count line's offset, ...). Records with the same key are one response.
   */
  key: string;
  sessionNativeId: string;
  messageId?: string;
  time?: string;
  model?: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  reasoning: number;
  /**
   * What to do when the key exists: keep the first copy (default), replace it with this one
   * (the last copy wins), or keep the maximum of each count ('max-per-field': streamed copies of
   * one response whose order cannot be trusted; time, model and message follow the copy with
   * the larger total, the first one on a tie).
   */
  onConflict?: UsageConflictRule;
}

/** An input that could not be used, with its place. Never fatal for the rest of the file. */
export interface ProblemRecord {
  line?: number;
  offset?: number;
  reason: string;
}

/** The original record text, kept compressed so a better parser can re-derive everything. */
export interface RawRecord {
  text: string;
  offset?: number;
  line?: number;
  /**
   * Database sources: the table and row key the text is the value of. The store keeps the
   * latest value per key, and re-derivation rebuilds those tables in memory for readDatabase.
   */
  table?: string;
  key?: string;
}

export interface NormalizedBatch {
  sessions: SessionRecord[];
  messages: MessageRecord[];
  toolCalls: ToolCallRecord[];
  usage: UsageRecord[];
  problems: ProblemRecord[];
  raw: RawRecord[];
  /** Records of unknown kinds or with unknown fields, per agent version (format drift). */
  drift?: DriftCount[];
  /**
   * `raw`, already compressed (the parse thread packs it so only the blob crosses threads); set
   * by the collector, never by adapters. When present, `raw` is empty.
   */
  rawPacked?: PackedChunk;
}

export function emptyBatch(): NormalizedBatch {
  return { sessions: [], messages: [], toolCalls: [], usage: [], problems: [], raw: [] };
}

/**
 * Thrown by whole-file parsers when the content looks half-written (the agent is mid-save):
 * the collector retries shortly instead of recording a problem.
 */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

// ---- How each kind of file is read.

/** Append-only files (JSONL): the collector hands over complete new lines only. */
export interface AppendHandler {
  kind: 'append';
  parseLines(lines: RawLine[], file: FileContext, state: ParserState): NormalizedBatch;
}

/** Files rewritten whole (JSON, operation logs that may shrink): re-parsed on every change. */
export interface WholeFileHandler {
  kind: 'whole';
  parseFile(content: string, file: FileContext, state: ParserState): NormalizedBatch;
  /**
   * Re-derives the file from the raw records a parse of it returned (batch.raw, in order), without
   * the file: the store keeps each such record once, so a file rewritten on every save costs its
   * content, not content x saves. Without it, batch.raw must be empty (the whole text is kept as
   * one record) or records joined by '\n' must parse as the file did.
   */
  parseRecords?(records: RawRecord[], file: FileContext, state: ParserState): NormalizedBatch;
}

/**
 * SQLite databases of the agent: opened read-only by the collector, never written. A handler
 * that stops early to bound memory sets `state.incomplete = true`; the collector calls it again.
 */
export interface SqliteHandler {
  kind: 'sqlite';
  /** Extra files whose changes mean this database changed (e.g. its -wal). */
  companions?: string[];
  readDatabase(db: BetterSqlite3.Database, file: FileContext, state: ParserState): NormalizedBatch;
}

export type FileHandler = AppendHandler | WholeFileHandler | SqliteHandler;

export interface SourceAdapter {
  agent: AgentId;
  displayName: string;
  /** Candidate roots on this platform, most likely first; roots that do not exist are skipped. */
  defaultRoots(platform: PlatformInfo): string[];
  /**
   * How many folders below a root the agent's files can be: `sessions/2025/09/01/x.jsonl` is 4
   * deep, a file directly in the root 0. Bounds scanning and watching (chokidar's `depth`).
   */
  maxDepth: number;
  /** The handler for a file under a root, or undefined if the file is not this agent's. */
  handlerFor(relPath: string): FileHandler | undefined;
  /**
   * Bumped whenever the parsers produce different rows from the same input: files parsed by an
   * older version are re-derived from their stored raw records (src-worker/reparse).
   */
  parserVersion: number;
  /**
   * The agent writes its files inside each project (Aider): besides its roots, every workspace
   * of other agents' sessions in the store (and its git root) is a root, found by the collector.
   */
  rootsFromWorkspaces?: boolean;
}
