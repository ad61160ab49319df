/**
 * The parse thread: reads agent files from their cursors, parses and normalizes them, and posts
 * pieces to the engine thread, which only writes SQLite. Runs as a worker_threads Worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adapterFor } from '../../sources/registry.js';
import { packChunk } from '../../store/ingest/raw-store.js';
import type { ReadFailure } from '../read-executor.js';
import { readFile } from '../read-file.js';
import type { ReadPiece } from '../read-types.js';
import { Control, PIECE_WINDOW, READ_ABORTED, type FromParseThread, type ParseThreadData, type ToParseThread } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('the devlog parse thread must run as a worker thread');
const control = new Int32Array((workerData as ParseThreadData).control);
let posted = 0;

class ReadAbortedError extends Error {
  override name = READ_ABORTED;
}

const post = (message: FromParseThread) => port.postMessage(message);

function stopIfAborted(jobId: number): void {
  if (jobId <= Atomics.load(control, Control.abortUpTo)) throw new ReadAbortedError('read stopped');
}

/** Posts a piece, then waits while the engine is PIECE_WINDOW pieces behind. */
function emitPiece(jobId: number, piece: ReadPiece, appendFile: boolean): void {
  stopIfAborted(jobId);
  if (appendFile && piece.batch?.raw.length) {
    // An append file's lines are kept as one compressed chunk: compress here, on the parse
    // thread, so the engine thread only inserts the blob.
    piece.batch.rawPacked = packChunk(piece.batch.raw);
    piece.batch.raw = [];
  }
  post({ type: 'piece', jobId, piece });
  posted++;
  for (;;) {
    const acked = Atomics.load(control, Control.acked);
    if (posted - acked < PIECE_WINDOW) return;
    stopIfAborted(jobId);
    Atomics.wait(control, Control.acked, acked, 1000);
  }
}

function toFailure(err: unknown): ReadFailure {
  const e = err as NodeJS.ErrnoException;
  const failure: ReadFailure = { name: e?.name ?? 'Error', message: e?.message ?? String(err) };
  if (typeof e?.code === 'string') failure.code = e.code;
  return failure;
}

port.on('message', async (message: ToParseThread) => {
  const { jobId, job } = message;
  try {
    const handler = adapterFor(job.file.agent)?.handlerFor(job.file.relPath);
    if (!handler) throw new Error(`no ${job.file.agent} reader for ${job.file.relPath}`);
    const result = await readFile(job, handler, (piece) => emitPiece(jobId, piece, handler.kind === 'append'));
    post({ type: 'done', jobId, result });
  } catch (err) {
    post({ type: 'failed', jobId, error: toFailure(err) });
  }
});
