import fs from 'node:fs';
import type { EngineState, ScanProgress, SourceStatus } from '../../src-shared/contract/index.js';
import type { AgentId } from '../../src-shared/domain.js';
import { Listeners } from '../../src-shared/rpc/transport.js';
import type { Engine } from '../engine.js';
import type { EngineService, ServiceStatus } from '../service.js';
import { withRootProblems } from '../config/root-problems.js';
import type { DevlogConfig } from '../config/schema.js';
import { LoopMonitor, type EventLoopStats } from '../loop-monitor.js';
import type { PlatformInfo, SourceAdapter } from '../sources/types.js';
import { FilesRepo } from '../store/files-repo.js';
import { readSourceStats } from '../store/source-stats.js';
import { IngestWriter } from '../store/ingest/ingest-writer.js';
import { discoverFiles, toRelPath, type DiscoveredFile } from './discover.js';
import { FileProcessor, type KnownFile } from './file-processor.js';
import { GroupCommit } from './group-commit.js';
import { ThreadedReadExecutor } from './parse-thread/threaded-executor.js';
import { InlineReadExecutor, type ReadExecutor } from './read-executor.js';
import { ProgressTracker } from './progress.js';
import { planRoots, type RootPlan, type SourceRoot } from './roots.js';
import { RootWatcher } from './watch.js';
import { knownWorkspaces, workspaceRoots } from './workspace-roots.js';
import { WorkQueue } from './work-queue.js';

/** A discovered file with its stored row (if it has one). */
interface Discovered {
  file: DiscoveredFile;
  row: ReturnType<FilesRepo['get']>;
}

export interface CollectorOptions {
  adapters: readonly SourceAdapter[];
  platform: PlatformInfo;
  rootOverrides: ReadonlyMap<AgentId, string[]>;
  /** `start --no-history`: files unknown at startup begin at their current end. */
  noHistory?: boolean;
  /** Delay that coalesces a burst of events on one file (tens of ms, never seconds). */
  coalesceMs?: number;
  /** Use polling watchers from the start (network drives, or to test the fallback). */
  forcePolling?: boolean;
  /**
   * Where files are parsed: 'thread' (default: a worker thread, the engine thread only writes) or
   * 'inline' (this thread; for adapters that exist only in this process, like test adapters).
   */
  readOn?: 'thread' | 'inline';
}

export interface CollectSummary {
  files: number;
  bytes: number;
  records: number;
  /** Problems recorded in this run (unusable lines, unreadable files). */
  problems: number;
  sessions: number;
  messages: number;
  durationMs: number;
  /** Event-loop delay of the engine thread during the sync (responsiveness). */
  eventLoop: EventLoopStats;
}

const MAX_RETRIES = 5;
/** The safety sweep (see sweep()): first soon after the scan, then at this pace. */
const FIRST_SWEEP_MS = 3_000;
const SWEEP_EVERY_MS = 60_000;
const RETRY_DELAY_MS = 200;
/** After other agents' sessions change, new workspaces are looked for at most this often (rootsFromWorkspaces). */
const WORKSPACE_REFRESH_MS = 2_000;

/**
 * Unified sync: discovers every source file, reads what is new since its cursor, and keeps
 * watching, as one motion. The watchers are running before the history scan starts, so nothing
 * written during the scan is missed; cursors make reading a file twice harmless.
 */
export class Collector implements EngineService {
  readonly name = 'collector';
  private plans: RootPlan[];
  /** Sessions written since the last notice; told once their rows are committed. */
  private readonly changedSessions = new Set<string>();
  private readonly known = new Map<string, KnownFile>();
  private readonly watchers: RootWatcher[] = [];
  private readonly queue: WorkQueue;
  private readonly processor: FileProcessor;
  private readonly repo: FilesRepo;
  private readonly group: GroupCommit;
  private readonly tracker = new ProgressTracker();
  private readonly progressListeners = new Listeners<ScanProgress>();
  private readonly startAtEnd = new Set<string>();
  private readonly retries = new Map<string, number>();
  private readonly scheduledAt = new Map<string, number>();
  private readonly lagMs = new Map<AgentId, number>();
  private readonly historyFiles = new Set<string>();
  private readonly executor: ReadExecutor;
  private readonly sweepTimers: ReturnType<typeof setTimeout>[] = [];
  private workspaceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Roots found from workspaces (rootsFromWorkspaces), per agent: kept when settings change. */
  private readonly workspaceRootsByAgent = new Map<AgentId, Set<string>>();
  /** Sessions up to this sequence number have had their workspaces looked at (rootsFromWorkspaces). */
  private workspacesSeenSeq = 0;
  private watching = false;
  private phase: EngineState = 'starting';
  private paused = false;
  private lastProgressEmit = 0;
  private configSubscription: { dispose(): void } | undefined;
  /** historyDays the files were discovered with (a change rescans the roots). */
  private appliedHistoryDays: number | null = null;
  private totals = { files: 0, bytes: 0, records: 0, problems: 0 };

