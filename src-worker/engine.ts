import fs from 'node:fs';
import { IDLE_PROGRESS, type EngineState, type EngineStatus, type ScanProgress, type SourceStatus } from '../src-shared/contract/index.js';
import { DisposableStore, toDisposable, type Disposable } from '../src-shared/lifecycle.js';
import { Listeners } from '../src-shared/rpc/transport.js';
import { loadConfig, type DevlogConfig } from './config/load.js';
import { homePaths, type HomePaths } from './paths.js';
import { openWritableDb, type WritableDb } from './store/database.js';
import { EngineLock } from './store/lock.js';
import { ensureLocalMachine } from './store/meta.js';
import { migrate } from './store/migrations/index.js';
import { syncDayRollups } from './store/stats-day-zone.js';
import { SeqAllocator } from './store/seq.js';
import { readStoreTotals } from './store/totals.js';
import { DEVLOG_VERSION } from './version.js';

export interface EngineOptions {
  home: string;
}

/** Parts of the engine (the collector, later exporters) report their status through this. */
export interface StatusContributor {
  sources(): SourceStatus[];
  progress(): ScanProgress;
  state(): EngineState | undefined;
}

/**
 * The engine core: owns the data folder, the single-writer lock, the store and the status.
 * Everything else (collection, export, RPC) plugs into it. Plain Node, no electron.
 */
export class Engine implements Disposable {
  readonly paths: HomePaths;
  readonly db: WritableDb;
  readonly seq: SeqAllocator;
  readonly machineId: string;
  readonly config: DevlogConfig;
  readonly schemaVersion: number;
  private readonly startedAt = new Date().toISOString();
  private readonly disposables = new DisposableStore();
  private readonly statusListeners = new Listeners<EngineStatus>();
  private contributor: StatusContributor | undefined;
  private stateOverride: { state: EngineState; error?: string } | undefined;
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(paths: HomePaths, lock: EngineLock, db: WritableDb, config: DevlogConfig) {
    this.paths = paths;
    this.db = db;
    this.config = config;
    this.disposables.add(toDisposable(() => lock.release()));
    this.disposables.add(toDisposable(() => db.close()));
    this.schemaVersion = migrate(db);
    syncDayRollups(db);
    this.seq = new SeqAllocator(db);
    this.machineId = ensureLocalMachine(db, config.machineName);
  }

  /** Opens the data folder. Throws a BUSY DevlogError if another engine already holds it. */
  static open(options: EngineOptions): Engine {
    const paths = homePaths(options.home);
    fs.mkdirSync(paths.home, { recursive: true });
    const config = loadConfig(paths.config);
    const lock = EngineLock.acquire(paths.lock);
    let db: WritableDb | undefined;
    try {
      db = openWritableDb(paths.db);
      return new Engine(paths, lock, db, config);
    } catch (err) {
      db?.close();
      lock.release();
      throw err;
    }
  }

  attach(contributor: StatusContributor): Disposable {
    this.contributor = contributor;
    return toDisposable(() => {
      if (this.contributor === contributor) this.contributor = undefined;
    });
  }

  /** Keeps a resource alive for as long as the engine and releases it on dispose. */
  own<T extends Disposable>(item: T): T {
    return this.disposables.add(item);
  }

  setState(state: EngineState, error?: string): void {
    this.stateOverride = error === undefined ? { state } : { state, error };
    this.notifyChanged();
  }

  status(): EngineStatus {
    const contributed = this.contributor?.state();
    const state = this.stateOverride?.state ?? contributed ?? 'live';
    const status: EngineStatus = {
      version: DEVLOG_VERSION,
      pid: process.pid,
      home: this.paths.home,
      dbPath: this.paths.db,
      machineId: this.machineId,
      startedAt: this.startedAt,
      state,
      schemaVersion: this.schemaVersion,
      progress: this.contributor?.progress() ?? IDLE_PROGRESS,
      sources: this.contributor?.sources() ?? [],
      store: readStoreTotals(this.db, this.paths.db),
    };
    if (this.stateOverride?.error) status.error = this.stateOverride.error;
    return status;
  }

  onStatusChanged(listener: (status: EngineStatus) => void): Disposable {
    return this.statusListeners.add(listener);
  }

  /** Coalesces bursts of changes into one status push at most every 250 ms. */
  notifyChanged(): void {
    if (this.notifyTimer || this.disposables.isDisposed) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      if (!this.disposables.isDisposed) this.statusListeners.fire(this.status());
    }, 250);
    this.notifyTimer.unref?.();
  }

  dispose(): void {
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.statusListeners.clear();
    this.disposables.dispose();
  }
}
