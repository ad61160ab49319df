import fs from 'node:fs';
import { emptyBatch, type AppendHandler, type FileContext, type RawLine } from '../sources/types.js';
import { parseJsonValues } from '../sources/json-values.js';
import { fingerprint, fingerprintChanged, FINGERPRINT_BYTES } from './identity.js';
import { latestEventTime, type ReadDeps, type ReaderRow, type ReadResult } from './read-types.js';
import { openRegularFile } from './regular-file.js';

/**
 * Bytes read per piece (one commit on the engine thread). Small enough that writing one piece
 * stays well under the engine's ~50 ms budget per event-loop turn and bounds memory for a huge
 * session; large enough to amortize the per-commit work.
 */
export const APPEND_CHUNK_BYTES = 256 * 1024;
/**
 * Longest line read (documented in README). A longer one is reported as a problem with its line
 * number and skipped without ever being held in memory whole (a 400 MB line took 2.1 GB).
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Reads an append-only file from its cursor: complete lines only, each chunk committed with the
 * cursor in one transaction. A file shorter than the cursor, or with other first bytes, was
 * truncated or replaced: it is read again from 0 and record ids keep that free of duplicates.
 * File I/O is synchronous on purpose: reads come from the page cache in microseconds, and async
 * round trips through the thread pool cost more than the reads across thousands of small files.
 */
export async function readAppendFile(row: ReaderRow, file: FileContext, handler: AppendHandler, deps: ReadDeps, maxLineBytes = MAX_LINE_BYTES): Promise<ReadResult> {
  const { fd, stat } = openRegularFile(file.path);
  try {
    let offset = row.offset;
    let lineNo = row.lineNo;
    let state = row.parserState;
    let reset = false;
    const replaced = row.ino !== null && String(stat.ino) !== row.ino;
    if (offset > 0 && (replaced || stat.size < offset || fingerprintChanged(fd, stat.size, row.fingerprint))) {
      offset = 0;
      lineNo = 0;
      state = {};
      reset = true;
    }
    // The fingerprint grows with a young file until it covers FINGERPRINT_BYTES.
    const fp = row.fingerprint && !reset && Number(row.fingerprint.split(':')[0]) >= FINGERPRINT_BYTES ? row.fingerprint : fingerprint(fd, stat.size);
    const identity = { dev: String(stat.dev), ino: String(stat.ino), fingerprint: fp, size: stat.size, mtimeMs: stat.mtimeMs };

    if (deps.startAtEnd && !reset) {
      const end = lastCompleteLineEnd(fd, stat.size);
      deps.emit({ batch: null, cursor: { ...identity, offset: end.offset, lineNo: end.lines, contentHash: null, parserState: {}, lastEventAt: null, records: 0, malformed: 0 }, bytes: 0 });
      return { bytes: 0, records: 0 };
    }

    const result: ReadResult = { bytes: 0, records: 0 };
    // Bytes of a line that has not ended yet, kept as parts (no quadratic re-copying of long lines).
    let carry: Buffer[] = [];
    let carryBytes = 0;
    let position = offset;
    let first = true;
    while (position < stat.size || first) {
      first = false;
      const want = Math.min(APPEND_CHUNK_BYTES, stat.size - position);
      const chunk = Buffer.alloc(want);
      const bytesRead = want > 0 ? fs.readSync(fd, chunk, 0, want, position) : 0;
      position += bytesRead;
      const atEof = position >= stat.size || bytesRead === 0;
      const fresh = chunk.subarray(0, bytesRead);
      const lastNewline = fresh.lastIndexOf(NEWLINE);
      if (lastNewline < 0 && !atEof) {
        carry.push(fresh);
        carryBytes += fresh.length;
        if (carryBytes <= maxLineBytes) continue;
        // One line longer than the cap: skip it without holding it, once it is complete.
        const skipped = skipLongLine(fd, stat.size, offset);
        if (skipped === null) break; // Still being written: look again when it grows.
        lineNo++;
        const batch = emptyBatch();
        batch.problems.push({ line: lineNo, offset, reason: `line ${lineNo} is ${skipped} bytes, longer than the limit of ${maxLineBytes} bytes: skipped` });
        offset += skipped;
        position = offset;
        carry = [];
        carryBytes = 0;
        deps.emit({ batch, cursor: { ...identity, offset, lineNo, contentHash: null, parserState: state, lastEventAt: null, records: 0, malformed: 1, resetCounts: reset }, bytes: skipped });
        reset = false;
        result.bytes += skipped;
        continue;
      }
      const data = carry.length ? Buffer.concat([...carry, fresh]) : fresh;
      let end = lastNewline < 0 ? 0 : carryBytes + lastNewline + 1;
      // A last line without '\n' counts only if it is complete JSON (files copied by tools, or a
      // writer that has not written the newline yet); a half-written line waits.
      if (atEof && end < data.length && isCompleteJsonLine(data.subarray(end))) end = data.length;
      if (end === 0) break; // atEof with only a partial line: it waits.
      const { lines, nextLineNo } = splitLines(data.subarray(0, end), offset, lineNo);
      const batch = handler.parseLines(lines, file, state);
      offset += end;
      lineNo = nextLineNo;
      const rest = data.subarray(end);
      carry = rest.length ? [Buffer.from(rest)] : [];
      carryBytes = rest.length;
      deps.emit({
        batch,
        cursor: {
          ...identity,
          offset,
          lineNo,
          contentHash: null,
          parserState: state,
          lastEventAt: latestEventTime(batch),
          records: lines.length,
          malformed: batch.problems.length,
          resetCounts: reset,
        },
        bytes: end,
      });
      reset = false;
      result.bytes += end;
      result.records += lines.length;
      if (atEof) break;
    }
    return result;
  } finally {
    fs.closeSync(fd);
  }
}

