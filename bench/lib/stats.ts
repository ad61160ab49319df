/** Pure number helpers for the benchmark: medians, percentiles, summaries. */

/** The p-th percentile (0-100) by linear interpolation between the closest ranks (numpy's default). */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  if (p < 0 || p > 100 || Number.isNaN(p)) throw new RangeError(`percentile must be within 0-100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

/** Median, min and max of the samples; the samples are kept for the JSON. */
export function summarize(samples: readonly number[]): Summary {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples: [...samples] };
}

/** The sample whose value is the median (the run whose other numbers get reported with it). */
export function medianIndex(values: readonly number[]): number {
  if (!values.length) return -1;
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)]![1];
}

export const MB = 1024 * 1024;

/** MB per second from bytes and milliseconds. */
export function mbPerSecond(bytes: number, ms: number): number {
  return bytes / MB / (ms / 1000);
}
