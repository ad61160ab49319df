import type { IsoTime } from '../domain.js';
import type { RemoteState, RemoteStatus } from './remotes.js';

/** A remote's pull state: the machine-sync half of a remote with `pull` on. */
export interface PullStatus {
  name: string;
  kind: 'server' | 'folder';
  state: RemoteState;
  lastPullAt: IsoTime | null;
  /** In words, null when the last pull worked. */
  lastError: string | null;
  nextAttemptAt: IsoTime | null;
  /** Receiving the server's event stream, or watching the folder (continuous mode). */
  live: boolean;
  /** What pulls skipped and why, naming the file (a tampered segment, a wrong passphrase). */
  problems: { file: string; kind: string; message: string; at: IsoTime }[];
}

/** What one pull (or one imported batch) brought in, record by record. */
export interface PullCounts {
  inserted: number;
  updated: number;
  /** Same id and hash as stored: nothing changed. */
  duplicates: number;
  /** Left alone: this machine's own sessions (collected here, authoritative) and deleted sessions. */
  skipped: number;
  /** session_meta that won last-writer-wins, and that lost (or was the same edit). */
  metaApplied: number;
  metaStale: number;
}

/** `devlog sync`: per remote, what was pushed (export) and pulled. */
export interface SyncRemoteResult {
  name: string;
  push: RemoteStatus | null;
  pull: (PullStatus & { counts: PullCounts }) | null;
}

/** The last exchange with another machine through a remote. */
export interface PeerExchange {
  machine: string;
  name: string | null;
  lastAt: IsoTime;
  records: number;
}

/** `devlog sync --status`: how far this machine is ahead of and behind each remote. */
export interface SyncRemoteStatus {
  name: string;
  kind: 'server' | 'folder';
  pull: boolean;
  /** Sessions with local changes not yet exported there. */
  ahead: number;
  /** Not yet pulled: changes in the server's feed, or other machines' segments; null when unknown (unreachable, pull off). */
  behind: number | null;
  /** Why `behind` is unknown. */
  behindError: string | null;
  lastPushAt: IsoTime | null;
  lastPullAt: IsoTime | null;
  push: RemoteStatus | null;
  pullStatus: PullStatus | null;
  peers: PeerExchange[];
}

export type SyncMethods = {
  /** Push (export) then pull, one remote or all; resolves when both ended. */
  'sync.now': { params: { remote?: string }; result: { remotes: SyncRemoteResult[] } };
  'sync.status': { params: void; result: { remotes: SyncRemoteStatus[] } };
};
