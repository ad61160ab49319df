/**
 * The collector's lane: each path at most once in the queue and never twice at once, up to
 * `concurrency` paths in flight (2: the parse thread reads the next file while the engine writes
 * the current one), with a short per-path delay that coalesces bursts of events. Pausing stops
 * taking new paths; queued ones wait, nothing is dropped.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly order: string[] = [];
  private readonly active = new Set<string>();
  private idleWaiters: (() => void)[] = [];
  private disposed = false;
  private paused = false;

  constructor(
    private readonly work: (path: string) => Promise<void>,
    /** Called each time the lane runs empty, before idle() resolves. */
    private readonly onDrained: () => void = () => undefined,
    private readonly concurrency = 1,
  ) {}

  /** Queues a path now, or after `delayMs` (restarting the delay if it is already waiting). */
  schedule(path: string, delayMs = 0): void {
    if (this.disposed) return;
    const pending = this.timers.get(path);
    if (pending) clearTimeout(pending);
    if (delayMs <= 0) {
      this.timers.delete(path);
      this.enqueue(path);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(path);
      this.enqueue(path);
    }, delayMs);
    this.timers.set(path, timer);
  }

  get size(): number {
    return this.order.length + this.timers.size + this.active.size;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Resolves when nothing is queued, waiting or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.order.length = 0;
    this.queued.clear();
    this.settleIdle(true);
  }

  private enqueue(path: string): void {
    if (this.queued.has(path)) return;
    this.queued.add(path);
    this.order.push(path);
    this.pump();
  }

  private pump(): void {
    while (!this.paused && !this.disposed && this.active.size < this.concurrency) {
      const index = this.order.findIndex((p) => !this.active.has(p));
      if (index < 0) return;
      const path = this.order.splice(index, 1)[0]!;
      this.queued.delete(path);
      this.active.add(path);
      void this.work(path)
        .catch(() => undefined) // The work function records its own errors; the lane keeps going.
        .finally(() => {
          this.active.delete(path);
          this.pump();
          if (this.active.size === 0 && this.order.length === 0) {
            try {
              this.onDrained();
            } catch {
              // The drain hook reports its own errors.
            }
            this.settleIdle(false);
          }
        });
    }
  }

  private settleIdle(force: boolean): void {
    if (!force && this.size !== 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }
}