  constructor(
    private readonly engine: Engine,
    private readonly options: CollectorOptions,
  ) {
    this.plans = planRoots(options.adapters, engine.config, options.rootOverrides, options.platform);
    this.repo = new FilesRepo(engine.db);
    this.executor = options.readOn === 'inline' ? new InlineReadExecutor(options.adapters) : new ThreadedReadExecutor();
    this.processor = new FileProcessor(this.repo, new IngestWriter(engine.db, engine.seq, this.repo, engine.machineId), this.executor);
    this.group = new GroupCommit(engine.db, engine.seq);
    this.queue = new WorkQueue(
      (path) => this.processPath(path),
      () => this.commitGroup(),
      // Two files in flight: the parse thread reads the next while this thread writes the current.
      options.readOn === 'inline' ? 1 : 2,
    );
  }

  /** Reads all history up to now and returns; no watchers. */
  async collectOnce(): Promise<CollectSummary> {
    const started = Date.now();
    const loop = new LoopMonitor();
    this.phase = 'scanning';
    await this.scanAll();
    await this.queue.idle();
    // Workspaces the scan just found may hold files of agents that write into projects.
    if (await this.addWorkspaceRoots()) await this.queue.idle();
    this.tracker.finish();
    this.phase = 'live';
    this.emitProgress(true);
    loop.dispose();
    const store = this.engine.status().store;
    return { ...this.totals, sessions: store.sessions, messages: store.messages, durationMs: Date.now() - started, eventLoop: loop.stats() };
  }

  /** History then live: watchers first, then the scan, then keep going until disposed. */
  async start(): Promise<void> {
    this.phase = 'scanning';
    this.engine.notifyChanged();
    this.watching = true;
    this.appliedHistoryDays = this.engine.config.historyDays;
    this.configSubscription = this.engine.onConfigChanged((config) => void this.applyConfig(config));
    for (const plan of this.plans.filter((p) => p.enabled)) {
      for (const root of plan.roots) this.addWatcher({ agent: plan.agent, adapter: plan.adapter, root });
    }
    await Promise.all(this.watchers.map((w) => w.start()));
    await this.scanAll();
    await this.queue.idle();
    if (await this.addWorkspaceRoots()) await this.queue.idle();
    this.tracker.finish();
    this.phase = 'live';
    this.emitProgress(true);
    this.engine.notifyChanged();
    this.startSweeps();
  }

  onProgress(listener: (p: ScanProgress) => void) {
    return this.progressListeners.add(listener);
  }

