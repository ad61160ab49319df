import type { NormalizedBatch } from '../sources/types.js';
import type { CursorUpdate, FileRow } from '../store/files-repo.js';

/** What one read of a file produced in all. */
export interface ReadResult {
  /** Input consumed (bytes read past the cursor, or the whole file's size). */
  bytes: number;
  /** Records (lines, messages) handed over. */
  records: number;
  /** The reader stopped early to bound memory; call again at once for the rest. */
  more?: boolean;
}

/**
 * One unit of progress through a file: the records read and the cursor just past them, which the
 * engine commits in ONE transaction. `batch: null` moves only the cursor (`--no-history`).
 */
export interface ReadPiece {
  batch: NormalizedBatch | null;
  cursor: CursorUpdate;
  /** Input bytes this piece covers, for progress. */
  bytes: number;
}

/** Where a reader hands its pieces: the engine thread writes them (readers run on a parse thread). */
export interface ReadDeps {
  emit(piece: ReadPiece): void;
  /** `start --no-history`: this file was unknown at startup, so it starts at its current end. */
  startAtEnd: boolean;
}

/** What a reader needs to know about the file: where it is and its stored cursor. */
export type ReaderRow = Pick<FileRow, 'id' | 'ino' | 'fingerprint' | 'offset' | 'lineNo' | 'contentHash' | 'parserState'>;

export function latestEventTime(batch: NormalizedBatch): string | null {
  let latest: string | null = null;
  for (const m of batch.messages) if (m.time && (!latest || m.time > latest)) latest = m.time;
  for (const s of batch.sessions) if (s.endedAt && (!latest || s.endedAt > latest)) latest = s.endedAt;
  return latest;
}
