import { describe, expect, it } from 'vitest';
import { mbPerSecond, median, medianIndex, percentile, summarize } from './stats.js';

describe('percentile', () => {
  it('interpolates between the closest ranks, like numpy', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(10);
    expect(percentile(xs, 50)).toBe(5.5);
    expect(percentile(xs, 90)).toBeCloseTo(9.1);
    expect(percentile(xs, 99)).toBeCloseTo(9.91);
  });

  it('does not depend on the input order and leaves the input alone', () => {
    const xs = [9, 1, 5, 3, 7];
    expect(percentile(xs, 50)).toBe(5);
    expect(xs).toEqual([9, 1, 5, 3, 7]);
  });

  it('is NaN for no samples and rejects a percentile outside 0-100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('p99 of 200 samples sits between the two largest', () => {
    const xs = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(percentile(xs, 99)).toBeCloseTo(198.01);
  });
});

describe('median and summaries', () => {
  it('medians of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('keeps every sample beside the median, min and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, samples: [3, 1, 2] });
  });

  it('finds the run whose value is the median (the lower middle for an even count)', () => {
    expect(medianIndex([30, 10, 20])).toBe(2);
    expect(medianIndex([40, 10, 30, 20])).toBe(3);
    expect(medianIndex([])).toBe(-1);
  });

  it('MB/s from bytes and milliseconds', () => {
    expect(mbPerSecond(100 * 1024 * 1024, 2000)).toBe(50);
  });
});
