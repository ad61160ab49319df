import type { FileContext, NormalizedBatch } from '../sources/types.js';
import { RetryLaterError } from '../sources/types.js';
import type { CursorUpdate, FilesRepo, FileRow } from '../store/files-repo.js';
import type { IngestWriter } from '../store/ingest/ingest-writer.js';
import type { DiscoveredFile } from './discover.js';
import { readAppendFile } from './read-append.js';
import { readSqliteFile } from './read-sqlite.js';
import type { ReadResult } from './read-types.js';
import { readWholeFile } from './read-whole.js';

export type ProcessOutcome =
  | { kind: 'read'; result: ReadResult }
  | { kind: 'retry'; reason: string }
  | { kind: 'missing' }
  | { kind: 'failed'; reason: string };

export type KnownFile = Pick<DiscoveredFile, 'agent' | 'adapter' | 'root' | 'path' | 'relPath' | 'handler'>;

/** Reads one file with the reader its handler needs, and turns failures into recorded problems. */
export class FileProcessor {
  constructor(
    private readonly files: FilesRepo,
    private readonly writer: IngestWriter,
  ) {}

  async process(file: KnownFile, options: { startAtEnd: boolean; onBytes: (n: number) => void }): Promise<ProcessOutcome> {
    const row = this.files.ensure(file.agent, file.path);
    const ctx: FileContext = { agent: file.agent, path: file.path, relPath: file.relPath, root: file.root };
    const layout = file.handler.kind;
    const source = { parserVersion: file.adapter.parserVersion, root: file.root, relPath: file.relPath };
    const deps = {
      commit: (r: FileRow, batch: NormalizedBatch, cursor: CursorUpdate) =>
        this.writer.commit({ agent: file.agent, fileId: r.id, path: file.path, batch, cursor, layout, source: readsFromStart(layout, r, cursor) ? source : undefined }),
      commitCursorOnly: (r: FileRow, cursor: CursorUpdate) => this.files.advance(r.id, cursor),
      onBytes: options.onBytes,
      startAtEnd: options.startAtEnd,
    };
    try {
      const h = file.handler;
      const result =
        h.kind === 'append' ? await readAppendFile(row, ctx, h, deps) : h.kind === 'whole' ? await readWholeFile(row, ctx, h, deps) : await readSqliteFile(row, ctx, h, deps);
      return { kind: 'read', result };
    } catch (err) {
      if (err instanceof RetryLaterError) return { kind: 'retry', reason: err.message };
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // The agent deleted or rotated it (Claude Code prunes old transcripts): what we stored stays.
        this.files.setStatus(row.id, 'missing', null);
        return { kind: 'missing' };
      }
      const reason = code === 'EACCES' || code === 'EPERM' ? `cannot read file: permission denied (${code})` : `cannot read file: ${(err as Error).message}`;
      this.files.setStatus(row.id, 'error', reason);
      this.writer.recordFileProblem(row.id, file.agent, file.path, reason);
      return { kind: 'failed', reason };
    }
  }

  /** A whole-file parse kept failing as "half written": record it so it is not silent. */
  giveUp(file: KnownFile, reason: string): void {
    const row = this.files.ensure(file.agent, file.path);
    this.files.setStatus(row.id, 'error', reason);
    this.writer.recordFileProblem(row.id, file.agent, file.path, `could not parse after retries: ${reason}`);
  }
}

/** Whether this read covers the whole file, so all its rows now come from the current parser. */
function readsFromStart(layout: KnownFile['handler']['kind'], row: FileRow, cursor: CursorUpdate): boolean {
  if (layout === 'whole' || cursor.resetCounts) return true;
  return row.offset === 0 && row.records === 0 && Object.keys(row.parserState).length === 0;
}
