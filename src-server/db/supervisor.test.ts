import { describe, expect, it } from 'vitest';
import { restartDelay } from './supervisor.js';

describe('restartDelay', () => {
  it('doubles from 1 s per failed start, caps at 30 s, and spreads restarts by ±20 %', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => restartDelay(n, middle))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(restartDelay(0, () => 0)).toBe(800);
    expect(restartDelay(0, () => 0.999999)).toBe(1200);
  });
});