  /** Resolves when every queued file has been processed (tests, `devlog collect`). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /**
   * Stops collecting until resume(): reads in progress stop at their next piece (what was written
   * stays, with its cursor), watchers keep noting changes, so nothing is missed on resume.
   */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.queue.pause();
    if (this.executor instanceof ThreadedReadExecutor) this.executor.abortAll();
    this.commitGroup();
    this.engine.notifyChanged();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.queue.resume();
    this.engine.notifyChanged();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * Settings changed (the Settings page, or config.json edited by hand): sources turned off or
   * roots removed stop being watched and read at once; sources turned on or roots added are
   * watched and scanned. What is already stored stays. historyDays applies to files found from now.
   */
  async applyConfig(config: DevlogConfig): Promise<void> {
    const next = planRoots(this.options.adapters, config, this.options.rootOverrides, this.options.platform);
    for (const plan of next) {
      for (const root of this.workspaceRootsByAgent.get(plan.agent) ?? []) if (!plan.roots.includes(root)) plan.roots.push(root);
    }
    const active = (plans: RootPlan[]) => new Set(plans.filter((p) => p.enabled).flatMap((p) => p.roots.map((root) => `${p.agent}\0${root}`)));
    const wanted = active(next);
    const had = active(this.plans);
    const historyChanged = config.historyDays !== this.appliedHistoryDays;
    this.appliedHistoryDays = config.historyDays;
    this.plans = next;
    for (const watcher of [...this.watchers]) {
      if (wanted.has(`${watcher.source.agent}\0${watcher.source.root}`)) continue;
      watcher.dispose();
      this.watchers.splice(this.watchers.indexOf(watcher), 1);
      // Files of a dropped root are forgotten: anything still queued for them is skipped.
      for (const [path, file] of this.known) if (file.agent === watcher.source.agent && file.root === watcher.source.root) this.known.delete(path);
    }
    const added: RootWatcher[] = [];
    for (const plan of next.filter((p) => p.enabled)) {
      for (const root of plan.roots) {
        if (!had.has(`${plan.agent}\0${root}`)) added.push(this.addWatcher({ agent: plan.agent, adapter: plan.adapter, root }));
      }
    }
    this.engine.notifyChanged();
    await Promise.all(added.map((w) => w.start()));
    for (const w of added) if (this.watchers.includes(w)) await this.scanRoot(w.source);
    // More (or all) history wanted: files left out before are read now; nothing read is removed.
    if (historyChanged) {
      for (const w of this.watchers.filter((w) => !added.includes(w))) {
        for (const { file, row } of await this.discover(w.source)) if (!this.isUnchanged(file, row)) this.queue.schedule(file.path);
      }
    }
    this.engine.notifyChanged();
  }

  dispose(): void {
    this.configSubscription?.dispose();
    for (const t of this.sweepTimers) clearTimeout(t);
    if (this.workspaceTimer) clearTimeout(this.workspaceTimer);
    this.watching = false;
    this.queue.dispose();
    this.executor.dispose();
    // Whole files' records and cursors are in the open group: keep them.
    this.commitGroup();
    for (const w of this.watchers) w.dispose();
  }

  // ---- EngineService

  status(): ServiceStatus {
    return { state: this.phase, progress: this.tracker.snapshot(), sources: withRootProblems(this.sources(), this.engine.config, this.options.platform) };
  }

  private sources(): SourceStatus[] {
    return this.plans.map((plan) => ({
      agent: plan.agent,
      enabled: plan.enabled,
      roots: plan.roots.map((root) => {
        const watcher = this.watchers.find((w) => w.source.agent === plan.agent && w.source.root === root);
        const status = { path: root, exists: fs.existsSync(root), watchMode: watcher?.mode ?? ('off' as const) };
        return watcher?.error ? { ...status, watchError: watcher.error } : status;
      }),
      ...readSourceStats(this.engine.db, plan.agent),
      lagMs: this.lagMs.get(plan.agent) ?? null,
    }));
  }

  // ---- internals

  /**
   * For agents that write into each project (adapter.rootsFromWorkspaces): every workspace of
   * other agents' sessions not yet a root becomes one, is scanned, and is watched when live.
   * Returns whether any root was added.
   */
  private async addWorkspaceRoots(): Promise<boolean> {
    let added = false;
    const plans = this.plans.filter((p) => p.enabled && p.adapter.rootsFromWorkspaces);
    const since = this.workspacesSeenSeq;
    for (const plan of plans) {
      // Only sessions changed since the last look: each workspace is checked on disk once, not every few seconds.
      const known = knownWorkspaces(this.engine.db, plan.agent, since);
      this.workspacesSeenSeq = Math.max(this.workspacesSeenSeq, known.seq);
      const fresh = workspaceRoots(known.workspaces).filter((root) => !plan.roots.includes(root));
      for (const root of fresh) {
        plan.roots.push(root);
        this.workspaceRootsByAgent.set(plan.agent, (this.workspaceRootsByAgent.get(plan.agent) ?? new Set()).add(root));
        added = true;
        if (this.watching) await this.addWatcher({ agent: plan.agent, adapter: plan.adapter, root }).start();
        for (const { file, row } of await this.discover({ agent: plan.agent, adapter: plan.adapter, root })) {
          if (!this.isUnchanged(file, row)) this.queue.schedule(file.path);
        }
      }
    }
    if (added) this.engine.notifyChanged();
    return added;
  }

