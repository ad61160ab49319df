import type { Engine } from '../engine.js';
import type { EngineService, ServiceStatus } from '../service.js';
import { purgeDeletedSessions } from './purge-deleted.js';

/** Often enough that content goes within hours of its 30 days; each run is a few indexed deletes. */
const PURGE_INTERVAL_MS = 6 * 3_600_000;
/** The first run waits for the start's own work (history scan, reparse) to get going. */
const FIRST_RUN_MS = 60_000;

/** Purges deleted sessions' content when it is due (see purgeDeletedSessions). */
export class PurgeService implements EngineService {
  readonly name = 'purge';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private paused = false;
  private disposed = false;

  constructor(private readonly engine: Engine) {}

  start(firstRunMs = FIRST_RUN_MS): this {
    this.schedule(firstRunMs);
    return this;
  }

  /** Runs now (also what the timer does); returns what went. */
  runOnce(now = new Date()): ReturnType<typeof purgeDeletedSessions> {
    const result = purgeDeletedSessions(this.engine.db, now);
    if (result.rows > 0) this.engine.notifyChanged();
    return result;
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.paused) {
        try {
          this.runOnce();
        } catch (err) {
          // A busy or broken store now is no reason to stop the engine: the next run tries again.
          process.stderr.write(`devlog: purging deleted sessions failed: ${(err as Error).message}\n`);
        }
      }
      this.schedule(PURGE_INTERVAL_MS);
    }, ms);
    this.timer.unref?.();
  }

  status(): ServiceStatus {
    return {};
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
