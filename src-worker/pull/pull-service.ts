import type { PullCounts, PullStatus, RemoteState } from '../../src-shared/contract/index.js';
import { REMOTE_BACKOFF, type BackoffOptions } from '../../src-shared/backoff.js';
import { DisposableStore, type Disposable } from '../../src-shared/lifecycle.js';
import type { RemoteConfig } from '../config/remote-schema.js';
import { remoteKind } from '../config/remote-schema.js';
import type { Engine } from '../engine.js';
import { ExportError } from '../export/sink.js';
import { cancelRetry, clearSchedule, recordFailure, startInterval, type AttemptSchedule } from '../remotes/attempt-schedule.js';
import type { EngineService, ServiceStatus } from '../service.js';
import { WAITING_PROBLEMS, type PullPiece, type PullSource } from './pull-source.js';
import { PullStore, readPullProblems } from './pull-store.js';
import { addCounts, emptyCounts, RecordImporter } from './record-importer.js';

export interface PullServiceOptions {
  /** The source of a remote with pull on (a server's changes feed, a folder's segments). */
  sourceFor(remote: RemoteConfig): PullSource;
  backoff?: BackoffOptions;
}

interface Remote extends AttemptSchedule {
  config: RemoteConfig;
  source: PullSource;
  lastPullAt: string | null;
  live: boolean;
  running?: Promise<PullCounts>;
  /** Something changed while a pull ran: run again when it ends. */
  again: boolean;
  abort?: AbortController;
  watch?: Disposable;
}

/**
 * Pulls what the user's other machines exported to each remote with `pull` on, through the
 * import path of machine sync (RecordImporter). Each piece (a page of the server's feed, one
 * folder segment) is imported together with its cursor in ONE transaction, so a pull killed at
 * any point resumes after the last piece it committed and imports everything exactly once.
 *
 * Auto remotes pull on their interval, and at once when the server's event stream announces a
 * change or a machine's manifest changes in the folder (continuous mode); others pull only when
 * asked (`devlog sync`). Failures back off like the exporter; a refused token stops at `error`.
 */
export class PullService implements EngineService {
  readonly name = 'puller';
  private readonly remotes = new Map<string, Remote>();
  private readonly store: PullStore;
  private readonly importer: RecordImporter;
  private readonly disposables = new DisposableStore();
  private readonly backoff: BackoffOptions;
  private paused = false;
  private disposed = false;
  private auto = true;

  constructor(
    private readonly engine: Engine,
    private readonly options: PullServiceOptions,
  ) {
    this.store = new PullStore(engine.db);
    this.importer = new RecordImporter(engine.db, engine.seq, engine.machineId);
    this.backoff = options.backoff ?? REMOTE_BACKOFF;
  }

  /** `auto: false` (a one-shot `devlog sync` without an engine): pull only when asked, no watching. */
  start(options: { auto?: boolean } = {}): this {
    this.auto = options.auto ?? true;
    this.applyConfig(this.engine.config.remotes);
    this.disposables.add(this.engine.onConfigChanged((config) => this.applyConfig(config.remotes)));
    return this;
  }

  status(): ServiceStatus {
    return { pulls: this.statuses() };
  }

  /** `remote test` succeeded: a remote stopped by a refused token may pull again. */
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

  statuses(): PullStatus[] {
    return [...this.remotes.values()].map((r) => this.statusOf(r));
  }

  /** Pulls now (one remote or all with pull on); resolves with what each brought in. */
  async pullNow(options: { remote?: string } = {}): Promise<(PullStatus & { counts: PullCounts })[]> {
    const targets = [...this.remotes.values()].filter((r) => options.remote === undefined || r.config.name === options.remote);
    return Promise.all(
      targets.map(async (r) => {
        if (r.running) await r.running.catch(() => undefined);
        r.stopped = false; // the user asked: one more try, even after a refused token
        const counts = await this.run(r);
        return { ...this.statusOf(r), counts };
      }),
    );
  }

  /** Not yet pulled from a remote: changes in its feed or segments in its folder. */
  async behind(name: string, signal: AbortSignal): Promise<number> {
    const r = this.remotes.get(name);
    if (!r) throw new Error(`remote "${name}" does not pull`);
    return r.source.behind(this.store.cursors(name, r.config.url), signal);
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
    for (const r of this.remotes.values()) this.halt(r);
    this.disposables.dispose();
  }

  private applyConfig(configs: readonly RemoteConfig[]): void {
    const seen = new Set<string>();
    for (const config of configs) {
      if (!config.pull) continue;
      seen.add(config.name);
      const existing = this.remotes.get(config.name);
      if (existing && JSON.stringify(existing.config) === JSON.stringify(config)) continue;
      if (existing) this.halt(existing);
      const remote: Remote = {
        config,
        source: this.options.sourceFor(config),
        failures: 0,
        lastError: null,
        errorKind: null,
        stopped: false,
        lastPullAt: existing?.lastPullAt ?? this.store.lastPull(config.name),
        nextAttemptAt: null,
        live: false,
        again: false,
      };
      this.remotes.set(config.name, remote);
      this.arm(remote);
    }
    for (const [name, r] of this.remotes) {
      if (seen.has(name)) continue;
      this.halt(r);
      this.remotes.delete(name);
      // Pull turned off or the remote removed: its cursors go; turned on again it starts over (imports are idempotent).
      if (!this.engine.config.remotes.some((c) => c.name === name && c.pull)) this.store.forget(name);
    }
    this.engine.notifyChanged();
  }

  private willRun(r: Remote): boolean {
    return this.auto && r.config.auto && !r.config.paused && !this.paused && !this.disposed;
  }

