import { RetryLaterError } from '../sources/types.js';
import type { CursorUpdate, FilesRepo, FileRow } from '../store/files-repo.js';
import type { IngestWriter } from '../store/ingest/ingest-writer.js';
import type { DiscoveredFile } from './discover.js';
import { READ_ABORTED } from './parse-thread/protocol.js';
import type { ReadExecutor } from './read-executor.js';
import type { ReadPiece, ReadResult } from './read-types.js';

export type ProcessOutcome =
  | { kind: 'read'; result: ReadResult & { problems: number } }
  | { kind: 'retry'; reason: string }
  | { kind: 'aborted' }
  | { kind: 'missing' }
  | { kind: 'failed'; reason: string };

export type KnownFile = Pick<DiscoveredFile, 'agent' | 'adapter' | 'root' | 'path' | 'relPath' | 'handler'>;

export interface ProcessHooks {
  startAtEnd: boolean;
  /** Runs on the engine thread right before a piece is written (group transactions). */
  beforeWrite(): void;
  /** After a piece is written: its input bytes, for progress. */
  afterWrite(bytes: number): void;
  /** The sessions a piece wrote rows of (committed now, or with the open group). */
  onSessions?(ids: readonly string[]): void;
}

/**
 * Reads one file through the read executor (a parse thread in the engine) and writes each piece,
 * records and cursor together, on this thread; turns failures into recorded problems.
 */
export class FileProcessor {
  constructor(
    private readonly files: FilesRepo,
    private readonly writer: IngestWriter,
    private readonly executor: ReadExecutor,
  ) {}

  async process(file: KnownFile, hooks: ProcessHooks): Promise<ProcessOutcome> {
    const row = this.files.ensure(file.agent, file.path, file.adapter.parserVersion);
    const job = { file: { agent: file.agent, path: file.path, relPath: file.relPath, root: file.root }, row, startAtEnd: hooks.startAtEnd };
    const layout = file.handler.kind;
    const source = { parserVersion: file.adapter.parserVersion, root: file.root, relPath: file.relPath };
    let problems = 0;
    const write = (piece: ReadPiece) => {
      hooks.beforeWrite();
      if (piece.batch) {
        const { cursor, batch } = piece;
        const committed = this.writer.commit({ agent: file.agent, fileId: row.id, path: file.path, batch, cursor, layout, source: readsFromStart(layout, row, cursor) ? source : undefined });
        problems += committed.problems;
        hooks.onSessions?.(committed.sessions);
      } else this.files.advance(row.id, piece.cursor);
      hooks.afterWrite(piece.bytes);
    };
    try {
      const result = await this.executor.run(job, write);
      return { kind: 'read', result: { ...result, problems } };
    } catch (err) {
      if (err instanceof RetryLaterError || (err as Error).name === 'RetryLaterError') return { kind: 'retry', reason: (err as Error).message };
      if ((err as Error).name === READ_ABORTED) return { kind: 'aborted' };
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // The agent deleted or rotated it (Claude Code prunes old transcripts): what we stored stays.
        this.files.setStatus(row.id, 'missing', null);
        return { kind: 'missing' };
      }
      const reason =
        code === 'EACCES' || code === 'EPERM'
          ? `cannot read file: permission denied (${code})`
          : code === 'ENOTREG'
            ? (err as Error).message
            : `cannot read file: ${(err as Error).message}`;
      this.files.setStatus(row.id, 'error', reason);
      this.writer.recordFileProblem(row.id, file.agent, file.path, reason);
      return { kind: 'failed', reason };
    }
  }

  /** A file that is never read (a FIFO or device where a session file would be): say so once. */
  skip(source: Pick<KnownFile, 'agent' | 'adapter'>, path: string, reason: string): void {
    const agent = source.agent;
    const row = this.files.ensure(agent, path, source.adapter.parserVersion);
    if (row.status === 'error' && row.error === reason) return;
    this.files.setStatus(row.id, 'error', reason);
    this.writer.recordFileProblem(row.id, agent, path, reason);
  }

  /** A whole-file parse kept failing as "half written": record it so it is not silent. */
  giveUp(file: KnownFile, reason: string): void {
    const row = this.files.ensure(file.agent, file.path, file.adapter.parserVersion);
    this.files.setStatus(row.id, 'error', reason);
    this.writer.recordFileProblem(row.id, file.agent, file.path, `could not parse after retries: ${reason}`);
  }
}

/** Whether this read covers the whole file, so all its rows now come from the current parser. */
function readsFromStart(layout: KnownFile['handler']['kind'], row: FileRow, cursor: CursorUpdate): boolean {
  if (layout === 'whole' || cursor.resetCounts) return true;
  return row.offset === 0 && row.records === 0 && Object.keys(row.parserState).length === 0;
}
