import fs from 'node:fs';
import os from 'node:os';
import { IDLE_PROGRESS, type EngineState, type EngineStatus } from '../src-shared/contract/index.js';
import { DisposableStore, toDisposable, type Disposable } from '../src-shared/lifecycle.js';
import { Listeners } from '../src-shared/rpc/transport.js';
import { loadConfig, saveConfig, type DevlogConfig } from './config/load.js';
import { homePaths, type HomePaths } from './paths.js';
import { mostSignificantState, type EngineService } from './service.js';
import { openWritableDb, type WritableDb } from './store/database.js';
import { Checkpointer } from './store/checkpoint/checkpointer.js';
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

/**
 * The engine core: owns the data folder, the single-writer lock, the store and the status.
 * Everything else (collection, export, RPC) plugs into it. Plain Node, no electron.
 */
export class Engine implements Disposable {
  readonly paths: HomePaths;
  readonly db: WritableDb;
  readonly seq: SeqAllocator;
  readonly machineId: string;
  private currentConfig: DevlogConfig;
  private readonly configListeners = new Listeners<DevlogConfig>();
  private readonly sessionListeners = new Listeners<string[]>();
  private lastConfigProblem: string | null = null;
  readonly schemaVersion: number;
  private readonly startedAt = new Date().toISOString();
  private readonly disposables = new DisposableStore();
  private readonly statusListeners = new Listeners<EngineStatus>();
  private readonly services: EngineService[] = [];
  private paused = false;
  private stateOverride: { state: EngineState; error?: string } | undefined;
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(paths: HomePaths, lock: EngineLock, db: WritableDb, config: DevlogConfig) {
    this.paths = paths;
    this.db = db;
    this.currentConfig = config;
    this.disposables.add(toDisposable(() => lock.release()));
    this.disposables.add(toDisposable(() => db.close()));
    this.schemaVersion = migrate(db);
    syncDayRollups(db);
    this.seq = new SeqAllocator(db);
    this.machineId = ensureLocalMachine(db, config.machineName);
    // Disposed before the store closes (disposables run in reverse order).
    this.disposables.add(new Checkpointer(db, paths.db));
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

  /**
   * Adds a service (collector, exporter, puller): its status joins the engine's, it is paused and
   * resumed with the engine, and disposed with it (services go first, before the store closes).
   */
  register<T extends EngineService>(service: T): T {
    this.services.push(service);
    if (this.paused) service.pause?.();
    this.disposables.add(
      toDisposable(() => {
        const i = this.services.indexOf(service);
        if (i >= 0) this.services.splice(i, 1);
        service.dispose();
      }),
    );
    this.notifyChanged();
    return service;
  }

  /** Pauses every service (collection, export) until resume(); the tray's Pause button. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    for (const s of this.services) s.pause?.();
    this.notifyChanged();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const s of this.services) s.resume?.();
    this.notifyChanged();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** This machine's human name: `devlog machine rename`, else the host name. */
  get machineName(): string {
    return this.currentConfig.machineName ?? os.hostname();
  }

  /** The configuration as it stands (config.json, validated); changes through updateConfig(). */
  get config(): DevlogConfig {
    return this.currentConfig;
  }

  /**
   * Changes config.json (re-read first, so an edit by hand is not lost), writes it atomically and
   * tells the services (the exporter picks up added, edited and removed remotes).
   */
  updateConfig(change: (config: DevlogConfig) => DevlogConfig): DevlogConfig {
    const next = change(loadConfig(this.paths.config));
    saveConfig(this.paths.config, next);
    this.currentConfig = loadConfig(this.paths.config);
    this.lastConfigProblem = null;
    this.configListeners.fire(this.currentConfig);
    this.notifyChanged();
    return this.currentConfig;
  }

  /**
   * Re-reads config.json (edited by hand) and tells the services when it changed. A broken file
   * keeps the last good settings in force and is reported by configProblem (path and field).
   */
  reloadConfig(): void {
    let next: DevlogConfig;
    try {
      next = loadConfig(this.paths.config);
    } catch (err) {
      const problem = (err as Error).message;
      if (problem === this.lastConfigProblem) return;
      this.lastConfigProblem = problem;
      // Listeners see the same (last good) config, so the Settings page can show the problem.
      this.configListeners.fire(this.currentConfig);
      this.notifyChanged();
      return;
    }
    const hadProblem = this.lastConfigProblem !== null;
    this.lastConfigProblem = null;
    if (JSON.stringify(next) === JSON.stringify(this.currentConfig)) {
      if (hadProblem) this.configListeners.fire(this.currentConfig);
      return;
    }
    this.currentConfig = next;
    this.configListeners.fire(next);
    this.notifyChanged();
  }

  /** Why config.json as it is on disk is not in force, or null. */
  get configProblem(): string | null {
    return this.lastConfigProblem;
  }

  /** The collector committed rows of these sessions (readers can see them now). */
  sessionsChanged(ids: readonly string[]): void {
    if (ids.length) this.sessionListeners.fire([...ids]);
  }

  onSessionsChanged(listener: (ids: string[]) => void): Disposable {
    return this.sessionListeners.add(listener);
  }

  onConfigChanged(listener: (config: DevlogConfig) => void): Disposable {
    return this.configListeners.add(listener);
  }

  /** Keeps a resource alive for as long as the engine and releases it on dispose. */
  own<T extends Disposable>(item: T): T {
    return this.disposables.add(item);
  }

  setState(state: EngineState, error?: string): void {
    this.stateOverride = error === undefined ? { state } : { state, error };
    this.notifyChanged();
  }

  /** The whole status: the engine's own facts plus every service's part, as one object. */
  status(): EngineStatus {
    const parts = this.services.map((s) => s.status());
    const contributed = mostSignificantState(parts.map((p) => p.state));
    const state = this.stateOverride?.state ?? (this.paused && contributed !== 'error' ? 'paused' : (contributed ?? 'live'));
    const status: EngineStatus = {
      version: DEVLOG_VERSION,
      pid: process.pid,
      home: this.paths.home,
      dbPath: this.paths.db,
      machineId: this.machineId,
      startedAt: this.startedAt,
      state,
      schemaVersion: this.schemaVersion,
      paused: this.paused,
      progress: parts.find((p) => p.progress && p.progress.phase !== 'idle')?.progress ?? parts.find((p) => p.progress)?.progress ?? IDLE_PROGRESS,
      sources: parts.flatMap((p) => p.sources ?? []),
      remotes: parts.flatMap((p) => p.remotes ?? []),
      ...(parts.some((p) => p.pulls) ? { pulls: parts.flatMap((p) => p.pulls ?? []) } : {}),
      ...(parts.find((p) => p.reparse) ? { reparse: parts.find((p) => p.reparse)!.reparse! } : {}),
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
