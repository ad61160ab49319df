import type { Disposable } from '../../src-shared/lifecycle.js';
import type { WireRecord } from '../../src-shared/sync-wire.js';

/**
 * One piece of a pull: records from one sending machine and the cursor that covers them. The
 * pull service imports the records and moves the cursor in ONE transaction, so a pull killed
 * mid-way resumes exactly after the last piece it committed.
 */
export interface PullPiece {
  /** The cursor this piece advances: '' for a server's feed, the machine id in a folder remote. */
  source: string;
  cursor: string;
  /** Runs of records, each with the machine that sent it (its name when the remote knows it). */
  runs: { sender: { id: string; name: string | null }; records: WireRecord[] }[];
  /** What was skipped (a tampered segment, a record the wire refuses): recorded with the cursor that passes it. */
  problems?: { file: string; kind: string; message: string }[];
  /** A file that read cleanly this time: an old problem about it is cleared. */
  cleared?: string[];
}

/**
 * Problems that may clear up by themselves (a sync tool copies the manifest before the segment,
 * or a segment half-way): the cursor stops before them, the next pass tries again, and they are
 * not an error of the remote.
 */
export const WAITING_PROBLEMS: ReadonlySet<string> = new Set(['missing', 'truncated']);

/** A problem that stops a source for this pass without moving its cursor (a missing segment, a wrong passphrase). */
export interface PullBlock {
  file: string;
  kind: string;
  message: string;
}

/** Where a remote's other machines' records come from: a server's changes feed or a folder's segments. */
export interface PullSource {
  /** Everything after `cursors`, piece by piece; `commit` resolves once the piece is in the store. */
  pull(cursors: ReadonlyMap<string, string>, commit: (piece: PullPiece) => Promise<void>, signal: AbortSignal): Promise<{ blocks: PullBlock[] }>;
  /** How many records (server) or segments (folder) wait beyond `cursors`. */
  behind(cursors: ReadonlyMap<string, string>, signal: AbortSignal): Promise<number>;
  /**
   * Calls `changed` when the remote has something new (server-sent events, a folder watch), and
   * `live` when the watch is up (true) or lost until it reconnects (false).
   */
  watch?(changed: () => void, failed: (error: Error) => void, live: (on: boolean) => void): Disposable;
}
