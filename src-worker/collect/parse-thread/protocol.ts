/**
 * The typed contract between the engine thread and its parse thread. Jobs go in; pieces (records
 * plus the cursor past them), then one `done` or `failed` per job come back, in order.
 *
 * Flow control uses a SharedArrayBuffer: the engine acknowledges each piece once it is written,
 * and the parse thread blocks (Atomics.wait) while PIECE_WINDOW pieces are unacknowledged, so a
 * huge file is never parsed far ahead of what the store has taken (bounded memory).
 */
import type { ReadFailure } from '../read-executor.js';
import type { ReadJob } from '../read-file.js';
import type { ReadPiece, ReadResult } from '../read-types.js';

export type ToParseThread = { type: 'read'; jobId: number; job: ReadJob };

export type FromParseThread =
  | { type: 'piece'; jobId: number; piece: ReadPiece }
  | { type: 'done'; jobId: number; result: ReadResult }
  | { type: 'failed'; jobId: number; error: ReadFailure };

export interface ParseThreadData {
  control: SharedArrayBuffer;
}

/** Int32 slots of the control buffer. */
export const Control = {
  /** Pieces the engine has written (or dropped) so far. */
  acked: 0,
  /** Every job with an id up to this one must stop at its next piece. */
  abortUpTo: 1,
  slots: 2,
} as const;

/** Pieces parsed ahead of the writer: 2 keeps both cores busy without piling up memory. */
export const PIECE_WINDOW = 2;

/** Name of the failure a stopped read ends with. */
export const READ_ABORTED = 'ReadAbortedError';
