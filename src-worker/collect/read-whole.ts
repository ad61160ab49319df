import crypto from 'node:crypto';
import type { FileContext, WholeFileHandler } from '../sources/types.js';
import { latestEventTime, type ReadDeps, type ReaderRow, type ReadResult } from './read-types.js';
import { readRegularFile } from './regular-file.js';

/**
 * Reads a file the agent rewrites whole: unchanged content is skipped by hash; changed content
 * is parsed in full and upserted by stable ids, so nothing the agent dropped is deleted here.
 */
export async function readWholeFile(row: ReaderRow, file: FileContext, handler: WholeFileHandler, deps: ReadDeps): Promise<ReadResult> {
  const { content, stat } = readRegularFile(file.path);
  const hash = crypto.createHash('sha1').update(content).digest('base64url');
  const identity = { dev: String(stat.dev), ino: String(stat.ino), fingerprint: null, size: stat.size, mtimeMs: stat.mtimeMs, offset: content.length, lineNo: 0 };
  if (hash === row.contentHash) return { bytes: 0, records: 0 };
  if (deps.startAtEnd) {
    deps.emit({ batch: null, cursor: { ...identity, contentHash: hash, parserState: {}, lastEventAt: null, records: 0, malformed: 0 }, bytes: 0 });
    return { bytes: 0, records: 0 };
  }
  const state = { ...row.parserState };
  const batch = handler.parseFile(content.toString('utf8'), file, state);
  if (!batch.raw.length) batch.raw.push({ text: content.toString('utf8'), offset: 0, line: 1 });
  const records = batch.messages.length;
  deps.emit({
    batch,
    cursor: {
      ...identity,
      contentHash: hash,
      parserState: state,
      lastEventAt: latestEventTime(batch),
      records,
      malformed: batch.problems.length,
      resetCounts: true,
    },
    bytes: content.length,
  });
  return { bytes: content.length, records };
}
