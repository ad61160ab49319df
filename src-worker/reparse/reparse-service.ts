import type { ReparseStatus } from '../../src-shared/contract/index.js';
import type { Engine } from '../engine.js';
import type { EngineService, ServiceStatus } from '../service.js';
import type { SourceAdapter } from '../sources/types.js';
import { needsReparse, runPendingReparse, type ReparseProgress } from './reparser.js';

/**
 * Re-derives, in the background, the rows of files whose parser version is behind (a new
 * devlog with a better parser) or that `devlog reparse` queued: from the stored raw records, so
 * it works after the agent deleted its files. Resumable: each file is marked done in its own
 * transaction. Shows in status while it runs, and stops between files when disposed or paused.
 */
export class ReparseService implements EngineService {
  readonly name = 'reparse';
  private progress: ReparseProgress | undefined;
  private stop = new AbortController();
  private paused = false;
  private runningNow: Promise<unknown> | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly adapters: readonly SourceAdapter[],
  ) {}

  /** Starts if anything is stale; resolves when done (or stopped). */
  start(): Promise<unknown> {
    if (this.runningNow || this.paused || !needsReparse(this.engine.db, this.adapters)) return this.runningNow ?? Promise.resolve();
    const signal = this.stop.signal;
    this.runningNow = runPendingReparse(
      this.engine.db,
      this.engine.seq,
      this.adapters,
      (p) => {
        this.progress = { ...p };
        this.engine.notifyChanged();
      },
      signal,
    )
      .catch((err: Error) => this.engine.setState('error', `re-deriving stored sessions stopped: ${err.message}`))
      .finally(() => (this.runningNow = undefined));
    return this.runningNow;
  }

  status(): ServiceStatus {
    const p = this.progress;
    if (!p) return {};
    const reparse: ReparseStatus = { running: p.running, filesDone: p.filesDone, filesTotal: p.filesTotal, records: p.records, messagesChanged: p.messagesChanged, failed: p.failed };
    return p.running ? { state: 'scanning', reparse } : { reparse };
  }

  pause(): void {
    this.paused = true;
    this.stop.abort();
    this.stop = new AbortController();
  }

  resume(): void {
    this.paused = false;
    void this.start();
  }

  dispose(): void {
    this.stop.abort();
  }
}