  /** A live change of another agent's sessions may name a new workspace: look, at most every few seconds. */
  private refreshWorkspaceRootsSoon(agent: AgentId): void {
    if (this.workspaceTimer || !this.watching || this.phase !== 'live') return;
    if (!this.plans.some((p) => p.enabled && p.adapter.rootsFromWorkspaces && p.agent !== agent)) return;
    this.workspaceTimer = setTimeout(() => {
      this.workspaceTimer = undefined;
      if (this.watching) void this.addWorkspaceRoots();
    }, WORKSPACE_REFRESH_MS);
    this.workspaceTimer.unref?.();
  }

  private async scanAll(): Promise<void> {
    const all: Discovered[] = [];
    for (const plan of this.plans.filter((p) => p.enabled)) {
      for (const root of plan.roots) all.push(...(await this.discover({ agent: plan.agent, adapter: plan.adapter, root })));
    }
    this.enqueueHistory(all);
  }

  private addWatcher(source: SourceRoot): RootWatcher {
    const watcher = new RootWatcher(
      source,
      {
        onFile: (path) => this.onLiveChange(source, path),
        onRemoved: () => this.engine.notifyChanged(),
        onRootAppeared: () => void this.scanRoot(source),
        onModeChanged: () => this.engine.notifyChanged(),
      },
      this.options.forcePolling,
    );
    this.watchers.push(watcher);
    return watcher;
  }

  private async scanRoot(source: SourceRoot): Promise<void> {
    for (const { file } of await this.discover(source)) this.queue.schedule(file.path);
  }

  /** A root's files, each with its row (looked up once), minus what historyDays leaves out. */
  private async discover(source: SourceRoot): Promise<Discovered[]> {
    const files = await discoverFiles(source, () => undefined, (path, reason) => this.processor.skip(source, path, reason));
    const cutoff = this.historyCutoff();
    const kept: Discovered[] = [];
    for (const file of files) {
      this.known.set(file.path, file);
      const row = this.repo.get(file.path);
      if (!row && file.mtimeMs < cutoff) continue; // Older than historyDays and never collected.
      if (!row && this.options.noHistory) this.startAtEnd.add(file.path);
      kept.push({ file, row });
    }
    return kept;
  }

  /** Files last changed before this (ms) and never collected are left out (historyDays); 0 keeps all. */
  private historyCutoff(): number {
    const days = this.engine.config.historyDays;
    return days ? Date.now() - days * 86_400_000 : 0;
  }

  private enqueueHistory(found: Discovered[]): void {
    let bytes = 0;
    const pending: DiscoveredFile[] = [];
    for (const { file: f, row } of found) {
      if (this.isUnchanged(f, row)) continue;
      pending.push(f);
      bytes += Math.max(0, f.size - (row && f.handler.kind === 'append' ? row.offset : 0));
      this.historyFiles.add(f.path);
    }
    this.tracker.begin(pending.length, bytes);
    this.emitProgress(true);
    for (const f of pending) this.queue.schedule(f.path);
  }

  /**
   * Same inode, size and mtime as when we last read it, and (append files) read to the end:
   * nothing new, not even opened. A file read only in part (stopped or killed between its
   * pieces) has the file's size in its row but an offset short of it: it is read on.
   * (SQLite sources are always checked: their -wal changes without touching the db file.)
   */
  private isUnchanged(f: DiscoveredFile, row: ReturnType<FilesRepo['get']>): boolean {
    return (
      row?.status === 'active' &&
      f.handler.kind !== 'sqlite' &&
      (f.handler.kind !== 'append' || row.offset >= f.size) &&
      row.ino === String(f.ino) &&
      row.size === f.size &&
      row.mtimeMs === Math.trunc(f.mtimeMs)
    );
  }

  /**
   * Looks at every file of the live roots again (a stat each) and reads what changed: a safety
   * net for events a watcher missed (a polling watcher's first stat racing a write right after
   * it started). Runs once for every root shortly after the scan, then every minute only for
   * roots that are polled (native watchers queue their events; one that fails switches to
   * polling), so an idle engine with native watchers does no periodic work.
   */
  private async sweep(onlyPolled: boolean): Promise<void> {
    if (this.paused || this.phase !== 'live') return;
    for (const w of this.watchers) {
      if (w.mode === 'off' || (onlyPolled && w.mode !== 'polling')) continue;
      // discoverFiles, not discover(): a file new since startup is read from its start, also with --no-history.
      const cutoff = this.historyCutoff();
      for (const f of await discoverFiles(w.source, () => undefined)) {
        const row = this.repo.get(f.path);
        if (!row && f.mtimeMs < cutoff) continue; // Older than historyDays and never collected.
        if (!this.known.has(f.path)) this.known.set(f.path, f);
        if (!this.isUnchanged(f, row)) this.queue.schedule(f.path, this.options.coalesceMs ?? 25);
      }
    }
  }

