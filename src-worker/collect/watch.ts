import { watch, type FSWatcher } from 'chokidar';
import fs from 'node:fs';
import path from 'node:path';
import type { WatchMode } from '../../src-shared/contract/index.js';
import type { SourceRoot } from './roots.js';
import { toRelPath } from './discover.js';

export interface RootWatchEvents {
  /** A file of this source was added or changed (companion files are mapped to their owner). */
  onFile(path: string): void;
  onRemoved(path: string): void;
  /** The root appeared after start (the agent was installed or first used). */
  onRootAppeared(): void;
  onModeChanged(): void;
}

/** How often a missing root is checked for (a cheap stat). */
const ROOT_APPEAR_POLL_MS = 2000;
const POLL_INTERVAL_MS = 1000;

/**
 * Watches one source root: native events (inotify, FSEvents, ReadDirectoryChangesW via
 * chokidar), switching to polling for this root if the native watcher fails (inotify limits,
 * EMFILE), and waiting for a root that does not exist yet. It never goes silently idle.
 */
export class RootWatcher {
  private watcher: FSWatcher | undefined;
  private appearTimer: ReturnType<typeof setInterval> | undefined;
  private currentMode: WatchMode = 'off';
  private lastError: string | undefined;
  private disposed = false;

  constructor(
    readonly source: SourceRoot,
    private readonly events: RootWatchEvents,
    private readonly forcePolling = false,
  ) {}

  get mode(): WatchMode {
    return this.currentMode;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  /** Resolves once the watcher is ready, so nothing written after this is missed. */
  async start(): Promise<void> {
    if (!fs.existsSync(this.source.root)) {
      this.appearTimer = setInterval(() => {
        if (!fs.existsSync(this.source.root)) return;
        clearInterval(this.appearTimer);
        this.appearTimer = undefined;
        void this.startWatcher(this.forcePolling).then(() => this.events.onRootAppeared());
      }, ROOT_APPEAR_POLL_MS);
      this.appearTimer.unref?.();
      return;
    }
    await this.startWatcher(this.forcePolling);
  }

  dispose(): void {
    this.disposed = true;
    if (this.appearTimer) clearInterval(this.appearTimer);
    void this.watcher?.close();
    this.watcher = undefined;
  }

  private ownerOf(file: string): string | undefined {
    const rel = toRelPath(this.source.root, file);
    if (this.source.adapter.handlerFor(rel)) return file;
    // A SQLite companion (state.vscdb-wal) means its database changed.
    for (const suffix of ['-wal', '-journal', '-shm']) {
      if (!file.endsWith(suffix)) continue;
      const owner = file.slice(0, -suffix.length);
      const handler = this.source.adapter.handlerFor(toRelPath(this.source.root, owner));
      if (handler?.kind === 'sqlite') return owner;
    }
    return undefined;
  }

  private async startWatcher(usePolling: boolean): Promise<void> {
    if (this.disposed) return;
    const watcher = watch(this.source.root, {
      ignoreInitial: true,
      persistent: true,
      depth: this.source.adapter.maxDepth,
      usePolling,
      interval: POLL_INTERVAL_MS,
      binaryInterval: POLL_INTERVAL_MS,
      ignorePermissionErrors: true,
      ignored: (file, stats) => Boolean(stats?.isFile()) && this.ownerOf(file) === undefined,
    });
    this.watcher = watcher;
    const changed = (file: string) => {
      const owner = this.ownerOf(path.resolve(file));
      if (owner) this.events.onFile(owner);
    };
    watcher.on('add', changed);
    watcher.on('change', changed);
    watcher.on('unlink', (file) => {
      const owner = this.ownerOf(path.resolve(file));
      if (owner === path.resolve(file)) this.events.onRemoved(owner);
    });
    watcher.on('error', (err) => void this.fallBackToPolling(err as Error));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    if (this.watcher === watcher) {
      this.currentMode = usePolling ? 'polling' : 'native';
      this.events.onModeChanged();
    }
  }

  private async fallBackToPolling(err: Error): Promise<void> {
    if (this.disposed || this.currentMode === 'polling') return;
    this.lastError = `native watcher failed (${(err as NodeJS.ErrnoException).code ?? err.message}); polling every ${POLL_INTERVAL_MS / 1000} s`;
    const old = this.watcher;
    this.watcher = undefined;
    await old?.close();
    this.currentMode = 'polling';
    this.events.onModeChanged();
    await this.startWatcher(true);
    // Anything that changed while switching is caught by rescanning the root.
    this.events.onRootAppeared();
  }
}
