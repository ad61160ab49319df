import type { OutboundLogEntry, RemoteState, RemoteStatus } from '../../src-shared/contract/index.js';
import { DisposableStore } from '../../src-shared/lifecycle.js';
import { REMOTE_BACKOFF, type BackoffOptions } from '../../src-shared/backoff.js';
import type { IngestBatch, WireRecord } from '../../src-shared/sync-wire.js';
import type { RemoteConfig } from '../config/remote-schema.js';
import { remoteKind } from '../config/remote-schema.js';
import type { Engine } from '../engine.js';
import type { EngineService, ServiceStatus } from '../service.js';
import { DEFAULT_EXPORT_LIMITS, ExportQueue, type ExportLimits } from './batch-planner.js';
import { ExportStore } from './export-store.js';
import { compileRouting, routingDigest } from './routing.js';
import { cancelRetry, clearSchedule, recordFailure, startInterval, type AttemptSchedule } from '../remotes/attempt-schedule.js';
import { ExportError, type ExportSink } from './sink.js';
import { WireRecordReader, changedSessions } from './wire-records.js';

const BACKLOG_REFRESH_MS = 5_000;
/**
 * Continuous mode sends a commit within about half a second: the engine's status push coalesces
 * commits for 250 ms, then this debounce gathers what else arrives before the export starts.
 */
export const EXPORT_DEBOUNCE_MS = 200;

export type Redactor = (batch: IngestBatch) => { batch: IngestBatch; counts: Record<string, number> };

export interface ExportServiceOptions {
  /** The sink for a remote (server or folder); undefined when this build cannot export there. */
  sinkFor(remote: RemoteConfig): ExportSink | undefined;
  /** Replaces secrets before anything leaves; undefined: remotes that redact send nothing. */
  redact: Redactor | undefined;
  backoff?: BackoffOptions;
  limits?: ExportLimits;
  /** How soon after new data an auto remote exports (coalesces a burst of writes). */
  debounceMs?: number;
}

interface Remote extends AttemptSchedule {
  config: RemoteConfig;
  routing: string;
  sink: ExportSink | undefined;
  lastSuccessAt: string | null;
  backlog: number;
  running?: Promise<void>;
  abort?: AbortController;
}

/**
 * Exports the store to every remote in config.json: per remote a cursor over local seqs, whole
 * sessions its rules match, acknowledged batch by batch (the cursor and the outbound log move
 * only after the remote said it has the batch). Auto remotes export on their interval and soon
 * after new data; failures back off (Retry-After honoured); a refused token stops at `error`.
 * Collection never waits: each batch is read in one short read transaction between pieces, and
 * sending is asynchronous.
 */