  private startSweeps(): void {
    const first = setTimeout(() => void this.sweep(false), FIRST_SWEEP_MS);
    const every = setInterval(() => void this.sweep(true), SWEEP_EVERY_MS);
    first.unref();
    every.unref();
    this.sweepTimers.push(first, every);
  }

  private onLiveChange(source: SourceRoot, path: string): void {
    if (!this.known.has(path)) {
      const relPath = toRelPath(source.root, path);
      const handler = source.adapter.handlerFor(relPath);
      if (!handler) return;
      this.known.set(path, { ...source, path, relPath, handler });
    }
    if (!this.scheduledAt.has(path)) this.scheduledAt.set(path, Date.now());
    this.queue.schedule(path, this.options.coalesceMs ?? 25);
  }

  /** Ends the history scan's open group transaction (and makes its rows visible to readers). */
  private commitGroup(): void {
    try {
      this.group.commit();
      this.tellChangedSessions();
    } catch (err) {
      // The group's files were rolled back with their cursors: they are read again.
      this.engine.setState('error', `could not commit collected records: ${(err as Error).message}`);
    }
  }

  private async processPath(path: string): Promise<void> {
    const file = this.known.get(path);
    if (!file) return;
    const outcome = await this.processor.process(file, {
      startAtEnd: this.startAtEnd.has(path),
      // History is written in groups of files; live changes commit one by one for low latency.
      beforeWrite: () => (this.phase === 'scanning' ? this.group.open() : this.commitGroup()),
      onSessions: (ids) => {
        for (const id of ids) this.changedSessions.add(id);
        if (!this.group.isOpen) this.tellChangedSessions();
      },
      afterWrite: (n) => {
        this.group.add(n);
        if (this.historyFiles.has(path)) this.tracker.addBytes(n);
        this.emitProgress(false);
      },
    });
    if (outcome.kind === 'aborted') {
      // Paused or shutting down: what was written stays; the rest is read on resume.
      this.queue.schedule(path);
      return;
    }
    this.startAtEnd.delete(path);
    const isHistory = this.historyFiles.delete(path);
    if (outcome.kind === 'retry') {
      const tries = (this.retries.get(path) ?? 0) + 1;
      this.retries.set(path, tries);
      if (tries <= MAX_RETRIES) {
        if (isHistory) this.historyFiles.add(path);
        this.queue.schedule(path, RETRY_DELAY_MS * tries);
        return;
      }
      this.processor.giveUp(file, outcome.reason);
    }
    this.retries.delete(path);
    if (outcome.kind === 'read') {
      this.totals.files++;
      this.totals.bytes += outcome.result.bytes;
      this.totals.records += outcome.result.records;
      this.totals.problems += outcome.result.problems;
    } else if (outcome.kind === 'failed') {
      this.totals.problems++;
    }
    if (outcome.kind === 'read' && outcome.result.more) {
      if (isHistory) this.historyFiles.add(path);
      this.queue.schedule(path);
      return;
    }
    if (isHistory) this.tracker.fileDone(outcome.kind === 'read' ? outcome.result.records : 0);
    const scheduled = this.scheduledAt.get(path);
    if (scheduled !== undefined) {
      this.scheduledAt.delete(path);
      this.lagMs.set(file.agent, Date.now() - scheduled);
    }
    this.emitProgress(false);
    this.engine.notifyChanged();
    if (outcome.kind === 'read' && outcome.result.records > 0) this.refreshWorkspaceRootsSoon(file.agent);
  }

  private tellChangedSessions(): void {
    if (!this.changedSessions.size) return;
    const ids = [...this.changedSessions];
    this.changedSessions.clear();
    this.engine.sessionsChanged(ids);
  }

  private emitProgress(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastProgressEmit < 250) return;
    this.lastProgressEmit = now;
    this.progressListeners.fire(this.tracker.snapshot());
  }
}
