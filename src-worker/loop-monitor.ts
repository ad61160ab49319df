import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** How long the engine's event loop was blocked: what a user feels as a frozen UI or CLI. */
export interface EventLoopStats {
  /** 99th percentile of event-loop delay, milliseconds. */
  p99Ms: number;
  /** The longest single delay seen (one long turn), milliseconds. */
  maxMs: number;
}

/**
 * Measures event-loop delay from now on (libuv timer sampling every 10 ms), so the promise "no
 * turn longer than ~50 ms while it ingests" can be checked in the field and in the benchmark.
 */
export class LoopMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.histogram.enable();
  }

  stats(): EventLoopStats {
    const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
    return { p99Ms: ms(this.histogram.percentile(99)), maxMs: ms(this.histogram.max) };
  }

  dispose(): void {
    this.histogram.disable();
  }
}
