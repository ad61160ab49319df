import { Worker } from 'node:worker_threads';
import { RetryLaterError } from '../../sources/types.js';
import type { ReadExecutor, ReadFailure } from '../read-executor.js';
import type { ReadJob } from '../read-file.js';
import type { ReadPiece, ReadResult } from '../read-types.js';
import { Control, READ_ABORTED, type FromParseThread, type ParseThreadData, type ToParseThread } from './protocol.js';
import { threadScript } from '../../thread-script.js';

/** The parse thread's young generation: small, since pieces are small (bounds peak memory). */
const PARSE_THREAD_YOUNG_MB = 4;

interface RunningJob {
  commit: (piece: ReadPiece) => void;
  resolve: (result: ReadResult) => void;
  reject: (err: Error) => void;
  /** The first commit error: the rest of the job's pieces are dropped. */
  failed?: Error;
}

/** A read stopped on purpose (pause, shutdown): the file is simply read again later. */
export class ReadAbortedError extends Error {
  override name = READ_ABORTED;
}

/** Rebuilds an error that crossed the thread boundary, keeping what callers branch on. */
export function fromFailure(f: ReadFailure): Error {
  if (f.name === 'RetryLaterError') return new RetryLaterError(f.message);
  if (f.name === READ_ABORTED) return new ReadAbortedError(f.message);
  const err = new Error(f.message) as NodeJS.ErrnoException;
  err.name = f.name;
  if (f.code) err.code = f.code;
  return err;
}

/**
 * Parsing on a worker thread, writing on the engine thread: both cores busy, and the engine's
 * event loop free between pieces. Each piece is written in its own event-loop turn
 * (setImmediate), so RPC, HTTP, watcher events and signals are served between any two. The
 * thread starts on the first read and stops after `idleMs` without work (no idle memory).
 */
export class ThreadedReadExecutor implements ReadExecutor {
  private worker: Worker | undefined;
  private control: Int32Array | undefined;
  private nextJobId = 1;
  private readonly jobs = new Map<number, RunningJob>();
  private readonly inbox: FromParseThread[] = [];
  private drainScheduled = false;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly script: string = threadScript('parse-thread'),
    private readonly idleMs = 30_000,
  ) {}

  run(job: ReadJob, commit: (piece: ReadPiece) => void): Promise<ReadResult> {
    if (this.disposed) return Promise.reject(new ReadAbortedError('reader stopped'));
    const worker = this.ensureWorker();
    const jobId = this.nextJobId++;
    return new Promise<ReadResult>((resolve, reject) => {
      this.jobs.set(jobId, { commit, resolve, reject });
      const message: ToParseThread = { type: 'read', jobId, job };
      worker.postMessage(message);
    });
  }

  /** Stops every read in flight at its next piece (their files are read again later). */
  abortAll(): void {
    if (!this.control) return;
    Atomics.store(this.control, Control.abortUpTo, this.nextJobId - 1);
    Atomics.notify(this.control, Control.acked);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    this.stopWorker(new ReadAbortedError('reader stopped'));
  }

  private ensureWorker(): Worker {
    clearTimeout(this.idleTimer);
    if (this.worker) return this.worker;
    const shared = new SharedArrayBuffer(Control.slots * Int32Array.BYTES_PER_ELEMENT);
    const control = new Int32Array(shared);
    // Job ids restart per thread: nothing from an earlier thread is aborted by accident.
    this.nextJobId = 1;
    const workerData: ParseThreadData = { control: shared };
    const worker = new Worker(this.script, { workerData, name: 'devlog-parse', resourceLimits: { maxYoungGenerationSizeMb: PARSE_THREAD_YOUNG_MB } });
    worker.unref();
    worker.on('message', (message: FromParseThread) => {
      if (worker !== this.worker) return;
      this.inbox.push(message);
      this.scheduleDrain();
    });
    worker.on('error', (err) => {
      if (worker === this.worker) this.stopWorker(new Error(`parse thread failed: ${err.message}`));
    });
    worker.on('exit', (code) => {
      if (worker === this.worker) this.stopWorker(new Error(`parse thread exited (code ${code})`));
    });
    this.worker = worker;
    this.control = control;
    return worker;
  }

  private stopWorker(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    this.control = undefined;
    this.inbox.length = 0;
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const job of jobs) job.reject(reason);
    void worker?.terminate();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => this.drainOne());
  }

  /** Handles ONE message per event-loop turn: a write never shares a turn with another. */
  private drainOne(): void {
    this.drainScheduled = false;
    const message = this.inbox.shift();
    if (message) this.handle(message);
    if (this.inbox.length) this.scheduleDrain();
    else if (this.jobs.size === 0 && this.worker && !this.disposed) this.armIdleTimer();
  }

  private handle(message: FromParseThread): void {
    const job = this.jobs.get(message.jobId);
    if (message.type === 'piece') {
      if (job && !job.failed) {
        try {
          job.commit(message.piece);
        } catch (err) {
          job.failed = err as Error;
          if (this.control) Atomics.store(this.control, Control.abortUpTo, message.jobId);
        }
      }
      if (this.control) {
        Atomics.add(this.control, Control.acked, 1);
        Atomics.notify(this.control, Control.acked);
      }
      return;
    }
    if (!job) return;
    this.jobs.delete(message.jobId);
    if (job.failed) job.reject(job.failed);
    else if (message.type === 'done') job.resolve(message.result);
    else job.reject(fromFailure(message.error));
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.jobs.size === 0) this.stopWorker(new ReadAbortedError('idle'));
    }, this.idleMs);
    this.idleTimer.unref();
  }
}
