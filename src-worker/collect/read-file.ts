import type { FileContext, FileHandler } from '../sources/types.js';
import { readAppendFile } from './read-append.js';
import { readSqliteFile } from './read-sqlite.js';
import type { ReadDeps, ReaderRow, ReadResult } from './read-types.js';
import { readWholeFile } from './read-whole.js';

/** What a parse thread (or the engine thread, inline) is asked to read. */
export interface ReadJob {
  file: FileContext;
  row: ReaderRow;
  startAtEnd: boolean;
}

/** Reads one file from its cursor with the reader its handler needs, emitting pieces. */
export function readFile(job: ReadJob, handler: FileHandler, emit: ReadDeps['emit']): Promise<ReadResult> {
  const deps: ReadDeps = { emit, startAtEnd: job.startAtEnd };
  if (handler.kind === 'append') return readAppendFile(job.row, job.file, handler, deps);
  if (handler.kind === 'whole') return readWholeFile(job.row, job.file, handler, deps);
  return readSqliteFile(job.row, job.file, handler, deps);
}
