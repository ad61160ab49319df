import type { SourceAdapter } from '../sources/types.js';
import { readFile, type ReadJob } from './read-file.js';
import type { ReadPiece, ReadResult } from './read-types.js';

/**
 * Runs reads: parses a file from its cursor and hands each piece to `commit` on the engine thread,
 * in order. If `commit` throws, the read stops and run() rejects with that error (the cursor never
 * passes a piece that was not written).
 */
export interface ReadExecutor {
  run(job: ReadJob, commit: (piece: ReadPiece) => void): Promise<ReadResult>;
  /** Stops any read in progress (shutdown, pause) and releases threads. */
  dispose(): void;
}

/** An error from a read, carried across threads: its class name and errno code survive. */
export interface ReadFailure {
  name: string;
  message: string;
  code?: string;
}

/**
 * Reads on the engine thread itself. Used for adapters that exist only in this process (test
 * adapters); pieces are committed as they are produced, with a yield to the event loop between.
 */
export class InlineReadExecutor implements ReadExecutor {
  constructor(private readonly adapters: readonly SourceAdapter[]) {}

  async run(job: ReadJob, commit: (piece: ReadPiece) => void): Promise<ReadResult> {
    const handler = this.adapters.find((a) => a.agent === job.file.agent)?.handlerFor(job.file.relPath);
    if (!handler) throw new Error(`no ${job.file.agent} reader for ${job.file.relPath}`);
    return readFile(job, handler, commit);
  }

  dispose(): void {}
}
