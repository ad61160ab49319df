import type { AgentId, IsoTime, TokenTotals } from '../domain.js';

/**
 * Which sessions: every field narrows the set, all of them combine (AND). Shared by
 * 'sessions.query' and 'stats.get' so that stats always count exactly what a query lists.
 */
export interface SessionFilter {
  /** Only these agents. */
  agents?: AgentId[];
  /** Glob on the workspace path (`*`, `**`, `?`, `[a-z]`, `{a,b}`; `~` is the home folder). A folder also matches its subfolders. */
  workspace?: string;
  /** Sessions active at or after this: `7d`, `12h`, `2w`, `30m`, or an ISO date/datetime (local time unless it has a zone). */
  since?: string;
  /** Sessions started before this; a date alone means the end of that day. Same forms as since. */
  until?: string;
  /** Sessions that used a model whose id contains this text (case-insensitive), e.g. `sonnet`. */
  model?: string;
  /** Include sessions the user hid (deleted ones are never listed). */
  includeHidden?: boolean;
  /** Only sessions carrying every one of these tags (exact, case-sensitive). */
  tags?: string[];
  /**
   * Sessions whose tool calls changed this file (edit, write, delete, move): an absolute path,
   * or a path relative to the session's workspace (`src/app.ts`); `~` is the home folder.
   */
  file?: string;
  /** Only starred sessions. */
  starred?: boolean;
}

/**
 * How `search` is read. 'words' (default): every word must occur, "quoted text" is a phrase,
 * a trailing * makes a prefix; nothing the user types is FTS syntax, so nothing can fail.
 * 'fts': raw FTS5 query syntax (AND/OR/NOT, NEAR, column:...); a syntax error is BAD_REQUEST.
 */
export type SearchSyntax = 'words' | 'fts';

export interface SessionQuery extends SessionFilter {
  search?: string;
  searchSyntax?: SearchSyntax;
  /** 'newest' (default): by start time, newest first. 'relevance': best bm25 match first (search only). */
  sort?: 'newest' | 'relevance';
  /** At most this many sessions (default 50, at most 10000). */
  limit?: number;
  /** Matching snippets per session when searching (default 3, at most 20). */
  snippetsPerSession?: number;
}

/**
 * A piece of matching text. `text` is plain (no markup); `highlights` are [start, end) offsets
 * into it (UTF-16 code units, as JS strings index) of the matched terms. "…" marks elisions.
 */
export interface SearchSnippet {
  source: 'message' | 'tool_call';
  /** The message id, or the tool call id for source 'tool_call'. */
  id: string;
  /** Message role, or 'tool' for a tool call. */
  role: string;
  /** Tool name for tool calls. */
  toolName?: string;
  time: IsoTime | null;
  text: string;
  highlights: Array<[number, number]>;
}

/** Where the title came from: the user's own, the agent's summary, the first prompt. */
export type TitleSource = 'user' | 'agent' | 'prompt';

export interface SessionSummary {
  /** `<agent>:<native id>`. */
  id: string;
  agent: AgentId;
  nativeId: string;
  workspace: string | null;
  title: string | null;
  titleSource: TitleSource | null;
  gitBranch: string | null;
  startedAt: IsoTime | null;
  endedAt: IsoTime | null;
  models: string[];
  messageCount: number;
  toolCallCount: number;
  tokens: TokenTotals;
  parentSessionId: string | null;
  originMachine: string;
  /** The user's tags (devlog session tag), in the order added. */
  tags: string[];
  /** Starred by the user (devlog session star). */
  starred: boolean;
  /** Present only for a search: how many messages and tool calls matched, and the best of them. */
  matchCount?: number;
  snippets?: SearchSnippet[];
}

export interface SessionQueryResult {
  sessions: SessionSummary[];
  /** True when more sessions matched than `limit`. */
  hasMore: boolean;
}

export interface ToolCallView {
  id: string;
  name: string;
  /** The input as JSON text (or the agent's own string). */
  input: string | null;
  /** The result, cut to `maxResultChars`. */
  result: string | null;
  /** Characters of the full stored result (equal to result.length unless cut). */
  resultChars: number;
  resultTruncated: boolean;
  isError: boolean;
  time: IsoTime | null;
  resultTime: IsoTime | null;
}

export interface TranscriptMessage {
  type: 'message';
  id: string;
  parentId: string | null;
  role: string;
  /** 'message', 'thinking', 'meta', 'compact_summary', 'event', 'tool_result', ... */
  kind: string;
  time: IsoTime | null;
  model: string | null;
  text: string;
  /** Part of a subagent/sidechain conversation. */
  isSidechain: boolean;
  /** Text the human did not type (injected context, reminders, command wrappers). */
  isMeta: boolean;
  toolCalls: ToolCallView[];
}

/** A tool call whose calling message is not in the store, placed by its time. */
export interface TranscriptToolCall {
  type: 'tool_call';
  call: ToolCallView;
}

export type TranscriptEntry = TranscriptMessage | TranscriptToolCall;

/**
 * What a tool call did to a file. 'read' (read, viewed, listed), 'edit' (changed in place),
 * 'write' (created or overwritten whole), 'delete', 'move' (renamed away or onto), 'search'
 * (grep or glob inside it).
 */
export type FileAction = 'read' | 'edit' | 'write' | 'delete' | 'move' | 'search';

/** One file a session's tool calls touched, with every action taken on it. */
export interface SessionFile {
  /** Absolute where the agent gave it or the workspace is known, else as the agent wrote it. */
  path: string;
  /** Distinct actions, in the order read, edit, write, delete, move, search. */
  actions: FileAction[];
  /** Tool calls that touched it. */
  count: number;
  firstTime: IsoTime | null;
  lastTime: IsoTime | null;
}

export interface SessionFilesParams {
  sessionId: string;
}

export interface SessionFilesResult {
  /** Files changed first (edit/write/delete/move), then read only; by path within each. */
  files: SessionFile[];
}

/** The command that continues a session in its own agent, and where to run it. */
export interface ResumeCommand {
  /** A shell command line, e.g. `claude --resume 3f2a…` or `codex resume 0199…`. */
  command: string;
  /** The folder to run it in (the session's workspace), or null when the agent does not care. */
  cwd: string | null;
}

export interface SessionTranscript {
  session: SessionSummary;
  /** How to resume it in its agent; absent when the agent has no resume command. */
  resumeCommand?: ResumeCommand;
  /** In conversation order. */
  entries: TranscriptEntry[];
}

export interface ShowParams {
  id: string;
  /** Cut tool results longer than this (default 2000; 0 = never cut). */
  maxResultChars?: number;
}

export interface MarkdownParams extends ShowParams {
  /** Include thinking, injected (meta) text and events (default false: a readable export). */
  includeMeta?: boolean;
}

/** Method maps are type aliases (not interfaces) so they satisfy the RPC MethodMap constraint. */
export type SessionMethods = {
  /** Sessions matching the filter and search, newest first, with snippets for a search. */
  'sessions.query': { params: SessionQuery; result: SessionQueryResult };
  /** One session's transcript in order. NOT_FOUND for an unknown id. */
  'sessions.show': { params: ShowParams; result: SessionTranscript };
  /** One session as Markdown, good to paste into a pull request. NOT_FOUND for an unknown id. */
  'sessions.markdown': { params: MarkdownParams; result: { markdown: string } };
  /** The files one session's tool calls read and changed. NOT_FOUND for an unknown id. */
  'sessions.files': { params: SessionFilesParams; result: SessionFilesResult };
};

