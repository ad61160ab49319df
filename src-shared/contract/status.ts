import type { AgentId, IsoTime } from '../domain.js';
import type { RemoteStatus } from './remotes.js';
import type { PullStatus } from './sync.js';

/** What the engine is doing as a whole. */
export type EngineState = 'starting' | 'scanning' | 'live' | 'paused' | 'stopping' | 'error';

/** How a source root is being watched. */
export type WatchMode = 'native' | 'polling' | 'off';

export interface SourceRootStatus {
  path: string;
  exists: boolean;
  watchMode: WatchMode;
  /** Why the root fell back to polling or is off, if it did. */
  watchError?: string;
  /** Set when a root the user chose (--root, config.json) does not exist: nothing is collected from it. */
  problem?: string;
}

/** A problem with one place in one file, kept so the user can see exactly what was skipped. */
export interface SourceProblem {
  file: string;
  line?: number;
  message: string;
  at: IsoTime;
}

export interface SourceStatus {
  agent: AgentId;
  enabled: boolean;
  roots: SourceRootStatus[];
  files: number;
  records: number;
  /** How many problems (unusable lines, unreadable files) are recorded; the latest are in `problems`. */
  problemCount: number;
  lastEventAt: IsoTime | null;
  /** Milliseconds between the newest event in the files and it being in the store. */
  lagMs: number | null;
  /** The most recent problems, newest first (bounded). */
  problems: SourceProblem[];
  /** Format drift: records of kinds or with fields devlog does not know, per agent version (most first, bounded). */
  formatDrift?: FormatDriftCount[];
}

export interface FormatDriftCount {
  /** The agent version that wrote them (null: the files do not say). */
  version: string | null;
  /** `kind <name>` (an unknown record kind) or `field <name>` (an unknown field). */
  item: string;
  count: number;
}

export interface ScanProgress {
  phase: 'idle' | 'scanning' | 'done';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  records: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

export interface StoreTotals {
  sessions: number;
  messages: number;
  toolCalls: number;
  /** Problems recorded across all sources. */
  problemCount: number;
  dbBytes: number;
  /** Highest local sequence number: exports and sync read by it. */
  lastSeq: number;
}

/** Re-deriving stored sessions with a newer parser (after an upgrade, or `devlog reparse`). */
export interface ReparseStatus {
  running: boolean;
  filesDone: number;
  filesTotal: number;
  /** Stored raw records parsed again. */
  records: number;
  messagesChanged: number;
  failed: number;
}

export interface EngineStatus {
  version: string;
  pid: number;
  home: string;
  dbPath: string;
  machineId: string;
  startedAt: IsoTime;
  state: EngineState;
  /** One-line reason when state is 'error'. */
  error?: string;
  /** The user paused the engine (collection and export wait; changes are still noticed). */
  paused: boolean;
  schemaVersion: number;
  progress: ScanProgress;
  /** Present once a re-derivation ran in this engine's life. */
  reparse?: ReparseStatus;
  /** Every configured remote's export state (empty: nothing leaves this machine). */
  remotes: RemoteStatus[];
  /** Machine sync: each remote with pull on (state, last pull, skipped segments); absent in a collect-only engine. */
  pulls?: PullStatus[];
  sources: SourceStatus[];
  store: StoreTotals;
}

/** Method maps are type aliases (not interfaces) so they satisfy the RPC MethodMap constraint. */
export type StatusMethods = {
  /** The whole engine status, cheap enough to poll. */
  'status.get': { params: void; result: EngineStatus };
  /** Pauses collection and export until `engine.resume` (the tray's Pause). Returns the new status. */
  'engine.pause': { params: void; result: EngineStatus };
  'engine.resume': { params: void; result: EngineStatus };
  /** Liveness check that round-trips a value; used by supervisors and tests. */
  'system.ping': { params: { echo: string }; result: { echo: string; at: IsoTime } };
};

export type StatusEvents = {
  /** Pushed whenever anything in EngineStatus changes (throttled by the engine). */
  'status.changed': EngineStatus;
  /** Pushed during a history scan, a few times per second at most. */
  'collect.progress': ScanProgress;
};

export const IDLE_PROGRESS: ScanProgress = {
  phase: 'idle',
  filesDone: 0,
  filesTotal: 0,
  bytesDone: 0,
  bytesTotal: 0,
  records: 0,
  bytesPerSecond: 0,
  etaSeconds: null,
};
