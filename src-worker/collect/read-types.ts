import type { NormalizedBatch } from '../sources/types.js';
import type { CursorUpdate, FileRow } from '../store/files-repo.js';

export interface ReadResult {
  bytes: number;
  records: number;
  problems: number;
  /** The reader stopped early to bound memory; call again at once for the rest. */
  more?: boolean;
}

/** What a reader needs from the collector: commit records with the cursor, report progress. */
export interface ReadDeps {
  commit(row: FileRow, batch: NormalizedBatch, cursor: CursorUpdate): { problems: number };
  commitCursorOnly(row: FileRow, cursor: CursorUpdate): void;
  onBytes(bytes: number): void;
  /** `start --no-history`: this file was unknown at startup, so it starts at its current end. */
  startAtEnd: boolean;
}

export function latestEventTime(batch: NormalizedBatch): string | null {
  let latest: string | null = null;
  for (const m of batch.messages) if (m.time && (!latest || m.time > latest)) latest = m.time;
  for (const s of batch.sessions) if (s.endedAt && (!latest || s.endedAt > latest)) latest = s.endedAt;
  return latest;
}