  /** Auto remotes: the interval, the live watch (event stream or folder), and a pull now. */
  private arm(r: Remote): void {
    if (!this.willRun(r)) return;
    startInterval(r, r.config.intervalSeconds, () => this.kick(r));
    if (!r.watch && r.source.watch) {
      r.watch = r.source.watch(
        () => this.kick(r),
        (err) => {
          r.live = false;
          this.failed(r, err instanceof ExportError ? err : new ExportError(err.message, 'local'));
          this.engine.notifyChanged();
        },
        (on) => {
          r.live = on;
          this.engine.notifyChanged();
        },
      );
    }
    this.kick(r);
  }

  private halt(r: Remote): void {
    clearSchedule(r);
    r.watch?.dispose();
    r.watch = undefined;
    r.live = false;
    r.abort?.abort();
  }

  private kick(r: Remote): void {
    if (r.stopped || this.paused || this.disposed || r.config.paused || r.nextAttemptAt !== null) return;
    if (r.running) {
      r.again = true;
      return;
    }
    void this.run(r).catch(() => undefined);
  }

  private run(r: Remote): Promise<PullCounts> {
    if (r.running) return r.running;
    if (this.paused || this.disposed || r.config.paused) return Promise.resolve(emptyCounts());
    r.running = this.pullAll(r).finally(() => {
      r.running = undefined;
      r.abort = undefined;
      this.engine.notifyChanged();
      if (r.again && !this.disposed) {
        r.again = false;
        this.kick(r);
      }
    });
    return r.running;
  }

  private async pullAll(r: Remote): Promise<PullCounts> {
    cancelRetry(r);
    r.again = false;
    const abort = new AbortController();
    r.abort = abort;
    const total = emptyCounts();
    try {
      const { blocks } = await r.source.pull(this.store.cursors(r.config.name, r.config.url), (piece) => this.commit(r, piece, total, abort.signal), abort.signal);
      if (abort.signal.aborted || this.disposed) return total;
      await this.storeSettled(abort.signal);
      const at = new Date().toISOString();
      // Problems that stop a machine's segments (a wrong passphrase, a gap) are listed until they clear.
      this.engine.seq.transaction(() => {
        for (const b of blocks) this.store.problem(r.config.name, b.file, b.kind, b.message);
        this.store.pulled(r.config.name, at);
      });
      r.failures = 0;
      // A machine whose segments cannot be opened (a wrong passphrase, a manifest that fails
      // authentication) is an error until it clears; a segment still syncing in is only waited for.
      const blocking = blocks.find((b) => !WAITING_PROBLEMS.has(b.kind));
      r.lastError = blocking?.message ?? null;
      r.errorKind = blocking ? 'rejected' : null;
      r.lastPullAt = at;
    } catch (err) {
      if (abort.signal.aborted || this.disposed) return total;
      this.failed(r, err instanceof ExportError ? err : new ExportError((err as Error).message, 'local'));
    }
    return total;
  }

  /** One piece and its cursor in one transaction: a crash between pieces loses nothing and repeats nothing. */
  private async commit(r: Remote, piece: PullPiece, total: PullCounts, signal: AbortSignal): Promise<void> {
    await this.storeSettled(signal);
    if (signal.aborted || this.disposed) throw new ExportError('pull stopped', 'local');
    try {
      this.engine.seq.transaction(() => {
        for (const run of piece.runs) {
          addCounts(total, this.importer.importBatch(run.records, run.sender));
          this.store.exchanged(r.config.name, run.sender.id, run.sender.name, run.records.length);
        }
        for (const p of piece.problems ?? []) this.store.problem(r.config.name, p.file, p.kind, p.message);
        for (const file of piece.cleared ?? []) this.store.clearProblem(r.config.name, file);
        this.store.setCursor(r.config.name, r.config.url, piece.source, piece.cursor);
      });
    } catch (err) {
      this.engine.seq.reload(); // nested savepoints may have moved the counter the rollback undid
      throw err;
    }
    this.engine.notifyChanged();
    // An open list or transcript shows pulled sessions as they arrive, like collected ones.
    const sessions = new Set(piece.runs.flatMap((run) => run.records.map((rec) => (rec.kind === 'session' || rec.kind === 'session_meta' ? rec.id : rec.sessionId))));
    if (sessions.size) this.engine.sessionsChanged([...sessions]);
    // Let collection and RPC have the thread between pieces.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Waits while the collector holds its group transaction open (see ExportService.storeSettled). */
  private async storeSettled(signal: AbortSignal): Promise<void> {
    while (this.engine.db.inTransaction && !signal.aborted && !this.disposed) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  private failed(r: Remote, err: ExportError): void {
    recordFailure(r, err, this.backoff, this.willRun(r) ? () => this.kick(r) : undefined);
  }

  private statusOf(r: Remote): PullStatus {
    return {
      name: r.config.name,
      kind: remoteKind(r.config.url),
      state: this.stateOf(r),
      lastPullAt: r.lastPullAt,
      lastError: r.lastError,
      nextAttemptAt: r.nextAttemptAt === null ? null : new Date(r.nextAttemptAt).toISOString(),
      live: r.live,
      problems: readPullProblems(this.engine.db, r.config.name).map(({ remote: _, ...p }) => p),
    };
  }

  private stateOf(r: Remote): RemoteState {
    if (r.config.paused || this.paused) return 'paused';
    if (r.errorKind === 'offline' || r.errorKind === 'timeout') return 'offline';
    if (r.errorKind) return 'error';
    return r.running ? 'pending' : 'synced';
  }
}
