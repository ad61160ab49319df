/**
 * The collector's single lane: files are processed one at a time (one writer), each path at
 * most once in the queue, with a short per-path delay that coalesces bursts of events.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly order: string[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private disposed = false;

  constructor(
    private readonly work: (path: string) => Promise<void>,
    /** Called each time the lane runs empty, before idle() resolves. */
    private readonly onDrained: () => void = () => undefined,
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
    return this.order.length + this.timers.size + (this.running ? 1 : 0);
  }

  /** Resolves when nothing is queued, waiting or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.order.length = 0;
    this.queued.clear();
    this.settleIdle();
  }

  private enqueue(path: string): void {
    if (this.queued.has(path)) return;
    this.queued.add(path);
    this.order.push(path);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    while (this.order.length && !this.disposed) {
      const path = this.order.shift()!;
      this.queued.delete(path);
      try {
        await this.work(path);
      } catch {
        // The work function records its own errors; the lane keeps going.
      }
    }
    this.running = false;
    try {
      this.onDrained();
    } catch {
      // The drain hook reports its own errors.
    }
    this.settleIdle();
  }

  private settleIdle(): void {
    if (this.size !== 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }
}