export class ExportService implements EngineService {
  readonly name = 'exporter';
  private readonly remotes = new Map<string, Remote>();
  private readonly store: ExportStore;
  private readonly reader: WireRecordReader;
  private readonly disposables = new DisposableStore();
  private readonly limits: ExportLimits;
  private readonly backoff: BackoffOptions;
  private paused = false;
  private disposed = false;
  /** Off for a one-shot `devlog export` without an engine: only what the user asked is sent. */
  private auto = true;
  private lastSeenSeq = -1;
  private debounce?: ReturnType<typeof setTimeout>;
  private backlogCountedAt = 0;
  /** A count owed for data that came inside the throttle window (else the last change would never be counted). */
  private trailingCount: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly options: ExportServiceOptions,
  ) {
    this.store = new ExportStore(engine.db);
    this.reader = new WireRecordReader(engine.db, engine.machineId);
    this.limits = options.limits ?? DEFAULT_EXPORT_LIMITS;
    this.backoff = options.backoff ?? REMOTE_BACKOFF;
  }

  /** Prunes the outbound log, picks up the remotes and follows config and new data. */
  start(options: { auto?: boolean } = {}): this {
    this.auto = options.auto ?? true;
    this.store.prune();
    this.applyConfig(this.engine.config.remotes);
    this.disposables.add(this.engine.onConfigChanged((config) => this.applyConfig(config.remotes)));
    this.disposables.add(
      this.engine.onStatusChanged((status) => {
        if (status.store.lastSeq !== this.lastSeenSeq) this.newData(status.store.lastSeq);
      }),
    );
    this.lastSeenSeq = this.engine.seq.last;
    return this;
  }

  status(): ServiceStatus {
    return { remotes: this.statuses() };
  }

  statuses(): RemoteStatus[] {
    return [...this.remotes.values()].map((r) => this.statusOf(r));
  }

  /**
   * Export now (one remote or all), also for remotes that are not `auto`; resolves when each
   * attempt ended. `all` re-sends everything from the start. Paused remotes send nothing.
   */
  async exportNow(options: { remote?: string; all?: boolean } = {}): Promise<RemoteStatus[]> {
    const targets = options.remote === undefined ? [...this.remotes.values()] : [this.remotes.get(options.remote)].filter((r): r is Remote => !!r);
    await Promise.all(
      targets.map(async (r) => {
        if (r.running) await r.running.catch(() => undefined);
        if (options.all) this.store.reset(r.config.name);
        r.stopped = false; // the user asked: one more try, even after a refused token
        await this.run(r);
      }),
    );
    return targets.map((r) => this.statusOf(r));
  }

  /** `remote test` succeeded: a remote stopped by a refused token may try again. */
  tested(name: string): void {
    const r = this.remotes.get(name);
    if (!r?.stopped) return;
    r.stopped = false;
    r.failures = 0;
    r.errorKind = null;
    r.lastError = null;
    this.arm(r);
    this.engine.notifyChanged();
  }

  pause(): void {
    this.paused = true;
    for (const r of this.remotes.values()) this.halt(r);
    this.engine.notifyChanged();
  }

  resume(): void {
    this.paused = false;
    for (const r of this.remotes.values()) this.arm(r);
    this.engine.notifyChanged();
  }

  dispose(): void {
    this.disposed = true;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.trailingCount) clearTimeout(this.trailingCount);
    for (const r of this.remotes.values()) this.halt(r);
    this.disposables.dispose();
  }

  /** Added remotes start (a new one at cursor 0: it backfills), edited ones start over their backoff, removed ones stop. */
  private applyConfig(configs: readonly RemoteConfig[]): void {
    const seen = new Set<string>();
    for (const config of configs) {
      seen.add(config.name);
      const existing = this.remotes.get(config.name);
      if (existing && JSON.stringify(existing.config) === JSON.stringify(config)) continue;
      if (existing) this.halt(existing);
      const cursor = this.store.cursor(config.name, routingDigest(config));
      const remote: Remote = {
        config,
        routing: routingDigest(config),
        sink: this.options.sinkFor(config),
        failures: 0,
        lastError: null,
        errorKind: null,
        stopped: false,
        nextAttemptAt: null,
        lastSuccessAt: existing?.lastSuccessAt ?? cursor.lastSuccessAt,
        backlog: 0,
      };
      this.remotes.set(config.name, remote);
      // An auto remote's first run counts its backlog anyway: one pass over the store, not two.
      if (!this.willRunNow(remote)) this.refreshBacklog(remote);
      this.arm(remote);
    }
    for (const [name, r] of this.remotes) {
      if (seen.has(name)) continue;
      this.halt(r);
      this.remotes.delete(name);
      this.store.forget(name);
    }
    this.engine.notifyChanged();
  }

  /** New rows were committed: backlogs change, and auto remotes export soon (debounced). */
  private newData(lastSeq: number): void {
    this.lastSeenSeq = lastSeq;
    if (this.debounce || this.disposed) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      if (this.disposed) return;
      // Backlogs cost a pass over the rows after each cursor: during a long history scan
      // (new rows every second) they are counted at most every BACKLOG_REFRESH_MS.
      const countBacklog = Date.now() - this.backlogCountedAt >= BACKLOG_REFRESH_MS;
      if (countBacklog) this.backlogCountedAt = Date.now();
      for (const r of this.remotes.values()) {
        // An auto remote's export is itself that pass; the others only count.
        if (this.auto && r.config.auto && !r.config.paused && !r.stopped && !this.paused) {
          if (r.nextAttemptAt === null) this.kick(r);
        } else if (!r.running && countBacklog) this.refreshBacklog(r);
      }
      if (!countBacklog) this.countBacklogsLater();
      this.engine.notifyChanged();
    }, this.options.debounceMs ?? EXPORT_DEBOUNCE_MS);
    this.debounce.unref?.();
  }

  /** Counts the backlogs once the throttle window is over, so the last changes show (2 waiting, not 1). */
  private countBacklogsLater(): void {
    if (this.trailingCount || this.disposed) return;
    this.trailingCount = setTimeout(
      () => {
        this.trailingCount = undefined;
        if (this.disposed) return;
        this.backlogCountedAt = Date.now();
        for (const r of this.remotes.values()) if (!r.running) this.refreshBacklog(r);
        this.engine.notifyChanged();
      },
      Math.max(0, BACKLOG_REFRESH_MS - (Date.now() - this.backlogCountedAt)),
    );
    this.trailingCount.unref?.();
  }

  private willRunNow(r: Remote): boolean {
    return this.auto && r.config.auto && !r.config.paused && !this.paused && !this.disposed;
  }

  /** Starts the interval of an auto remote, and exports at once when it has a backlog. */
  private arm(r: Remote): void {
    if (!this.willRunNow(r)) return;
    startInterval(r, r.config.intervalSeconds, () => {
      if (r.nextAttemptAt === null) this.kick(r);
    });
    if (r.nextAttemptAt === null) this.kick(r);
  }

  private halt(r: Remote): void {
    clearSchedule(r);
    r.abort?.abort();
  }

  private kick(r: Remote): void {
    if (r.running || r.stopped || this.paused || this.disposed || r.config.paused) return;
    void this.run(r);
  }

  private run(r: Remote): Promise<void> {
    if (r.running) return r.running;
    if (this.paused || this.disposed || r.config.paused) return Promise.resolve();
    r.running = this.exportAll(r).finally(() => {
      r.running = undefined;
      r.abort = undefined;
      this.engine.notifyChanged();
    });
    this.engine.notifyChanged(); // "exporting" is part of the status
    return r.running;
  }

  /** Sends step after step until the remote is up to date, or stops at the first failure. */
  private async exportAll(r: Remote): Promise<void> {
    cancelRetry(r);
    const abort = new AbortController();
    r.abort = abort;
    try {
      if (!r.sink) throw new ExportError(`${remoteKind(r.config.url)} remotes cannot be exported to by this build`, 'local');
      if (r.config.redact && !this.options.redact) throw new ExportError('redaction is not available in this build: nothing was sent (or turn redaction off for this remote)', 'local');
      // Synchronously when nothing is open, so the backlog is known as soon as a run starts.
      if (this.engine.db.inTransaction) await this.storeSettled(abort.signal);
      if (abort.signal.aborted || this.disposed) return;
      const queue = this.queue(r);
      r.backlog = queue.remaining;
      for (;;) {
        await this.storeSettled(abort.signal);
        if (abort.signal.aborted || this.disposed) return;
        const step = this.engine.db.transaction(() => queue.next(this.reader, this.limits, (records) => this.batchOf(records)))();
        if (!step) break;
        if (step.unsendable.length) process.stderr.write(`devlog export: ${r.config.name}: left out ${step.unsendable.length} record(s) the wire refuses, first: ${step.unsendable[0]}\n`);
        if (step.batches.length === 0) {
          this.store.skipTo(r.config.name, r.routing, step.cursorAfter);
          continue;
        }
        for (let i = 0; i < step.batches.length; i++) {
          const last = i === step.batches.length - 1;
          await this.sendOne(r, step.batches[i]!, last ? step.cursorAfter : undefined, abort.signal);
        }
        r.backlog = queue.remaining;
        this.engine.notifyChanged();
        // Let collection and RPC have the thread between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await this.storeSettled(abort.signal);
      if (abort.signal.aborted || this.disposed) return;
      if (queue.tailSeq > this.store.cursor(r.config.name, r.routing).seq) this.store.skipTo(r.config.name, r.routing, queue.tailSeq);
      r.failures = 0;
      r.lastError = null;
      r.errorKind = null;
      r.backlog = queue.remaining;
    } catch (err) {
      if (abort.signal.aborted || this.disposed) return;
      this.failed(r, err instanceof ExportError ? err : new ExportError((err as Error).message, 'local'));
    }
  }

  private async sendOne(r: Remote, batch: IngestBatch, cursorAfter: number | undefined, signal: AbortSignal): Promise<void> {
    const redacted = r.config.redact ? this.options.redact!(batch) : { batch, counts: {} };
    const { bytes } = await r.sink!.send(redacted.batch, signal);
    await this.storeSettled(signal);
    // Stopped while the answer came: the store may be closed; the batch is sent again next time.
    if (this.disposed || signal.aborted) return;
    const at = new Date().toISOString();
    const entry: OutboundLogEntry = {
      at,
      remote: r.config.name,
      sessions: new Set(batch.records.map((rec) => (rec.kind === 'session' || rec.kind === 'session_meta' ? rec.id : rec.sessionId))).size,
      records: batch.records.length,
      bytes,
      redactions: redacted.counts,
    };
    this.store.acknowledged(r.config.name, r.routing, cursorAfter, entry);
    r.lastSuccessAt = at;
    // Progress: the remote is back; a later failure backs off from the start again.
    r.failures = 0;
    r.lastError = null;
    r.errorKind = null;
  }

  /**
   * Waits while the collector holds a transaction open across turns (the history scan's group
   * commit, at most about a second): its rows are not committed yet and their seqs may be handed
   * out again after a rollback, so the exporter neither lists nor reads them, and its cursor is
   * never written into someone else's transaction.
   */
  private async storeSettled(signal: AbortSignal): Promise<void> {
    while (this.engine.db.inTransaction && !signal.aborted && !this.disposed) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  private failed(r: Remote, err: ExportError): void {
    this.refreshBacklog(r);
    const automatic = this.auto && r.config.auto && !this.paused && !this.disposed && !r.config.paused;
    recordFailure(r, err, this.backoff, automatic ? () => this.kick(r) : undefined);
  }

  private queue(r: Remote): ExportQueue {
    const cursor = this.store.cursor(r.config.name, r.routing).seq;
    const matches = compileRouting(r.config);
    const changed = changedSessions(this.engine.db, cursor, this.engine.machineId);
    // Past every committed row, not only this machine's: rows pulled from other machines are
    // not ours to send, and the next pass need not look at them again.
    const tail = Math.max(cursor, this.engine.seq.last, changed.length ? changed[changed.length - 1]!.maxSeq : cursor);
    return new ExportQueue(
      changed.filter((s) => matches(s)),
      tail,
    );
  }

  private refreshBacklog(r: Remote): void {
    r.backlog = this.queue(r).remaining;
  }

  private batchOf(records: WireRecord[]): IngestBatch {
    return { machineId: this.engine.machineId, machineName: this.engine.machineName.slice(0, 200), records };
  }

  private statusOf(r: Remote): RemoteStatus {
    return {
      name: r.config.name,
      kind: remoteKind(r.config.url),
      url: r.config.url,
      state: this.stateOf(r),
      backlog: r.backlog,
      lastSuccessAt: r.lastSuccessAt,
      lastError: r.lastError,
      nextAttemptAt: r.nextAttemptAt === null ? null : new Date(r.nextAttemptAt).toISOString(),
      ...(r.running ? { exporting: true } : {}),
    };
  }

  private stateOf(r: Remote): RemoteState {
    if (r.config.paused || this.paused) return 'paused';
    if (r.errorKind === 'offline' || r.errorKind === 'timeout') return 'offline';
    if (r.errorKind) return 'error';
    return r.backlog > 0 ? 'pending' : 'synced';
  }
}

