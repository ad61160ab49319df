import type { IngestBatch, WireRecord } from '../../src-shared/sync-wire.js';
import { MAX_BATCH_RECORDS } from '../../src-shared/sync-wire.js';
import type { ChangedSession, WireRecordReader } from './wire-records.js';

export interface ExportLimits {
  /** Records per batch (the server takes at most MAX_BATCH_RECORDS). */
  maxRecords: number;
  /** JSON bytes per batch before gzip (the server's default body limit is 16 MB, decompressed). */
  maxBytes: number;
}

/**
 * A batch is read on the engine thread between collection's pieces: 2,000 records took 60-200 ms
 * there (measured, 2 shared cores), 500 keep a step in the tens of milliseconds.
 */
export const DEFAULT_EXPORT_LIMITS: ExportLimits = { maxRecords: 500, maxBytes: 1024 * 1024 };

/**
 * One step of an export: whole sessions in one batch, or one session too big for a batch in
 * several (its session record first). The cursor moves to `cursorAfter` only once every batch
 * of the step was acknowledged.
 */
export interface ExportStep {
  batches: IngestBatch[];
  sessions: number;
  cursorAfter: number;
  unsendable: string[];
}

/**
 * The sessions one remote still has to receive, oldest change first, consumed step by step.
 * `tailSeq` is the highest seq of every changed session listed, matching or not: once the
 * queue is empty, the cursor may pass the sessions the remote's rules leave out.
 */
export class ExportQueue {
  private pos = 0;

  constructor(
    private readonly queue: ChangedSession[],
    readonly tailSeq: number,
  ) {}

  get remaining(): number {
    return this.queue.length - this.pos;
  }

  /** The next step, or undefined when the queue is done. Reads each session when it is taken. */
  next(reader: WireRecordReader, limits: ExportLimits, batchOf: (records: WireRecord[]) => IngestBatch): ExportStep | undefined {
    if (this.pos >= this.queue.length) return undefined;
    const maxRecords = Math.min(limits.maxRecords, MAX_BATCH_RECORDS);
    const records: WireRecord[] = [];
    const unsendable: string[] = [];
    let bytes = 0;
    let sessions = 0;
    let last: ChangedSession | undefined;
    while (this.pos < this.queue.length) {
      const candidate = this.queue[this.pos]!;
      const read = reader.read(candidate.id);
      if (!read) {
        // Removed since it was listed (a reparse): nothing to send.
        this.pos++;
        last = candidate;
        continue;
      }
      const sizes = read.records.map((r) => Buffer.byteLength(JSON.stringify(r)));
      const total = sizes.reduce((a, b) => a + b, 0);
      const fits = records.length + read.records.length <= maxRecords && bytes + total <= limits.maxBytes;
      if (!fits && records.length > 0) break; // the next step starts with it
      this.pos++;
      last = candidate;
      unsendable.push(...read.unsendable);
      if (!fits) {
        // Alone and still too big: this session is the whole step, in as many batches as it takes.
        return { batches: split(read.records, sizes, maxRecords, limits.maxBytes).map(batchOf), sessions: 1, cursorAfter: this.cursorAfter(last), unsendable };
      }
      records.push(...read.records);
      bytes += total;
      sessions++;
    }
    return { batches: records.length ? [batchOf(records)] : [], sessions, cursorAfter: this.cursorAfter(last!), unsendable };
  }

  private cursorAfter(last: ChangedSession): number {
    if (this.pos >= this.queue.length) return Math.max(this.tailSeq, last.maxSeq);
    // Sessions are ordered by their highest seq; never pass one still waiting in the queue.
    return Math.min(last.maxSeq, this.queue[this.pos]!.maxSeq - 1);
  }
}

function split(records: WireRecord[], sizes: number[], maxRecords: number, maxBytes: number): WireRecord[][] {
  const parts: WireRecord[][] = [];
  let part: WireRecord[] = [];
  let bytes = 0;
  records.forEach((r, i) => {
    if (part.length > 0 && (part.length + 1 > maxRecords || bytes + sizes[i]! > maxBytes)) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(r);
    bytes += sizes[i]!;
  });
  if (part.length) parts.push(part);
  return parts;
}
