import { Worker } from 'node:worker_threads';
import { DevlogError, ErrorCodes } from '../../../src-shared/errors.js';
import type { Disposable } from '../../../src-shared/lifecycle.js';
import { threadScript } from '../../thread-script.js';
import type { QueryMethodName } from '../query-methods.js';
import type { FromQueryThread, QueryThreadData, ToQueryThread } from './protocol.js';

interface PendingQuery {
  message: ToQueryThread;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
}

/**
 * Runs read-only queries on the query thread, one at a time in order (the thread gets the next
 * only when it answered the last). Cancelling the query that is running ends the thread at once
 * (a statement cannot be interrupted from outside) and the ones behind it continue on a fresh
 * thread; a query not yet started is simply dropped.
 */
export class QueryRunner implements Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Queries in order; the first one is running on the thread (if any thread). */
  private readonly pending = new Map<number, PendingQuery>();
  private running: number | undefined;
  private disposed = false;

  constructor(
    private readonly data: QueryThreadData,
    private readonly script = threadScript('query-thread'),
  ) {}

  run(method: QueryMethodName, params: unknown, signal?: AbortSignal): Promise<unknown> {
    if (this.disposed) return Promise.reject(new DevlogError(ErrorCodes.Disconnected, 'the engine is stopping'));
    if (signal?.aborted) return Promise.reject(cancelled(method));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const message: ToQueryThread = { id, method, params };
      const onAbort = () => this.cancel(id, method);
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        message,
        resolve: (r) => (done(), resolve(r)),
        reject: (e) => (done(), reject(e)),
      });
      this.startNext();
    });
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    worker?.removeAllListeners();
    void worker?.terminate();
    for (const q of this.pending.values()) q.reject(new DevlogError(ErrorCodes.Disconnected, 'the engine is stopping'));
    this.pending.clear();
  }

  private cancel(id: number, method: string): void {
    const query = this.pending.get(id);
    if (!query) return;
    this.pending.delete(id);
    query.reject(cancelled(method));
    if (this.running !== id) return;
    // It is running right now: replace the thread, then go on with what waits.
    this.running = undefined;
    const old = this.worker;
    this.worker = undefined;
    old?.removeAllListeners();
    void old?.terminate();
    this.startNext();
  }

  private startNext(): void {
    if (this.running !== undefined || this.disposed) return;
    const next = this.pending.values().next().value;
    if (!next) return;
    this.running = next.message.id;
    this.ensureWorker().postMessage(next.message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: this.data, name: 'devlog-query' });
    worker.unref();
    worker.on('message', (reply: FromQueryThread) => {
      if (reply.id === this.running) this.running = undefined;
      const query = this.pending.get(reply.id);
      if (query) {
        this.pending.delete(reply.id);
        if (reply.ok) query.resolve(reply.result);
        else query.reject(DevlogError.fromWire(reply.error));
      }
      this.startNext();
    });
    const failed = (reason: string) => {
      if (worker !== this.worker) return;
      this.worker = undefined;
      this.running = undefined;
      const waiting = [...this.pending.values()];
      this.pending.clear();
      for (const q of waiting) q.reject(new DevlogError(ErrorCodes.Internal, `query thread stopped: ${reason}`));
    };
    worker.on('error', (err) => failed(err.message));
    worker.on('exit', (code) => failed(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}

function cancelled(method: string): DevlogError {
  return new DevlogError(ErrorCodes.Cancelled, `${method} was cancelled`);
}