/** Length up to and including the newline that ends the line at `start`, or null if none yet. */
function skipLongLine(fd: number, size: number, start: number): number | null {
  const buf = Buffer.alloc(APPEND_CHUNK_BYTES);
  let position = start;
  while (position < size) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - position), position);
    if (n === 0) break;
    const nl = buf.subarray(0, n).indexOf(NEWLINE);
    if (nl >= 0) return position + nl + 1 - start;
    position += n;
  }
  return null;
}

function isCompleteJsonLine(segment: Buffer): boolean {
  const text = segment.toString('utf8').trim();
  if (!text.startsWith('{')) return false;
  const parsed = parseJsonValues(text);
  return parsed.values.length > 0 && parsed.error === undefined;
}

/** Splits complete lines, keeping each one's byte offset and 1-based number; skips blank lines. */
export function splitLines(data: Buffer, baseOffset: number, baseLineNo: number): { lines: RawLine[]; nextLineNo: number } {
  const lines: RawLine[] = [];
  let start = 0;
  let lineNo = baseLineNo;
  while (start < data.length) {
    let nl = data.indexOf(NEWLINE, start);
    if (nl < 0) nl = data.length;
    lineNo++;
    let stop = nl;
    if (stop > start && data[stop - 1] === 0x0d) stop--;
    if (stop > start) {
      const text = data.toString('utf8', start, stop);
      if (text.trim() !== '') lines.push({ text, offset: baseOffset + start, line: lineNo });
    }
    start = nl + 1;
  }
  return { lines, nextLineNo: lineNo };
}

/** Where the last complete line ends, and how many lines precede it (for `--no-history`). */
function lastCompleteLineEnd(fd: number, size: number): { offset: number; lines: number } {
  const buf = Buffer.alloc(Math.min(size, APPEND_CHUNK_BYTES));
  let position = 0;
  let lines = 0;
  let lastEnd = 0;
  while (position < size) {
    const bytesRead = fs.readSync(fd, buf, 0, Math.min(buf.length, size - position), position);
    if (bytesRead === 0) break;
    let i = buf.indexOf(NEWLINE, 0);
    while (i >= 0 && i < bytesRead) {
      lines++;
      lastEnd = position + i + 1;
      i = buf.indexOf(NEWLINE, i + 1);
    }
    position += bytesRead;
  }
  return { offset: lastEnd, lines };
}
